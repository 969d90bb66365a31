"""Small hand-made datasets and platforms for tests, written as real files."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml

from scorecard.model import TABLES

LEGISLATORS = [
    # id, name, party, chamber, district, start, end
    ("s1", "Ada Senator", "Democratic", "upper", "1", "2021-01-01", ""),
    ("s2", "Bo Senator", "Republican", "upper", "2", "2021-01-01", ""),
    ("s3", "Cy Senator", "Democratic", "upper", "3", "2021-01-01", ""),
    ("a1", "Di Member", "Democratic", "lower", "1", "2021-01-01", ""),
    ("a2", "Ed Member", "Republican", "lower", "2", "2021-01-01", ""),
]

BILLS = [
    ("2023-2024", "S1", "A1"), ("2023-2024", "A1", "S1"), ("2023-2024", "S2", ""),
    ("2021-2022", "S9", ""),
]

# rollcall_id, number, session, chamber, date, motion_type
ROLLCALLS = [
    ("rc-s1-cmte", "S1", "2023-2024", "upper", "2023-02-01", "committee"),
    ("rc-s1-early", "S1", "2023-2024", "upper", "2023-03-01", "passage"),
    ("rc-a1-final", "A1", "2023-2024", "upper", "2023-06-01", "passage"),
    ("rc-a1-lower", "A1", "2023-2024", "lower", "2023-06-01", "passage"),
    ("rc-s2", "S2", "2023-2024", "upper", "2024-03-01", "passage"),
    ("rc-s9", "S9", "2021-2022", "upper", "2021-05-01", "passage"),
    ("rc-nom", "", "", "upper", "2024-04-01", "nomination"),
]

RAW = {"yes": "AYE", "no": "NAY", "absent": "ABS", "excused": "EXC", "abstain": "ABD",
       "not voting": "NV", "paired": "PR", "other": "OT"}


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in columns})


def make_dataset(folder: Path, votes: dict[str, dict[str, str]],
                 sponsors: list[tuple[str, str, str]] = (),
                 legislators: list[tuple[str, ...]] = LEGISLATORS,
                 rollcalls: list[tuple[str, ...]] = ROLLCALLS,
                 overrides: list[tuple[str, str, str, str]] = (),
                 meta: dict[str, Any] | None = None) -> Path:
    """Write a dataset; ``votes`` maps rollcall_id -> {legislator_id: option}."""
    write_csv(folder / "legislators.csv", TABLES["legislators"], [
        dict(legislator_id=i, name=n, sort_name=n.split()[-1] + ", " + n.split()[0], party=p,
             chamber=c, district=d, start_date=s, end_date=e)
        for i, n, p, c, d, s, e in legislators])
    write_csv(folder / "bills.csv", TABLES["bills"], [
        dict(bill_id=f"{s}/{n}", session=s, number=n, title=f"Bill {n}", same_as=sa)
        for s, n, sa in BILLS])
    rc_rows = []
    for rid, num, session, chamber, date, mtype in rollcalls:
        opts = list(votes.get(rid, {}).values())
        rc_rows.append(dict(
            rollcall_id=rid, bill_id=f"{session}/{num}" if num else "", chamber=chamber,
            date=date, motion=mtype.title(), motion_type=mtype,
            committee="Labor" if mtype == "committee" else "", result="pass",
            yes=opts.count("yes"), no=opts.count("no"),
            other=len(opts) - opts.count("yes") - opts.count("no"),
            source_url=f"https://example.org/{rid}"))
    write_csv(folder / "rollcalls.csv", TABLES["rollcalls"], rc_rows)
    write_csv(folder / "votes.csv", TABLES["votes"], [
        dict(rollcall_id=rid, legislator_id=lid, option=opt, raw=RAW.get(opt, opt))
        for rid, members in votes.items() for lid, opt in members.items()])
    write_csv(folder / "sponsors.csv", TABLES["sponsors"], [
        dict(bill_id=b, legislator_id=lid, role=role) for b, lid, role in sponsors])
    if overrides:
        write_csv(folder / "overrides.csv", TABLES["overrides"], [
            dict(rollcall_id=r, legislator_id=lid, option=o, note=n)
            for r, lid, o, n in overrides])
    (folder / "dataset.yaml").write_text(yaml.safe_dump(meta or {
        "source": "test fixture", "jurisdiction": "NY", "sessions": ["2023-2024"],
        "fetched_at": "2024-12-31", "notes": "hand-made for tests"}), encoding="utf-8")
    return folder


def make_platform(path: Path, entries: list[dict[str, Any]] | None = None,
                  scoring: dict[str, Any] | None = None, period: dict[str, Any] | None = None,
                  data: str = "votes", demands: list[dict[str, Any]] | None = None) -> Path:
    """Write a platform.yaml with one section; entries go into one demand."""
    doc: dict[str, Any] = {"title": "Test Scorecard", "organization": "Test Org",
                           "jurisdiction": "NY", "data": data}
    if scoring:
        doc["scoring"] = scoring
    if period:
        doc["period"] = period
    if demands is None:
        demands = [{"id": "d1", "title": "Demand one", "text": "Do the thing.",
                    "bills": entries if entries is not None else [
                        {"number": "S1", "same_as": ["A1"], "session": "2023-2024",
                         "position": "support"}]}]
    doc["sections"] = [{"id": "sec", "title": "Section", "demands": demands}]
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path
