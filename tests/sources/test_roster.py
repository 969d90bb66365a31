"""The Open States people roster: legislative roles, dated parties, errors naming the file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from scorecard.errors import SourceError
from scorecard.sources import ImportRequest
from scorecard.sources.core.normalise import party
from scorecard.sources.core.roster import load_roster, prepare_roster_cache, save_roster_cache
from scorecard.sources.roster import import_roster
from tests.conftest import FIXTURES

ROSTER = FIXTURES / "nymirror" / "roster"


def test_fixture_roster_rows() -> None:
    roster = load_roster([ROSTER])
    assert len(roster) == 4  # the mayor holds no legislative role
    rows = {(r[0][-1], r[4], r[6]): r for r in roster.rows()}
    ana = rows[("1", "upper", "2019-01-01")]
    assert ana[1:6] == ("Ana Pérez-Smith", "Pérez-Smith, Ana", "Democratic", "upper", "1")
    assert ana[7] == "" and ana[8] == "https://www.nysenate.gov/senators/ana-perez-smith"
    # a mover: one row per role, one legislator_id
    assert rows[("3", "lower", "2015-01-01")][5:8] == ("5", "2015-01-01", "2018-12-31")
    assert rows[("3", "upper", "2019-01-01")][3] == "Democratic"


def test_dated_party_change_splits_the_role() -> None:
    tom = load_roster([ROSTER]).people["ocd-person/00000000-0000-0000-0000-000000000002"]
    rows = list(tom.rows())
    assert [(r[3], r[6], r[7]) for r in rows] == [
        ("Republican", "2019-01-01", "2019-12-31"),
        ("Independent", "2020-01-01", ""),
    ]
    assert tom.party_on("2019-06-01") == "Republican"
    assert tom.party_on("2021-06-01") == "Independent"


def test_party_of_fusion_lines_and_codes() -> None:
    assert party("Republican/Conservative/Independence") == "Republican"
    assert party("Democratic") == "Democratic"
    assert party("D") == party("Democrat") == "Democratic"
    assert party("ID") == "Independent" and party("") == ""


def test_rows_filtered_by_dates_and_duplicates_left_out() -> None:
    roster = load_roster([ROSTER])
    ids = {r[0][-1] for r in roster.rows("2016-01-01", "2016-12-31")}
    assert ids == {"3"}  # only Rita Moreno served (in the Assembly) in 2016
    rows = roster.rows("2019-01-01", "2020-12-31",
                       leave_out=["ocd-person/00000000-0000-0000-0000-000000000004"])
    assert "4" not in {r[0][-1] for r in rows}


def test_import_roster_writes_legislators(tmp_path: Path) -> None:
    report = import_roster(ImportRequest([ROSTER], tmp_path))
    df = pd.read_csv(tmp_path / "legislators.csv", dtype=str, keep_default_na=False)
    assert len(df) == 6 and report.counts["legislators"] == (0, 6)
    assert set(df["chamber"]) == {"upper", "lower"}
    assert "4 legislators" in report.notes[0]
    # importing again changes nothing
    before = (tmp_path / "legislators.csv").read_bytes()
    import_roster(ImportRequest([ROSTER], tmp_path))
    assert (tmp_path / "legislators.csv").read_bytes() == before


def test_cache_gives_the_same_roster(tmp_path: Path) -> None:
    first = load_roster([ROSTER], cache_dir=tmp_path / ".cache")
    assert list((tmp_path / ".cache").glob("roster-*.json"))
    again = load_roster([ROSTER], cache_dir=tmp_path / ".cache")
    assert again.people == first.people



def test_a_cache_copy_made_ahead_is_the_one_saved(tmp_path: Path) -> None:
    """An importer makes the cache's bytes while its files are read (prepare_roster_cache)
    and writes them later: the same file as saving at once, and nothing written before."""
    load_roster([ROSTER], cache_dir=tmp_path / "at-once")
    ahead = load_roster([ROSTER], cache_dir=tmp_path / "ahead", save=False)
    prepare_roster_cache(ahead, tmp_path / "ahead")
    assert not (tmp_path / "ahead").exists()
    save_roster_cache(ahead, tmp_path / "ahead")
    [once] = (tmp_path / "at-once").glob("roster-*.json")
    [made] = (tmp_path / "ahead").glob("roster-*.json")
    assert (made.name, made.read_bytes()) == (once.name, once.read_bytes())
    kept = made.read_bytes()
    again = load_roster([ROSTER], cache_dir=tmp_path / "ahead", save=False)
    prepare_roster_cache(again, tmp_path / "ahead")  # a copy is kept: nothing to make
    save_roster_cache(again, tmp_path / "ahead")
    assert made.read_bytes() == kept and again.people == ahead.people

@pytest.mark.parametrize(("text", "message"), [
    ("id: [unclosed\n", "is not valid YAML"),
    ("name: No Id\nroles:\n- type: upper\n  district: '1'\n", "lacks its id or name"),
    ("id: x\nname: Y\nroles:\n- type: upper\n  start_date: someday\n",
     "roles[0]: 'someday' is not a date"),
    ("- just a list\n", "is not a person"),
])
def test_bad_roster_file_names_the_file(tmp_path: Path, text: str, message: str) -> None:
    bad = tmp_path / "Bad-Person.yml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as err:
        load_roster([tmp_path])
    assert str(bad) in err.value.message and message in err.value.message


def test_missing_roster_folder(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="does not exist"):
        load_roster([tmp_path / "nope"])
    with pytest.raises(SourceError, match="holds no .yml files"):
        load_roster([tmp_path])


@pytest.mark.realdata
def test_real_roster(realdata: Path) -> None:
    roster = load_roster([realdata / "openstates_people_ny" / "data" / "ny"])
    rows = roster.table()
    assert set(rows["chamber"]) == {"upper", "lower"}
    open_now = rows[rows["end_date"] == ""]
    assert (open_now["chamber"] == "upper").sum() == 63
    assert (open_now["chamber"] == "lower").sum() == 150
    assert not rows["party"].str.contains("/").any()  # fusion lines reduced
    assert (rows["party"] != "").all()
    # Open States ids, one row per role: 168 upper + 367 lower roles in the files
    assert rows["legislator_id"].str.startswith("ocd-person/").all()
    assert len(rows) == 168 + 367


def test_import_roster_keeps_other_notes(tmp_path: Path) -> None:
    from scorecard.sources.nyopenleg.mirror import import_ny_mirror

    import_ny_mirror(ImportRequest([FIXTURES / "nymirror"], tmp_path, [ROSTER]))
    import_roster(ImportRequest([ROSTER], tmp_path))
    import yaml

    notes = yaml.safe_load((tmp_path / "dataset.yaml").read_text(encoding="utf-8"))["notes"]
    assert any(n.startswith("ny-mirror:") for n in notes)
    assert sum(n.startswith("roster:") for n in notes) == 1
    import_roster(ImportRequest([ROSTER], tmp_path))
    notes = yaml.safe_load((tmp_path / "dataset.yaml").read_text(encoding="utf-8"))["notes"]
    assert sum(n.startswith("roster:") for n in notes) == 1


def test_scalars_are_read_as_written(tmp_path: Path) -> None:
    (tmp_path / "p.yml").write_text(
        "id: ocd-person/x\nname: No\nparty:\n- name: Democratic\nroles:\n"
        "- type: lower\n  district: '07'\n  start_date: 2019-01-01\n  end_date: null\n"
        "- type: upper\n  district: 7\n  start_date: ~\n  end_date: 2018-12-31\n",
        encoding="utf-8")
    person = load_roster([tmp_path]).people["ocd-person/x"]
    assert person.name == "No"  # not False, as YAML 1.1 booleans would have it
    assert [(r.chamber, r.district, r.start, r.end) for r in person.roles] == [
        ("upper", "7", "", "2018-12-31"), ("lower", "07", "2019-01-01", "")]


@pytest.mark.parametrize(("name", "expected"), [
    ("Edward A. Rath III", "Rath III, Edward A."),
    ("Peter J. Abbate, Jr.", "Abbate Jr., Peter J."),
    ("Joseph P. Addabbo Jr.", "Addabbo Jr., Joseph P."),
    ("Jane Smith", "Smith, Jane"),
    ("Madonna", "Madonna"),
    ("nysenate:1236", "nysenate:1236"),
])
def test_sort_names_keep_suffixes_with_the_surname(name: str, expected: str) -> None:
    from scorecard.sources.core.normalise import sort_name

    assert sort_name(name) == expected
