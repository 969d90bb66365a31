"""The site's typed context: every number and sentence a page shows, gathered before writing.

``gather_site(card)`` reads the scored card once and returns a :class:`SiteContext`
holding plain dataclasses; templates only lay them out. ``check_site`` verifies slugs
and internal links before anything is written. Legislator, demand and bill pages are
gathered in :mod:`.legislators` and :mod:`.rollcalls`; this module holds what they share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..scoring import no_chamber_votes
from .formats import (
    demand_page,
    join_words,
    legislator_page,
    missing,
    percent,
    shown,
    web_url,
)
from .slugs import bill_slugs, demand_slugs, legislator_slugs
from .theme import NEUTRAL, scorecard_party_colors

if TYPE_CHECKING:
    from ..card import Scorecard

SAFE_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")

OPTION_LABELS = {"yes": "Yes", "no": "No", "absent": "Absent", "excused": "Excused",
                 "abstain": "Abstained", "not voting": "Not voting", "paired": "Paired",
                 "other": "Other", "sponsor": "Sponsored"}


# ---- formatting ----------------------------------------------------------------------


def records(df: pd.DataFrame, columns: list[str] | None = None) -> list[dict[str, Any]]:
    """Rows as dicts, several times faster than ``DataFrame.to_dict("records")``.

    Values are plain Python objects (``tolist``); missing numbers stay NaN / None.
    """
    cols = [c for c in (columns or list(df.columns)) if c in df.columns]
    values = [df[c].to_numpy(dtype=object).tolist() for c in cols]
    return [dict(zip(cols, row, strict=True)) for row in zip(*values, strict=True)]


def option_label(option: str, raw: str = "") -> str:
    label = OPTION_LABELS.get(option, option.capitalize())
    return f"{label} ({raw})" if raw and raw.lower() != option.lower() and option != "sponsor" \
        else label


def short_reason(why: str) -> str:
    """The index table's few words for a long why-no-score reason."""
    if why.startswith("insufficient"):
        return "too few votes"
    if why.startswith("no record"):
        return "no record"
    if why.startswith("not in office"):
        return "not in office for these votes"
    if why.startswith("seat vacant"):
        return "vacant"
    if why.startswith("this dataset has no "):
        return "no votes of this chamber in the data"
    return why.split(":")[0] if why else "no score"


def section_why(votes: int) -> str:
    """Why a section has no score for a legislator who cast ``votes`` counted votes in it."""
    return ("no counted vote in this section in the period" if votes == 0
            else "too few counted votes")


def demand_why(has_bills: bool, votes: int) -> str:
    """Why a demand has no score for a legislator who cast ``votes`` counted votes on it."""
    if not has_bills:
        return "no bill yet"
    return "no scored vote of theirs in the period" if votes == 0 else "too few counted votes"


def rank_text(rank: int, of: int, chamber_name: str, tied: bool) -> str:
    """``"3 of 40 in the Senate (tied)"``."""
    return f"{rank} of {of} in the {chamber_name}" + (" (tied)" if tied else "")


def int_or_none(x: Any) -> int | None:
    return None if missing(x) else int(x)


def verdict(credit: Any, counted: bool, kind: str = "vote") -> tuple[str, str]:
    """(css class, words) for a scored vote's outcome; never colour alone."""
    if kind == "sponsorship":
        return ("aligned" if credit == 1 else "against",
                "Counts as aligned" if credit == 1 else "Counts as against")
    if not counted or missing(credit):
        return "excluded", "Not counted"
    if credit >= 1:
        return "aligned", "Aligned"
    if credit <= 0:
        return "against", "Against"
    return "half", "Half credit"


# ---- shared pieces -------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    href: str  # relative to the site's root, e.g. "legislators/ada.html"
    text: str


@dataclass
class Page:
    """What base.html needs: title, depth (for relative links) and share tags."""

    path: str  # output path relative to the site root, e.g. "legislators/ada.html"
    title: str
    description: str
    heading: str
    share_image: str = "share/index.png"
    nav: str = ""  # which top navigation item is current
    root: str = field(init=False)  # "../" per folder level: links are relative (file://)

    def __post_init__(self) -> None:
        self.root = "../" * self.path.count("/")


@dataclass
class Site:
    """What every page says about the scorecard as a whole."""

    title: str
    organization: str
    jurisdiction: str
    fictional: bool
    as_of: str
    period_label: str  # "the 2025-2026 session"
    lifetime_label: str  # "2023-2024 to 2025-2026"
    scope_sentence: str  # one sentence: what the scores cover, and the data's date
    source: str
    site_url: str
    chamber_names: dict[str, str]
    grades: list[tuple[str, float]]
    incomplete_below: float
    sponsorship_mode: str

    def share_url(self, rel: str) -> str:
        """Absolute address of a file when display.site_url is set, else relative."""
        return f"{self.site_url.rstrip('/')}/{rel}" if self.site_url else rel


@dataclass(slots=True)
class RosterRow:
    """One row of a chamber table (a legislator, or a vacant seat)."""

    legislator_id: str
    slug: str  # "" for a vacant seat
    name: str
    sort_name: str
    chamber: str
    district: str
    party: str
    party_color: str
    score: Any
    score_shown: str
    grade: str
    rank: int | None
    rank_of: int
    tied: bool
    lifetime: Any
    lifetime_shown: str
    sections: list[tuple[str, Any, str]]  # (section id, value, shown)
    participation: Any
    participation_shown: str
    incomplete: bool
    votes_counted: int
    vote_rows: int
    sponsored_support: int | None
    sponsored_oppose: int | None
    why: str  # why there is no score ('' when there is one)
    why_short: str
    start_date: str
    end_date: str
    url: str
    vacant: bool = False

    @property
    def district_sort(self) -> str:
        m = re.match(r"\d+", self.district)
        return f"{int(m.group()):08d}{self.district}" if m else self.district

    @property
    def href(self) -> str:
        return legislator_page(self.slug) if self.slug else ""

    @property
    def score_words(self) -> str:
        """``"score 72, grade C"`` or ``"no score"``, for page descriptions."""
        return f"score {self.score_shown}, grade {self.grade}" if self.score_shown else "no score"


@dataclass
class ChamberTable:
    code: str
    name: str
    rows: list[RosterRow]
    parties: list[tuple[str, str]]  # (party, colour)
    members: int
    scored: int
    vacant: int
    #: the dataset holds no roll call at all in this chamber (said plainly on the index)
    no_votes: str = ""


@dataclass
class SectionBrief:
    id: str
    title: str
    text: str
    demands: list[tuple[Link, int]]  # (link to demand page, number of bill entries)


@dataclass
class Chart:
    """A chart file with its alt text, caption and the data behind it as a table."""

    path: str  # relative to the site root
    alt: str
    caption: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class IndexPage:
    page: Page
    chambers: list[ChamberTable]
    sections: list[SectionBrief]
    charts: list[Chart] = field(default_factory=list)
    grade_depends: int | None = None  # legislators whose grade changes under another rule


# ---- gathering -----------------------------------------------------------------------


def _sessions_label(sessions: list[str]) -> str:
    sessions = sorted(set(sessions))
    if not sessions:
        return "no session"
    return sessions[0] if len(sessions) == 1 else f"{sessions[0]} to {sessions[-1]}"


def gather_site_info(card: Scorecard) -> Site:
    p = card.platform.model
    ds = card.dataset
    sc = card.scores
    period_sessions = list(p.period.sessions)
    if period_sessions:
        noun = "session" if len(period_sessions) == 1 else "sessions"
        period_label = f"the {join_words(period_sessions)} {noun}"
    else:
        period_label = "every session in the data"
    if p.period.start or p.period.end:
        lo = p.period.start.isoformat() if p.period.start else "the start"
        hi = p.period.end.isoformat() if p.period.end else "the end of the data"
        period_label += f" (roll calls from {lo} to {hi})"
    lifetime_sessions = [str(s) for s in sc.lifetime.selection.rows["session"].unique()]
    lifetime_label = _sessions_label(lifetime_sessions)
    as_of = ds.as_of or "an unknown date"
    scope = (f"Scores cover {period_label}; lifetime scores pool every session in the data "
             f"({lifetime_label}). Data as of {as_of}.")
    source = ds.meta.get("source") or ""
    if isinstance(source, list):
        source = "; ".join(str(s) for s in source)
    return Site(
        title=p.title, organization=p.organization or "", jurisdiction=p.jurisdiction,
        fictional=card.fictional, as_of=as_of, period_label=period_label,
        lifetime_label=lifetime_label, scope_sentence=scope, source=str(source),
        site_url=web_url(p.display.site_url),
        chamber_names={c: card.platform.chamber_name(c) for c in ("upper", "lower")},
        grades=list(p.scoring.grades.items()),
        incomplete_below=p.scoring.incomplete_below,
        sponsorship_mode=p.scoring.sponsorship.mode,
    )


def roster_rows(card: Scorecard, slugs: dict[str, str],
                colors: dict[str, str]) -> list[RosterRow]:
    """Every legislator of the scores table as a RosterRow, in the table's order."""
    t = card.scores.table
    sids = card.scores.section_ids
    ranked = t[t["rank"].notna()]
    rank_of = ranked.groupby("chamber").size().to_dict()
    ties = ranked.groupby(["chamber", "rank"]).size().to_dict()
    out: list[RosterRow] = []
    for r in records(t):
        rank = int_or_none(r["rank"])
        why = str(r.get("why_no_score") or "")
        out.append(RosterRow(
            legislator_id=str(r["legislator_id"]), slug=slugs[str(r["legislator_id"])],
            name=str(r["name"]), sort_name=str(r["sort_name"] or r["name"]),
            chamber=str(r["chamber"]), district=str(r["district"]), party=str(r["party"]),
            party_color=colors.get(str(r["party"]), NEUTRAL),
            score=r["score"], score_shown=shown(r["score"]), grade=str(r["grade"] or ""),
            rank=rank, rank_of=int(rank_of.get(r["chamber"], 0)),
            tied=rank is not None and ties.get((r["chamber"], rank), 0) > 1,
            lifetime=r["lifetime_score"], lifetime_shown=shown(r["lifetime_score"]),
            sections=[(s, r[f"section:{s}"], shown(r[f"section:{s}"])) for s in sids],
            participation=r["participation"], participation_shown=percent(r["participation"]),
            incomplete=bool(r["incomplete"]), votes_counted=int(r["votes_counted"]),
            vote_rows=int(r["vote_rows"]),
            sponsored_support=int_or_none(r["sponsored_support"]),
            sponsored_oppose=int_or_none(r["sponsored_oppose"]),
            why=why, why_short=short_reason(why) if why else "",
            start_date=str(r["start_date"] or ""), end_date=str(r["end_date"] or ""),
            url=web_url(r["url"]),
        ))
    return out


def vacant_seats(card: Scorecard, rows: list[RosterRow]) -> list[RosterRow]:
    """Seats (chamber, district) that no one held at the end of the period / as-of date.

    A seat is known from legislators.csv. The date checked is the earlier of the data's
    "as of" date and the period's end, when either is known.
    """
    legs = card.dataset.legislators
    if legs.empty:
        return []
    p = card.platform.model.period
    dates = [d for d in (card.dataset.as_of, p.end.isoformat() if p.end else "") if d]
    years = [int(y) for s in p.sessions for y in re.findall(r"\d{4}", s)]
    if years:
        dates.append(f"{max(years)}-12-31")
    if not dates:
        return []
    when = min(dates)
    # a seat is a chamber's district: rows with no district (a member seen voting on
    # dates the roster gives no role) name no seat
    seats = legs.loc[legs["district"] != "", ["chamber", "district"]].drop_duplicates()
    held = legs[(legs["start_date"] <= when)
                & (legs["end_date"].where(legs["end_date"] != "", "9999-12-31") >= when)]
    taken = set(zip(held["chamber"], held["district"], strict=True))
    shown_chambers = {r.chamber for r in rows}
    out = []
    for seat in seats.sort_values(["chamber", "district"]).itertuples(index=False):
        if (seat.chamber, seat.district) in taken or seat.chamber not in shown_chambers:
            continue
        last = legs[(legs["chamber"] == seat.chamber) & (legs["district"] == seat.district)]
        last = last.sort_values("end_date").iloc[-1]
        why = (f"seat vacant as of {when}: no one held it (last held by {last['name']} "
               f"until {last['end_date'] or 'an unknown date'})")
        out.append(RosterRow(
            legislator_id="", slug="", name="Vacant seat", sort_name="~vacant",
            chamber=str(seat.chamber), district=str(seat.district), party="",
            party_color=NEUTRAL, score=None, score_shown="", grade="", rank=None, rank_of=0,
            tied=False, lifetime=None, lifetime_shown="",
            sections=[(s, None, "") for s in card.scores.section_ids], participation=None,
            participation_shown="", incomplete=False, votes_counted=0, vote_rows=0,
            sponsored_support=None, sponsored_oppose=None, why=why, why_short="vacant",
            start_date="", end_date="", url="", vacant=True,
        ))
    return out


def chamber_tables(card: Scorecard, rows: list[RosterRow],
                   vacant: list[RosterRow]) -> list[ChamberTable]:
    out = []
    for code in ("upper", "lower"):
        members = [r for r in rows if r.chamber == code]
        if not members:
            continue
        ordered = sorted(members, key=lambda r: (r.rank is None, r.rank or 0, r.sort_name,
                                                  r.legislator_id))
        empty = [r for r in vacant if r.chamber == code]
        ordered += sorted(empty, key=lambda r: r.district_sort)
        parties = sorted({(r.party, r.party_color) for r in members})
        out.append(ChamberTable(
            code=code, name=card.platform.chamber_name(code), rows=ordered,
            parties=parties, members=len(members),
            scored=sum(1 for r in members if r.score_shown), vacant=len(empty),
            no_votes="" if code in set(card.dataset.rollcalls["chamber"].unique()) else
            no_chamber_votes(card.platform.chamber_name(code))))
    return out


def section_briefs(card: Scorecard, demand_slug: dict[str, str]) -> list[SectionBrief]:
    return [SectionBrief(
        id=s.id, title=s.title, text=s.text or "",
        demands=[(Link(demand_page(demand_slug[d.id]), d.title), len(d.bills))
                 for d in s.demands]) for s in card.platform.model.sections]


# ---- the whole site ------------------------------------------------------------------


@dataclass
class SiteContext:
    """Everything the site shows, gathered and checked before a file is written."""

    site: Site
    index: IndexPage
    roster: list[RosterRow]
    colors: dict[str, str]
    legislator_slugs: dict[str, str]
    demand_slugs: dict[str, str]
    bill_slugs: dict[str, str]
    section_titles: dict[str, str]


def gather_site(card: Scorecard) -> SiteContext:
    """The shared context: site facts, roster, slugs and the index page."""
    t = card.scores.table
    colors = scorecard_party_colors(card)
    slugs = legislator_slugs(t)
    site = gather_site_info(card)
    rows = roster_rows(card, slugs, colors)
    vacant = vacant_seats(card, rows)
    dslugs = demand_slugs(card)
    index = IndexPage(
        page=Page(path="index.html", title=site.title, heading=site.title,
                  description=f"How each legislator voted on the platform: {site.scope_sentence}",
                  nav="index"),
        chambers=chamber_tables(card, rows, vacant),
        sections=section_briefs(card, dslugs),
        grade_depends=card.sensitivity.grade_depends if card.sensitivity is not None else None,
    )
    return SiteContext(
        site=site, index=index, roster=rows, colors=colors, legislator_slugs=slugs,
        demand_slugs=dslugs, bill_slugs=bill_slugs(card),
        section_titles={s.id: s.title for s in card.platform.model.sections},
    )


def check_slugs(ctx: SiteContext) -> list[str]:
    """Problems with file names: each must be a safe slug, unique within its folder."""
    problems = []
    for folder, slugs in (("legislators", ctx.legislator_slugs), ("demands", ctx.demand_slugs),
                          ("bills", ctx.bill_slugs)):
        values = list(slugs.values())
        if len(set(values)) != len(values):
            problems.append(f"{folder}: two pages would share a file name")
        problems += [f"{folder}: unsafe file name {s!r}" for s in values
                     if not SAFE_SLUG.match(s)]
    return problems


__all__ = ["SiteContext", "check_slugs", "gather_site"]
