"""bills.csv's optional columns (DESIGN.md section 7: status, committee, last_action,
last_action_date) and columns a user adds: kept through every read, merge and write, filled
by the sources that give them, shown on the bill pages. Real data: ../shared/realdata."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from scorecard.cli import cli
from scorecard.errors import Problems
from scorecard.model import TABLES, columns
from scorecard.sources.core.merge import merge_bills
from scorecard.sources.core.normalise import is_date, latest_action
from scorecard.tables import merge_table, read_table, write_table

from .builders import make_dataset, make_platform, write_csv

STATUS = ("status", "committee", "last_action", "last_action_date")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def header(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()[0].split(",")


def bills(extra: dict[str, str] | None = None, number: str = "S1") -> pd.DataFrame:
    row = {"bill_id": f"2023-2024/{number}", "session": "2023-2024", "number": number,
           "title": f"Bill {number}", "same_as": "", "url": "", **(extra or {})}
    return pd.DataFrame([row], dtype=object)


def test_columns_order_own_then_optional_then_a_users() -> None:
    got = columns("bills", ["notes", "last_action", "bill_id", "status", "_chamber"])
    assert got == [*TABLES["bills"], "status", "last_action", "notes"]
    assert columns("votes", TABLES["votes"]) == list(TABLES["votes"])


def test_optional_and_user_columns_survive_a_read_and_a_write(tmp_path: Path) -> None:
    cols = (*TABLES["bills"], "notes", *STATUS)
    write_csv(tmp_path / "bills.csv", cols, [dict(
        bill_id="2023-2024/S1", session="2023-2024", number="S1", title="T", status="Vetoed",
        last_action="VETOED MEMO.12", last_action_date="2023-12-01", notes="ask Ana")])
    problems = Problems()
    df = read_table(tmp_path, "bills", problems)
    assert df is not None
    assert [str(w) for w in problems.warnings] == [
        f"{tmp_path / 'bills.csv'}, row 1: column(s) 'notes' are not columns of bills.csv, so "
        "the scorecard does not use them (imports keep them as they are). Its columns are "
        "bill_id, session, number, title, same_as, url, and may have status, committee, "
        "last_action, last_action_date (votes/README.md); check the spelling if one of them "
        "was meant."]
    write_table(tmp_path / "out", "bills", df)
    assert header(tmp_path / "out" / "bills.csv") == [*TABLES["bills"], *STATUS, "notes"]
    assert rows(tmp_path / "out" / "bills.csv")[0]["notes"] == "ask Ana"


def test_a_source_without_a_column_keeps_the_datasets_values() -> None:
    old = bills({"status": "Passed Senate", "committee": "", "last_action": "PASSED SENATE",
                 "last_action_date": "2024-05-15", "notes": "ask Ana"})
    new = pd.concat([bills({"title": "Bill S1, retitled"}), bills(number="S2")],
                    ignore_index=True)
    merged = merge_table("bills", old, new)
    assert list(merged.columns) == [*TABLES["bills"], *STATUS, "notes"]
    s1, s2 = merged.to_dict("records")
    assert (s1["title"], s1["status"], s1["last_action_date"], s1["notes"]) == (
        "Bill S1, retitled", "Passed Senate", "2024-05-15", "ask Ana")
    assert (s2["status"], s2["notes"]) == ("", "")


def test_the_later_last_action_wins_in_any_import_order() -> None:
    a = bills({"status": "Passed Senate", "committee": "", "last_action": "PASSED SENATE",
               "last_action_date": "2024-05-15"})
    b = bills({"status": "In Assembly Committee", "committee": "Codes",
               "last_action": "REFERRED TO CODES", "last_action_date": "2024-05-16"})
    blank = bills({c: "" for c in STATUS})
    for first, then in ((a, b), (b, a)):
        merged = merge_bills(first, then).iloc[0]
        assert (merged["status"], merged["committee"], merged["last_action_date"]) == (
            "In Assembly Committee", "Codes", "2024-05-16")
    assert merge_bills(b, blank).iloc[0]["status"] == "In Assembly Committee"
    same_day = bills({**b.iloc[0].to_dict(), "last_action": "AMENDED"})
    assert merge_bills(b, same_day).iloc[0]["last_action"] == "REFERRED TO CODES"
    # a source that gives only the last action (Open States): when it is later, the four
    # describe its moment (no status of an earlier one beside it); when earlier, nothing moves
    later = bills({"last_action": "SUBSTITUTED BY A1", "last_action_date": "2024-06-01"})
    got = merge_bills(b, later).iloc[0]
    assert [got[c] for c in STATUS] == ["", "", "SUBSTITUTED BY A1", "2024-06-01"]
    earlier = bills({"last_action": "INTRODUCED", "last_action_date": "2023-01-04"})
    got = merge_bills(b, earlier).iloc[0]
    assert [got[c] for c in STATUS] == [b.iloc[0][c] for c in STATUS]


def test_import_csv_keeps_the_columns_a_user_added(tmp_path: Path) -> None:
    votes = make_dataset(tmp_path / "votes", {})
    data = rows(votes / "bills.csv")
    write_csv(votes / "bills.csv", (*TABLES["bills"], "status", "notes"),
              [{**r, "status": "Signed by Governor", "notes": f"note {i}"}
               for i, r in enumerate(data)])
    write_csv(tmp_path / "add" / "bills.csv", TABLES["bills"], [dict(
        bill_id="2023-2024/S9999", session="2023-2024", number="S9999", title="New")])
    result = CliRunner().invoke(cli, ["import", "csv", str(tmp_path / "add"), "--into",
                                      str(votes)])
    assert result.exit_code == 0, result.output
    after = {r["bill_id"]: r for r in rows(votes / "bills.csv")}
    assert header(votes / "bills.csv") == [*TABLES["bills"], "status", "notes"]
    for i, r in enumerate(data):
        assert (after[r["bill_id"]]["status"], after[r["bill_id"]]["notes"]) == (
            "Signed by Governor", f"note {i}")
    assert (after["2023-2024/S9999"]["status"], after["2023-2024/S9999"]["notes"]) == ("", "")


def test_a_bad_last_action_date_is_an_error_naming_the_row(tmp_path: Path) -> None:
    votes = make_dataset(tmp_path / "votes", {})
    data = rows(votes / "bills.csv")
    write_csv(votes / "bills.csv", (*TABLES["bills"], "last_action_date"),
              [{**r, "last_action_date": "17/06/2019" if i == 1 else ""}
               for i, r in enumerate(data)])
    before = (votes / "bills.csv").read_bytes()
    make_platform(tmp_path / "platform.yaml")
    result = CliRunner().invoke(cli, ["validate", "--data", str(votes), "--platform",
                                      str(tmp_path / "platform.yaml")])
    assert result.exit_code == 1
    assert (f"{votes / 'bills.csv'}, row 3: last_action_date '17/06/2019' is not a date; "
            "write dates as YYYY-MM-DD") in result.output
    assert "Traceback" not in result.output
    assert (votes / "bills.csv").read_bytes() == before


def test_ny_mirror_gives_each_bills_status_as_published(real_ny_votes: Path) -> None:
    """The mirror's Status, Committee and latest action, checked against the published
    facts (../shared/platform/PLATFORM_FACTS.md): Green Light signed chap.37 on
    2019-06-17, farmworkers chap.105 on 2019-07-17, Protect Our Courts chap.322 on
    2020-12-15, S205 (2023-24) in Assembly committee."""
    got = {r["bill_id"]: r for r in rows(real_ny_votes / "bills.csv")}
    assert header(real_ny_votes / "bills.csv") == [*TABLES["bills"], *STATUS]
    for bid, status, action, date in (
            ("2019-2020/A3675", "Signed by Governor", "SIGNED CHAP.37", "2019-06-17"),
            ("2019-2020/A8419", "Signed by Governor", "SIGNED CHAP.105", "2019-07-17"),
            ("2019-2020/A2176", "Signed by Governor", "SIGNED CHAP.322", "2020-12-15")):
        assert (got[bid]["status"], got[bid]["committee"], got[bid]["last_action"],
                got[bid]["last_action_date"]) == (status, "", action, date)
    s205 = got["2023-2024/S205"]
    assert (s205["status"], s205["committee"]) == ("In Assembly Committee", "Codes")
    assert all(r["status"] for r in got.values())
    dated = [r["last_action_date"] for r in got.values() if r["last_action_date"]]
    assert len(dated) == len(got) and all(len(d) == 10 and d[4] == "-" for d in dated)


def test_a_bill_page_says_where_the_bill_stands(real_ny_votes: Path, tmp_path: Path) -> None:
    from .conftest import REPO

    out = tmp_path / "output"
    result = CliRunner().invoke(cli, ["build", "--platform", str(REPO / "platform.yaml"),
                                      "--data", str(real_ny_votes), "--out", str(out)])
    assert result.exit_code == 0, result.output
    green = (out / "bills" / "s1747-2019-2020.html").read_text(encoding="utf-8")
    # the Senate's print was substituted by the Assembly's, which the Governor signed
    assert ("<dt>Status</dt><dd>S1747: On the Senate floor calendar; last action 2019-06-17: "
            "SUBSTITUTED BY A3675B<br>A3675: Signed by Governor; last action 2019-06-17: "
            "SIGNED CHAP.37 <span class=\"sub\">(as the data's source last recorded it)"
            "</span></dd>") in green
    s205 = (out / "bills" / "s205-2023-2024.html").read_text(encoding="utf-8")
    assert ("<dt>Status</dt><dd>In Assembly Committee (Codes); last action 2024-06-05: "
            "REFERRED TO CODES") in s205
    # the workbook's Bills sheet says the same, per entry, in its last column
    from openpyxl import load_workbook

    ws = load_workbook(out / "scorecard.xlsx", read_only=True)["Bills"]
    sheet = list(ws.iter_rows(min_row=2, values_only=True))
    cols = list(sheet[0])
    stands = {r[cols.index("Entry")]: r[cols.index("Where the bill stands")] for r in sheet[1:]}
    assert cols[-1] == "Where the bill stands"
    assert stands["S6578 / A8419"] == (
        "S6578: On the Senate floor calendar; last action 2019-06-19: SUBSTITUTED BY A8419; "
        "A8419: Signed by Governor; last action 2019-07-17: SIGNED CHAP.105")


def _import(args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["import", *args])
    assert result.exit_code == 0, result.output


def test_legiscan_gives_status_committee_and_last_action(realdata: Path,
                                                         tmp_path: Path) -> None:
    """The JSON dataset (its status code, pending committee, history) and the CSV dataset
    (status_desc, committee, last_action columns); LegiScan's ``0000-00-00`` for an
    unknown date (Michigan's SB0188) is left out with its action, never written."""
    _import(["legiscan", str(realdata / "legiscan_format_samples_non_ny" / "inst" /
                             "extdata"), "--into", str(tmp_path / "ak")])
    ak = {r["bill_id"]: r for r in rows(tmp_path / "ak" / "bills.csv")}
    assert [ak["2011-2012/HB1"][c] for c in STATUS] == [
        "Engrossed", "Health & Social Services", "REFERRED TO HEALTH & SOCIAL SERVICES",
        "2011-04-12"]
    _import(["legiscan-csv", str(realdata / "legiscan_csv_mi_2019_2020"), "--into",
             str(tmp_path / "mi")])
    mi = {r["bill_id"]: r for r in rows(tmp_path / "mi" / "bills.csv")}
    assert [mi["2019-2020/HB4001"][c] for c in STATUS] == [
        "Passed", "", "Assigned Pa 8'19 With Immediate Effect", "2019-05-14"]
    assert [mi["2019-2020/SB0188"][c] for c in STATUS] == [
        "Introduced", "Senate Regulatory Reform", "", ""]
    assert {r["status"] for r in mi.values()} == {
        "Introduced", "Engrossed", "Enrolled", "Passed", "Vetoed"}


def _latest_by_definition(actions: list[tuple[object, object]]) -> tuple[str, str]:
    """latest_action as its docstring defines it, written the plain way."""
    dated = [(str(d), " ".join(str(t or "").split())) for d, t in actions
             if isinstance(d, str) and is_date(d)]
    if not dated:
        return "", ""
    date, text = max(reversed(dated), key=lambda a: a[0])
    return text, date


_DATES = st.sampled_from(["2023-01-04", "2023-01-05", "2024-02-29", "2023-02-29",
                          "0000-00-00", "2023-1-05", "", "2023-01-05T10:00"])


@given(st.lists(st.tuples(st.one_of(_DATES, st.none(), st.integers()),
                          st.one_of(st.none(), st.text(max_size=8)))))
def test_latest_action_is_the_last_listed_of_the_latest_real_day(
        actions: list[tuple[object, object]]) -> None:
    assert latest_action(actions) == _latest_by_definition(actions)
    assert latest_action([("2023-01-05", "A"), ("2023-01-04", "B"), ("2023-01-05", " C  d"),
                          ("2023-02-29", "not a day")]) == ("C d", "2023-01-05")
