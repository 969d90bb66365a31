"""The scoring rules of DESIGN.md section 4, one row per rule."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest

from scorecard.build import score_platform
from scorecard.scoring import grade_for, round_half_up

from .builders import ROLLCALLS, make_dataset, make_platform

S1 = {"number": "S1", "same_as": ["A1"], "session": "2023-2024", "position": "support"}
S1_OPPOSE = {**S1, "position": "oppose"}
S2 = {"number": "S2", "session": "2023-2024", "position": "support"}
S9 = {"number": "S9", "session": "2021-2022", "position": "support"}
FINAL = "rc-a1-final"  # the Senate's last passage vote on S1/A1 (on the substituted print)

CASES: list[dict[str, Any]] = [
    dict(id="yes on support is aligned, no is against",
         votes={FINAL: {"s1": "yes", "s2": "no"}}, expect={"s1": 100, "s2": 0}),
    dict(id="oppose position reverses credit", entries=[S1_OPPOSE],
         votes={FINAL: {"s1": "yes", "s2": "no"}}, expect={"s1": 0, "s2": 100}),
    dict(id="absent counts against by default",
         votes={FINAL: {"s1": "absent"}, "rc-s2": {"s1": "yes"}}, entries=[S1, S2],
         expect={"s1": 50}),
    dict(id="absent: exclude", scoring={"absent": "exclude"}, entries=[S1, S2],
         votes={FINAL: {"s1": "absent"}, "rc-s2": {"s1": "yes"}}, expect={"s1": 100}),
    dict(id="absent: half", scoring={"absent": "half"}, entries=[S1, S2],
         votes={FINAL: {"s1": "absent"}, "rc-s2": {"s1": "yes"}}, expect={"s1": 75}),
    dict(id="not voting and abstain follow the absent rule", entries=[S1, S2],
         votes={FINAL: {"s1": "not voting", "s2": "abstain"}, "rc-s2": {"s1": "yes", "s2": "yes"}},
         expect={"s1": 50, "s2": 50}),
    dict(id="excused is excluded by default", entries=[S1, S2],
         votes={FINAL: {"s1": "excused"}, "rc-s2": {"s1": "no"}}, expect={"s1": 0}),
    dict(id="excused: against", scoring={"excused": "against"}, entries=[S1, S2],
         votes={FINAL: {"s1": "excused"}, "rc-s2": {"s1": "yes"}}, expect={"s1": 50}),
    dict(id="paired and other follow the excused rule", scoring={"excused": "half"},
         entries=[S1, S2], votes={FINAL: {"s1": "paired", "s2": "other"},
                                  "rc-s2": {"s1": "yes", "s2": "no"}},
         expect={"s1": 75, "s2": 25}),
    dict(id="only excused votes: no score", votes={FINAL: {"s1": "excused"}},
         expect={"s1": None}),
    dict(id="forgive_absences excludes the first absence by date",
         scoring={"forgive_absences": 1}, entries=[{**S1, "votes": "all"}, S2],
         votes={"rc-s1-early": {"s1": "absent"}, FINAL: {"s1": "yes"}, "rc-s2": {"s1": "absent"}},
         expect={"s1": 50}),
    dict(id="without forgiveness both absences count", entries=[{**S1, "votes": "all"}, S2],
         votes={"rc-s1-early": {"s1": "absent"}, FINAL: {"s1": "yes"}, "rc-s2": {"s1": "absent"}},
         expect={"s1": 100 / 3}),
    dict(id="weights", entries=[{**S1, "weight": 2}, S2],
         votes={FINAL: {"s1": "yes"}, "rc-s2": {"s1": "no"}}, expect={"s1": 200 / 3}),
    dict(id="votes: final takes the last passage vote per chamber",
         votes={"rc-s1-early": {"s1": "no"}, FINAL: {"s1": "yes"}, "rc-a1-lower": {"a1": "no"}},
         expect={"s1": 100, "a1": 0}),
    dict(id="votes: all takes every passage vote", entries=[{**S1, "votes": "all"}],
         votes={"rc-s1-early": {"s1": "no"}, FINAL: {"s1": "yes"}}, expect={"s1": 50}),
    dict(id="votes: a list takes exactly those roll calls",
         entries=[{**S1, "votes": ["rc-s1-early"]}],
         votes={"rc-s1-early": {"s1": "no"}, FINAL: {"s1": "yes"}}, expect={"s1": 0}),
    dict(id="committee: true adds committee roll calls", entries=[{**S1, "committee": True}],
         votes={"rc-s1-cmte": {"s1": "no"}, FINAL: {"s1": "yes"}}, expect={"s1": 50}),
    dict(id="committee_weight sets a committee vote's weight",
         entries=[{**S1, "committee": True, "committee_weight": 3}],
         votes={"rc-s1-cmte": {"s1": "no"}, FINAL: {"s1": "yes"}}, expect={"s1": 25}),
    dict(id="committee_weight below the entry weight",
         entries=[{**S1, "committee": True, "weight": 2, "committee_weight": 0.5}],
         votes={"rc-s1-cmte": {"s1": "no"}, FINAL: {"s1": "yes"}}, expect={"s1": 80}),
    dict(id="committee votes are ignored by default",
         votes={"rc-s1-cmte": {"s1": "no"}, FINAL: {"s1": "yes"}}, expect={"s1": 100}),
    dict(id="a vote on the companion (substituted print) counts",
         entries=[{"number": "A1", "session": "2023-2024", "position": "support"}],
         votes={FINAL: {"s1": "yes"}}, expect={"s1": 100}),
    dict(id="without same_as only the named print counts",
         entries=[{"number": "S1", "session": "2023-2024", "position": "support"}],
         votes={"rc-s1-early": {"s1": "no"}, FINAL: {"s1": "yes"}}, expect={"s1": 0}),
    dict(id="amendment letters are dropped from platform numbers",
         entries=[{"number": "A1B", "session": "2023-2024", "position": "support"}],
         votes={FINAL: {"s1": "yes"}}, expect={"s1": 100}),
    dict(id="period.sessions filters entries; lifetime pools all sessions",
         entries=[S1, S9], period={"sessions": ["2023-2024"]},
         votes={FINAL: {"s1": "yes"}, "rc-s9": {"s1": "no"}},
         expect={"s1": 100}, lifetime={"s1": 50}),
    dict(id="period.end filters roll calls by date", entries=[{**S1, "votes": "all"}],
         period={"end": "2023-04-01"},
         votes={"rc-s1-early": {"s1": "no"}, FINAL: {"s1": "yes"}},
         expect={"s1": 0}, lifetime={"s1": 50}),
    dict(id="min_votes: fewer counted votes gives no score", scoring={"min_votes": 2},
         entries=[S1, S2], votes={FINAL: {"s1": "yes", "s2": "yes"}, "rc-s2": {"s1": "yes"}},
         expect={"s1": 100, "s2": None}),
    dict(id="sponsorship: bonus adds points, clamped to 100",
         scoring={"sponsorship": {"mode": "bonus", "points": 5, "cap": 15}}, entries=[S1, S2],
         sponsors=[("2023-2024/S1", "s1", "primary"), ("2023-2024/S1", "s2", "cosponsor")],
         votes={FINAL: {"s1": "yes", "s2": "yes"}, "rc-s2": {"s1": "no", "s2": "yes"}},
         expect={"s1": 55, "s2": 100}),
    dict(id="sponsorship: bonus subtracts for opposed bills, capped",
         scoring={"sponsorship": {"mode": "bonus", "points": 10, "cap": 15}},
         entries=[S1_OPPOSE, {**S2, "position": "oppose"}],
         sponsors=[("2023-2024/A1", "s1", "primary"), ("2023-2024/S2", "s1", "primary")],
         votes={FINAL: {"s1": "no"}, "rc-s2": {"s1": "no"}}, expect={"s1": 85}),
    dict(id="sponsorship: action counts a sponsored entry as a vote",
         scoring={"sponsorship": {"mode": "action"}}, entries=[S1, S2],
         sponsors=[("2023-2024/S2", "s1", "primary")],
         votes={FINAL: {"s1": "no"}}, expect={"s1": 50}),
    dict(id="sponsorship: action gives a score to a sponsor with no votes",
         scoring={"sponsorship": {"mode": "action"}}, entries=[S2],
         sponsors=[("2023-2024/S2", "a1", "cosponsor")], votes={}, expect={"a1": 100}),
    dict(id="sponsorship: separate leaves the score alone", entries=[S1],
         sponsors=[("2023-2024/S1", "s1", "primary")], votes={FINAL: {"s1": "no"}},
         expect={"s1": 0}),
    dict(id="roll-call entries score named roll calls (nominations)",
         entries=[{"rollcalls": ["rc-nom"], "position": "oppose", "title": "A nominee"}],
         votes={"rc-nom": {"s1": "no", "s2": "yes"}}, expect={"s1": 100, "s2": 0}),
    dict(id="overrides change a vote before scoring (excused is excluded)", entries=[S1, S2],
         votes={FINAL: {"s1": "absent"}, "rc-s2": {"s1": "yes"}},
         overrides=[(FINAL, "s1", "excused", "medical leave")], expect={"s1": 100}),
    dict(id="an override can add a missing member", entries=[S1],
         votes={FINAL: {"s2": "yes"}}, overrides=[(FINAL, "s1", "no", "journal correction")],
         expect={"s1": 0, "s2": 100}),
]


def _run(tmp_path, case: dict[str, Any]):
    make_dataset(tmp_path / "votes", case["votes"], sponsors=case.get("sponsors", []),
                 overrides=case.get("overrides", []))
    make_platform(tmp_path / "platform.yaml", case.get("entries"), case.get("scoring"),
                  case.get("period"))
    return score_platform(tmp_path / "platform.yaml")


def _check(table, column: str, expect: dict[str, float | None]) -> None:
    got = table.set_index("legislator_id")[column]
    for lid, want in expect.items():
        value = got.get(lid, math.nan)
        if want is None:
            assert math.isnan(value), f"{lid}: expected no {column}, got {value}"
        else:
            assert value == pytest.approx(want), f"{lid}: {column} {value} != {want}"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_rule(tmp_path, case):
    card = _run(tmp_path, case)
    _check(card.scores.table, "score", case["expect"])
    _check(card.scores.table, "lifetime_score", case.get("lifetime", case["expect"]))


def test_sponsorship_tallies_in_separate_mode(tmp_path):
    card = _run(tmp_path, dict(entries=[S1, {**S2, "position": "oppose"}],
                               sponsors=[("2023-2024/S1", "s1", "primary"),
                                         ("2023-2024/A1", "s1", "cosponsor"),
                                         ("2023-2024/S2", "s1", "cosponsor")],
                               votes={FINAL: {"s1": "yes"}}))
    row = card.scores.table.set_index("legislator_id").loc["s1"]
    # sponsoring both companions of one entry counts once
    assert (row["sponsored_support"], row["sponsored_oppose"]) == (1, 1)


def test_sponsorship_off_reports_no_tallies(tmp_path):
    card = _run(tmp_path, dict(scoring={"sponsorship": {"mode": "off"}},
                               sponsors=[("2023-2024/S1", "s1", "primary")],
                               votes={FINAL: {"s1": "yes"}}))
    row = card.scores.table.set_index("legislator_id").loc["s1"]
    assert pd.isna(row["sponsored_support"]) and pd.isna(row["sponsored_oppose"])


def test_participation_and_incomplete(tmp_path):
    card = _run(tmp_path, dict(entries=[{**S1, "votes": "all", "committee": True}, S2],
                               votes={"rc-s1-cmte": {"s1": "yes", "s2": "excused"},
                                      "rc-s1-early": {"s1": "yes", "s2": "yes"},
                                      FINAL: {"s1": "yes", "s2": "absent"},
                                      "rc-s2": {"s1": "no", "s2": "yes"}}))
    t = card.scores.table.set_index("legislator_id")
    assert t.loc["s1", "participation"] == 1.0 and not t.loc["s1", "incomplete"]
    assert t.loc["s2", "participation"] == 0.5 and t.loc["s2", "incomplete"]
    # the excused vote is not counted; the absence is
    assert t.loc["s2", "votes_counted"] == 3
    stats = card.scores.party_stats.set_index(["chamber", "party"])
    assert stats.loc[("upper", "Republican"), "complete"] == 0  # incomplete: left out
    assert math.isnan(stats.loc[("upper", "Republican"), "mean"])


def test_rank_ties_share_the_lower_number(tmp_path):
    card = _run(tmp_path, dict(entries=[S1, S2],
                               votes={FINAL: {"s1": "yes", "s2": "yes", "s3": "no"},
                                      "rc-s2": {"s1": "yes", "s2": "yes", "s3": "yes"}}))
    t = card.scores.table.set_index("legislator_id")
    assert list(t.loc[["s1", "s2", "s3"], "rank"]) == [1, 1, 3]
    assert list(t.loc[["s1", "s3"], "grade"]) == ["A", "F"]


def test_party_mean_and_median(tmp_path):
    card = _run(tmp_path, dict(entries=[S1, S2],
                               votes={FINAL: {"s1": "yes", "s3": "no"},
                                      "rc-s2": {"s1": "yes", "s3": "yes"}}))
    stats = card.scores.party_stats.set_index(["chamber", "party"])
    assert stats.loc[("upper", "Democratic"), "mean"] == pytest.approx(75)
    assert stats.loc[("upper", "Democratic"), "median"] == pytest.approx(75)


def test_member_who_served_in_both_chambers_appears_under_the_latest(tmp_path):
    legislators = [
        ("mover", "Mo Mover", "Democratic", "lower", "9", "2021-01-01", "2023-12-31"),
        ("mover", "Mo Mover", "Democratic", "upper", "4", "2024-01-01", ""),
        ("s1", "Ada Senator", "Democratic", "upper", "1", "2021-01-01", ""),
        ("a1", "Di Member", "Democratic", "lower", "1", "2021-01-01", ""),
    ]
    make_dataset(tmp_path / "votes", {"rc-a1-lower": {"mover": "yes", "a1": "yes"},
                                      "rc-s2": {"mover": "no", "s1": "yes"}},
                 legislators=legislators)
    make_platform(tmp_path / "platform.yaml", [S1, S2])
    t = score_platform(tmp_path / "platform.yaml").scores.table.set_index("legislator_id")
    assert t.loc["mover", "chamber"] == "upper" and t.loc["mover", "district"] == "4"
    assert t.loc["mover", "score"] == pytest.approx(50)  # both chambers' votes pooled
    assert t.loc["mover", "rank"] == 2  # ranked among senators only


def test_why_no_score_is_explained(tmp_path):
    card = _run(tmp_path, dict(votes={FINAL: {"s1": "yes", "s2": "excused"}}))
    t = card.scores.table.set_index("legislator_id")
    assert "insufficient record" in t.loc["s2", "why_no_score"]
    assert "no record in the data" in t.loc["s3", "why_no_score"]
    # a2 held an Assembly seat on the day of the Assembly's scored vote, with no row for it
    assert t.loc["a2", "why_no_score"] == ("no record in the data: no vote of theirs on the "
                                           "scored roll calls")


def test_why_no_score_outside_the_term_and_without_the_chambers_votes(tmp_path):
    legislators = [
        ("s1", "Ada Senator", "Democratic", "upper", "1", "2021-01-01", ""),
        ("late", "New Senator", "Republican", "upper", "2", "2023-07-01", ""),
        ("a1", "Di Member", "Democratic", "lower", "1", "2021-01-01", ""),
    ]
    rollcalls = [r for r in ROLLCALLS if r[3] == "upper"]
    make_dataset(tmp_path / "votes", {FINAL: {"s1": "yes"}},
                 legislators=legislators, rollcalls=rollcalls)
    make_platform(tmp_path / "platform.yaml", [S1], period={"sessions": ["2023-2024"]})
    t = score_platform(tmp_path / "platform.yaml").scores.table.set_index("legislator_id")
    # sworn in after the Senate's only scored vote
    assert t.loc["late", "why_no_score"] == "not in office for any scored vote"
    # the dataset holds no Assembly roll call at all: said plainly, with where to look
    assert t.loc["a1", "why_no_score"] == ("this dataset has no Assembly roll calls at all (its "
                                           "sources have none); see docs/adding-votes.md for "
                                           "how to add them")


def test_receipts_trace_every_scored_vote(tmp_path):
    card = _run(tmp_path, dict(entries=[S1], votes={FINAL: {"s1": "yes", "s2": "absent"}},
                               overrides=[(FINAL, "s2", "excused", "family leave")]))
    r = card.scores.receipts.set_index("legislator_id")
    assert r.loc["s1", "rollcall_id"] == FINAL and r.loc["s1", "credit"] == 1.0
    assert r.loc["s1", "source_url"] == f"https://example.org/{FINAL}"
    assert bool(r.loc["s2", "overridden"]) and "family leave" in r.loc["s2", "note"]
    assert not bool(r.loc["s2", "counted"])


@pytest.mark.parametrize("value, shown", [(72.5, 73), (72.49, 72), (0.5, 1), (99.5, 100),
                                          (100 * 2 / 3, 67), (100 * 29 / 40, 73)])
def test_round_half_up(value, shown):
    assert round_half_up(value) == shown


@pytest.mark.parametrize("score, grade", [(90, "A"), (89.99, "B"), (80, "B"), (0, "F"),
                                          (100 * 0.8, "B"), (float("nan"), "")])
def test_grades(score, grade):
    assert grade_for(score, {"A": 90, "B": 80, "C": 70, "D": 60, "F": 0}) == grade


def test_roll_call_without_a_bill_takes_the_session_its_date_falls_in(tmp_path):
    card = _run(tmp_path, dict(entries=[S1, {"rollcalls": ["rc-nom"], "position": "oppose"}],
                               votes={FINAL: {"s1": "yes"}, "rc-nom": {"s1": "no"}}))
    sel = card.scores.lifetime.selection.rows.set_index("rollcall_id")
    assert sel.loc["rc-nom", "session"] == "2023-2024"


def test_committee_votes_name_their_committee(tmp_path):
    """Receipts, the legislator page's votes, the briefing and compare all say which
    committee voted (issue 11, item 8)."""
    from scorecard.compare import briefing, comparison, find_legislator
    from scorecard.render.text import format_briefing, format_comparison

    card = _run(tmp_path, dict(entries=[{**S1, "committee": True}],
                               votes={"rc-s1-cmte": {"s1": "no", "s2": "yes"},
                                      FINAL: {"s1": "yes", "s2": "yes"}}))
    rec = card.scores.receipts
    assert rec.loc[rec["rollcall_id"] == "rc-s1-cmte", "motion"].unique().tolist() == [
        "Labor committee: Committee"]
    b = briefing(card, find_legislator(card, "s1"))
    assert [v.bill for v in b.votes] == ["S1 / A1 (Labor committee vote)", "S1 / A1"]
    text = format_briefing(b)
    assert "S1 / A1 (Labor" in text  # the Bill column, wrapped
    rows = [find_legislator(card, "s1"), find_legislator(card, "s2")]
    diff = comparison(card, rows)
    assert [d.bill for d in diff.differing] == ["S1 / A1 (Labor committee vote)"]
    assert "S1 / A1 (Labor" in format_comparison(diff)
