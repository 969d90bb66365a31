"""The proof: reproduce LCV's published 2020 House scores for all 442 members.

Reads ``shared/realdata/lcv_check/`` (skipped, with the reason, when absent): LCV's own
grid export (each member's published "2020 Score" and a mark per scored vote), the 21
scored roll calls in the unitedstates/congress format and the congress-legislators
roster. The example in ``examples/lcv-2020-house/`` holds the platform (the 21 roll calls
and LCV's positions) and the 31 excused absences (overrides.csv); everything else comes
from the roll calls, through the same commands the example's README shows.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from scorecard.build import score_platform
from scorecard.cli import cli
from scorecard.scoring import round_half_up

from .conftest import REPO

EXAMPLE = REPO / "examples" / "lcv-2020-house"
N_MEMBERS = 442

pytestmark = pytest.mark.realdata


def read_grid(path: Path) -> tuple[list[int], list[dict[str, str]]]:
    """LCV's grid export: the roll numbers of its vote columns, and one dict per member."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(("District,", "State,")))
    reader = csv.reader(lines[start:])
    header = next(reader)
    rolls = [int(h.rsplit("(", 1)[1].rstrip(") ")) for h in header[7:]]
    members = [dict(zip(header, row, strict=True)) for row in reader if row]
    return rolls, members


def _import(realdata: Path, into: Path, overrides: bool = True) -> None:
    lcv = realdata / "lcv_check"
    roster = lcv / "congress_legislators"
    result = CliRunner().invoke(cli, [
        "import", "congress", str(lcv / "hearye_votes_2020_house"), "--into", str(into),
        "--roster", str(roster / "legislators-current.csv"),
        "--roster", str(roster / "legislators-historical.csv"),
    ])
    assert result.exit_code == 0, result.output
    if overrides:
        shutil.copy(EXAMPLE / "overrides.csv", into / "overrides.csv")


@pytest.fixture
def votes(realdata: Path, tmp_path: Path) -> Path:
    """The 21 roll calls imported into a fresh dataset, with the example's overrides."""
    into = tmp_path / "votes"
    _import(realdata, into)
    return into


def _published(realdata: Path) -> dict[str, int]:
    _, members = read_grid(realdata / "lcv_check" / "2020-house-scorecard-grid-export.csv")
    assert len(members) == N_MEMBERS
    return {m["BioID"]: int(m["2020 Score"]) for m in members}


def _mismatches(scores: dict[str, float], published: dict[str, int]) -> list[str]:
    out = []
    for bioguide, want in sorted(published.items()):
        got = scores.get(bioguide)
        shown = None if got is None or pd.isna(got) else round_half_up(got)
        if shown != want:
            out.append(f"{bioguide}: LCV {want}, scorecard {shown}")
    return out


def test_all_442_published_scores_are_reproduced(realdata: Path, votes: Path) -> None:
    card = score_platform(EXAMPLE / "platform.yaml", votes)
    table = card.scores.table
    scores = dict(zip(table["legislator_id"], table["score"], strict=True))
    assert _mismatches(scores, _published(realdata)) == []
    assert len(table) == N_MEMBERS
    assert card.warnings == []


def test_every_mark_of_the_grid_is_reproduced(realdata: Path, votes: Path) -> None:
    """Not only the scores: each '+', '-', '?' and 'n/a' of LCV's grid, vote by vote."""
    rolls, members = read_grid(realdata / "lcv_check" / "2020-house-scorecard-grid-export.csv")
    receipts = score_platform(EXAMPLE / "platform.yaml", votes).scores.receipts
    mark = {}
    for r in receipts.itertuples(index=False):
        roll = int(r.rollcall_id.rsplit("-", 1)[1])
        if not r.counted:
            mark[(r.legislator_id, roll)] = "n/a"
        elif r.option in ("yes", "no"):
            mark[(r.legislator_id, roll)] = "+" if r.credit == 1 else "-"
        else:
            mark[(r.legislator_id, roll)] = "?"
    wrong = []
    for m in members:
        for roll, header in zip(rolls, list(m)[7:], strict=True):
            lcv = m[header].strip()
            ours = mark.get((m["BioID"], roll), "")
            # LCV leaves a cell blank or writes n/a for a vote it does not count; a member
            # with no row on the roll call (the Speaker, a delegate) has no receipt at all
            if (lcv or "n/a") != (ours or "n/a"):
                wrong.append(f"{m['BioID']} roll {roll}: LCV {lcv!r}, scorecard {ours!r}")
    assert wrong == []
    overridden = receipts[receipts["overridden"].astype(bool)]
    assert len(overridden) == 31
    assert set(overridden["option"]) == {"excused"}


def test_without_the_excused_absences_ten_members_differ(realdata: Path,
                                                          tmp_path: Path) -> None:
    """The 31 excused absences are what closes the gap: the raw roll calls give 432/442."""
    into = tmp_path / "votes"
    _import(realdata, into, overrides=False)
    table = score_platform(EXAMPLE / "platform.yaml", into).scores.table
    scores = dict(zip(table["legislator_id"], table["score"], strict=True))
    assert len(_mismatches(scores, _published(realdata))) == N_MEMBERS - 432


def test_the_readme_commands_build_the_published_scores(realdata: Path, votes: Path,
                                                         tmp_path: Path) -> None:
    """``scorecard build`` writes data/scores.csv with the same 442 scores."""
    out = tmp_path / "output"
    result = CliRunner().invoke(cli, ["build", "--platform", str(EXAMPLE / "platform.yaml"),
                                      "--data", str(votes), "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = pd.read_csv(out / "data" / "scores.csv", dtype={"legislator_id": str})
    scores = dict(zip(written["legislator_id"], written["score"], strict=True))
    assert _mismatches(scores, _published(realdata)) == []
