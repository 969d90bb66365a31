"""Finding legislators by id, slug or name, comparing them, and one-page briefings.

Pure functions over a scored :class:`~scorecard.card.Scorecard`: ``find_legislator``
resolves what a user typed, ``comparison`` gathers a side-by-side view of two or more
legislators, ``briefing`` what an endorsement committee reads about one. The command
line (``scorecard compare``, ``scorecard brief``) prints them with :mod:`.render.text`.
Scores are never compared across chambers: a comparison says so when its members sit
in different ones.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from .errors import ScorecardError
from .render.context import (
    demand_why,
    gather_site_info,
    int_or_none,
    option_label,
    rank_text,
    records,
    section_why,
    verdict,
)
from .render.formats import missing, percent, shown
from .render.legislators import served
from .render.slugs import legislator_slugs
from .selection import committee_label

if TYPE_CHECKING:
    from .card import Scorecard


# ---- finding a legislator ------------------------------------------------------------


def normalize(text: str) -> str:
    """Case- and accent-insensitive form: ``"José  PERALTA"`` -> ``"jose peralta"``."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("\u2019", "'").replace("\u2018", "'")  # O’Brien = O'Brien
    return " ".join(bare.casefold().split())


def describe(card: Scorecard, row: Any) -> str:
    """``"Ada Senator (Senate District 1, Democratic; id s1)"``."""
    party = f", {row['party']}" if row["party"] else ""
    return (f"{row['name']} ({card.platform.chamber_name(str(row['chamber']))} District "
            f"{row['district']}{party}; id {row['legislator_id']})")


def _candidates(card: Scorecard, rows: pd.DataFrame, limit: int = 10) -> list[str]:
    lines = [f"  - {describe(card, r)}" for _, r in rows.head(limit).iterrows()]
    if len(rows) > limit:
        lines.append(f"  ... and {len(rows) - limit} more")
    return lines


def find_legislator(card: Scorecard, query: str) -> pd.Series:
    """The scores-table row of the legislator ``query`` names. Raises ScorecardError.

    ``query`` is a legislator id, a page slug (``legislators/<slug>.html``) or a name:
    the exact full name first (case- and accent-insensitive), then a name containing
    it, when only one does. No match, or several, is an error listing the candidates.
    """
    t = card.scores.table
    q = str(query).strip()
    if not q:
        raise ScorecardError("Name a legislator: an id, a page slug or a name.")
    hit = t[t["legislator_id"].astype(str) == q]
    if len(hit) == 1:
        return hit.iloc[0].copy()
    slugs = legislator_slugs(t)
    by_slug = {slug: lid for lid, slug in slugs.items()}
    key = q.lower().removesuffix(".html")
    if key in by_slug:
        return t[t["legislator_id"] == by_slug[key]].iloc[0].copy()
    hit = t[t["legislator_id"].astype(str).str.casefold() == q.casefold()]
    if len(hit) == 1:
        return hit.iloc[0].copy()
    nq = normalize(q)
    names = t["name"].astype(str).map(normalize)
    sort_names = t["sort_name"].astype(str).map(normalize)
    exact = t[(names == nq) | (sort_names == nq)]
    if len(exact) == 1:
        return exact.iloc[0].copy()
    partial = exact if len(exact) else t[names.str.contains(nq, regex=False)
                                         | sort_names.str.contains(nq, regex=False)]
    if len(partial) == 1:
        return partial.iloc[0].copy()
    hint = ("Be more specific: give the full name, or use the legislator's id instead "
            "(shown after 'id' above), e.g. {}.")
    if len(partial) > 1:
        raise ScorecardError("\n".join(
            [f"{q!r} matches {len(partial)} legislators:"] + _candidates(card, partial)
            + [hint.format(partial.iloc[0]["legislator_id"])]))
    close = difflib.get_close_matches(nq, list(dict.fromkeys(names)), n=5, cutoff=0.6)
    lines = [f"No legislator matches {q!r} (by id, page slug or name)."]
    if close:
        lines.append("Did you mean:")
        lines += _candidates(card, t[names.isin(close)])
        lines.append(hint.format(t[names.isin(close)].iloc[0]["legislator_id"]))
    else:
        lines.append("The scores table lists every legislator with their id: "
                     "output/data/scores.csv (run `scorecard build`).")
    raise ScorecardError("\n".join(lines))


# ---- what is shown about one legislator ----------------------------------------------


@dataclass
class ScoreLine:
    """A score with its label; ``why`` says why it is empty (never "N/A")."""

    id: str
    title: str
    shown: str
    votes_counted: int
    why: str


@dataclass
class Profile:
    """One legislator's numbers, as the comparison and the briefing show them."""

    legislator_id: str
    name: str
    slug: str
    chamber: str
    chamber_name: str
    district: str
    party: str
    term: str
    score: float | None
    score_shown: str
    grade: str
    rank: int | None
    rank_text: str
    lifetime_shown: str
    participation_shown: str
    incomplete: bool
    votes_counted: int
    sponsored_support: int | None
    sponsored_oppose: int | None
    why_no_score: str
    sections: list[ScoreLine]
    demands: list[ScoreLine]

    @property
    def score_text(self) -> str:
        """``"72 (grade C)"``, ``"72 (grade C, incomplete)"`` or ``"no score: why"``."""
        if not self.score_shown:
            return f"no score: {self.why_no_score or 'no counted vote'}"
        extra = [f"grade {self.grade}"] if self.grade else []
        if self.incomplete:
            extra.append("incomplete")
        return self.score_shown + (f" ({', '.join(extra)})" if extra else "")

    @property
    def sponsored_text(self) -> str:
        if self.sponsored_support is None:
            return "not counted (sponsorship: off)"
        return f"{self.sponsored_support} supported / {self.sponsored_oppose} opposed"


@dataclass
class VoteLine:
    """One scored vote of one legislator (or a sponsorship counted as one)."""

    rollcall_id: str
    date: str
    bill: str
    title: str
    demand: str
    position: str
    option: str
    verdict: str  # "Aligned", "Against", "Half credit", "Not counted"


@dataclass
class VoteDiff:
    """A scored roll call on which the compared legislators did not all vote alike."""

    rollcall_id: str
    date: str
    chamber_name: str
    bill: str
    demand: str
    position: str
    options: list[str]  # per member, "" when they have no vote on it
    verdicts: list[str]


@dataclass
class Comparison:
    members: list[Profile]
    same_chamber: bool
    notes: list[str]
    sections: list[str]  # titles, in the platform's order
    differing: list[VoteDiff]
    title: str
    period_label: str
    fictional: bool


@dataclass
class Briefing:
    profile: Profile
    roles: list[str]
    votes: list[VoteLine]
    sponsorships: list[str]
    title: str
    organization: str
    period_label: str
    fictional: bool
    notes: list[str] = field(default_factory=list)
    sensitivity: str = ""  # the score under the other rules, in one line


def period_label(card: Scorecard) -> str:
    """``"the 2025-2026 session"``: the period as every page of the site names it."""
    return gather_site_info(card).period_label


def _scores_by(frame: pd.DataFrame, lid: str) -> dict[str, tuple[Any, int]]:
    if len(frame) == 0 or lid not in frame.index.get_level_values(0):
        return {}
    part = frame.xs(lid, level=0)
    return {str(k): (s, int(n)) for k, s, n in zip(
        part.index.tolist(), part["score"].tolist(), part["votes_counted"].tolist(),
        strict=True)}


def _term(row: Any) -> str:
    start, end = str(row["start_date"] or ""), str(row["end_date"] or "")
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"since {start}"
    return f"until {end}" if end else "term dates not in the data"


def profile(card: Scorecard, row: Any, slugs: dict[str, str] | None = None) -> Profile:
    """What is shown about the legislator of ``row`` (a scores-table row).

    ``slugs`` are the legislators' page slugs when the caller has them already.
    """
    t = card.scores.table
    p = card.platform.model
    lid = str(row["legislator_id"])
    chamber = str(row["chamber"])
    chamber_name = card.platform.chamber_name(chamber)
    rank = int_or_none(row["rank"])
    rank_words = "not ranked (no score)"
    if rank is not None:
        ranked = t[(t["chamber"] == chamber) & t["rank"].notna()]
        tied = int((ranked["rank"] == rank).sum()) > 1
        rank_words = rank_text(rank, len(ranked), chamber_name, tied)
    sec = _scores_by(card.scores.period.sections, lid)
    sections = []
    for s in p.sections:
        value = row.get(f"section:{s.id}")
        n = sec.get(s.id, (None, 0))[1]
        why = section_why(n) if missing(value) else ""
        sections.append(ScoreLine(s.id, s.title, shown(value), n, why))
    dem = _scores_by(card.scores.period.demands, lid)
    demands = []
    for s in p.sections:
        for d in s.demands:
            value, n = dem.get(d.id, (None, 0))
            why = demand_why(bool(d.bills), n) if missing(value) else ""
            demands.append(ScoreLine(d.id, d.title, shown(value), n, why))
    if slugs is None:
        slugs = legislator_slugs(t)
    return Profile(
        legislator_id=lid, name=str(row["name"]), slug=slugs.get(lid, ""), chamber=chamber,
        chamber_name=chamber_name, district=str(row["district"]), party=str(row["party"]),
        term=_term(row), score=None if missing(row["score"]) else float(row["score"]),
        score_shown=shown(row["score"]), grade=str(row["grade"] or ""), rank=rank,
        rank_text=rank_words, lifetime_shown=shown(row["lifetime_score"]),
        participation_shown=percent(row["participation"]),
        incomplete=bool(row["incomplete"]), votes_counted=int(row["votes_counted"]),
        sponsored_support=int_or_none(row["sponsored_support"]),
        sponsored_oppose=int_or_none(row["sponsored_oppose"]),
        why_no_score=str(row.get("why_no_score") or ""), sections=sections, demands=demands)


def _entry_labels(card: Scorecard) -> dict[str, tuple[str, str, str]]:
    """entry key -> (bill label, entry title, demand title)."""
    return {pe.key: (pe.entry.label, pe.entry.title or "", pe.demand.title)
            for pe in card.platform.entries()}


def _vote_rows(card: Scorecard, ids: list[str]) -> list[dict[str, Any]]:
    rows = card.scores.period.rows
    mine = rows[rows["legislator_id"].isin(ids)]
    mine = mine.sort_values(["date", "rc_order", "order", "rollcall_id"], kind="stable")
    return records(mine)


def comparison(card: Scorecard, rows: list[Any]) -> Comparison:
    """Side by side: the legislators of ``rows`` (scores-table rows), in that order."""
    ids = [str(r["legislator_id"]) for r in rows]
    if len(set(ids)) != len(ids):
        raise ScorecardError("Name each legislator once: the same legislator was given twice "
                             f"({', '.join(sorted({i for i in ids if ids.count(i) > 1}))}).")
    if len(ids) < 2:
        raise ScorecardError("Name at least two legislators to compare.")
    slugs = legislator_slugs(card.scores.table)
    members = [profile(card, r, slugs) for r in rows]
    chambers = {m.chamber for m in members}
    notes = []
    if len(chambers) > 1:
        names = "; ".join(f"{m.name}: {m.chamber_name}" for m in members)
        notes.append("These legislators sit in different chambers (" + names + "). Scores "
                     "are never compared across chambers: each chamber votes on its own roll "
                     "calls, so the scores and ranks below are not comparable.")
    labels = _entry_labels(card)
    by_rc: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    order: list[str] = []
    for r in _vote_rows(card, ids):
        if r["kind"] != "vote":
            continue
        rid = str(r["rollcall_id"])
        if rid not in by_rc:
            order.append(rid)
        by_rc[rid][str(r["legislator_id"])] = r
    differing = []
    for rid in order:
        votes = by_rc[rid]
        options = {str(v["option"]) for v in votes.values()}
        if len(votes) < 2 or len(options) < 2:
            continue
        first = next(iter(votes.values()))
        bill, _title, demand = labels.get(str(first["entry"]), ("", "", ""))
        where = committee_label(str(first.get("motion_type") or ""),
                                str(first.get("committee") or ""))
        bill = f"{bill} ({where})" if where else bill
        differing.append(VoteDiff(
            rollcall_id=rid, date=str(first["date"]),
            chamber_name=card.platform.chamber_name(str(first["chamber"])), bill=bill,
            demand=demand, position=str(first["position"]),
            options=[option_label(str(votes[i]["option"]), str(votes[i].get("raw") or ""))
                     if i in votes else "" for i in ids],
            verdicts=[verdict(votes[i]["credit"], bool(votes[i]["counted"]))[1]
                      if i in votes else "" for i in ids]))
    return Comparison(
        members=members, same_chamber=len(chambers) == 1, notes=notes,
        sections=[s.title for s in card.platform.model.sections], differing=differing,
        title=card.platform.model.title, period_label=period_label(card),
        fictional=card.fictional)


def briefing(card: Scorecard, row: Any) -> Briefing:
    """A one-page briefing on the legislator of ``row`` (a scores-table row)."""
    prof = profile(card, row)
    labels = _entry_labels(card)
    votes = []
    for r in _vote_rows(card, [prof.legislator_id]):
        bill, title, demand = labels.get(str(r["entry"]), ("", "", ""))
        where = committee_label(str(r.get("motion_type") or ""), str(r.get("committee") or ""))
        bill = f"{bill} ({where})" if where else bill
        votes.append(VoteLine(
            rollcall_id=str(r["rollcall_id"]), date=str(r["date"] or ""), bill=bill,
            title=title, demand=demand, position=str(r["position"]),
            option=option_label(str(r["option"]), str(r.get("raw") or "")),
            verdict=verdict(r["credit"], bool(r["counted"]), str(r["kind"]))[1]))
    sponsored = card.scores.period.sponsored
    mine = sponsored[sponsored["legislator_id"] == prof.legislator_id]
    spons = [f"{labels.get(str(s['entry']), (str(s['number']), '', ''))[0]} "
             f"({s['session']}, {s['role']}): the platform {s['position']}s it"
             for s in records(mine.sort_values(["order"], kind="stable"))]
    p = card.platform.model
    lid, legs = prof.legislator_id, card.dataset.legislators
    roles = served(card, legs[legs["legislator_id"] == lid]).get(lid, [])
    return Briefing(profile=prof, roles=roles, votes=votes, sponsorships=spons, title=p.title,
                    organization=p.organization or "", period_label=period_label(card),
                    fictional=card.fictional,
                    sensitivity=card.sensitivity.lines.get(lid, "") if card.sensitivity
                    else "")


__all__ = ["Briefing", "Comparison", "Profile", "briefing", "comparison", "find_legislator",
           "normalize", "profile"]
