"""Charts: the index's bar charts (SVG files) and the small per-legislator trend (inline SVG).

The index charts are described here as data (a :class:`Chart` for the page: alt text,
caption, the numbers as a table; a :class:`Drawing` for the file) and written by ``draw``
as SVG text, usually in the worker process that also paints the share cards. Bars, a
diamond and text need no figure library: matplotlib drew them in 1.3 s of CPU per build
(import 0.8 s, three charts 0.55 s) where this takes milliseconds (docs/performance.md).
The same data give the same bytes: no ids, no dates. The per-legislator trend is a few
lines of SVG too: thousands of pages, no figure per page.
Every chart comes with alt text and the numbers behind it as a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from .context import Chart
from .formats import missing, shown
from .theme import NEUTRAL

BINS = [(0, 10), (10, 20), (20, 30), (30, 40), (40, 50), (50, 60), (60, 70), (70, 80),
        (80, 90), (90, 101)]
INK = "#1a1a1a"
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
#: a tick step for the members axis: the first that gives at most six steps
STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000)


@dataclass(frozen=True)
class Drawing:
    """A chart to draw, as plain data (it crosses to a worker process): kind, file, args."""

    kind: str  # "distribution" | "party"
    file: str  # relative to the site root
    args: dict[str, Any]


def draw(d: Drawing, root: Path) -> None:
    """Write ``d`` into ``root / d.file`` as SVG text (no figure library: see
    docs/performance.md, matplotlib cost 1.3 s of CPU per build for these three charts)."""
    svg = _distribution_svg(**d.args) if d.kind == "distribution" else _party_svg(**d.args)
    path = root / d.file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(svg, encoding="utf-8", newline="\n")


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="{FONT}" fill="{INK}">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>', *body, "</svg>", ""])


def _text(x: float, y: float, text: str, size: int, anchor: str = "start",
          extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"'
            f'{extra}>{escape(text)}</text>')


def _bin_label(lo: int, hi: int) -> str:
    return f"{lo}-{hi - 1}" if hi <= 100 else f"{lo}-100"


def _distribution_svg(title: str, labels: list[str],
                      series: list[tuple[str, str, list[int]]]) -> str:
    """Stacked bars of members per score bin, one colour per party, with a legend."""
    w, h, left, right, top, bottom = 640, 320, 58, 12, 34, 50
    pw, ph = w - left - right, h - top - bottom
    totals = [sum(c[i] for _, _, c in series) for i in range(len(labels))]
    step = next((s for s in STEPS if max(totals, default=0) <= 6 * s), STEPS[-1])
    ymax = max(step, -(-max(totals, default=0) // step) * step)
    slot = pw / max(len(labels), 1)

    def y(v: float) -> float:
        return top + ph * (1 - v / ymax)

    body = [_text(left - 50, 20, title, 15, extra=' font-weight="bold"')]
    for v in range(0, ymax + 1, step):
        body.append(f'<line x1="{left}" x2="{w - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                    'stroke="#d9d9d9" stroke-width="0.8"/>')
        body.append(_text(left - 6, y(v) + 4, str(v), 11, "end"))
    base = [0] * len(labels)
    for _, colour, counts in series:
        for i, c in enumerate(counts):
            if c:
                # a dark outline keeps light party colours at 3:1 against the page (WCAG 1.4.11)
                body.append(f'<rect x="{left + slot * (i + 0.1):.1f}" y="{y(base[i] + c):.1f}" '
                            f'width="{slot * 0.8:.1f}" height="{ph * c / ymax:.1f}" '
                            f'fill="{escape(colour)}" stroke="{INK}" stroke-width="0.6"/>')
            base[i] += c
    body.append(f'<line x1="{left}" x2="{w - right}" y1="{top + ph}" y2="{top + ph}" '
                f'stroke="{INK}" stroke-width="0.8"/>')
    for i, label in enumerate(labels):
        body.append(_text(left + slot * (i + 0.5), top + ph + 16, label, 11, "middle"))
    body.append(_text(left + pw / 2, h - 8, "Score", 13, "middle"))
    body.append(_text(16, top + ph / 2, "Members", 13, "middle",
                      f' transform="rotate(-90 16 {top + ph / 2:.1f})"'))
    lx = w - right - sum(28 + 7 * len(name) for name, _, _ in series)
    for name, colour, _ in series:  # the legend, right of the title, clear of the bars
        body.append(f'<rect x="{lx}" y="11" width="14" height="10" fill="{escape(colour)}" '
                    f'stroke="{INK}" stroke-width="0.6"/>')
        body.append(_text(lx + 19, 20, name, 12))
        lx += 28 + 7 * len(name)
    return _svg(w, h, title, body)


def _party_svg(rows: list[tuple[str, str, float, float]]) -> str:
    """Mean (bar) and median (diamond) per chamber and party; the mean written beside it."""
    w = 640
    h = 110 + 42 * max(len(rows), 1)
    # room for the longest label (about 7 px a character at 12 px)
    left = min(int(w * 0.6), 16 + 7 * max((len(r[0]) for r in rows), default=0))
    right, top, bottom = 70, 40, 55
    pw = w - left - right

    def x(v: float) -> float:
        return left + pw * v / 100

    title = "Average score by party"
    body = [_text(8, 22, title, 15, extra=' font-weight="bold"')]
    for v in (0, 20, 40, 60, 80, 100):
        body.append(f'<line x1="{x(v):.1f}" x2="{x(v):.1f}" y1="{top}" y2="{h - bottom}" '
                    'stroke="#d9d9d9" stroke-width="0.8"/>')
        body.append(_text(x(v), h - bottom + 16, str(v), 11, "middle"))
    for i, (label, colour, mean, median) in enumerate(rows):
        cy = top + 21 + 42 * i
        body.append(_text(left - 8, cy + 4, label, 12, "end"))
        body.append(f'<rect x="{left}" y="{cy - 12.5:.1f}" width="{pw * mean / 100:.1f}" '
                    f'height="25" fill="{escape(colour)}" stroke="{INK}" stroke-width="0.6"/>')
        mx = x(median)
        body.append(f'<path d="M{mx:.1f},{cy - 7:.1f} L{mx + 7:.1f},{cy:.1f} '
                    f'L{mx:.1f},{cy + 7:.1f} L{mx - 7:.1f},{cy:.1f} Z" fill="{INK}" '
                    'stroke="#ffffff" stroke-width="1"/>')
        body.append(_text(x(100) + 10, cy + 4, shown(mean), 12))
    body.append(_text(left + pw / 2, h - 12, "Score (complete records only); bar: mean, "
                      "diamond: median", 12, "middle"))
    return _svg(w, h, title, body)


def distribution_chart(rel: str, chamber: str, scores: dict[str, list[float]],
                       colors: dict[str, str]) -> tuple[Chart, Drawing]:
    """Stacked histogram of a chamber's scores (bins of ten points), one colour per party."""
    parties = sorted(scores)
    counts = {p: [sum(1 for s in scores[p] if lo <= s < hi) for lo, hi in BINS]
              for p in parties}
    labels = [_bin_label(lo, hi) for lo, hi in BINS]
    total = sum(len(v) for v in scores.values())
    top = sum(c[-1] for c in counts.values())
    low = sum(sum(c[:6]) for c in counts.values())
    alt = (f"Bar chart of the {total} {chamber} members with a score, stacked by party, in "
           f"bins of ten points: {top} score 90 or more and {low} score below 60. "
           "The table beside it gives every count.")
    chart = Chart(
        path=rel, alt=alt,
        caption=f"{chamber}: how many members fall in each score range, by party.",
        headers=["Score", *[p or "No party" for p in parties], "All"],
        rows=[[lab, *[str(counts[p][i]) for p in parties],
               str(sum(counts[p][i] for p in parties))] for i, lab in enumerate(labels)])
    return chart, Drawing("distribution", rel, {
        "title": f"{chamber}: members by score", "labels": labels,
        "series": [(p or "No party", colors.get(p, NEUTRAL), counts[p]) for p in parties]})


def party_chart(rel: str, stats: Sequence[dict[str, Any]],
                colors: dict[str, str]) -> tuple[Chart, Drawing]:
    """Mean (bar) and median (diamond) score per chamber and party, complete members only."""
    rows = [s for s in stats if not missing(s["mean"])]
    labels = [f"{s['chamber']} · {s['party'] or 'No party'}" for s in rows]
    parts = [f"{lab}: mean {shown(s['mean'])}, median {shown(s['median'])}"
             for lab, s in zip(labels, rows, strict=True)]
    alt = ("Bar chart of the mean score of each party in each chamber, with the median "
           "marked: " + ("; ".join(parts) if parts else "no complete scores") + ".")
    chart = Chart(
        path=rel, alt=alt,
        caption="Mean and median score per party, over members with a complete record "
                "(incomplete participation is left out). Scores are never compared across "
                "chambers.",
        headers=["Chamber", "Party", "Members", "Complete records", "Mean", "Median"],
        rows=[[str(s["chamber"]), str(s["party"]), str(s["members"]), str(s["complete"]),
               shown(s["mean"]), shown(s["median"])] for s in stats])
    return chart, Drawing("party", rel, {"rows": [
        (lab, colors.get(s["party"], NEUTRAL), float(s["mean"]), float(s["median"]))
        for lab, s in zip(labels, rows, strict=True)]})


# ---- per-legislator trend (templated SVG) ----------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    session: str
    score: float


def trend_svg(points: Sequence[TrendPoint], title: str) -> Markup:
    """A small line chart of scores by session, as inline SVG text (escaped)."""
    w, h, left, right, top, bottom = 560, 210, 44, 20, 28, 34
    pw, ph = w - left - right, h - top - bottom
    n = len(points)

    def x(i: int) -> float:
        return left + (pw * (i + 0.5) / n)

    def y(v: float) -> float:
        return top + ph * (1 - v / 100)

    out = [f'<svg class="trend" viewBox="0 0 {w} {h}" role="img" '
           f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
           f"<title>{escape(title)}</title>"]
    for v in (0, 25, 50, 75, 100):
        out.append(f'<line x1="{left}" x2="{w - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                   f'class="grid"/><text x="{left - 6}" y="{y(v) + 4:.1f}" '
                   f'text-anchor="end" class="tick">{v}</text>')
    path = " ".join(f"{x(i):.1f},{y(p.score):.1f}" for i, p in enumerate(points))
    out.append(f'<polyline points="{path}" class="line"/>')
    for i, p in enumerate(points):
        out.append(f'<circle cx="{x(i):.1f}" cy="{y(p.score):.1f}" r="4.5" class="dot"/>'
                   f'<text x="{x(i):.1f}" y="{y(p.score) - 9:.1f}" text-anchor="middle" '
                   f'class="value">{shown(p.score)}</text>'
                   f'<text x="{x(i):.1f}" y="{h - 12}" text-anchor="middle" '
                   f'class="tick">{escape(p.session)}</text>')
    out.append("</svg>")
    return Markup("".join(out))
