"""The methodology content (scorecard.render.methodology), on a small fixture.

``write_fixture`` builds a tiny, fully known platform and dataset (also used by the
workbook tests): two chambers, a companion bill with weight 2, an oppose bill, a roll-call
entry, a bill missing from the data, a demand with no bill, an override, and hostile names.
"""

from __future__ import annotations

import csv
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from scorecard.build import score_platform
from scorecard.card import Scorecard
from scorecard.render.methodology import Section, methodology

PLATFORM = """\
title: Fixture Justice Scorecard
organization: Fixture Coalition
jurisdiction: NY
data: votes
period: {sessions: [2023-2024]}
scoring:
  absent: against
  excused: exclude
  min_votes: 1
  incomplete_below: 0.8
  grades: {A: 90, B: 80, C: 70, D: 60, F: 0}
  sponsorship: {mode: separate}
sections:
  - id: workers
    title: Workers' rights
    demands:
      - id: farmworkers
        title: Fair labor for farmworkers
        bills:
          - number: S100
            same_as: [A200]
            session: 2023-2024
            position: support
            weight: 2
            note: Farm labor act
          - number: S101
            session: 2023-2024
            position: oppose
          - number: S50
            session: 2021-2022
            position: support
      - id: wages
        title: Wage theft
        bills:
          - number: S999
            session: 2023-2024
            position: support
  - id: justice
    title: Justice
    demands:
      - id: courts
        title: Fair courts
        bills:
          - rollcalls: [upper-2023-9]
            position: oppose
            title: Confirmation of a hostile judge
      - id: future
        title: Future demand
        note: No bill has been introduced yet.
"""

#: Names that a spreadsheet would run as formulas if written naively.
HOSTILE = {
    "u2": '=HYPERLINK("http://evil.example","click")',
    "u3": "@SUM(1+1)",
    "l1": "+Plus Person",
    "l2": "-Minus Person",
    "l3": "\tTab Person",
    "l4": "\rReturn Person",
}

LEGISLATORS = [
    # id, name, sort_name, party, chamber, district
    ("u1", "Ada Able", "Able, Ada", "Democratic", "upper", "1"),
    ("u2", HOSTILE["u2"], "Bad, Upper", "Republican", "upper", "-3"),
    ("u3", HOSTILE["u3"], "Cat, Upper", "Democratic", "upper", "3"),
    ("l1", HOSTILE["l1"], "Plus, Person", "Democratic", "lower", "1"),
    ("l2", HOSTILE["l2"], "Minus, Person", "Republican", "lower", "2"),
    ("l3", HOSTILE["l3"], "Tab, Person", "=1+1", "lower", "3"),
    ("l4", HOSTILE["l4"], "Return, Person", "Democratic", "lower", "4"),
]

ROLLCALLS = [
    # id, bill_id, chamber, date, motion, motion_type
    ("upper-2021-1", "2021-2022/S50", "upper", "2021-04-01", "Passage", "passage"),
    ("upper-2023-9", "", "upper", "2023-03-01", "Confirmation", "nomination"),
    ("upper-2023-1", "2023-2024/S100", "upper", "2023-05-01", "Passage", "passage"),
    ("upper-2023-2", "2023-2024/S101", "upper", "2023-05-02", "=Passage", "passage"),
    ("lower-2023-c", "2023-2024/A200", "lower", "2023-05-20", "Committee", "committee"),
    ("lower-2023-1", "2023-2024/A200", "lower", "2023-06-01", "Passage", "passage"),
]

VOTES = {
    "upper-2021-1": {"u1": "yes", "u2": "no", "u3": "yes"},
    "upper-2023-9": {"u1": "no", "u2": "yes", "u3": "absent"},
    "upper-2023-1": {"u1": "yes", "u2": "no", "u3": "not voting"},
    "upper-2023-2": {"u1": "no", "u2": "yes", "u3": "no"},
    "lower-2023-c": {"l1": "yes", "l2": "no"},
    "lower-2023-1": {"l1": "yes", "l2": "no", "l3": "excused", "l4": "absent"},
}

RAW = {"yes": "AYE", "no": "NAY", "absent": "ABS", "excused": "EXC", "not voting": "NV"}


def write_fixture(root: Path) -> Path:
    """Write the fixture platform and dataset under ``root``; return platform.yaml's path."""
    data = root / "votes"
    data.mkdir(parents=True)
    (root / "platform.yaml").write_text(PLATFORM, encoding="utf-8")

    def table(name: str, rows: list[dict[str, str]], columns: list[str]) -> None:
        pd.DataFrame(rows, columns=columns).to_csv(data / f"{name}.csv", index=False,
                                                   lineterminator="\n", quoting=csv.QUOTE_ALL)

    table("legislators", [dict(legislator_id=i, name=n, sort_name=s, party=p, chamber=c,
                             district=d, start_date="2021-01-01", end_date="",
                             url=f"https://example.org/{i}")
                        for i, n, s, p, c, d in LEGISLATORS],
        ["legislator_id", "name", "sort_name", "party", "chamber", "district", "start_date",
         "end_date", "url"])
    table("bills", [
        dict(bill_id="2021-2022/S50", session="2021-2022", number="S50", title="Old act",
             same_as="", url="https://example.org/S50"),
        dict(bill_id="2023-2024/S100", session="2023-2024", number="S100",
             title="Farm labor act", same_as="A200", url="https://example.org/S100"),
        dict(bill_id="2023-2024/A200", session="2023-2024", number="A200",
             title="Farm labor act", same_as="S100", url="https://example.org/A200"),
        dict(bill_id="2023-2024/S101", session="2023-2024", number="S101",
             title="=cmd|' /C calc'!A0", same_as="", url="https://example.org/S101"),
    ], ["bill_id", "session", "number", "title", "same_as", "url"])
    table("rollcalls", [dict(rollcall_id=r, bill_id=b, chamber=c, date=d, motion=m, motion_type=t,
                           committee="Labor" if t == "committee" else "", result="pass",
                           yes="", no="", other="", source_url=f"https://example.org/rc/{r}")
                      for r, b, c, d, m, t in ROLLCALLS],
        ["rollcall_id", "bill_id", "chamber", "date", "motion", "motion_type", "committee",
         "result", "yes", "no", "other", "source_url"])
    table("votes", [dict(rollcall_id=r, legislator_id=lid, option=o, raw=RAW[o])
                  for r, votes in VOTES.items() for lid, o in votes.items()],
        ["rollcall_id", "legislator_id", "option", "raw"])
    table("sponsors", [dict(bill_id="2023-2024/S100", legislator_id="u1", role="primary"),
                     dict(bill_id="2023-2024/A200", legislator_id="l1", role="cosponsor"),
                     dict(bill_id="2023-2024/S101", legislator_id="u2", role="primary")],
        ["bill_id", "legislator_id", "role"])
    table("overrides", [dict(rollcall_id="upper-2023-1", legislator_id="u3", option="excused",
                           note="=Hospitalized; excused by the clerk")],
        ["rollcall_id", "legislator_id", "option", "note"])
    (data / "dataset.yaml").write_text(textwrap.dedent("""\
        source: Fixture source (hand-written)
        jurisdiction: NY
        sessions: [2021-2022, 2023-2024]
        fetched_at: 2024-01-15
        notes: Small test fixture.
        fictional: true
        """), encoding="utf-8")
    return root / "platform.yaml"


@pytest.fixture
def card(tmp_path: Path) -> Scorecard:
    return score_platform(write_fixture(tmp_path))


def by_id(sections: list[Section]) -> dict[str, Section]:
    return {s.id: s for s in sections}


def test_sections_are_plain_text_in_order(card: Scorecard) -> None:
    sections = methodology(card)
    assert [s.id for s in sections] == [
        "scope", "votes", "weights", "score", "sponsorship", "grades", "ranks",
        "sensitivity", "entries", "data", "overrides", "corrections", "audit", "missing",
        "no-bill"]
    for s in sections:
        assert s.heading and s.paragraphs
        for text in [*s.paragraphs, *s.columns, *(c for r in s.rows for c in r)]:
            assert isinstance(text, str)
            assert "<" not in text or "=" in text  # no markup (hostile fixture text aside)
        assert all(len(r) == len(s.columns) for r in s.rows)


def test_audit_section_lists_errors_and_warnings(card: Scorecard) -> None:
    audit = by_id(methodology(card))["audit"]
    assert card.audit.summary() + "." in audit.paragraphs[1]
    shown = [f for f in card.audit.findings if f.severity != "note"]
    assert [r[1] for r in audit.rows] == [f.message for f in shown]
    if not shown:
        assert audit.paragraphs[-1].startswith("No error or warning was found")


def test_rules_in_words(card: Scorecard) -> None:
    s = by_id(methodology(card))
    assert "2023-2024 session" in s["scope"].paragraphs[0]
    assert "lifetime" in s["scope"].paragraphs[1]
    votes = " ".join(s["votes"].paragraphs)
    assert "Absent, not voting and abstaining count as votes against the platform" in votes
    assert "Excused, paired and other votes are not counted" in votes
    assert "forgiven" not in votes
    assert s["weights"].rows == [["Fair labor for farmworkers", "S100 / A200", "2"]]
    score = " ".join(s["score"].paragraphs)
    assert "fewer than 1 counted vote " in score
    assert "below 80%" in score
    assert "Sponsorship does not change the score" in s["sponsorship"].paragraphs[0]
    assert s["grades"].rows[0] == ["A", "90 or more"]
    assert s["grades"].rows[-1] == ["F", "0 to below 60"]


def test_scored_entries(card: Scorecard) -> None:
    rows = by_id(methodology(card))["entries"].rows
    assert [r[2] for r in rows] == ["S100 / A200", "S101", "S50", "S999",
                                    "Confirmation of a hostile judge"]
    first = rows[0]
    assert first[4:7] == ["support", "2", "the final passage vote in each chamber"]
    assert first[7] == "Senate 2023-05-01 (upper-2023-1); Assembly 2023-06-01 (lower-2023-1)"
    assert rows[2][7] == "none in the period"  # 2021-2022 bill: lifetime only
    assert rows[4][6] == "the roll calls named: upper-2023-9"


def test_data_overrides_missing_and_no_bill(card: Scorecard) -> None:
    s = by_id(methodology(card))
    data = s["data"]
    assert data.paragraphs[0].startswith("Sample data: fictional legislators.")
    facts = dict((k, v) for k, v in data.rows)
    assert facts["Source"] == "Fixture source (hand-written)"
    assert facts["Fetched"] == "2024-01-15"
    assert facts["Sessions"] == "2021-2022, 2023-2024"
    assert facts["Notes"] == "Small test fixture."
    assert s["overrides"].rows == [["upper-2023-1", "S100", "2023-05-01", HOSTILE["u3"], "NV",
                                    "excused", "=Hospitalized; excused by the clerk"]]
    assert s["overrides"].paragraphs[0].startswith("1 vote was corrected by hand")
    assert s["missing"].paragraphs[0].startswith("1 platform bill is not in the data")
    assert s["missing"].rows == [["S999", "2023-2024", "Wage theft"]]
    assert s["no-bill"].rows == [["Justice", "Future demand", "No bill has been introduced yet."]]


def test_variants_in_words(tmp_path: Path) -> None:
    path = write_fixture(tmp_path)
    text = path.read_text().replace("excused: exclude", "excused: half\n  forgive_absences: 2")
    text = text.replace("{mode: separate}", "{mode: bonus, points: 5, cap: 15}")
    path.write_text(text.replace("weight: 2", "weight: 1"))
    (tmp_path / "votes" / "overrides.csv").write_text("rollcall_id,legislator_id,option,note\n")
    (tmp_path / "votes" / "dataset.yaml").write_text("source: X\n")
    s = by_id(methodology(score_platform(path)))
    votes = " ".join(s["votes"].paragraphs)
    assert "Excused, paired and other votes count for half credit" in votes
    assert "first 2 absences (by date) that would otherwise count are forgiven" in votes
    assert s["weights"].paragraphs == ["Every scored vote has the same weight (1)."]
    assert not s["weights"].has_table
    assert "5 points added" in s["sponsorship"].paragraphs[0]
    assert "at most 15 points" in s["sponsorship"].paragraphs[0]
    assert "No vote was corrected" in s["overrides"].paragraphs[0]
    assert not s["data"].paragraphs[0].startswith("Sample data")
