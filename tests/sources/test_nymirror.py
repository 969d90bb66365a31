"""The NY legislation mirror importer: fixtures, real tallies, bad input."""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path

import pandas as pd
import pytest
import yaml

from scorecard.errors import SourceError
from scorecard.sources import ImportReport, ImportRequest
from scorecard.sources.nyopenleg.mirror import import_ny_mirror, ny_session
from tests.conftest import FIXTURES

MIRROR = FIXTURES / "nymirror"
ROSTER = MIRROR / "roster"
ANA = "ocd-person/00000000-0000-0000-0000-000000000001"
TOM = "ocd-person/00000000-0000-0000-0000-000000000002"
RITA = "ocd-person/00000000-0000-0000-0000-000000000003"
CARL = "ocd-person/00000000-0000-0000-0000-000000000004"


def run(paths: list[Path], into: Path, rosters: list[Path] | None = None) -> ImportReport:
    return import_ny_mirror(ImportRequest(paths, into, [ROSTER] if rosters is None else rosters))


def read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def test_ny_session() -> None:
    assert ny_session(2019) == "2019-2020" and ny_session(2020) == "2019-2020"


def test_fixture_import(tmp_path: Path) -> None:
    report = run([MIRROR], tmp_path)
    rc = read(tmp_path, "rollcalls").set_index("rollcall_id")
    # by date, then id: the roll calls of a bill on one day in each file's order
    assert list(rc.index) == [
        "ny-senate-2019-S100-committee-labor-2019-02-26",
        "ny-senate-2019-S100-floor-2019-03-05",
        "ny-senate-2019-S100-floor-2019-03-05-2",  # a second roll call the same day
        "ny-senate-2019-A200-floor-2020-06-10",
    ]
    committee = rc.loc["ny-senate-2019-S100-committee-labor-2019-02-26"]
    assert (committee["motion_type"], committee["committee"], committee["chamber"]) == (
        "committee", "Labor", "upper")
    floor = rc.loc["ny-senate-2019-S100-floor-2019-03-05"]
    assert (floor["motion_type"], floor["result"], floor["yes"], floor["no"], floor["other"]) == (
        "passage", "pass", "2", "1", "1")
    assert floor["motion"] == "Senate floor vote on S100"
    assert rc.loc["ny-senate-2019-S100-floor-2019-03-05-2", "motion"] == (
        "Senate floor vote on S100A")
    assert floor["source_url"] == "https://www.nysenate.gov/legislation/bills/2019/S100"
    # the Senate vote on the substituted Assembly print is on the A-bill
    sub = rc.loc["ny-senate-2019-A200-floor-2020-06-10"]
    assert (sub["bill_id"], sub["chamber"], sub["yes"], sub["no"]) == (
        "2019-2020/A200", "upper", "2", "1")

    votes = read(tmp_path, "votes").set_index(["rollcall_id", "legislator_id"])
    day = "ny-senate-2019-S100-floor-2019-03-05"
    assert votes.loc[(day, ANA)].tolist() == ["yes", "Aye"]
    assert votes.loc[(day, TOM)].tolist() == ["no", "Nay"]
    assert votes.loc[(day, RITA)].tolist() == ["excused", "Excused"]
    assert votes.loc[(day, "nysenate:99")].tolist() == ["yes", "Aye"]
    assert votes.loc[(f"{day}-2", RITA)].tolist() == ["absent", "Absent"]
    assert len(votes) == 2 + 4 + 3 + 3  # the Assembly table is not imported

    bills = read(tmp_path, "bills").set_index("bill_id")
    assert bills.loc["2019-2020/S100", "same_as"] == "A200"
    assert bills.loc["2019-2020/A200", "same_as"] == "S100"
    assert bills.loc["2019-2020/S100", "title"] == "Relates to fair labor"

    sponsors = read(tmp_path, "sponsors")
    assert sponsors.values.tolist() == [
        ["2019-2020/A200", CARL, "primary"],  # an Assembly sponsor, resolved in the Assembly
        ["2019-2020/S100", ANA, "primary"],
        ["2019-2020/S100", RITA, "cosponsor"],
    ]

    leg = read(tmp_path, "legislators")
    unresolved = leg[leg["legislator_id"] == "nysenate:99"].iloc[0]
    assert (unresolved["name"], unresolved["chamber"], unresolved["party"],
            unresolved["start_date"], unresolved["end_date"]) == (
        "Zed Unknown", "upper", "", "2019-03-05", "2019-03-05")
    assert set(leg["legislator_id"]) == {ANA, TOM, RITA, CARL, "nysenate:99"}
    assert report.unresolved == [
        "nysenate:99 Zed Unknown (upper, 2019-03-05..2019-03-05): missing, no upper member "
        "named 'Zed Unknown' in the roster on 2019-03-05..2019-03-05"]
    assert (tmp_path / "unresolved.csv").read_text(encoding="utf-8").splitlines()[1].startswith(
        "nysenate:99,Zed Unknown,UNKNOWN,upper,")

    meta = yaml.safe_load((tmp_path / "dataset.yaml").read_text(encoding="utf-8"))
    assert meta["jurisdiction"] == "NY" and meta["sessions"] == ["2019-2020"]
    assert meta["fetched_at"] == "2020-06-10"
    notes = "\n".join(meta["notes"])
    assert "the mirror's Assembly committee tables are skipped" in notes
    assert "declares no vote totals" in notes and "unresolved.csv" in notes


def test_overrides_file_maps_the_unresolved(tmp_path: Path) -> None:
    run([MIRROR], tmp_path)
    (tmp_path / "identity_overrides.csv").write_text(
        f"source_id,legislator_id,note\nnysenate:99,{CARL},left the Assembly early\n",
        encoding="utf-8")
    report = run([MIRROR], tmp_path)
    assert report.unresolved == []
    # one note says what the override changed, naming both by name and id; no warnings
    moved = [n for n in report.notes if "re-attributed" in n]
    assert len(moved) == 1 and "Zed Unknown (nysenate:99) -> Carl Baker (" in moved[0], moved
    assert moved[0].startswith("1 vote row(s) of roll calls already in the dataset")
    assert not any("disagree" in w for w in report.warnings)
    votes = read(tmp_path, "votes")
    assert "nysenate:99" not in set(votes["legislator_id"])
    assert not (tmp_path / "unresolved.csv").exists()
    # the first import's note about the unmatched member is replaced, not kept beside
    notes = yaml.safe_load((tmp_path / "dataset.yaml").read_text(encoding="utf-8"))["notes"]
    assert not any("could not be matched" in n for n in notes), notes
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    shutil.copy(tmp_path / "identity_overrides.csv", fresh)
    run([MIRROR], fresh)
    assert notes == yaml.safe_load((fresh / "dataset.yaml").read_text(encoding="utf-8"))[
        "notes"]
    # the unmatched id's row left legislators.csv with its last vote: the re-import
    # leaves every table as a fresh import with the override does
    assert "nysenate:99" not in set(read(tmp_path, "legislators")["legislator_id"])
    assert any("1 legislator(s) left legislators.csv" in n and "nysenate:99" in n
               for n in report.notes), report.notes
    for name in ("legislators", "bills", "rollcalls", "votes", "sponsors"):
        assert (tmp_path / f"{name}.csv").read_bytes() == (fresh / f"{name}.csv").read_bytes()


def test_same_output_from_files_folder_archive_and_clone(tmp_path: Path) -> None:
    archive = tmp_path / "bills.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(MIRROR / "bills", arcname="bills")
    clone = tmp_path / "clone"
    shutil.copytree(MIRROR / "bills", clone / "bills")
    (clone / "README.md").write_text("not a bill\n", encoding="utf-8")
    files = sorted((MIRROR / "bills" / "2019").glob("*.json"))
    outputs = []
    for i, paths in enumerate([[MIRROR], [archive], [clone], files]):
        into = tmp_path / f"out{i}"
        run(paths, into)
        outputs.append({n: (into / f"{n}.csv").read_bytes() for n in
                        ("legislators", "bills", "rollcalls", "votes", "sponsors")})
    assert all(o == outputs[0] for o in outputs[1:])



def _tables(into: Path) -> dict[str, bytes]:
    return {n: (into / f"{n}.csv").read_bytes() for n in
            ("legislators", "bills", "rollcalls", "votes", "sponsors")}


def test_a_bill_given_twice_is_read_once(tmp_path: Path) -> None:
    """An identical copy is skipped, a different copy of the same bill replaces the earlier
    one (the later wins, as a later import would), and a copy identical to any earlier
    one is skipped, so files A, B, A give B's rows."""
    a200 = MIRROR / "bills" / "2019" / "A200.json"
    other = tmp_path / "other" / "A200.json"
    other.parent.mkdir()
    other.write_text(GOOD.replace('"Vote":"Nay"', '"Vote":"Aye"'), encoding="utf-8")
    run([a200], tmp_path / "a")
    run([other], tmp_path / "b")
    report = run([a200, a200], tmp_path / "aa")
    assert _tables(tmp_path / "aa") == _tables(tmp_path / "a")
    assert "1 bill file(s) given twice (e.g. in an archive and in a folder) were read once" in (
        report.notes)
    run([a200, other], tmp_path / "ab")
    assert _tables(tmp_path / "ab") == _tables(tmp_path / "b")
    run([other, a200], tmp_path / "ba")
    assert _tables(tmp_path / "ba") == _tables(tmp_path / "a")
    run([other, a200, other], tmp_path / "bab")
    assert _tables(tmp_path / "bab") == _tables(tmp_path / "a")


@pytest.mark.parametrize("content", ["[1, 2]", "{\"PrintNo\": ", '{"Session": 2019}'])
def test_a_bad_file_given_twice_is_named_once(tmp_path: Path, content: str) -> None:
    bad = tmp_path / "S1.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError) as err:
        run([bad, bad], tmp_path / "votes")
    assert err.value.message.count(f"{bad}: ") == 1
    assert "have 1 problem;" in err.value.message

def test_reimport_changes_nothing(tmp_path: Path) -> None:
    run([MIRROR], tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    run([MIRROR], tmp_path)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert after == before


def test_roster_is_required(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="Give the roster with --roster"):
        run([MIRROR], tmp_path, rosters=[])
    assert not any(tmp_path.iterdir())


# -- bad input: a clear message naming the file, nothing written ------------------------

GOOD = (MIRROR / "bills" / "2019" / "A200.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(("content", "message"), [
    (GOOD[: len(GOOD) // 2], "is not valid JSON"),
    ("", "is empty; it may be truncated"),
    ("<html>Not Found</html>", "is not valid JSON"),
    ("[1, 2]", "is not a bill"),
    (GOOD.replace('"PrintNo":"A200",', ""), "lacks the field PrintNo"),
    (GOOD.replace('"Session":2019,', ""), "lacks the field Session"),
    (GOOD.replace('"Session":2019', '"Session":"twenty"'), "unreadable PrintNo"),
    (GOOD.replace('"Vote":"Nay"', '"Vote":"Maybe"'),
     "a FLOOR vote on 2020-06-10: member 12 (Thomas O'Neil Jr.) has the unknown vote 'Maybe'"),
    (GOOD.replace('"Vote":"Nay"', '"Vot":"Nay"'), "member 12 (Thomas O'Neil Jr.) has no Vote"),
    (GOOD.replace('{"ID":12,', '{'), "lists a member without ID"),
    (GOOD.replace('"Date":"2020-06-10","Version"', '"Version"'), "Votes[0] (FLOOR) has no date"),
    (GOOD.replace('{"ID":13', '{"ID":12'), "lists member(s) 12 twice"),
])
def test_bad_bill_file(tmp_path: Path, content: str, message: str) -> None:
    folder = tmp_path / "bills" / "2019"
    folder.mkdir(parents=True)
    shutil.copy(MIRROR / "bills" / "2019" / "S100.json", folder)
    bad = folder / "A200.json"
    bad.write_text(content, encoding="utf-8")
    into = tmp_path / "votes"
    with pytest.raises(SourceError) as err:
        run([tmp_path], into)
    assert f"{bad}: " in err.value.message and message in err.value.message
    assert "nothing was written" in err.value.message
    assert not into.exists() or not any(into.glob("*.csv"))


def test_bad_input_leaves_an_existing_dataset_alone(tmp_path: Path) -> None:
    into = tmp_path / "votes"
    run([MIRROR], into)
    before = {p.name: p.read_bytes() for p in into.iterdir() if p.is_file()}
    bad = tmp_path / "S1.json"
    bad.write_text('{"PrintNo": "S1", "Session": 2019, "Votes": [', encoding="utf-8")
    with pytest.raises(SourceError, match="S1.json: is not valid JSON"):
        run([MIRROR, bad], into)
    assert {p.name: p.read_bytes() for p in into.iterdir() if p.is_file()} == before


def test_truncated_archive(tmp_path: Path) -> None:
    archive = tmp_path / "bills.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(MIRROR / "bills", arcname="bills")
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceError, match="A200.json cannot be read: it ends early: the "
                       "file is truncated"):
        run([archive], tmp_path / "votes")
    assert not (tmp_path / "votes").exists()


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="does not exist"):
        run([tmp_path / "nope"], tmp_path / "votes")
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceError, match="holds no bill files"):
        run([tmp_path / "empty"], tmp_path / "votes")


# -- real data ---------------------------------------------------------------------------

REAL_TALLIES = [
    # (bill, date, yes, no): the Senate floor tallies
    ("2019-2020/A3675", "2019-06-17", 33, 29),  # Green Light
    ("2019-2020/S1250", "2019-01-23", 40, 20),  # DREAM Act
    ("2019-2020/A8419", "2019-06-19", 40, 22),  # farm laborers
    ("2019-2020/A2176", "2020-07-22", 42, 18),  # Protect Our Courts
]


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ImportReport]:
    from tests.conftest import REALDATA

    if not REALDATA.is_dir():
        pytest.skip(f"real public data not found at {REALDATA} (set SCORECARD_REALDATA)")
    into = tmp_path_factory.mktemp("ny")
    report = import_ny_mirror(ImportRequest(
        [REALDATA / "jehiah_ny_legislation" / "bills"], into,
        [REALDATA / "openstates_people_ny" / "data" / "ny"]))
    return into, report


@pytest.mark.realdata
@pytest.mark.parametrize(("bill", "date", "yes", "no"), REAL_TALLIES)
def test_real_senate_floor_tallies(curated: tuple[Path, ImportReport], bill: str, date: str,
                                   yes: int, no: int) -> None:
    into, _ = curated
    rc = read(into, "rollcalls")
    floor = rc[(rc["bill_id"] == bill) & (rc["motion_type"] == "passage")]
    assert floor["date"].tolist() == [date]
    row = floor.iloc[0]
    assert (int(row["yes"]), int(row["no"]), row["chamber"], row["result"]) == (
        yes, no, "upper", "pass")
    votes = read(into, "votes")
    options = votes[votes["rollcall_id"] == row["rollcall_id"]]["option"].value_counts()
    assert (options.get("yes", 0), options.get("no", 0)) == (yes, no)


@pytest.mark.realdata
def test_real_voters_and_sponsors_resolve_with_a_party(
        curated: tuple[Path, ImportReport]) -> None:
    into, _ = curated
    rc, votes, sponsors, leg = (read(into, n) for n in
                                ("rollcalls", "votes", "sponsors", "legislators"))
    bills = [b for b, *_ in REAL_TALLIES]
    ids = set(votes[votes["rollcall_id"].isin(rc[rc["bill_id"].isin(bills)]["rollcall_id"])][
        "legislator_id"]) | set(sponsors[sponsors["bill_id"].isin(bills)]["legislator_id"])
    assert len(ids) > 100
    assert all(i.startswith("ocd-person/") for i in ids), sorted(
        i for i in ids if not i.startswith("ocd-person/"))
    parties = leg[leg["legislator_id"].isin(ids)].groupby("legislator_id")["party"].apply(set)
    assert len(parties) == len(ids)
    assert all(p - {""} for p in parties), parties[parties.map(lambda p: not p - {""})]
    # the Senate of June 2019: 63 seats, one vacant (Catharine Young resigned in March);
    # 40 Democrats (Simcha Felder included) and 22 Republicans
    voters_2019 = set(votes[votes["rollcall_id"] == "ny-senate-2019-A3675-floor-2019-06-17"][
        "legislator_id"])
    assert len(voters_2019) == 62
    party = leg.drop_duplicates("legislator_id").set_index("legislator_id")["party"]
    assert party[list(voters_2019)].value_counts().to_dict() == {"Democratic": 40,
                                                                  "Republican": 22}


@pytest.mark.realdata
def test_real_import_report(curated: tuple[Path, ImportReport]) -> None:
    into, report = curated
    meta = yaml.safe_load((into / "dataset.yaml").read_text(encoding="utf-8"))
    assert "Assembly committee tables are skipped" in "\n".join(meta["notes"])
    assert not read(into, "votes")["legislator_id"].str.startswith("nysenate:").any()
    assert any("Helene Weinstein" in w and "twice" in w for w in report.warnings)


@pytest.mark.realdata
def test_real_archive_2019(realdata: Path, tmp_path: Path) -> None:
    archive = realdata / "jehiah_ny_legislation" / "bills_with_senate_floor_votes_2019.tar.gz"
    report = import_ny_mirror(ImportRequest([archive], tmp_path,
                                            [realdata / "openstates_people_ny" / "data" / "ny"]))
    rc = read(tmp_path, "rollcalls")
    floor = rc[rc["motion_type"] == "passage"]
    assert len(floor) == 2437  # the README's count of 2019-20 Senate floor roll calls
    votes = read(tmp_path, "votes")
    assert votes["rollcall_id"].isin(floor["rollcall_id"]).sum() == 150453
    assert floor["date"].min() == "2019-01-14" and floor["date"].max() == "2020-12-28"
    assert report.counts["rollcalls"][1] == len(rc)


def test_json_is_parsed_with_orjson_and_bad_json_is_named(tmp_path: Path) -> None:
    """orjson (a dependency) parses the mirror; a truncated file is one clear error."""
    import orjson

    from scorecard.sources.nyopenleg import mirror as nymirror

    assert nymirror.orjson is orjson  # imported as the dependency it is, no fallback
    run([MIRROR], tmp_path / "ok")
    assert len(read(tmp_path / "ok", "votes")) == 12
    bad = tmp_path / "S1.json"
    bad.write_text('{"PrintNo": "S1", "Sess', encoding="utf-8")
    with pytest.raises(SourceError, match=r"S1.json: is not valid JSON \(.*\); it may be "
                                          "truncated"):
        run([bad], tmp_path / "bad")


def test_cli_import(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from scorecard.cli import cli

    into = tmp_path / "votes"
    result = CliRunner().invoke(cli, ["import", "ny-mirror", str(MIRROR), "--into", str(into),
                                      "--roster", str(ROSTER)])
    assert result.exit_code == 0, result.output
    assert f"Imported ny-mirror into {into}:" in result.output
    assert "  votes.csv: 0 -> 12 rows" in result.output
    assert "1 name(s) could not be matched to the roster and keep a source id:" in result.output
    assert "  nysenate:99 Zed Unknown (upper, 2019-03-05..2019-03-05): missing" in result.output
    bad = tmp_path / "S1.json"
    bad.write_text("{", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in into.iterdir() if p.is_file()}
    result = CliRunner().invoke(cli, ["import", "ny-mirror", str(bad), "--into", str(into),
                                      "--roster", str(ROSTER)])
    assert result.exit_code == 1
    assert f"Error: The mirror's bill files have 1 problem; nothing was written:\n  - {bad}: " \
           "is not valid JSON" in result.output
    assert "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in into.iterdir() if p.is_file()} == before
