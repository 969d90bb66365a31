"""Sensitivity: every variant's score equals the score of a build with that rule set in
platform.yaml, and a small case is checked by hand."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from scorecard.build import score_platform
from scorecard.sensitivity import SENSITIVITY_COLUMNS, sensitivity
from tests.builders import make_dataset, make_platform
from tests.conftest import REPO

DEMO = REPO / "platform.yaml"


def _platform(tmp: Path, name: str, *edits: tuple[str, str]) -> Path:
    text = DEMO.read_text(encoding="utf-8").replace("data: votes/demo",
                                                    f"data: {REPO / 'votes' / 'demo'}")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _scores(path: Path) -> pd.Series:
    t = score_platform(path).scores.table
    return t.set_index("legislator_id")["score"]


def _same(a: pd.Series, b: pd.Series) -> None:
    a, b = a.sort_index(), b.reindex(a.sort_index().index)
    assert len(a) == len(b)
    for lid, x, y in zip(a.index, a.to_numpy(float), b.to_numpy(float), strict=True):
        assert (math.isnan(x) and math.isnan(y)) or abs(x - y) < 1e-9, (lid, x, y)


MODE = "sponsorship: {mode: separate, points: 5, cap: 15}"
CASES = {
    # platform sponsorship mode -> variants checked against a build with the rule set
    "separate": ["absent_against", "absent_exclude", "absent_half", "unweighted",
                 "no_sponsorship"],
    "bonus": ["absent_exclude", "no_sponsorship"],
    "action": ["absent_half", "unweighted", "no_sponsorship"],
}


@pytest.mark.parametrize("mode", list(CASES))
def test_variants_equal_builds_with_the_rule(tmp_path: Path, mode: str) -> None:
    mode_edit = (MODE, MODE.replace("separate", mode))
    base = score_platform(_platform(tmp_path, "base", mode_edit))
    sens = sensitivity(base.platform.scoring, base.scores).table.set_index("legislator_id")
    edits = {
        "absent_against": [("absent: against ", "absent: against ")],
        "absent_exclude": [("absent: against ", "absent: exclude ")],
        "absent_half": [("absent: against ", "absent: half ")],
        "unweighted": [("weight: 2", "weight: 1")],
        "no_sponsorship": [(MODE, MODE.replace("separate", "off"))],
    }
    for variant in CASES[mode]:
        extra = list(edits[variant])
        if variant != "no_sponsorship":
            extra.append(mode_edit)
        _same(sens[variant], _scores(_platform(tmp_path, variant, *extra)))
    _same(sens["score"], base.scores.table.set_index("legislator_id")["score"])


def test_hand_computed(tmp_path: Path) -> None:
    make_dataset(tmp_path / "votes", {
        "rc-a1-final": {"s1": "yes", "s2": "no", "s3": "yes"},
        "rc-s2": {"s1": "absent", "s2": "no", "s3": "yes"},
    })
    platform = make_platform(tmp_path / "platform.yaml", entries=[
        {"number": "S1", "same_as": ["A1"], "session": "2023-2024", "position": "support"},
        {"number": "S2", "session": "2023-2024", "position": "support", "weight": 3}])
    card = score_platform(platform)
    s = sensitivity(card.platform.scoring, card.scores)
    t = s.table.set_index("legislator_id")
    assert list(s.table.columns) == SENSITIVITY_COLUMNS
    # s1: yes (weight 1) and absent (weight 3): against 25, exclude 100, half 62.5;
    # without weights 50
    assert t.loc["s1", ["score", "absent_against", "absent_exclude", "absent_half",
                        "unweighted", "no_sponsorship"]].tolist() == [25, 25, 100, 62.5, 50, 25]
    assert (t.at["s1", "min"], t.at["s1", "max"]) == (25, 100)
    assert bool(t.at["s1", "grade_changes"])
    assert s.lines["s1"] == ("25 under our rules; 63-100 under the other absence rules; 50 "
                             "without weights; grade changes to A if absences are not "
                             "counted, to D if absences count half")
    assert s.lines["s3"] == "100 under our rules and the other absence rules; grade A " \
                            "either way"
    assert not bool(t.at["s3", "grade_changes"])
    assert s.grade_depends == 1
    assert s.lines["a1"] == ""  # no score, no line
