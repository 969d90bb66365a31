"""Legislator pages: the typed context of ``legislators/<slug>.html``.

Gathered for every legislator in one pass over the scored rows (bucketed by legislator
once, never filtered per page), so that 7,000 pages cost little more than 200.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..model import bill_id
from ..selection import committee_label, session_in_period
from .charts import TrendPoint, trend_svg
from .context import (
    Link,
    Page,
    RosterRow,
    SiteContext,
    demand_why,
    option_label,
    rank_text,
    records,
    section_why,
    verdict,
)
from .formats import bill_page, demand_page, missing, share_image, shown, web_url

if TYPE_CHECKING:
    import pandas as pd

    from ..card import Scorecard


#: the columns of the scored rows a vote view reads
VOTE_COLUMNS = ["legislator_id", "entry", "order", "session", "rollcall_id", "bill_id", "chamber",
                "date", "motion", "position", "weight", "option", "raw", "credit", "counted",
                "kind", "note", "overridden", "override_note", "source_url", "motion_type",
                "committee"]


@dataclass(slots=True, frozen=True)
class VoteView:
    """One scored vote (or, in action mode, a sponsorship that counts as one)."""

    demand: Link
    section_title: str
    bill: str  # "S1747 / A3675" or the roll calls' title
    bill_link: Link | None
    title: str
    position: str  # "support" | "oppose"
    wanted: str  # "Yes" | "No"
    option: str  # "Yes (AYEWR)"
    verdict_class: str
    verdict_text: str
    weight: str
    date: str
    motion: str
    chamber: str
    source_url: str
    note: str
    overridden: bool
    override_note: str
    #: "Health committee vote" for a committee vote, "" for a floor vote
    committee: str = ""
    rollcall_id: str = ""
    replies: tuple[Reply, ...] = ()  # the legislator's replies on it


@dataclass(slots=True, frozen=True)
class Reply:
    """A legislator's reply on a vote or a bill (replies.csv), and what was decided."""

    date: str
    text: str
    decision: str  # "noted" | "corrected"


@dataclass(slots=True, frozen=True)
class Correction:
    """A dated correction of the published scorecard (corrections.csv)."""

    date: str
    what: str
    why: str


@dataclass(slots=True, frozen=True)
class ScoreLine:
    """A score with its label, for the per-section bars and the per-demand table.

    Two lines are equal when they show the same (``value`` is left out: ``shown`` is
    what a page says of it), so a page's table reuses rows rendered for others.
    """

    id: str
    title: str
    value: Any = field(compare=False)
    shown: str
    votes_counted: int
    why: str  # why it is empty
    link: Link | None = None
    section: str = ""
    #: the link as HTML, escaped once for every page (legislator pages sit one folder down)
    link_html: Markup = Markup("")


@dataclass(slots=True)
class SessionBlock:
    session: str
    in_period: bool
    score_shown: str
    votes_counted: int
    votes: list[VoteView]


@dataclass(slots=True)
class SponsorView:
    demand: Link
    bill: str
    bill_link: Link | None
    session: str
    position: str
    role: str
    counts: str  # what the sponsorship means under the platform's mode


@dataclass
class LegislatorPage:
    page: Page
    row: RosterRow
    chamber_name: str
    roles: list[str]
    rank_text: str
    participation_text: str
    sections: list[ScoreLine]
    demands: list[ScoreLine]
    sessions: list[SessionBlock]
    sponsorships: list[SponsorView]
    trend_svg: Markup | None
    trend_rows: list[list[str]]
    period_sessions: list[str]
    sensitivity: str = ""  # "76 under our rules; 71-80 under the other absence rules; ..."
    bill_replies: list[tuple[str, Reply]] = field(default_factory=list)  # (bill, reply)
    corrections: list[Correction] = field(default_factory=list)


def _entry_info(card: Scorecard, ctx: SiteContext) -> dict[str, dict[str, Any]]:
    out = {}
    for pe in card.platform.entries():
        e = pe.entry
        link = None
        if e.number:
            slug = ctx.bill_slugs[bill_id(e.session or "", e.number)]
            link = Link(bill_page(slug), e.label)
        out[pe.key] = {
            "demand": Link(demand_page(ctx.demand_slugs[pe.demand.id]), pe.demand.title),
            "section": pe.section.title, "label": e.label, "link": link,
            "title": e.title or "", "position": e.position,
        }
    return out


def _bucket(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        out[str(r["legislator_id"])].append(r)
    return out


def _scores_by(frame: Any) -> dict[tuple[str, str], tuple[Any, int]]:
    if frame is None or len(frame) == 0:
        return {}
    return {(str(k[0]), str(k[1])): (score, int(n)) for k, score, n in zip(
        frame.index.tolist(), frame["score"].tolist(), frame["votes_counted"].tolist(),
        strict=True)}


def served(card: Scorecard, legislators: pd.DataFrame | None = None) -> dict[str, list[str]]:
    """legislator id -> the seats they held, oldest first ("Senate District 3, Democratic,
    from 2021-01-01 to the present"); of ``legislators`` (rows of legislators.csv) or all.

    Rows that continue one another (same chamber, district and party, the next starting
    on or before the day after the last ends: a roster term and the days a member was
    seen voting after it) are shown as one term. A row with no district says so.
    """
    legs = card.dataset.legislators if legislators is None else legislators
    legs = legs.sort_values(["legislator_id", "start_date"], kind="stable")
    terms: dict[str, list[list[str]]] = defaultdict(list)
    for r in legs[["legislator_id", "chamber", "district", "party", "start_date",
                   "end_date"]].astype(str).itertuples(index=False):
        held = terms[r.legislator_id]
        last = held[-1] if held else None
        if (last is not None and last[:3] == [r.chamber, r.district, r.party] and last[4]
                and r.start_date and r.start_date <= _day_after(last[4])):
            last[4] = "" if not r.end_date else max(last[4], r.end_date)
            continue
        held.append([r.chamber, r.district, r.party, r.start_date, r.end_date])
    out: dict[str, list[str]] = {}
    for lid, held in terms.items():
        out[lid] = []
        for chamber, district, party, first, until in held:
            name = card.platform.chamber_name(chamber)
            seat = f"{name} District {district}" if district else (
                f"{name} (district not in the data)")
            start = f"from {first}" if first else "from an unknown date"
            end = f"to {until}" if until else "to the present"
            out[lid].append(f"{seat}{f', {party}' if party else ''}, {start} {end}")
    return out


def _day_after(date: str) -> str:
    try:
        return (dt.date.fromisoformat(date) + dt.timedelta(days=1)).isoformat()
    except ValueError:
        return date


def _vote_view(r: dict[str, Any], info: dict[str, Any], chamber_names: dict[str, str],
               bill_titles: dict[str, str], replies: tuple[Reply, ...] = ()) -> VoteView:
    cls, words = verdict(r["credit"], bool(r["counted"]), str(r["kind"]))
    note = str(r.get("note") or "")
    bill_title = bill_titles.get(str(r.get("bill_id") or ""), "")
    return VoteView(
        demand=info["demand"], section_title=info["section"], bill=info["label"],
        bill_link=info["link"], title=info["title"] or bill_title,
        position=str(r["position"]), wanted="Yes" if r["position"] == "support" else "No",
        option=option_label(str(r["option"]), str(r.get("raw") or "")),
        verdict_class=cls, verdict_text=words, weight=f"{float(r['weight']):g}",
        date=str(r.get("date") or ""), motion=str(r.get("motion") or ""),
        chamber=chamber_names.get(str(r.get("chamber") or ""), ""),
        source_url=web_url(r.get("source_url")), note=note,
        overridden=bool(r.get("overridden") or False),
        override_note=str(r.get("override_note") or ""),
        committee=committee_label(str(r.get("motion_type") or ""), str(r.get("committee") or "")),
        rollcall_id=str(r.get("rollcall_id") or ""), replies=replies,
    )


#: the columns a VoteView is made from (legislator_id, session and order only place it)
VIEW_COLUMNS = [c for c in VOTE_COLUMNS if c not in ("legislator_id", "session", "order")]


class VoteViews:
    """Every scored vote of every legislator as a VoteView, sorted and grouped by session.

    Members of a roll call who voted the same way see the same row, so one VoteView is
    made per distinct row (roll call, entry, option, credit, note...) and shared: a
    150-member roll call makes a handful of views, not 150. The views are frozen, and a
    vote with a reply on it is its own view.
    """

    def __init__(self, card: Scorecard, info: dict[str, dict[str, Any]],
                 chamber_names: dict[str, str], bill_titles: dict[str, str],
                 on_votes: dict[tuple[str, str], list[Reply]]) -> None:
        rows = card.scores.lifetime.rows
        rows = rows[[c for c in VOTE_COLUMNS if c in rows.columns]].copy()
        rows["_pos"] = range(len(rows))
        # the legislator's votes oldest first (date, the platform's order, roll call),
        # ties in the scored rows' order: one sort for every page
        rows = rows.sort_values(["legislator_id", "date", "order", "rollcall_id", "_pos"])
        cols = {c: rows[c].tolist() for c in rows.columns}
        for c in ("credit", "weight"):
            cols[c] = [None if x != x else x for x in cols[c]]  # NaN keys never match
        self.by_legislator: dict[str, list[tuple[str, VoteView]]] = defaultdict(list)
        made: dict[tuple[Any, ...], VoteView] = {}
        keys = list(zip(*(cols[c] for c in VIEW_COLUMNS if c in cols), strict=True))
        names = [c for c in VIEW_COLUMNS if c in cols]
        rc = names.index("rollcall_id")
        for lid, session, key in zip(cols["legislator_id"], cols["session"], keys,
                                     strict=True):
            replies = on_votes.get((str(lid), str(key[rc]))) if on_votes else None
            full = key + (tuple(replies),) if replies else key
            view = made.get(full)
            if view is None:
                r = dict(zip(names, key, strict=True))
                view = made[full] = _vote_view(r, info[str(r["entry"])], chamber_names,
                                               bill_titles, tuple(replies or ()))
            self.by_legislator[str(lid)].append((str(session), view))

    def sessions(self, lid: str) -> dict[str, list[VoteView]]:
        """session -> the legislator's votes in it, oldest first."""
        out: dict[str, list[VoteView]] = defaultdict(list)
        for session, view in self.by_legislator.get(lid, []):
            out[session].append(view)
        return out


def replies_by(card: Scorecard) -> tuple[dict[tuple[str, str], list[Reply]],
                                          dict[str, list[tuple[str, Reply]]]]:
    """Replies on a roll call, by (legislator, rollcall_id); replies on a bill, by
    legislator (bill number, reply); oldest first."""
    on_votes: dict[tuple[str, str], list[Reply]] = defaultdict(list)
    on_bills: dict[str, list[tuple[str, Reply]]] = defaultdict(list)
    rep = card.dataset.replies.sort_values(["date"], kind="stable")
    for r in rep.itertuples(index=False):
        reply = Reply(str(r.date), str(r.reply), str(r.decision))
        if r.rollcall_id:
            on_votes[(str(r.legislator_id), str(r.rollcall_id))].append(reply)
        else:
            on_bills[str(r.legislator_id)].append((str(r.bill), reply))
    return on_votes, on_bills


def corrections_by(card: Scorecard) -> dict[str, list[Correction]]:
    """Dated corrections per legislator ("" for those about the scorecard as a whole),
    newest first."""
    out: dict[str, list[Correction]] = defaultdict(list)
    c = card.dataset.corrections.sort_values(["date"], ascending=False, kind="stable")
    for r in c.itertuples(index=False):
        out[str(r.legislator_id)].append(Correction(str(r.date), str(r.what), str(r.why)))
    return out


def _sponsor_counts(mode: str, position: str, points: float) -> str:
    aligned = position == "support"
    if mode == "separate":
        return "tallied beside the score" + ("" if aligned else " (a bill the platform opposes)")
    if mode == "bonus":
        return f"{'+' if aligned else '-'}{points:g} points (capped)"
    if mode == "action":
        return "counts as an aligned vote" if aligned else "counts as a vote against"
    return "not counted (sponsorship: off)"


class LegislatorPages:
    """Legislator page contexts, one at a time: what every page shares (the scored rows
    as VoteViews, scores by legislator, seats, replies) is prepared once, then ``page``
    gathers one legislator's page from it, so pages can be gathered, rendered and written
    in chunks without holding them all."""

    def __init__(self, card: Scorecard, ctx: SiteContext) -> None:
        sc = card.scores
        p = card.platform.model
        self.card = card
        self.site = ctx.site
        self.info = info = _entry_info(card, ctx)
        bills = card.dataset.bills  # the titles of the scored rows' bills only
        bills = bills[bills["bill_id"].isin(set(sc.lifetime.rows["bill_id"])).to_numpy(
            dtype=bool)]
        bill_titles = dict(zip(bills["bill_id"], bills["title"], strict=True))
        on_votes, self.on_bills = replies_by(card)
        self.views = VoteViews(card, info, self.site.chamber_names, bill_titles, on_votes)
        self.sponsored = _bucket(records(sc.lifetime.sponsored))
        self.sec_scores = _scores_by(sc.period.sections)
        self.dem_scores = _scores_by(sc.period.demands)
        self.ses_scores = _scores_by(sc.lifetime.sessions)
        self.roles = served(card)
        self.fixes = corrections_by(card)
        self.lines = card.sensitivity.lines if card.sensitivity is not None else {}
        self.period_sessions = list(p.period.sessions)
        self.in_period = {s: session_in_period(card.platform, s)
                          for s in sc.lifetime.rows["session"].unique().tolist()}
        self.demands = []
        for s in p.sections:
            for d in s.demands:
                link = Link(demand_page(ctx.demand_slugs[d.id]), d.title)
                html = Markup('<a href="../{}">{}</a>').format(link.href, link.text)
                self.demands.append((d.id, d.title, s.title, bool(d.bills), link, html))

    def page(self, row: RosterRow) -> LegislatorPage:
        """The page context of the legislator on ``row``."""
        p = self.card.platform.model
        site = self.site
        info = self.info
        ses_scores = self.ses_scores
        lid = row.legislator_id
        chamber = site.chamber_names.get(row.chamber, row.chamber)
        by_session = self.views.sessions(lid)
        sessions = []
        for session in sorted(by_session, reverse=True):
            score, counted = ses_scores.get((lid, session), (None, 0))
            in_period = self.in_period.get(session)
            if in_period is None:
                in_period = session_in_period(self.card.platform, session)
            sessions.append(SessionBlock(
                session=session, in_period=in_period, score_shown=shown(score),
                votes_counted=counted, votes=by_session[session]))
        sections = []
        for s in p.sections:
            value, n = self.sec_scores.get((lid, s.id), (None, 0))
            sections.append(ScoreLine(s.id, s.title, value, shown(value), n,
                                      "" if not missing(value) else section_why(n)))
        demand_lines = []
        for did, title, section_title, has_bills, link, html in self.demands:
            value, n = self.dem_scores.get((lid, did), (None, 0))
            why = demand_why(has_bills, n) if missing(value) else ""
            demand_lines.append(ScoreLine(did, title, value, shown(value), n, why, link,
                                          section_title, html))
        mode = p.scoring.sponsorship.mode
        spons = [SponsorView(
            demand=info[str(r["entry"])]["demand"], bill=str(r["number"]),
            bill_link=info[str(r["entry"])]["link"], session=str(r["session"]),
            position=str(r["position"]), role=str(r["role"]),
            counts=_sponsor_counts(mode, str(r["position"]), p.scoring.sponsorship.points))
            for r in sorted(self.sponsored.get(lid, []), key=lambda r: (int(r["order"]),))]
        points = [TrendPoint(b.session, ses_scores[(lid, b.session)][0])
                  for b in reversed(sessions) if not missing(ses_scores.get(
                      (lid, b.session), (None, 0))[0])]
        trend = trend_svg(points, f"{row.name}: score by session") if len(points) > 1 else None
        ranked = ("" if row.rank is None
                  else rank_text(row.rank, row.rank_of, chamber, row.tied))
        cast = round((row.participation or 0) * row.vote_rows) if not missing(
            row.participation) else 0
        participation = (f"{row.participation_shown}: cast a yes or no vote on {cast} of "
                         f"{row.vote_rows} scored roll calls" if row.vote_rows else
                         "no scored roll call in the period")
        return LegislatorPage(
            page=Page(
                path=row.href, title=f"{row.name}: {site.title}",
                heading=row.name, share_image=share_image(row.slug), nav="legislators",
                description=(f"{row.name} ({chamber} District {row.district}, "
                             f"{row.party or 'no party'}): {row.score_words} on {site.title}, "
                             f"{site.period_label}.")),
            row=row, chamber_name=chamber, roles=self.roles.get(lid, []), rank_text=ranked,
            participation_text=participation, sections=sections, demands=demand_lines,
            sessions=sessions, sponsorships=spons, trend_svg=trend,
            trend_rows=[[pt.session, shown(pt.score)] for pt in points],
            period_sessions=self.period_sessions, sensitivity=self.lines.get(lid, ""),
            bill_replies=self.on_bills.get(lid, []), corrections=self.fixes.get(lid, []),
        )


def gather_legislators(card: Scorecard, ctx: SiteContext,
                       only: set[str] | None = None) -> list[LegislatorPage]:
    """One page context per legislator on the scorecard (or per id in ``only``)."""
    pages = LegislatorPages(card, ctx)
    return [pages.page(row) for row in ctx.roster
            if only is None or row.legislator_id in only]


__all__ = ["LegislatorPage", "LegislatorPages", "gather_legislators", "served"]
