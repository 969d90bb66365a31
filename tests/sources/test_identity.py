"""Identity resolution: chamber + date + name, never guessed; tested on the real NY roster."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorecard.errors import SourceError
from scorecard.sources.core.identity import (
    Resolver,
    firsts_agree,
    fold,
    load_overrides,
    parse_name,
    parse_short_name,
)
from scorecard.sources.core.ledger import Ledger, write_unresolved
from scorecard.sources.core.roster import Roster, load_roster
from tests.conftest import FIXTURES

PALUMBO = "ocd-person/f13bda4e-bfb4-49fc-a986-ba8d2b3e7e43"
ASHBY = "ocd-person/b03d69c0-0ea1-4524-86e6-c6b20797a2eb"
FAHY = "ocd-person/a3e0c7bc-45f6-4a6b-a092-1c124c149a6d"
FERNANDEZ = "ocd-person/2a38ba4b-176e-479f-8083-2ff50aef693e"
SEPULVEDA = "ocd-person/1e5af6bc-1643-4cfd-b4c1-8b2e86b02c2d"
SERRANO = "ocd-person/31d058e9-909a-46b5-8e66-21a3e86b5a56"
STEWART_COUSINS = "ocd-person/5f3e7bcf-9e43-423b-946b-982cc6ecc154"
HOYLMAN = "ocd-person/5fed799f-9800-457a-9c39-e19d8735c74f"
PEOPLES_STOKES = "ocd-person/7638e8d0-2a84-4325-bcfd-7a2e8e604077"
OMARA = "ocd-person/c7aec173-278b-4fe6-9237-7c8b751cda1e"
ADDABBO = "ocd-person/f3a41618-3c28-4bab-9a56-ef49c9cafcec"
SANDERS = "ocd-person/e00ee209-a6a5-4ca1-8ac6-f403e1cbcca2"
AKSHAR = "ocd-person/f55eee18-e235-4d0a-a610-bd1e297da016"
BORES = "ocd-person/9c986c4c-5371-4b77-b095-5a7283a93729"
ANTONACCI = "ocd-person/8bb5f40b-3d71-4343-a577-10f0bc391424"
SEAN_RYAN_SENATE = "ocd-person/6913e7e0-3ad5-4593-a2b0-dc31e974cdf6"
SEAN_RYAN_ASSEMBLY = "ocd-person/3bcad7b1-387d-42bf-8233-ce88bd671b50"
CHRIS_RYAN = "ocd-person/58b03f1c-af64-4079-8c24-e76dd0028166"
LINDA_ROSENTHAL = "ocd-person/2c20fb3d-4c95-4494-ac3b-a1ab93f72439"
DANIEL_ROSENTHAL = "ocd-person/2a13e2f5-5631-4109-95ea-f1abcd514639"
JODI_GIGLIO = "ocd-person/983d7603-0ccc-4995-8afe-2ece30a487c7"
JOE_GIGLIO = "ocd-person/329185be-50d1-4672-97e7-51c8fcbf6958"
WEINSTEIN = "ocd-person/d796d2c5-66a3-44b6-9ef8-39beeebce9b7"
WEINSTEIN_DUPLICATE = "ocd-person/06610649-ee0c-4c67-a1ea-b1fd5042f09b"


@pytest.fixture(scope="module")
def real_roster() -> Roster:
    from tests.conftest import REALDATA

    folder = REALDATA / "openstates_people_ny" / "data" / "ny"
    if not folder.is_dir():
        pytest.skip(f"real public data not found at {REALDATA} (set SCORECARD_REALDATA)")
    return load_roster([folder])


@pytest.fixture
def resolver(real_roster: Roster) -> Resolver:
    return Resolver(real_roster)


def test_fold_and_parse() -> None:
    assert fold("Luis R. Sepúlveda") == "luis r sepulveda"
    assert fold("Thomas F. O’Mara") == fold("Thomas F. O'Mara") == "thomas f omara"
    assert fold("Stewart - Cousins") == "stewart-cousins"
    addabbo = parse_name("Joseph P. Addabbo Jr.")
    assert addabbo and addabbo.first == "joseph" and "addabbo" in addabbo.surnames
    bores = parse_name("Bores, A.")
    assert bores and bores.first == "a" and bores.surnames == {"bores"}
    akshar = parse_name("Akshar II, Fredrick J.")
    assert akshar and akshar.first == "fredrick" and "akshar" in akshar.surnames
    hoylman = parse_name("Brad Hoylman-Sigal")
    assert hoylman and {"hoylmansigal", "hoylman", "sigal"} <= hoylman.surnames
    ryan = parse_short_name("RYAN S")
    assert ryan and ryan.initials == "s" and ryan.surnames == {"ryan"}
    compound = parse_short_name("BICHOTTE HERMELYN")
    assert compound and compound.initials == "" and "bichottehermelyn" in compound.surnames


@pytest.mark.parametrize(("a", "b", "same"), [
    ("fred", "fredrick", True), ("bob", "robert", True), ("j", "james", True),
    ("tom", "thomas", True), ("chris", "christopher", True), ("sean", "chris", False),
    ("al", "alexis", False), ("ed", "edward", True),
])
def test_first_names(a: str, b: str, same: bool) -> None:
    assert firsts_agree(a, b) is same


@pytest.mark.realdata
@pytest.mark.parametrize(("chamber", "date", "name", "short", "expected"), [
    # moved from the Assembly to the Senate: one person, found in both chambers
    ("lower", "2019-06-17", "Anthony H. Palumbo", "PALUMBO", PALUMBO),
    ("upper", "2021-06-01", "Anthony H. Palumbo", "PALUMBO", PALUMBO),
    ("lower", "2021-03-01", "Jacob Ashby", "ASHBY", ASHBY),
    ("upper", "2023-03-01", "Jake Ashby", "ASHBY", ASHBY),
    ("lower", "2023-03-01", "Patricia Fahy", "FAHY", FAHY),
    ("upper", "2025-03-01", "Patricia Fahy", "FAHY", FAHY),
    ("lower", "2021-03-01", "Nathalia Fernandez", "FERNANDEZ", FERNANDEZ),
    ("upper", "2023-03-01", "Nathalia Fernández", "FERNANDEZ", FERNANDEZ),
    # accents
    ("upper", "2019-01-23", "Luis R. Sepúlveda", "SEPULVEDA", SEPULVEDA),
    ("upper", "2019-01-23", "", "SEPULVEDA", SEPULVEDA),
    ("upper", "2019-01-23", "José M. Serrano", "SERRANO", SERRANO),
    # hyphens (full names, short names, a short name without the second part)
    ("upper", "2023-03-01", "Andrea Stewart-Cousins", "STEWART-COUSINS", STEWART_COUSINS),
    ("upper", "2023-03-01", "", "STEWART-COUSINS", STEWART_COUSINS),
    ("upper", "2023-03-01", "Brad Hoylman-Sigal", "HOYLMAN", HOYLMAN),
    ("upper", "2023-03-01", "", "HOYLMAN", HOYLMAN),
    ("lower", "2023-03-01", "", "PEOPLES-STOKE", PEOPLES_STOKES),  # LBDC cuts at 13
    # apostrophes, straight and curly
    ("upper", "2023-03-01", "Thomas F. O'Mara", "O'MARA", OMARA),
    ("upper", "2023-03-01", "Thomas F. O’Mara", "", OMARA),
    ("upper", "2023-03-01", "", "O'MARA", OMARA),
    # suffixes
    ("upper", "2019-01-23", "Joseph P. Addabbo Jr.", "ADDABBO", ADDABBO),
    ("upper", "2019-01-23", "James Sanders Jr.", "SANDERS", SANDERS),
    ("upper", "2021-03-01", "Fredrick J. Akshar II", "AKSHAR", AKSHAR),
    # other_names in "Last, I." form, nicknames
    ("lower", "2023-03-01", "Bores, A.", "", BORES),
    ("upper", "2019-03-01", "Bob Antonacci", "ANTONACCI", ANTONACCI),
    # the chamber decides between namesakes; short-name initials decide within one
    ("lower", "2019-06-01", "Sean Ryan", "RYAN", SEAN_RYAN_ASSEMBLY),
    ("upper", "2021-06-01", "Sean Ryan", "RYAN", SEAN_RYAN_SENATE),
    ("upper", "2025-03-01", "", "RYAN S", SEAN_RYAN_SENATE),
    ("upper", "2025-03-01", "", "RYAN C", CHRIS_RYAN),
    ("lower", "2019-06-01", "", "ROSENTHAL L", LINDA_ROSENTHAL),
    ("lower", "2019-06-01", "", "ROSENTHAL D", DANIEL_ROSENTHAL),
    # an initial in other_names ("J. Giglio") does not stand for any J.: Jodi is not Joe
    # (she has a roster role from 2023 only, so she is found among all Assembly members)
    ("lower", "2021-06-01", "Jodi Giglio", "GIGLIO JA", JODI_GIGLIO),
    ("lower", "2021-06-01", "Joseph Giglio", "GIGLIO JM", JOE_GIGLIO),
])
def test_real_names(resolver: Resolver, chamber: str, date: str, name: str, short: str,
                    expected: str) -> None:
    r = resolver.resolve(chamber, date, name=name, short_name=short)
    assert r.legislator_id == expected, r


@pytest.mark.realdata
@pytest.mark.parametrize(("chamber", "date", "name", "short", "status", "detail"), [
    # two senators named Ryan in 2025: a bare surname is not enough
    ("upper", "2025-03-01", "", "RYAN", "ambiguous", "Chris Ryan, Sean Ryan"),
    # the roster has two Jack Martins records, neither seated in 2019-2020
    ("upper", "2019-06-01", "Jack Martins", "", "ambiguous", "none seated then"),
    # a surname match with another first name is not a match
    ("upper", "2023-03-01", "Zachary Addabbo", "ADDABBO", "missing",
     "another first name: Joe Addabbo"),
    ("upper", "2023-03-01", "Nobody Here", "HERE", "missing", "no upper member named"),
    # Assembly members are not senators
    ("upper", "2023-03-01", "Alex Bores", "BORES", "missing", "no upper member named"),
])
def test_never_guessed(resolver: Resolver, chamber: str, date: str, name: str, short: str,
                       status: str, detail: str) -> None:
    r = resolver.resolve(chamber, date, name=name, short_name=short)
    assert r.legislator_id is None and r.status == status and detail in r.detail, r


@pytest.mark.realdata
def test_roster_gap_matched_by_full_name_only(resolver: Resolver) -> None:
    # the roster gives O'Mara a Senate role from 2023 only; he voted in 2019
    r = resolver.resolve("upper", "2019-06-17", name="Thomas F. O'Mara", short_name="O'MARA")
    assert r.legislator_id == OMARA and r.gap
    # a short name alone is not enough outside the roster's dates
    r = resolver.resolve("upper", "2019-06-17", short_name="O'MARA")
    assert r.legislator_id is None


@pytest.mark.realdata
def test_duplicate_record_of_one_seat(resolver: Resolver) -> None:
    r = resolver.resolve("lower", "2019-01-01", "2020-12-31", name="Helene Weinstein")
    assert r.legislator_id == WEINSTEIN
    assert resolver.duplicates == {WEINSTEIN_DUPLICATE: WEINSTEIN}


@pytest.mark.realdata
def test_override_wins(real_roster: Roster) -> None:
    resolver = Resolver(real_roster, {"nysenate:1": ADDABBO})
    r = resolver.resolve("upper", "2019-01-01", name="Someone Else", source_id="nysenate:1")
    assert (r.legislator_id, r.status) == (ADDABBO, "override")


ROSTER = FIXTURES / "nymirror" / "roster"


def test_load_overrides(tmp_path: Path) -> None:
    roster = load_roster([ROSTER])
    path = tmp_path / "identity_overrides.csv"
    assert load_overrides(path, roster) == {}
    path.write_text("source_id,legislator_id,note\nnysenate:99,"
                    "ocd-person/00000000-0000-0000-0000-000000000001,checked on nysenate.gov\n",
                    encoding="utf-8")
    assert load_overrides(path, roster) == {
        "nysenate:99": "ocd-person/00000000-0000-0000-0000-000000000001"}


@pytest.mark.parametrize(("text", "message"), [
    ("source,legislator\n", "row 1: the header must name source_id,legislator_id,note"),
    ("source_id,legislator_id\nnysenate:1,ocd-person/nobody\n",
     "row 2: ocd-person/nobody is not a person of the roster"),
    ("source_id,legislator_id\nnysenate:1,\n", "row 2: needs both"),
    ("source_id,legislator_id\nnysenate:1,ocd-person/00000000-0000-0000-0000-000000000001\n"
     "nysenate:1,ocd-person/00000000-0000-0000-0000-000000000002\n", "row 3: nysenate:1 is "
     "mapped twice"),
])
def test_bad_overrides(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "identity_overrides.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as err:
        load_overrides(path, load_roster([ROSTER]))
    assert str(path) in err.value.message and message in err.value.message


def test_ledger_resolves_once_and_reports(tmp_path: Path) -> None:
    roster = load_roster([ROSTER])
    ledger = Ledger()
    ledger.see("nysenate:11", "upper", "2019-2020", "2019-03-05", "2019-03-05",
               ["Ana Pérez-Smith"], ["PEREZ-SMITH"])
    ledger.see("nysenate:11", "upper", "2019-2020", "2020-06-10", "2020-06-10",
               ["Ana Pérez-Smith"], ["PEREZ-SMITH"])
    ledger.see("nysenate:99", "upper", "2019-2020", "2019-03-05", "2019-03-05",
               ["Zed Unknown"], ["UNKNOWN"])
    ledger.resolve(Resolver(roster))
    assert ledger.ids[("nysenate:11", "upper", "2019-2020")].endswith("0001")
    assert ledger.ids[("nysenate:99", "upper", "2019-2020")] == "nysenate:99"
    assert ledger.unresolved_rows() == [
        ("nysenate:99", "Zed Unknown", "Unknown, Zed", "", "upper", "", "2019-03-05",
         "2019-03-05", "")]
    assert "nysenate:99 Zed Unknown (upper, 2019-03-05..2019-03-05): missing" in (
        ledger.unresolved_lines()[0])
    path = write_unresolved(tmp_path, ledger)
    assert path is not None and path.read_text(encoding="utf-8").splitlines()[1].startswith(
        "nysenate:99,Zed Unknown,UNKNOWN,upper,2019-03-05,2019-03-05,missing,")
    # once mapped, the next import removes the row and the file
    ledger2 = Ledger()
    ledger2.see("nysenate:99", "upper", "2019-2020", "2019-03-05", "2019-03-05", ["Zed"])
    ledger2.resolve(Resolver(roster, {"nysenate:99": "ocd-person/00000000-0000-0000-0000-"
                                                     "000000000003"}))
    assert write_unresolved(tmp_path, ledger2) is None and not path.exists()
