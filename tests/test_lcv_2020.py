"""The proof: reproduce LCV's published 2020 scores, all 442 House members and 100 senators.

Reads ``shared/realdata/lcv_check/`` and ``lcv_check_senate/`` (skipped, with the reason,
when absent): LCV's own grid exports (each member's published "2020 Score" and a mark per
scored vote), the scored roll calls in the unitedstates/congress format and the
congress-legislators roster. The examples in ``examples/lcv-2020-house/`` and
``examples/lcv-2020-senate/`` hold the platforms (the roll calls and LCV's positions) and
the excused absences (overrides.csv); everything else comes from the roll calls, through
the commands the examples' READMEs show.
"""

from __future__ import annotations

import csv
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from scorecard.build import score_platform
from scorecard.cli import cli
from scorecard.scoring import round_half_up

from .conftest import REPO

pytestmark = pytest.mark.realdata


@dataclass(frozen=True)
class Case:
    example: str  # folder under examples/
    rollcalls: str  # folder of data.json files under realdata
    grid: str  # LCV's grid export under realdata
    members: int  # rows of the grid
    excused: int  # rows of the example's overrides.csv
    raw_matches: int  # scores reproduced from the roll calls alone, without overrides


HOUSE = Case("lcv-2020-house", "lcv_check/hearye_votes_2020_house",
             "lcv_check/2020-house-scorecard-grid-export.csv", 442, 31, 432)
SENATE = Case("lcv-2020-senate", "lcv_check_senate/votes_2020_senate",
              "lcv_check_senate/2020-senate-scorecard-grid-export.csv", 100, 4, 97)
CASES = [pytest.param(HOUSE, id="house"), pytest.param(SENATE, id="senate")]


def read_grid(path: Path) -> tuple[list[int], list[dict[str, str]]]:
    """LCV's grid export: the roll numbers of its vote columns, and one dict per member."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(("District,", "State,")))
    reader = csv.reader(lines[start:])
    header = next(reader)
    rolls = [int(h.rsplit("(", 1)[1].rstrip(") ")) for h in header[7:]]
    members = [dict(zip(header, row, strict=True)) for row in reader if row]
    return rolls, members


def import_votes(realdata: Path, case: Case, into: Path, overrides: bool = True) -> None:
    """``scorecard import congress`` the case's roll calls, then copy in its overrides."""
    roster = realdata / "lcv_check" / "congress_legislators"
    result = CliRunner().invoke(cli, [
        "import", "congress", str(realdata / case.rollcalls), "--into", str(into),
        "--roster", str(roster / "legislators-current.csv"),
        "--roster", str(roster / "legislators-historical.csv"),
    ])
    assert result.exit_code == 0, result.output
    if overrides:
        shutil.copy(REPO / "examples" / case.example / "overrides.csv", into / "overrides.csv")


def platform_of(case: Case) -> Path:
    return REPO / "examples" / case.example / "platform.yaml"


def published(realdata: Path, case: Case) -> dict[str, int]:
    _, members = read_grid(realdata / case.grid)
    assert len(members) == case.members
    return {m["BioID"]: int(m["2020 Score"]) for m in members}


def mismatches(scores: dict[str, float], want: dict[str, int]) -> list[str]:
    out = []
    for bioguide, score in sorted(want.items()):
        got = scores.get(bioguide)
        shown = None if got is None or pd.isna(got) else round_half_up(got)
        if shown != score:
            out.append(f"{bioguide}: LCV {score}, scorecard {shown}")
    return out


@pytest.fixture(params=CASES)
def case(request: pytest.FixtureRequest) -> Case:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def votes(realdata: Path, case: Case, tmp_path: Path) -> Path:
    """The case's roll calls imported into a fresh dataset, with the example's overrides."""
    into = tmp_path / "votes"
    import_votes(realdata, case, into)
    return into


def test_every_published_score_is_reproduced(realdata: Path, case: Case, votes: Path) -> None:
    card = score_platform(platform_of(case), votes)
    table = card.scores.table
    scores = dict(zip(table["legislator_id"], table["score"], strict=True))
    assert mismatches(scores, published(realdata, case)) == []
    assert len(table) == case.members
    assert card.warnings == []


def test_every_mark_of_the_grid_is_reproduced(realdata: Path, case: Case, votes: Path) -> None:
    """Not only the scores: each '+', '-', '?' and 'n/a' of LCV's grid, vote by vote."""
    rolls, members = read_grid(realdata / case.grid)
    receipts = score_platform(platform_of(case), votes).scores.receipts
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
            # LCV writes n/a or leaves the cell blank for a vote it does not count; a member
            # with no row on the roll call (the Speaker, a delegate) has no receipt at all
            if (lcv or "n/a") != (ours or "n/a"):
                wrong.append(f"{m['BioID']} roll {roll}: LCV {lcv!r}, scorecard {ours!r}")
    assert wrong == []
    overridden = receipts[receipts["overridden"].astype(bool)]
    assert len(overridden) == case.excused
    assert set(overridden["option"]) == {"excused"}


def test_without_the_excused_absences_some_scores_differ(realdata: Path, case: Case,
                                                          tmp_path: Path) -> None:
    """The excused absences are what closes the gap (House: 432/442 from the roll calls)."""
    into = tmp_path / "votes"
    import_votes(realdata, case, into, overrides=False)
    table = score_platform(platform_of(case), into).scores.table
    scores = dict(zip(table["legislator_id"], table["score"], strict=True))
    assert len(mismatches(scores, published(realdata, case))) == case.members - case.raw_matches


def test_the_readme_commands_build_the_published_scores(realdata: Path, case: Case,
                                                         votes: Path, tmp_path: Path) -> None:
    """``scorecard build`` writes data/scores.csv with the same scores."""
    out = tmp_path / "output"
    result = CliRunner().invoke(cli, ["build", "--platform", str(platform_of(case)),
                                      "--data", str(votes), "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = pd.read_csv(out / "data" / "scores.csv", dtype={"legislator_id": str})
    scores = dict(zip(written["legislator_id"], written["score"], strict=True))
    assert mismatches(scores, published(realdata, case)) == []
