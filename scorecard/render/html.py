"""The published static site: index, legislator, briefing, compare, demand, bill, methodology.

``write_site`` gathers every page's typed context first (:mod:`.context`,
:mod:`.rollcalls`, :mod:`.methodology`), checks file names and internal links, and only
then writes: static assets, pages, and, in a worker process working alongside, the
charts (:mod:`.charts`) and share cards (:mod:`.share`). Legislator pages and briefings,
most of a site, are gathered, checked, rendered and written in chunks (:mod:`.stream`),
so their contexts are never all held at once; a link that points at no page still fails
the build, which is written into a staging folder (nothing is swapped in). Jinja2
autoescaping is on for every template, so all text from the platform and the data is
escaped. Nothing depends on the clock or the process: the same inputs give
byte-identical files, whatever the number of worker processes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment
from markupsafe import Markup

from ..errors import ScorecardError
from .briefings import ComparePage, gather_compare
from .charts import Drawing, distribution_chart, party_chart
from .context import (
    Chart,
    IndexPage,
    Page,
    SiteContext,
    check_slugs,
    gather_site,
    rank_text,
    records,
)
from .formats import BANNER, briefing_page, legislator_page
from .legislators import LegislatorPages
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
from .stream import Job, LegislatorWriter, write
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
    """Every page of the site but the legislators' own (:mod:`.stream`), gathered."""

    ctx: SiteContext
    legislators: LegislatorPages  # gathers a legislator's page and briefing on demand
    demands: list[DemandPage]
    bills: list[BillPage]
    methodology: MethodologyPage
    compare: ComparePage

    def all_paths(self) -> set[str]:
        paths = {"index.html", self.methodology.page.path, self.compare.page.path}
        for row in self.ctx.roster:
            paths |= {legislator_page(row.slug), briefing_page(row.slug)}
        paths |= {p.page.path for p in self.demands}
        paths |= {p.page.path for p in self.bills}
        return paths


def gather(card: Scorecard) -> SitePages:
    """Every page's context but the legislators' own, which ``legislators`` gathers in
    chunks as they are written (:mod:`.stream`). Nothing is written."""
    ctx = gather_site(card)
    rollcalls = gather_rollcalls(card, ctx)
    entries = gather_entries(card, ctx, rollcalls)
    return SitePages(
        ctx=ctx,
        legislators=LegislatorPages(card, ctx),
        demands=gather_demands(card, ctx, entries),
        bills=gather_bills(card, ctx, entries),
        methodology=MethodologyPage(
            page=Page(path="methodology.html", title=f"Methodology: {ctx.site.title}",
                      heading="How the scores are calculated", nav="methodology",
                      description=f"The rules and data behind {ctx.site.title}."),
            sections=methodology(card),
            notice=FICTIONAL_NOTICE if card.fictional else ""),
        compare=gather_compare(ctx),
    )


def _links(pages: SitePages) -> Iterable[tuple[str, str]]:
    """(page, target) for every internal link the contexts hold (legislator pages and
    briefings: :func:`.stream.legislator_links`, checked chunk by chunk)."""
    for table in pages.compare.chambers:
        for row in table.rows:
            yield pages.compare.page.path, row.href
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


def check(pages: SitePages, bad_links: Iterable[str] = ()) -> None:
    """Raise if a file name is unsafe or repeated, or a link points at no page (of the
    gathered pages, or ``bad_links``: "page -> target")."""
    problems = check_slugs(pages.ctx)
    known = pages.all_paths()
    bad = sorted({f"{src} -> {dst}" for src, dst in _links(pages) if dst not in known}
                 | set(bad_links))
    problems += [f"link to a page that is not written: {b}" for b in bad[:20]]
    if problems:
        raise ScorecardError("The site cannot be written:\n" + "\n".join(
            f"  - {p}" for p in problems))


def share_cards(pages: SitePages) -> list[ShareCard]:
    site = pages.ctx.site
    cards = []
    for r in pages.ctx.roster:
        chamber = site.chamber_names.get(r.chamber, r.chamber)
        ranked = "" if r.rank is None else rank_text(r.rank, r.rank_of, chamber, r.tied)
        sub = f"{chamber} District {r.district}" + (f" · {r.party}" if r.party else "")
        if r.score_shown:
            lines = [f"Score for {site.period_label}"]
            if ranked:
                lines.append(f"Rank {ranked}")
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


def write_site(card: Scorecard, out: Path) -> None:
    """Write the whole site into ``out`` (index.html, legislators/, demands/, bills/...).

    A worker process is started first: it loads the fonts and the card backgrounds
    while this process gathers the pages; then it draws the charts and paints share
    cards while this one renders the pages (and takes back the cards still waiting).
    The legislators' pages and briefings are written in chunks (:mod:`.stream`), by a
    pool of worker processes when there are several chunks.
    """
    p = card.platform.model
    writer = CardWriter(CardStyle(p.title, p.organization or "",
                                  BANNER if card.fictional else ""), out)
    writer.warm()
    legislators: LegislatorWriter | None = None
    try:
        pages = gather(card)
        check(pages)
        site = pages.ctx.site
        env = environment()
        env.globals.update(site=site, banner=BANNER)
        env.globals["voter_list"] = VoterLists(env)
        for name in ("legislator.html", "briefing.html"):
            env.get_template(name)  # compiled once, before the workers fork
        # the legislators' pages first: most of the work, in workers while this process
        # does the rest
        legislators = LegislatorWriter(Job(pages.legislators, pages.ctx, env, out,
                                           frozenset(pages.all_paths())),
                                       pages.ctx.roster)
        legislators.start()
        copy_static(out)
        index: IndexPage = pages.ctx.index
        index.charts, drawings = index_charts(card, pages)
        writer.start([ShareCard(file="index.png", name=site.title,
                                subtitle=site.organization or site.jurisdiction, score="",
                                grade="", lines=(f"How legislators voted: {site.period_label}",
                                                 f"Data as of {site.as_of}"), kind="site")]
                     + share_cards(pages), drawings)
        write(out / "index.html", env.get_template("index.html").render(
            page=index.page, index=index))
        write(out / "methodology.html", env.get_template("methodology.html").render(
            page=pages.methodology.page, m=pages.methodology))
        write(out / "compare.html", env.get_template("compare.html").render(
            page=pages.compare.page, c=pages.compare, chambers=pages.compare.chambers,
            sections=pages.compare.sections))
        tpl = env.get_template("demand.html")
        for dp in pages.demands:
            write(out / dp.page.path, tpl.render(page=dp.page, d=dp))
        tpl = env.get_template("bill.html")
        for bp in pages.bills:
            write(out / bp.page.path, tpl.render(page=bp.page, b=bp))
        check(pages, legislators.finish())
        writer.finish()
    finally:
        if legislators is not None:
            legislators.close()
        writer.close()


__all__ = ["environment", "gather", "write_site"]
