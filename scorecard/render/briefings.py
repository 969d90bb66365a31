"""Briefing pages (``briefings/<slug>.html``) and the comparison page (``compare.html``).

A briefing is the one-page, printable summary of a legislator for an endorsement
committee: it is laid out from the legislator page's context (same numbers, same
words), keeping only the period's votes. ``compare.html`` lists every legislator per
chamber with their section scores: without JavaScript that table is the comparison; with
it, a reader ticks two to four legislators and site.js shows them side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..destinations import BRIEF_MARKER, check_brief_out
from ..errors import ScorecardError
from .context import ChamberTable, Page, SectionBrief, SiteContext, gather_site
from .formats import BANNER, briefing_page, share_image
from .legislators import LegislatorPage, VoteView, gather_legislators
from .templates import environment

if TYPE_CHECKING:
    from jinja2 import Environment

    from ..card import Scorecard


@dataclass
class BriefingPage:
    page: Page
    p: LegislatorPage
    votes: list[VoteView]  # the scored votes of the period, oldest first
    other_votes: int  # scored votes outside the period (lifetime score only)
    standalone: bool = False  # a single file: styles inlined, no links into the site


@dataclass
class ComparePage:
    page: Page
    chambers: list[ChamberTable]
    sections: list[SectionBrief]


def gather_briefings(ctx: SiteContext, legislators: list[LegislatorPage],
                     standalone: bool = False) -> list[BriefingPage]:
    """One briefing per legislator page."""
    site = ctx.site
    out = []
    for lp in legislators:
        r = lp.row
        votes = [v for b in lp.sessions if b.in_period for v in b.votes]
        votes.sort(key=lambda v: v.date)
        other = sum(len(b.votes) for b in lp.sessions if not b.in_period)
        out.append(BriefingPage(
            page=Page(path=briefing_page(r.slug), title=f"Briefing: {r.name}: {site.title}",
                      heading=r.name, share_image=share_image(r.slug), nav="legislators",
                      description=(f"One-page briefing on {r.name} ({lp.chamber_name} District "
                                   f"{r.district}): {r.score_words}, {site.period_label}.")),
            p=lp, votes=votes, other_votes=other, standalone=standalone))
    return out


def gather_compare(ctx: SiteContext) -> ComparePage:
    """The comparison page: every legislator (no vacant seats) per chamber."""
    chambers = [ChamberTable(code=t.code, name=t.name, rows=[r for r in t.rows if r.slug],
                             parties=t.parties, members=t.members, scored=t.scored, vacant=0)
                for t in ctx.index.chambers]
    return ComparePage(
        page=Page(path="compare.html", title=f"Compare legislators: {ctx.site.title}",
                  heading="Compare legislators", nav="compare",
                  description=f"Legislators side by side on {ctx.site.title}."),
        chambers=chambers, sections=ctx.index.sections)


def stylesheet() -> Markup:
    """The site's stylesheet, for a briefing written as a single file."""
    css = Path(__file__).resolve().parent.parent / "static" / "site.css"
    return Markup(css.read_text(encoding="utf-8"))  # our own file, not data


def write_briefing(card: Scorecard, legislator_id: str, path: Path,
                   env: Environment | None = None) -> None:
    """Write one legislator's briefing as a self-contained HTML file at ``path``."""
    ctx = gather_site(card)
    pages = gather_legislators(card, ctx, only={legislator_id})
    if not pages:
        raise ScorecardError(f"No legislator with id {legislator_id!r} is on the scorecard.")
    bp = gather_briefings(ctx, pages, standalone=True)[0]
    env = env or environment()
    env.globals.update(site=ctx.site, banner=BANNER)
    text = env.get_template("briefing.html").render(page=bp.page, b=bp, p=bp.p,
                                                    inline_css=stylesheet(),
                                                    generator=BRIEF_MARKER)
    path = Path(path)
    if path.parent and not path.parent.is_dir():
        raise ScorecardError(f"{path.parent}: no such folder; create it or choose another "
                             "--out file.")
    check_brief_out(path, [card.platform.path, card.dataset.folder])
    try:
        path.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise ScorecardError(f"--out {path}: cannot write there ({exc.strerror}). Choose another "
                             "file; nothing was written.") from None


__all__ = ["BriefingPage", "ComparePage", "gather_briefings", "gather_compare",
           "write_briefing"]
