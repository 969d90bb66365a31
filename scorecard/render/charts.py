"""Charts: the index's matplotlib figures (SVG) and the small per-legislator trend (templated).

The index charts are described here as data (a :class:`Chart` for the page: alt text,
caption, the numbers as a table; a :class:`Drawing` for the file) and drawn by ``draw``
with matplotlib's object API and the Agg/SVG canvases (no pyplot, no global state),
usually in the worker process that also paints the share cards. SVG output is
byte-identical between builds: a fixed ``svg.hashsalt`` for element ids, no date.
The per-legislator trend is a few lines of SVG written directly: thousands of pages,
no figure per page.
Every chart comes with alt text and the numbers behind it as a table.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from .context import Chart, missing, shown
from .theme import NEUTRAL

SVG_RC: dict[str, Any] = {"svg.hashsalt": "scorecard", "svg.fonttype": "path", "font.size": 10,
          "axes.spines.top": False, "axes.spines.right": False, "axes.titlesize": 11,
          # data text (party names, labels) is drawn as written, never parsed: a party
          # called "$\\frac{a}$" would otherwise reach mathtext and raise
          "text.parse_math": False, "text.usetex": False}
SVG_METADATA = {"Date": None, "Creator": "scorecard"}
BINS = [(0, 10), (10, 20), (20, 30), (30, 40), (40, 50), (50, 60), (60, 70), (70, 80),
        (80, 90), (90, 101)]
INK = "#1a1a1a"


@dataclass(frozen=True)
class Drawing:
    """A chart to draw, as plain data (it crosses to a worker process): kind, file, args."""

    kind: str  # "distribution" | "party"
    file: str  # relative to the site root
    args: dict[str, Any]


def draw(d: Drawing, root: Path) -> None:
    """Draw ``d`` into ``root / d.file`` with matplotlib (imported here, not before)."""
    import matplotlib

    with matplotlib.rc_context(SVG_RC):  # type: ignore[arg-type]
        fig = _draw_distribution(**d.args) if d.kind == "distribution" else _draw_party(
            **d.args)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata=SVG_METADATA)
    path = root / d.file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _figure(width: float, height: float, margins: dict[str, float]) -> Any:
    # Fixed margins: constrained/tight layout would cost more than the drawing itself.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    fig.subplots_adjust(**margins)
    return fig


def _bin_label(lo: int, hi: int) -> str:
    return f"{lo}-{hi - 1}" if hi <= 100 else f"{lo}-100"


def _draw_distribution(title: str, labels: list[str], series: list[tuple[str, str, list[int]]]
                       ) -> Any:
    fig = _figure(6.4, 3.2, {"left": 0.09, "right": 0.98, "top": 0.9, "bottom": 0.16})
    ax = fig.add_subplot()
    bottom = [0] * len(labels)
    for name, colour, counts in series:
        # a dark outline keeps light party colours at 3:1 against the page (WCAG 1.4.11)
        ax.bar(range(len(labels)), counts, bottom=bottom, color=colour, edgecolor=INK,
               linewidth=0.6, label=name)
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    ax.set_xticks(range(len(labels)), labels, color=INK, fontsize=8)
    ax.set_xlabel("Score", color=INK)
    ax.set_ylabel("Members", color=INK)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(title, color=INK, loc="left")
    if series:
        ax.legend(frameon=False, fontsize=9, loc="upper left")
    return fig


def _draw_party(rows: list[tuple[str, str, float, float]]) -> Any:
    height = 1.1 + 0.42 * max(len(rows), 1)
    fig = _figure(6.4, height, {"left": 0.3, "right": 0.97, "top": 1 - 0.45 / height,
                                "bottom": 0.55 / height})
    ax = fig.add_subplot()
    y = list(range(len(rows)))[::-1]
    ax.barh(y, [r[2] for r in rows], color=[r[1] for r in rows], height=0.6, label="Mean",
            edgecolor=INK, linewidth=0.6)
    ax.scatter([r[3] for r in rows], y, marker="D", color=INK, zorder=3, s=28, label="Median")
    for yi, r in zip(y, rows, strict=True):  # the mean, in a column right of the bars
        ax.text(104, yi, shown(r[2]), va="center", fontsize=9, color=INK)
    ax.set_yticks(y, [r[0] for r in rows], color=INK)
    ax.set_xlim(0, 112)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.set_xlabel("Score (complete records only); bar: mean, diamond: median", color=INK)
    ax.set_title("Average score by party", color=INK, loc="left")
    # Room for the longest party label, measured rather than guessed.
    renderer = fig.canvas.get_renderer()
    widest = max((t.get_window_extent(renderer).width for t in ax.get_yticklabels()),
                 default=0.0)
    fig.subplots_adjust(left=min(0.6, (widest + 14) / (fig.get_figwidth() * fig.dpi)))
    return fig


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
