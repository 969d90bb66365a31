"""Demand and bill pages: what the platform asks, the bills, each roll call's tally by party
and who voted how. A demand with no bill yet says so; a bill with no vote lists sponsors.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..model import ABSENT_LIKE, OPTIONS, bill_id
from ..scoring import ADD_VOTES_DOC
from ..selection import entry_in_period, named_prints
from .bill_status import bill_statuses, entry_statuses
from .context import Link, Page, SiteContext, option_label, records
from .formats import bill_page, demand_page, join_words, legislator_page, web_url
from .theme import NEUTRAL

if TYPE_CHECKING:
    from ..card import Scorecard
    from ..platform import Entry


@dataclass(frozen=True, slots=True)
class Voter:
    name: str
    link: Link | None
    party: str
    district: str
    role: str = ""  # sponsors: primary | cosponsor
    note: str = ""  # overrides: the person's note


@dataclass
class VoterGroup:
    option: str
    label: str
    voters: list[Voter]


@dataclass
class TallyRow:
    party: str
    color: str
    yes: int = 0
    no: int = 0
    absent: int = 0  # absent, not voting, abstain
    excused: int = 0  # excused, paired, other

    @property
    def total(self) -> int:
        return self.yes + self.no + self.absent + self.excused


@dataclass
class RollcallView:
    rollcall_id: str
    chamber: str
    date: str
    motion: str
    motion_type: str
    committee: str
    result: str
    declared: str  # the source's own totals, e.g. "yes 40, no 22, other 1"
    tallies: list[TallyRow]
    total: TallyRow
    groups: list[VoterGroup]
    source_url: str
    bill_number: str
    in_period: bool = True


@dataclass
class EntryView:
    """One platform entry (a bill with its companions, or named roll calls)."""

    key: str
    label: str
    title: str
    session: str
    position: str
    weight: str
    rule: str  # which roll calls count, in words
    note: str
    url: str
    bill_link: Link | None
    in_period: bool
    in_data: bool
    #: prints of the entry that are not in the data while another of its prints is
    absent_prints: list[str]
    rollcalls: list[RollcallView]
    #: a sentence for each chamber with no roll call shown (see _unrecorded)
    unrecorded: list[str]
    sponsors: list[Voter]
    demand: Link | None = None

    @property
    def aligned_option(self) -> str:
        return "yes" if self.position == "support" else "no"


@dataclass
class DemandPage:
    page: Page
    section_id: str
    section_title: str
    id: str
    title: str
    text: str
    note: str
    entries: list[EntryView]

    @property
    def has_bill(self) -> bool:
        return bool(self.entries)


@dataclass
class BillPage:
    page: Page
    number: str
    companions: list[str]
    session: str
    titles: list[str]
    url: str
    #: (print number, where it stands), from bills.csv's optional status columns
    status: list[tuple[str, str]] = field(default_factory=list)
    entries: list[EntryView] = field(default_factory=list)


def _rule(e: Entry) -> str:
    if e.rollcalls:
        return f"the roll call(s) named: {', '.join(e.rollcalls)}"
    if isinstance(e.votes, list):
        words = f"the roll call(s) named: {', '.join(e.votes)}"
    elif e.votes == "final":
        words = "the last passage vote in each chamber"
    else:
        words = "every passage vote"
    return words + (", and committee votes" if e.committee else "")


def _voters_frame(card: Scorecard, rc_ids: set[str]) -> pd.DataFrame:
    """Votes on the given roll calls with each voter's name, party and district then."""
    ds = card.dataset
    rc = ds.rollcalls[ds.rollcalls["rollcall_id"].isin(rc_ids)][["rollcall_id", "chamber",
                                                                   "date"]]
    v = ds.votes_on(rc_ids).merge(rc, on="rollcall_id")
    roles = ds.legislators[["legislator_id", "name", "sort_name", "party", "chamber",
                            "district", "start_date", "end_date"]]
    m = v.merge(roles, on=["legislator_id", "chamber"], how="left")
    m["held"] = (m["start_date"].fillna("9999") <= m["date"]) & (
        m["end_date"].fillna("").replace("", "9999-12-31") >= m["date"])
    m = m.sort_values(["held", "start_date"], na_position="first", kind="stable")
    m = m.drop_duplicates(["rollcall_id", "legislator_id"], keep="last")
    anyrole = roles.drop_duplicates("legislator_id", keep="last").set_index("legislator_id")
    lost = m["name"].isna()
    if lost.any():
        ids = m.loc[lost, "legislator_id"]
        for col in ("name", "sort_name", "party", "district"):
            m.loc[lost, col] = ids.map(anyrole[col]).fillna(ids if col == "name" else "")
    return m.fillna({"party": "", "district": "", "sort_name": ""})


def _voter(r: dict[str, Any], slugs: dict[str, str]) -> Voter:
    slug = slugs.get(str(r["legislator_id"]))
    name = str(r["name"])
    return Voter(name=name, link=Link(legislator_page(slug), name) if slug else None,
                 party=str(r["party"]), district=str(r["district"]),
                 note=str(r["override_note"]) if r["overridden"] else "")


def gather_rollcalls(card: Scorecard, ctx: SiteContext) -> dict[str, RollcallView]:
    """Every selected roll call (lifetime), with its party tally and who voted how."""
    ds = card.dataset
    sel = card.scores.lifetime.selection.rows
    ids = set(sel["rollcall_id"])
    voters = _voters_frame(card, ids).sort_values(["sort_name", "name", "legislator_id"],
                                                 kind="stable")
    by_rc: dict[str, list[Any]] = defaultdict(list)
    for r in records(voters, ["rollcall_id", "legislator_id", "name", "party", "district",
                              "option", "overridden", "override_note"]):
        by_rc[str(r["rollcall_id"])].append(r)
    numbers = dict(zip(ds.bills["bill_id"], ds.bills["number"], strict=True))
    out: dict[str, RollcallView] = {}
    for rc in ds.rollcalls[ds.rollcalls["rollcall_id"].isin(ids)].itertuples(index=False):
        rid = str(rc.rollcall_id)
        tallies: dict[str, TallyRow] = {}
        groups: dict[str, list[Voter]] = defaultdict(list)
        for r in by_rc.get(rid, []):
            party = str(r["party"])
            t = tallies.setdefault(party, TallyRow(party or "No party",
                                                   ctx.colors.get(party, NEUTRAL)))
            opt = str(r["option"])
            if opt == "yes":
                t.yes += 1
            elif opt == "no":
                t.no += 1
            elif opt in ABSENT_LIKE:
                t.absent += 1
            else:
                t.excused += 1
            groups[opt].append(_voter(r, ctx.legislator_slugs))
        rows = [tallies[k] for k in sorted(tallies)]
        total = TallyRow("All members", NEUTRAL, sum(t.yes for t in rows),
                         sum(t.no for t in rows), sum(t.absent for t in rows),
                         sum(t.excused for t in rows))
        # the totals rollcalls.csv gives are the source's own only where they are not just
        # the count of the member votes (the NY Senate sources declare none: they count)
        counted = {"yes": total.yes, "no": total.no, "other": total.absent + total.excused}
        given = {k: v for k, v in (("yes", rc.yes), ("no", rc.no), ("other", rc.other))
                 if not pd.isna(v)}
        declared = ([] if all(int(v) == counted[k] for k, v in given.items())
                    else [f"{k} {v}" for k, v in given.items()])
        out[rid] = RollcallView(
            rollcall_id=rid, chamber=card.platform.chamber_name(str(rc.chamber)),
            date=str(rc.date), motion=str(rc.motion), motion_type=str(rc.motion_type),
            committee=str(rc.committee), result=str(rc.result),
            declared=", ".join(declared), tallies=rows, total=total,
            groups=[VoterGroup(o, option_label(o), groups[o]) for o in OPTIONS if groups[o]],
            source_url=web_url(rc.source_url), bill_number=numbers.get(str(rc.bill_id), ""))
    return out


def _sponsors(card: Scorecard, ctx: SiteContext) -> dict[tuple[str, str], list[Voter]]:
    """(session, number) -> sponsors of the platform's bills, primary first."""
    ds = card.dataset
    bills = ds.bills_named(named_prints(card.platform))[["bill_id", "session", "number"]]
    sp = ds.sponsors[ds.sponsors["bill_id"].isin(set(bills["bill_id"])).to_numpy(dtype=bool)]
    sp = sp.merge(bills, on="bill_id")
    roles = ds.legislators.sort_values("start_date").drop_duplicates(
        "legislator_id", keep="last")[["legislator_id", "name", "sort_name", "party",
                                       "district"]]
    sp = sp.merge(roles, on="legislator_id", how="left")
    sp["name"] = sp["name"].fillna(sp["legislator_id"])
    sp = sp.fillna("").sort_values(["role", "sort_name", "name"], ascending=[False, True, True])
    out: dict[tuple[str, str], list[Voter]] = defaultdict(list)
    for r in sp.itertuples(index=False):
        slug = ctx.legislator_slugs.get(str(r.legislator_id))
        out[(str(r.session), str(r.number))].append(Voter(
            name=str(r.name), link=Link(legislator_page(slug), str(r.name))
            if slug else None, party=str(r.party), district=str(r.district),
            role=str(r.role)))
    return out


def _entry_sponsors(e: Entry, sponsors: dict[tuple[str, str], list[Voter]]) -> list[Voter]:
    seen: dict[str, Voter] = {}
    for n in e.numbers:
        for v in sponsors.get((e.session or "", n), []):
            key = v.name + "|" + v.district
            if key not in seen or (v.role == "primary" and seen[key].role != "primary"):
                seen[key] = v
    return sorted(seen.values(), key=lambda v: (v.role != "primary", v.name))


def gather_entries(card: Scorecard, ctx: SiteContext,
                   rollcalls: dict[str, RollcallView]) -> dict[str, EntryView]:
    """entry key -> EntryView, with its selected roll calls (lifetime) in date order."""
    sel = card.scores.lifetime.selection.rows.sort_values(["date", "rc_order"], kind="stable")
    in_period = set(zip(card.scores.period.selection.rows["entry"],
                        card.scores.period.selection.rows["rollcall_id"], strict=True))
    picked: dict[str, list[str]] = defaultdict(list)
    for entry, rid in zip(sel["entry"], sel["rollcall_id"], strict=True):
        picked[str(entry)].append(str(rid))
    missing = {k for k, _, _ in card.scores.lifetime.selection.missing}
    absent = card.scores.lifetime.selection.absent_prints
    sponsors = _sponsors(card, ctx)
    bill_titles = ds_titles(card)
    chambers = set(card.dataset.rollcalls["chamber"].unique())
    out = {}
    for pe in card.platform.entries():
        e = pe.entry
        views = []
        for rid in picked.get(pe.key, []):
            v = rollcalls[rid]
            views.append(RollcallView(**{**v.__dict__, "in_period": (pe.key, rid) in in_period}))
        link = None
        if e.number:
            link = Link(bill_page(ctx.bill_slugs[bill_id(e.session or "", e.number)]),
                        e.label)
        titles = [bill_titles[(e.session or "", n)] for n in e.numbers
                  if bill_titles.get((e.session or "", n))]
        out[pe.key] = EntryView(
            key=pe.key, label=e.label, title=e.title or (titles[0] if titles else ""),
            session=e.session or "", position=e.position, weight=f"{e.weight:g}",
            rule=_rule(e), note=e.note or "", url=web_url(e.url), bill_link=link,
            in_period=entry_in_period(card.platform, pe),
            in_data=pe.key not in missing, absent_prints=absent.get(pe.key, []),
            rollcalls=views,
            unrecorded=_unrecorded(card, views, chambers) if e.number and pe.key not in
            missing else [],
            sponsors=_entry_sponsors(e, sponsors) if e.number else [],
            demand=Link(demand_page(ctx.demand_slugs[pe.demand.id]), pe.demand.title))
    return out


def _unrecorded(card: Scorecard, views: list[RollcallView], with_votes: set[str]) -> list[str]:
    """What to say of each chamber with no roll call shown on a bill: never that it did
    not vote (the data may simply not hold its votes)."""
    shown = {v.chamber for v in views}
    out = []
    for code in sorted(set(card.dataset.legislators["chamber"]) & {"upper", "lower"},
                       reverse=True):
        name = card.platform.chamber_name(code)
        if name in shown:
            continue
        if code not in with_votes:
            out.append(f"This dataset has no {name} roll calls at all (its sources have "
                       f"none), so whether and how the {name} voted on this bill is not "
                       f"recorded here; see {ADD_VOTES_DOC} for how to add its votes.")
        else:
            out.append(f"No {name} roll call on this bill is in the data, so nothing is "
                       f"scored for the {name} on it (this does not mean the {name} never "
                       "voted on it).")
    return out


def ds_titles(card: Scorecard) -> dict[tuple[str, str], str]:
    """(session, number) -> title, of the platform's bills in the data."""
    b = card.dataset.bills_named(named_prints(card.platform))
    return {(str(s), str(n)): str(t) for s, n, t in zip(b["session"], b["number"], b["title"],
                                                         strict=True)}


def gather_demands(card: Scorecard, ctx: SiteContext,
                   entries: dict[str, EntryView]) -> list[DemandPage]:
    pages = []
    for pe_section in card.platform.model.sections:
        for d in pe_section.demands:
            views = [entries[f"{d.id}#{i + 1}"] for i in range(len(d.bills))]
            bills = join_words([v.label for v in views]) or "no bill yet"
            pages.append(DemandPage(
                page=Page(path=demand_page(ctx.demand_slugs[d.id]),
                          title=f"{d.title}: {ctx.site.title}", heading=d.title,
                          description=f"{d.title} ({bills}): how legislators voted on "
                                      f"{ctx.site.title}.", nav="demands"),
                section_id=pe_section.id, section_title=pe_section.title, id=d.id,
                title=d.title, text=d.text or "", note=d.note or "", entries=views))
    return pages


def gather_bills(card: Scorecard, ctx: SiteContext,
                 entries: dict[str, EntryView]) -> list[BillPage]:
    pages: dict[str, BillPage] = {}
    titles = ds_titles(card)
    statuses = bill_statuses(card)
    named = card.dataset.bills_named(named_prints(card.platform))
    urls = {(str(s), str(n)): str(u) for s, n, u in zip(
        named["session"], named["number"], named["url"], strict=True)}
    for pe in card.platform.bill_entries():
        e = pe.entry
        session, number = e.session or "", e.number or ""
        key = bill_id(session, number)
        if key not in pages:
            slug = ctx.bill_slugs[key]
            names = list(dict.fromkeys(titles[(session, n)] for n in e.numbers
                                       if titles.get((session, n))))
            pages[key] = BillPage(
                page=Page(path=bill_page(slug), title=f"{number} ({session}): "
                          f"{ctx.site.title}", heading=f"{e.label} ({session})",
                          description=f"{number} ({session}){': ' + names[0] if names else ''}"
                                      f" - roll calls and sponsors on {ctx.site.title}.",
                          nav="demands"),
                number=number, companions=list(e.same_as), session=session, titles=names,
                url=web_url(e.url) or web_url(urls.get((session, number))),
                status=entry_statuses(statuses, session, [number, *e.same_as]))
        pages[key].entries.append(entries[pe.key])
    return [pages[k] for k in sorted(pages, key=lambda k: ctx.bill_slugs[k])]
