"""The share cards' font coverage file: ``python -m tests.font_coverage`` regenerates it.

``scorecard/fonts/DejaVuSans.coverage`` lists the code points DejaVu Sans has a glyph for
(its cmap, read with fontTools), as ``first-last`` ranges of hexadecimal code points, one
per line. The cards read it instead of the font's cmap: reading that with fontTools cost
0.09 s of CPU in every process that painted a card. tests/render/test_share.py checks
that the file is still what the shipped font gives.
"""

from __future__ import annotations

from collections.abc import Iterable

from scorecard.render.share import COVERAGE, FONTS, font_folder


def font_points() -> frozenset[int]:
    """The code points of the regular font's best cmap, read with fontTools."""
    from fontTools.ttLib import TTFont

    with TTFont(str(font_folder() / FONTS[0]), lazy=True) as font:
        return frozenset(font.getBestCmap())


def coverage_text(points: Iterable[int]) -> str:
    """``points`` as the coverage file's lines: runs of consecutive code points."""
    lines: list[str] = []
    run: list[int] = []
    for p in sorted(points):
        if run and p == run[-1] + 1:
            run[-1] = p
            continue
        if run:
            lines.append(_run(run))
        run = [p, p]
    if run:
        lines.append(_run(run))
    return "\n".join(lines) + "\n"


def _run(run: list[int]) -> str:
    first, last = run
    return f"{first:04X}" if first == last else f"{first:04X}-{last:04X}"


def main() -> None:
    path = font_folder() / COVERAGE
    path.write_text(coverage_text(font_points()), encoding="ascii", newline="\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
