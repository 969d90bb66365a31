"""A small scorecard with hostile text, written as real files, for the site tests.

Names and titles carry ``<script>``, quotes, ampersands, right-to-left text, emoji and
path characters; two legislators share a name; one seat falls vacant; one member has no
vote rows, one left before the scored votes, one is incomplete, one served two sessions.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml

from scorecard.model import TABLES

XSS = '<script>alert("x")</script>'
QUOTES = "O'Brien \"Bob\" & Sons"
RTL = "محمد العربي"
EMOJI = "Emoji 🎉 Person"
PATHY = "../x"
JS_URL = "javascript:alert('url')"

LEGISLATORS = [
    # id, name, party, chamber, district, start, end
    ("s1", "Ada Lovelace", "Democratic", "upper", "1", "2019-01-01", ""),
    ("s2", XSS, "Republican", "upper", "2", "2019-01-01", ""),
    ("s3", QUOTES, "Democratic", "upper", "3", "2019-01-01", ""),
    ("s4", "Jane Smith", "Democratic", "upper", "4", "2019-01-01", ""),
    ("s5", "Jane Smith", "Republican", "upper", "5", "2019-01-01", ""),
    ("s6", PATHY, "Independent", "upper", "6", "2019-01-01", ""),
    ("s7", "Gone Early", "Democratic", "upper", "7", "2019-01-01", "2022-12-31"),
    ("s8", "New Comer", "Democratic", "upper", "7", "2023-01-01", ""),
    ("s9", "Left Midway", "Republican", "upper", "9", "2023-01-01", "2023-04-01"),
    ("a1", RTL, "Democratic", "lower", "1", "2019-01-01", ""),
    ("a2", EMOJI, "Working Families", "lower", "2", "2019-01-01", ""),
    ("a3", "Low Turnout", "Republican", "lower", "3", "2019-01-01", ""),
    ("a4", "Jane Smith", "Democratic", "lower", "4", "2019-01-01", ""),
]

BILLS = [
    # session, number, title, same_as
    ("2023-2024", "S1", 'Farm <b>Workers</b> & "Fair" Act', "A1"),
    ("2023-2024", "A1", 'Farm <b>Workers</b> & "Fair" Act', "S1"),
    ("2023-2024", "A5", "Police Powers Expansion", ""),
    ("2023-2024", "S7", "Home Care ⏰ Hours", ""),
    ("2021-2022", "S9", "Earlier Farm Bill", ""),
]

# rollcall_id, bill number, session, chamber, date, motion_type, votes
ROLLCALLS: list[tuple[str, str, str, str, str, str, dict[str, str]]] = [
    ("rc-s1-upper", "S1", "2023-2024", "upper", "2023-06-01", "passage",
     {"s1": "yes", "s2": "no", "s3": "yes", "s4": "yes", "s5": "no", "s6": "excused"}),
    ("rc-a1-lower", "A1", "2023-2024", "lower", "2023-06-02", "passage",
     {"a1": "yes", "a2": "yes", "a3": "absent", "a4": "yes"}),
    ("rc-a5-lower", "A5", "2023-2024", "lower", "2024-03-01", "passage",
     {"a1": "no", "a2": "yes", "a3": "absent", "a4": "no"}),
    ("rc-s9", "S9", "2021-2022", "upper", "2021-05-01", "passage",
     {"s1": "yes", "s2": "no", "s7": "yes"}),
    ("rc-nom", "", "", "upper", "2024-04-01", "nomination",
     {"s1": "no", "s2": "yes", "s3": "no", "s4": "no", "s5": "yes", "s6": "yes"}),
]

SPONSORS = [("2023-2024/S7", "s1", "primary"), ("2023-2024/S7", "s3", "cosponsor"),
            ("2023-2024/S1", "s1", "primary"), ("2023-2024/A5", "a2", "primary")]

OVERRIDES = [("rc-s1-upper", "s6", "excused", "Medical leave <i>confirmed</i> & noted")]

PLATFORM: dict[str, Any] = {
    "title": 'Justice <script>x</script> & "Fair" Scorecard',
    "organization": "Org & Co. <b>United</b>",
    "jurisdiction": "NY",
    "data": "votes",
    "period": {"sessions": ["2023-2024"]},
    "display": {"chamber_names": {"upper": "Senate", "lower": "Assembly"}},
    "sections": [
        {"id": "workers", "title": "Workers' <Rights> & \"More\"",
         "text": "Work & <dignity>.",
         "demands": [
             {"id": "farm", "title": "Fair labor for farmworkers",
              "text": "Guarantee <fair> labor & wages.",
              "bills": [{"number": "S1", "same_as": ["A1"], "session": "2023-2024",
                         "position": "support", "note": "Key vote & <strong>"},
                        {"number": "S9", "session": "2021-2022", "position": "support"}]},
             {"id": "wages", "title": "Collect stolen wages",
              "text": "Let workers collect judgments.",
              "note": "No bill has been introduced yet <em>anywhere</em>.", "bills": []},
             {"id": "homecare", "title": "End 24-hour workdays",
              "text": "Limit home care shifts.",
              "bills": [{"number": "S7", "session": "2023-2024", "position": "support"}]},
         ]},
        {"id": "safety", "title": "Safety without police",
         "demands": [
             {"id": "police", "title": "No new police powers",
              "bills": [{"number": "A5", "session": "2023-2024", "position": "oppose",
                         "weight": 2},
                        {"rollcalls": ["rc-nom"], "position": "oppose",
                         "title": "Confirmation of <Judge> \"Hard\" & Co"}]},
         ]},
    ],
}

RAW = {"yes": "AYE", "no": "NAY", "absent": "ABS", "excused": "EXC"}


def _write_csv(path: Path, name: str, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(TABLES[name]), lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in TABLES[name]})


def make_site_inputs(folder: Path, fictional: bool = True) -> Path:
    """Write platform.yaml and votes/ into ``folder``; return the platform's path."""
    data = folder / "votes"
    _write_csv(data / "legislators.csv", "legislators", [
        dict(legislator_id=i, name=n, sort_name=n, party=p, chamber=c, district=d,
             start_date=s, end_date=e, url=JS_URL if i == "s5" else
             f"https://example.org/people/{i}?a=1&b=<2>")
        for i, n, p, c, d, s, e in LEGISLATORS])
    _write_csv(data / "bills.csv", "bills", [
        dict(bill_id=f"{s}/{n}", session=s, number=n, title=t, same_as=sa,
             url=f"https://example.org/bills/{n}")
        for s, n, t, sa in BILLS])
    _write_csv(data / "rollcalls.csv", "rollcalls", [
        dict(rollcall_id=rid, bill_id=f"{sess}/{num}" if num else "", chamber=ch, date=date,
             motion=f"{mt.title()} & <final>", motion_type=mt, result="pass",
             yes=list(v.values()).count("yes"), no=list(v.values()).count("no"),
             other=sum(o not in ("yes", "no") for o in v.values()),
             source_url=JS_URL if rid == "rc-a5-lower" else
             f"https://example.org/votes/{rid}?x=1&y=2")
        for rid, num, sess, ch, date, mt, v in ROLLCALLS])
    _write_csv(data / "votes.csv", "votes", [
        dict(rollcall_id=rid, legislator_id=lid, option=opt, raw=RAW.get(opt, opt))
        for rid, *_, v in ROLLCALLS for lid, opt in v.items()])
    _write_csv(data / "sponsors.csv", "sponsors", [
        dict(bill_id=b, legislator_id=lid, role=r) for b, lid, r in SPONSORS])
    _write_csv(data / "overrides.csv", "overrides", [
        dict(rollcall_id=r, legislator_id=lid, option=o, note=n) for r, lid, o, n in OVERRIDES])
    meta = {"source": "hand-made <fixture> & co", "jurisdiction": "NY",
            "sessions": ["2021-2022", "2023-2024"], "fetched_at": "2024-12-31",
            "notes": "Invented for the site tests.", "fictional": fictional}
    (data / "dataset.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True),
                                       encoding="utf-8")
    path = folder / "platform.yaml"
    path.write_text(yaml.safe_dump(PLATFORM, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    return path
