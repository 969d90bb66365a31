"""examples/ny-senate-2023-2024 built on the real data, checked against the raw files.

The dataset is the one import docs/real-ny-data.md gives (four Senate archives and the
curated bills/ folder in one call, conftest.real_ny_votes); every figure asserted here is
also counted from the mirror's raw JSON. Skipped, with the reason, without ../shared.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.errors import Problems
from scorecard.tables import read_table

from .conftest import REALDATA, REPO

EXAMPLE = REPO / "examples" / "ny-senate-2023-2024"
RAW = REALDATA / "jehiah_ny_legislation" / "bills"
#: (year, print, floor vote date, ayes, nays): the official tallies a reader can check
TALLIES = [(2019, "A3675", "2019-06-17", 33, 29), (2019, "S1250", "2019-01-23", 40, 20),
           (2019, "A8419", "2019-06-19", 40, 22), (2019, "A2176", "2020-07-22", 42, 18),
           (2023, "S2237", "2024-05-15", 40, 21)]


@pytest.fixture(scope="module")
def example(real_ny_votes: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ny-example") / "output"
    result = CliRunner().invoke(cli, ["build", "--platform", str(EXAMPLE / "platform.yaml"),
                                      "--data", str(real_ny_votes), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Scored 63 of " in result.output
    # the Assembly members are listed, unscored, and the build says why in one line
    assert ("The Assembly's 152 member(s) have no score: the data hold no Assembly roll "
            "call (docs/adding-votes.md says how to add them).") in result.output
    return out


def _table(folder: Path, name: str) -> list[dict[str, str]]:
    df = read_table(folder, name, Problems())
    assert df is not None
    return df.to_dict("records")


def _text(page: Path) -> str:
    html = re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))
    return " ".join(html.replace("&nbsp;", " ").split())


def test_example_platform_is_the_repository_platform_for_2023_2024() -> None:
    mine = (EXAMPLE / "platform.yaml").read_text(encoding="utf-8").splitlines()
    repo = (REPO / "platform.yaml").read_text(encoding="utf-8").splitlines()
    header = len(mine) - len(repo)  # the comment lines naming the example
    assert all(line.startswith("#") for line in mine[:header])
    differ = [(a, b) for a, b in zip(repo, mine[header:], strict=True) if a != b]
    assert differ == [("data: votes/demo", "data: ../../votes/ny"),
                      ("  sessions: [2025-2026]", "  sessions: [2023-2024]")]


def test_one_import_of_overlapping_inputs_counts_each_roll_call_once(
        real_ny_votes: Path) -> None:
    rollcalls = _table(real_ny_votes, "rollcalls")
    ids = [r["rollcall_id"] for r in rollcalls]
    assert len(ids) == len(set(ids)) == 23693
    # Green Light once: no "-2" copy of the curated file read twice
    assert [i for i in ids if "A3675-floor-2019-06-17" in i] == [
        "ny-senate-2019-A3675-floor-2019-06-17"]


@pytest.mark.parametrize(("year", "number", "date", "ayes", "nays"), TALLIES)
def test_official_tallies(real_ny_votes: Path, example: Path, year: int, number: str,
                          date: str, ayes: int, nays: int) -> None:
    raw = json.loads((RAW / str(year) / f"{number}.json").read_text(encoding="utf-8"))
    floor = [v for v in raw["Votes"] if v["VoteType"] == "FLOOR" and v["Date"] == date]
    assert len(floor) == 1
    codes = [m["Vote"] for m in floor[0]["Votes"]]
    assert (codes.count("Aye"), codes.count("Nay")) == (ayes, nays)  # the raw file says so
    rid = f"ny-senate-{year}-{number}-floor-{date}"
    votes = [v for v in _table(real_ny_votes, "votes") if v["rollcall_id"] == rid]
    options = [v["option"] for v in votes]
    assert (options.count("yes"), options.count("no"), len(votes)) == (ayes, nays, len(codes))
    # the bill page of the platform entry shows that roll call with those totals
    pages = [_text(p) for p in (example / "bills").glob(f"*-{year}-{year + 1}.html")
             if rid in p.read_text(encoding="utf-8")]
    assert pages
    for text in pages:
        assert f"All members {ayes} {nays}" in text


def test_every_senator_resolved_with_party_and_district(example: Path) -> None:
    with (example / "data" / "scores.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    senate = [r for r in rows if r["chamber"] == "upper"]
    assert len(senate) == 63  # a 63-seat chamber: no former member shown as serving
    assert all(r["legislator_id"].startswith("ocd-person/") for r in senate)
    assert all(r["party"] and r["district"] for r in senate), [
        r["name"] for r in senate if not (r["party"] and r["district"])]
    assert sorted(int(r["district"]) for r in senate) == list(range(1, 64))
    names = {r["name"] for r in senate}
    # their roster terms end on 2023-01-01, the session's first day: not in this period
    assert not names & {"Fred Akshar", "Alessandra Biaggi", "Diane J. Savino",
                        "Patty Ritchie"}
    index = _text(example / "index.html")
    # one seat vacant at the session's end: Tim Kennedy's (district 63, left 2024-04-19;
    # April Baskin's roster term starts 2025-01-01). Rows that a vote gave no district
    # name no seat (they showed as a second "vacant seat" with no district)
    assert "63 members, 63 with a score; 1 vacant seat." in index
    # no grade here rests on a rule choice, said in words (was "0 legislators' grades
    # depend on the rules chosen: they change ...")
    assert "No legislator's grade depends on the rules chosen" in index


def test_a_roster_term_is_widened_by_votes_never_shortened(real_ny_votes: Path) -> None:
    kennedy = [r for r in _table(real_ny_votes, "legislators") if r["name"] == "Tim Kennedy"
               and r["start_date"] >= "2023"]
    # the roster ends his term 2024-01-01; he voted until 2024-04-19, in district 63
    assert [(r["district"], r["start_date"], r["end_date"]) for r in kennedy] == [
        ("63", "2023-01-01", "2024-01-01"), ("63", "2024-01-02", "2024-04-19")]
    rath = [r for r in _table(real_ny_votes, "legislators") if r["name"] == "Edward A. Rath III"]
    assert {r["sort_name"] for r in rath} == {"Rath III, Edward A."}


def test_a_page_shows_continued_terms_as_one_and_says_when_a_district_is_unknown(
        example: Path) -> None:
    page = _text(example / "legislators" / "tim-kennedy.html")
    served = page[page.index("Served"):page.index("Official page")]
    # the roster's term and the days he was seen voting after it: one term
    assert "Senate District 63, Democratic, from 2023-01-01 to 2024-04-19" in served
    assert "to 2024-01-01" not in served
    # 2019-2022: only the votes say he sat; the roster gives no district (was "District ,")
    assert ("Senate (district not in the data), Democratic, from 2019-01-14 to 2020-12-28"
            in served)
    assert "District ," not in served


def test_assembly_sponsorships_are_counted(example: Path) -> None:
    with (example / "data" / "scores.csv").open(encoding="utf-8") as fh:
        rows = {r["name"]: r for r in csv.DictReader(fh)}
    cruz = rows["Catalina Cruz"]
    assert cruz["chamber"] == "lower" and cruz["score"] == ""
    assert int(cruz["sponsored_support"]) >= 4  # A170, A3057, A3020, A5686 (2023-24)
    assert sum(int(r["sponsored_support"]) for r in rows.values()
               if r["chamber"] == "lower") > 100


def test_no_untrue_statement_on_any_page(example: Path) -> None:
    pages = sorted(example.rglob("*.html"))
    assert len(pages) > 300
    for page in pages:
        html = page.read_text(encoding="utf-8")
        text = _text(page)
        for entry in html.split('<section class="entry"')[1:]:
            if 'class="rollcall"' in entry:  # item 6: never "not in the data" above a vote
                assert "This bill is not in the data" not in entry, page
        # item 7: no chamber reads as if it never voted
        assert "no Assembly roll calls on the platform's bills are in the data" not in text
        assert "Totals declared by the source" not in text, page  # item 9
    index = _text(example / "index.html")
    assert "this dataset has no Assembly roll calls at all" in index
    s205 = _text(example / "bills" / "s205-2023-2024.html")
    assert "Not in the data: A6601" in s205
    cruz = next(p for p in (example / "legislators").glob("catalina-cruz*.html"))
    assert "this dataset has no Assembly roll calls at all" in _text(cruz)
