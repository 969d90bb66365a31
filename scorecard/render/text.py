"""Plain-text views for the terminal: ``scorecard compare`` and ``scorecard brief``.

Plain text, wrapped to a fixed width, so the output reads the same on a terminal, in a
pipe and in a file.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from .formats import BANNER

if TYPE_CHECKING:
    from ..compare import Briefing, Comparison

WIDTH = 100


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=True) or [""]


def table(rows: list[list[str]], widths: list[int], header: bool = True) -> list[str]:
    """Rows of cells laid out in columns, each cell wrapped to its column's width."""
    out = []
    for i, row in enumerate(rows):
        cells = [_wrap(c, w) for c, w in zip(row, widths, strict=True)]
        for k in range(max(len(c) for c in cells)):
            parts = [(c[k] if k < len(c) else "").ljust(w)
                     for c, w in zip(cells, widths, strict=True)]
            out.append("  ".join(parts).rstrip())
        if header and i == 0:
            out.append("  ".join("-" * w for w in widths))
    return out


def _widths(rows: list[list[str]], most: int = 40) -> list[int]:
    """The label column as wide as its longest label (up to ``most``), the rest shared."""
    n = len(rows[0]) - 1
    label = min(most, max(len(r[0]) for r in rows))
    col = max(16, (WIDTH - label - 2 * n) // n)
    return [label] + [col] * n


def format_comparison(c: Comparison) -> str:
    """The comparison as a side-by-side table, then the votes where they differ."""
    lines: list[str] = []
    if c.fictional:
        lines += [f"{BANNER}.", ""]
    lines.append(f"{c.title}: {len(c.members)} legislators compared, {c.period_label}")
    for note in c.notes:
        lines += [""] + _wrap(f"Note: {note}", WIDTH)
    ms = c.members
    rows = [["", *(m.name for m in ms)],
            ["Chamber, district", *(f"{m.chamber_name} {m.district}" for m in ms)],
            ["Party", *(m.party or "no party" for m in ms)],
            ["Term", *(m.term for m in ms)],
            ["Score", *(m.score_text for m in ms)],
            ["Rank", *(m.rank_text for m in ms)],
            ["Lifetime score", *(m.lifetime_shown or "none" for m in ms)],
            ["Participation", *(m.participation_shown or "no scored roll call" for m in ms)],
            ["Votes counted", *(str(m.votes_counted) for m in ms)],
            ["Sponsored", *(m.sponsored_text for m in ms)]]
    for i, title in enumerate(c.sections):
        rows.append([f"Section: {title}",
                     *(m.sections[i].shown or m.sections[i].why for m in ms)])
    lines += [""] + table(rows, _widths(rows))
    demand_rows = [["Demand", *(m.name for m in ms)]]
    for i, line in enumerate(ms[0].demands):
        cells = [m.demands[i].shown or "-" for m in ms]
        if any(x != "-" for x in cells):
            demand_rows.append([line.title, *cells])
    if len(demand_rows) > 1:
        lines += ["", "Per demand (- = no score: no scored vote of theirs on it)"]
        lines += table(demand_rows, _widths(demand_rows))
    lines.append("")
    if c.differing:
        lines.append(f"Scored roll calls where their votes differ ({len(c.differing)}):")
        rows = [["Roll call", *(m.name for m in ms)]]
        for d in c.differing:
            rows.append([f"{d.date} {d.chamber_name} {d.bill} ({d.demand}; the platform "
                         f"{d.position}s it)",
                         *(f"{o}: {v}" if o else "no vote" for o, v in
                           zip(d.options, d.verdicts, strict=True))])
        lines += table(rows, _widths(rows, 36))
    elif c.same_chamber:
        lines.append("They voted alike on every scored roll call they both voted on.")
    else:
        lines.append("They share no scored roll call (different chambers).")
    return "\n".join(lines) + "\n"


def format_briefing(b: Briefing) -> str:
    """A one-page briefing in plain text."""
    p = b.profile
    lines: list[str] = []
    if b.fictional:
        lines += [f"{BANNER}.", ""]
    lines += [f"BRIEFING: {p.name}", f"{b.title}" + (f", {b.organization}" if b.organization
                                                     else ""), ""]
    facts = [
        ("Seat", f"{p.chamber_name} District {p.district}"),
        ("Party", p.party or "no party"),
        ("Term", p.term),
        (f"Score, {b.period_label}", p.score_text),
        *([("Under other rules", b.sensitivity)] if b.sensitivity else []),
        ("Rank", p.rank_text),
        ("Lifetime score", p.lifetime_shown or "none: no counted vote in any session"),
        ("Participation", p.participation_shown or "no scored roll call in the period"),
        ("Platform bills sponsored", p.sponsored_text),
    ]
    if len(b.roles) > 1:
        facts.append(("Served", "; ".join(b.roles)))
    label = min(40, max(len(k) for k, _ in facts))
    lines += table([[k, v] for k, v in facts], [label, WIDTH - label - 2], header=False)
    lines += ["", "By section:"]
    lines += table([[s.title, s.shown or s.why] for s in p.sections], [48, WIDTH - 50],
                   header=False)
    lines += ["", f"Key votes, {b.period_label}:"]
    if b.votes:
        rows = [["Date", "Bill", "Demand", "Platform", "Vote", "Result"]]
        rows += [[v.date, v.bill, v.demand, v.position, v.option, v.verdict] for v in b.votes]
        lines += table(rows, [10, 14, 30, 8, 14, 14])
    else:
        lines.append(f"  No scored vote in the period: {p.why_no_score or 'none in the data'}.")
    lines += ["", f"Sponsorships of platform bills, {b.period_label}:"]
    lines += [f"  - {s}" for s in b.sponsorships] or ["  none in the data for the period"]
    for note in b.notes:
        lines += [""] + _wrap(note, WIDTH)
    return "\n".join(lines) + "\n"


__all__ = ["format_briefing", "format_comparison"]
