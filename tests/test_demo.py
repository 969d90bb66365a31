"""The fictional demo dataset: deterministic, New York-shaped, consistent, obviously fictional."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import yaml

from scorecard import load_dataset, score
from scorecard.demo import SESSIONS, generate_demo, write_demo
from scorecard.errors import DataError
from scorecard.model import OPTIONS, TABLES
from scorecard.platform import Platform, load_platform

from .conftest import REPO

PLATFORM = REPO / "platform.yaml"
DEMO = REPO / "votes" / "demo"
REGENERATE = "python -m scorecard.demo"


@pytest.fixture(scope="module")
def platform() -> Platform:
    return load_platform(PLATFORM)


@pytest.fixture(scope="module")
def demo(platform: Platform) -> dict[str, pd.DataFrame]:
    return generate_demo(platform)


def _session_days(session: str) -> list[dt.date]:
    first = dt.date(int(session[:4]), 1, 1)
    last = dt.date(int(session[-4:]), 12, 31)
    return [first + dt.timedelta(i) for i in range((last - first).days + 1)]


def _holders(legislators: pd.DataFrame, chamber: str, day: str) -> pd.DataFrame:
    rows = legislators[legislators["chamber"] == chamber]
    serving = (rows["start_date"] <= day) & ((rows["end_date"] == "") | (day <= rows["end_date"]))
    return rows[serving]


def test_same_seed_gives_identical_tables(platform: Platform,
                                         demo: dict[str, pd.DataFrame]) -> None:
    again = generate_demo(platform)
    for name in TABLES:
        pd.testing.assert_frame_equal(demo[name], again[name])
    other = generate_demo(platform, seed=7)
    assert not other["votes"].equals(demo["votes"])


def test_written_files_are_byte_identical(tmp_path: Path) -> None:
    write_demo(PLATFORM, tmp_path / "a")
    write_demo(PLATFORM, tmp_path / "b")
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == ["bills.csv", "contacts.csv", "corrections.csv", "dataset.yaml",
                     "legislators.csv", "overrides.csv", "replies.csv", "rollcalls.csv",
                     "sponsors.csv", "votes.csv"]
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_committed_demo_is_up_to_date(tmp_path: Path) -> None:
    write_demo(PLATFORM, tmp_path)
    for path in sorted(tmp_path.iterdir()):
        committed = DEMO / path.name
        assert committed.exists(), f"{committed} is missing; run: {REGENERATE}"
        assert committed.read_bytes() == path.read_bytes(), (
            f"{committed} differs from what the generator writes for platform.yaml; "
            f"run: {REGENERATE}")


def test_tables_have_the_canonical_columns_and_text_cells(
        demo: dict[str, pd.DataFrame]) -> None:
    assert set(demo) == set(TABLES)
    for name, df in demo.items():
        assert tuple(df.columns) == TABLES[name], name
        assert all(isinstance(v, str) for v in df.to_numpy().ravel()), name


def test_every_seat_is_filled_on_every_day(demo: dict[str, pd.DataFrame]) -> None:
    roles = list(demo["legislators"][["chamber", "district", "start_date", "end_date"]]
                 .itertuples(index=False, name=None))
    seats = {"upper": [str(d) for d in range(1, 64)], "lower": [str(d) for d in range(1, 151)]}
    for session in SESSIONS:
        for day in _session_days(session):
            iso = day.isoformat()
            for chamber, districts in seats.items():
                held = sorted((d for c, d, start, end in roles
                               if c == chamber and start <= iso and (not end or iso <= end)),
                              key=int)
                assert held == districts, (chamber, iso)


def test_party_split_is_realistic(demo: dict[str, pd.DataFrame]) -> None:
    first_day = _holders(demo["legislators"], "upper", "2025-01-01")
    assert first_day["party"].value_counts().to_dict() == {"Democratic": 41, "Republican": 22}
    lower = _holders(demo["legislators"], "lower", "2025-01-01")["party"].value_counts()
    assert lower.to_dict() == {"Democratic": 101, "Republican": 48, "Independent": 1}


def test_one_member_moved_from_the_lower_to_the_upper_chamber(
        demo: dict[str, pd.DataFrame]) -> None:
    leg = demo["legislators"]
    chambers = leg.groupby("legislator_id")["chamber"].nunique()
    movers = chambers[chambers > 1].index.tolist()
    assert len(movers) == 1
    roles = leg[leg["legislator_id"] == movers[0]].sort_values("start_date")
    assert roles["chamber"].tolist() == ["lower", "upper"]
    assert roles["end_date"].tolist() == ["2024-12-31", ""]
    assert roles["start_date"].tolist() == ["2023-01-01", "2025-01-01"]


def test_one_member_left_mid_session_and_a_replacement_only_votes_after(
        demo: dict[str, pd.DataFrame]) -> None:
    leg = demo["legislators"]
    boundaries = {"2023-01-01", "2025-01-01"}
    mid = leg[(leg["start_date"] != "") & ~leg["start_date"].isin(boundaries)]
    assert len(mid) == 1
    replacement = mid.iloc[0]
    same_seat = leg[(leg["chamber"] == replacement["chamber"])
                    & (leg["district"] == replacement["district"])].sort_values("start_date")
    assert len(same_seat) == 2
    left = same_seat.iloc[0]
    start = dt.date.fromisoformat(replacement["start_date"])
    assert left["end_date"] == (start - dt.timedelta(1)).isoformat()
    votes = demo["votes"].merge(demo["rollcalls"][["rollcall_id", "date"]], on="rollcall_id")
    theirs = votes[votes["legislator_id"] == replacement["legislator_id"]]
    before = votes[votes["legislator_id"] == left["legislator_id"]]
    assert len(theirs) > 0 and (theirs["date"] >= replacement["start_date"]).all()
    assert len(before) > 0 and (before["date"] <= left["end_date"]).all()


def test_only_seat_holders_vote(demo: dict[str, pd.DataFrame]) -> None:
    leg = demo["legislators"]
    votes = demo["votes"].merge(demo["rollcalls"][["rollcall_id", "chamber", "date"]],
                                on="rollcall_id")
    roles = votes.merge(leg, on=["legislator_id", "chamber"])
    serving = (roles["start_date"] <= roles["date"]) & (
        (roles["end_date"] == "") | (roles["date"] <= roles["end_date"]))
    assert serving.groupby([roles["rollcall_id"], roles["legislator_id"]]).any().all()
    assert len(roles[serving]) == len(votes)


def test_declared_totals_equal_member_votes(demo: dict[str, pd.DataFrame]) -> None:
    votes = demo["votes"]
    for rc in demo["rollcalls"].itertuples(index=False):
        options = votes.loc[votes["rollcall_id"] == rc.rollcall_id, "option"]
        assert int(rc.yes) == (options == "yes").sum(), rc.rollcall_id
        assert int(rc.no) == (options == "no").sum(), rc.rollcall_id
        assert int(rc.other) == (~options.isin(["yes", "no"])).sum(), rc.rollcall_id


def test_roll_calls_are_in_date_order_with_readable_unique_ids(
        demo: dict[str, pd.DataFrame]) -> None:
    rc = demo["rollcalls"]
    assert rc["date"].tolist() == sorted(rc["date"])
    assert rc["rollcall_id"].is_unique
    for row in rc.itertuples(index=False):
        number = row.bill_id.split("/")[1]
        assert row.rollcall_id.startswith(f"demo-{row.bill_id[:4]}-{number}-{row.chamber}-")
        assert row.rollcall_id.endswith(row.date)
        assert row.source_url == ""


def test_ids_are_unique(demo: dict[str, pd.DataFrame]) -> None:
    assert demo["bills"]["bill_id"].is_unique
    assert not demo["votes"].duplicated(["rollcall_id", "legislator_id"]).any()
    assert not demo["sponsors"].duplicated(["bill_id", "legislator_id", "role"]).any()
    people = demo["legislators"].drop_duplicates("legislator_id")
    assert people["name"].is_unique
    assert not demo["legislators"].duplicated(["legislator_id", "start_date"]).any()


def test_every_platform_bill_of_the_demo_sessions_is_in_bills_csv(
        platform: Platform, demo: dict[str, pd.DataFrame]) -> None:
    bills = set(demo["bills"]["bill_id"])
    entries = [pe for pe in platform.bill_entries() if pe.entry.session in SESSIONS]
    assert entries
    for pe in entries:
        for number in pe.entry.numbers:
            assert f"{pe.entry.session}/{number}" in bills, pe.key


def test_votes_cover_what_scoring_needs(demo: dict[str, pd.DataFrame]) -> None:
    rc, votes = demo["rollcalls"], demo["votes"]
    assert set(votes["option"]) <= set(OPTIONS)
    assert {"yes", "no", "absent", "excused"} <= set(votes["option"])
    assert {"AYE", "AYEWR", "NAY", "EXC", "ABS"} <= set(votes["raw"])
    assert {"passage", "committee", "amendment"} <= set(rc["motion_type"])
    assert (rc.loc[rc["motion_type"] == "committee", "committee"] != "").all()
    for session in SESSIONS:
        of_session = rc[rc["bill_id"].str.startswith(session)]
        passage = of_session[of_session["motion_type"] == "passage"]
        assert set(passage["chamber"]) == {"upper", "lower"}, session
        # some bill has an earlier passage vote in the same chamber
        assert passage.duplicated(["chamber", "bill_id"]).any(), session
    assert rc["motion"].str.contains("substituted for").any()


def test_sponsorships_include_bills_that_never_reach_a_vote(
        demo: dict[str, pd.DataFrame]) -> None:
    sponsors, rc = demo["sponsors"], demo["rollcalls"]
    assert set(sponsors["role"]) == {"primary", "cosponsor"}
    assert (sponsors[sponsors["role"] == "primary"].groupby("bill_id").size() == 1).all()
    voted = set(rc["bill_id"])
    assert set(sponsors["bill_id"]) - voted


def test_the_dataset_loads_without_problems() -> None:
    ds = load_dataset(DEMO)
    assert ds.fictional
    assert [str(w) for w in ds.warnings] == []


def test_dataset_yaml_says_the_data_is_fictional() -> None:
    meta = yaml.safe_load((DEMO / "dataset.yaml").read_text(encoding="utf-8"))
    assert meta["fictional"] is True
    assert meta["source"] == "scorecard demo generator (fictional)"
    assert meta["jurisdiction"] == "NY"
    assert meta["sessions"] == list(SESSIONS)
    assert str(meta["fetched_at"]) == "2026-07-01"
    assert "fictional" in meta["notes"] and "bill numbers" in meta["notes"]


def test_some_members_are_flagged_incomplete_and_scores_spread(platform: Platform) -> None:
    table = score(platform, load_dataset(DEMO)).table
    assert table["incomplete"].sum() >= 3
    scores = table["score"].dropna()
    assert scores.min() == 0 and scores.max() == 100
    assert scores.nunique() >= 8


def test_write_demo_refuses_to_overwrite_real_data(tmp_path: Path) -> None:
    (tmp_path / "dataset.yaml").write_text("source: openstates\njurisdiction: NY\n")
    (tmp_path / "votes.csv").write_text("rollcall_id,legislator_id,option,raw\n")
    with pytest.raises(DataError, match="not fictional sample data"):
        write_demo(PLATFORM, tmp_path)
    assert (tmp_path / "votes.csv").read_text() == "rollcall_id,legislator_id,option,raw\n"


def test_demo_command_is_click_and_reports_errors_cleanly(tmp_path: Path) -> None:
    """``python -m scorecard.demo``: a click command; a refusal is one line, exit 1."""
    import subprocess
    import sys

    (tmp_path / "dataset.yaml").write_text("source: openstates\njurisdiction: NY\n")
    done = subprocess.run([sys.executable, "-m", "scorecard.demo", "--platform", str(PLATFORM),
                           "--into", str(tmp_path)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("Error: ") and "not fictional sample data" in done.stderr
    assert (tmp_path / "dataset.yaml").read_text() == "source: openstates\njurisdiction: NY\n"
    out = tmp_path / "fresh"
    done = subprocess.run([sys.executable, "-m", "scorecard.demo", "--platform", str(PLATFORM),
                           "--into", str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Wrote fictional demo data to {out}: ")
    assert (out / "votes.csv").is_file()


@pytest.mark.realdata
def test_no_name_is_a_real_new_york_legislator(realdata: Path,
                                               demo: dict[str, pd.DataFrame]) -> None:
    real_names: set[str] = set()
    real_surnames: set[str] = set()
    files = sorted((realdata / "openstates_people_ny").rglob("*.yml"))
    assert files
    for path in files:
        person = yaml.safe_load(path.read_text(encoding="utf-8"))
        real_names.add(person["name"].casefold())
        real_names.update(o["name"].casefold() for o in person.get("other_names", []))
        if person.get("family_name"):
            real_surnames.add(person["family_name"].casefold())
    for name, sort_name in demo["legislators"][["name", "sort_name"]].itertuples(index=False):
        surname = sort_name.split(",")[0]
        assert name.casefold() not in real_names, name
        assert surname.casefold() not in real_surnames, name
