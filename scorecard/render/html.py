"""The published static site: index, legislator, briefing, compare, demand, bill, methodology.

``write_site`` gathers every page's typed context first (:mod:`.context`, :mod:`.legislators`,
:mod:`.rollcalls`, :mod:`.methodology`), checks file names and internal links, and only
then writes: static assets, pages, and, in a worker process working alongside, the
charts (:mod:`.charts`) and share cards (:mod:`.share`). Jinja2 autoescaping is on for
every template, so all text from the platform and the data is escaped. Nothing depends
on the clock or the process: the same inputs give byte-identical files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment
from markupsafe import Markup

from ..errors import ScorecardError
from .briefings import BriefingPage, ComparePage, gather_briefings, gather_compare
from .charts import Drawing, distribution_chart, party_chart
from .context import Chart, IndexPage, Page, SiteContext, check_slugs, gather_site, records
from .formats import BANNER
from .legislators import LegislatorPage, gather_legislators
from .methodology import FICTIONAL_NOTICE, methodology
from .methodology import Section as MethodSection
from .rollcalls import (
    BillPage,
    DemandPage,
    VoterGroup,
    gather_bills,
    gather_demands,
    gather_entries,
    gather_rollcalls,
)
from .share import CardStyle, CardWriter, ShareCard
from .templates import environment

if TYPE_CHECKING:
    from ..card import Scorecard

class VoterLists:
    """Renders each roll call's list of voters once, for every page that shows it.

    A template calls ``voter_list(rollcall_id, group, root)``; with thousands of members
    per roll call, rendering the lists once instead of on every demand and bill page
    halves the time these pages take.
    """

    def __init__(self, env: Environment) -> None:
        self.template = env.get_template("_partials/voters.html")
        self.done: dict[tuple[str, str, str], Markup] = {}

    def __call__(self, rollcall_id: str, group: VoterGroup, root: str) -> Markup:
        key = (rollcall_id, group.option, root)
        if key not in self.done:
            self.done[key] = Markup(self.template.render(voters=group.voters, root=root))
        return self.done[key]


@dataclass
class MethodologyPage:
    page: Page
    sections: list[MethodSection]
    notice: str


@dataclass
class SitePages:
    """Every page of the site, gathered and checked."""

    ctx: SiteContext
    legislators: list[LegislatorPage]
    demands: list[DemandPage]
    bills: list[BillPage]
    methodology: MethodologyPage
    briefings: list[BriefingPage]
    compare: ComparePage

    def all_paths(self) -> set[str]:
        paths = {"index.html", self.methodology.page.path, self.compare.page.path}
        paths |= {p.page.path for p in self.briefings}
        paths |= {p.page.path for p in self.legislators}
        paths |= {p.page.path for p in self.demands}
        paths |= {p.page.path for p in self.bills}
        return paths


def gather(card: Scorecard) -> SitePages:
    """Every page's context, from the scored card. Nothing is written."""
    ctx = gather_site(card)
    rollcalls = gather_rollcalls(card, ctx)
    entries = gather_entries(card, ctx, rollcalls)
    legislators = gather_legislators(card, ctx)
    return SitePages(
        ctx=ctx,
        legislators=legislators,
        demands=gather_demands(card, ctx, entries),
        bills=gather_bills(card, ctx, entries),
        methodology=MethodologyPage(
            page=Page(path="methodology.html", title=f"Methodology: {ctx.site.title}",
                      heading="How the scores are calculated", nav="methodology",
                      description=f"The rules and data behind {ctx.site.title}."),
            sections=methodology(card),
            notice=FICTIONAL_NOTICE if card.fictional else ""),
        briefings=gather_briefings(ctx, legislators),
        compare=gather_compare(ctx),
    )


def _links(pages: SitePages) -> Iterable[tuple[str, str]]:
    """(page, target) for every internal link the contexts hold."""
    for brief in pages.briefings:
        yield brief.p.page.path, brief.page.path
        yield brief.page.path, brief.p.page.path
    for table in pages.compare.chambers:
        for row in table.rows:
            yield pages.compare.page.path, row.href
    for p in pages.legislators:
        for s in p.demands:
            if s.link:
                yield p.page.path, s.link.href
        for b in p.sessions:
            for v in b.votes:
                yield p.page.path, v.demand.href
                if v.bill_link:
                    yield p.page.path, v.bill_link.href
    for d in pages.demands:
        for e in d.entries:
            if e.bill_link:
                yield d.page.path, e.bill_link.href
            for rc in e.rollcalls:
                for g in rc.groups:
                    for voter in g.voters:
                        if voter.link:
                            yield d.page.path, voter.link.href
    for section in pages.ctx.index.sections:
        for link, _ in section.demands:
            yield "index.html", link.href
    for table in pages.ctx.index.chambers:
        for row in table.rows:
            if row.href:
                yield "index.html", row.href


def check(pages: SitePages) -> None:
    """Raise if a file name is unsafe or repeated, or a link points at no page."""
    problems = check_slugs(pages.ctx)
    known = pages.all_paths()
    bad = sorted({f"{src} -> {dst}" for src, dst in _links(pages) if dst not in known})
    problems += [f"link to a page that is not written: {b}" for b in bad[:20]]
    if problems:
        raise ScorecardError("The site cannot be written:\n" + "\n".join(
            f"  - {p}" for p in problems))


def share_cards(pages: SitePages) -> list[ShareCard]:
    site = pages.ctx.site
    cards = []
    for p in pages.legislators:
        r = p.row
        sub = f"{p.chamber_name} District {r.district}" + (f" · {r.party}" if r.party else "")
        if r.score_shown:
            lines = [f"Score for {site.period_label}"]
            if p.rank_text:
                lines.append(f"Rank {p.rank_text}")
            if r.lifetime_shown:
                lines.append(f"Lifetime score {r.lifetime_shown} ({site.lifetime_label})")
            if r.incomplete:
                lines.append(f"Incomplete record: voted on {r.participation_shown} of votes")
        else:
            lines = [f"No score for {site.period_label}", r.why[:1].upper() + r.why[1:]]
        cards.append(ShareCard(file=f"{r.slug}.png", name=r.name, subtitle=sub,
                               score=r.score_shown, grade=r.grade, lines=tuple(lines)))
    return cards


def index_charts(card: Scorecard, pages: SitePages) -> tuple[list[Chart], list[Drawing]]:
    """The index's charts: what the page says about each, and what to draw."""
    ctx = pages.ctx
    made = []
    for table in ctx.index.chambers:
        scores: dict[str, list[float]] = {}
        for r in table.rows:
            if r.score_shown and not r.vacant:
                scores.setdefault(r.party, []).append(float(r.score))
        made.append(distribution_chart(f"charts/distribution-{table.code}.svg", table.name,
                                       scores, ctx.colors))
    stats = card.scores.party_stats.sort_values(["chamber", "party"], ascending=[False, True])
    rows: list[dict[str, Any]] = [
        {"chamber": card.platform.chamber_name(str(r["chamber"])), "party": str(r["party"]),
         "members": int(r["members"]), "complete": int(r["complete"]), "mean": r["mean"],
         "median": r["median"]} for r in records(stats)]
    made.append(party_chart("charts/party-averages.svg", rows, ctx.colors))
    return [c for c, _ in made], [d for _, d in made]


def copy_static(out: Path) -> None:
    src = Path(__file__).resolve().parent.parent / "static"
    dst = out / "static"
    dst.mkdir(parents=True, exist_ok=True)
    for item in sorted(src.iterdir()):
        if item.is_file() and not item.name.startswith("."):
            (dst / item.name).write_bytes(item.read_bytes())


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def write_site(card: Scorecard, out: Path) -> None:
    """Write the whole site into ``out`` (index.html, legislators/, demands/, bills/...).

    A worker process is started first: it loads the fonts and the card backgrounds
    while this process gathers the pages; then it draws the charts and paints share
    cards while this one renders the pages (and takes back the cards still waiting).
    """
    p = card.platform.model
    writer = CardWriter(CardStyle(p.title, p.organization or "",
                                  BANNER if card.fictional else ""), out)
    writer.warm()
    try:
        pages = gather(card)
        check(pages)
        site = pages.ctx.site
        env = environment()
        env.globals.update(site=site, banner=BANNER)
        env.globals["voter_list"] = VoterLists(env)
        copy_static(out)
        index: IndexPage = pages.ctx.index
        index.charts, drawings = index_charts(card, pages)
        writer.start([ShareCard(file="index.png", name=site.title,
                                subtitle=site.organization or site.jurisdiction, score="",
                                grade="", lines=(f"How legislators voted: {site.period_label}",
                                                 f"Data as of {site.as_of}"), kind="site")]
                     + share_cards(pages), drawings)
        _write(out / "index.html", env.get_template("index.html").render(
            page=index.page, index=index))
        _write(out / "methodology.html", env.get_template("methodology.html").render(
            page=pages.methodology.page, m=pages.methodology))
        tpl = env.get_template("legislator.html")
        for lp in pages.legislators:
            _write(out / lp.page.path, tpl.render(page=lp.page, p=lp))
        tpl = env.get_template("briefing.html")
        for brp in pages.briefings:
            _write(out / brp.page.path, tpl.render(page=brp.page, b=brp, p=brp.p))
        _write(out / "compare.html", env.get_template("compare.html").render(
            page=pages.compare.page, c=pages.compare, chambers=pages.compare.chambers,
            sections=pages.compare.sections))
        tpl = env.get_template("demand.html")
        for dp in pages.demands:
            _write(out / dp.page.path, tpl.render(page=dp.page, d=dp))
        tpl = env.get_template("bill.html")
        for bp in pages.bills:
            _write(out / bp.page.path, tpl.render(page=bp.page, b=bp))
        writer.finish()
    finally:
        writer.close()


__all__ = ["environment", "gather", "write_site"]
