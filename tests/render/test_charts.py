"""The index charts, written as SVG text: what each draws, escaped, the same bytes each time."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from scorecard.render.charts import INK, distribution_chart, draw, party_chart

SVG = "{http://www.w3.org/2000/svg}"
COLORS = {"Democratic": "#2166ac", "Republican": "#b2182b"}


def drawn(tmp_path: Path, drawing) -> ET.Element:  # type: ignore[no-untyped-def]
    draw(drawing, tmp_path)
    return ET.parse(tmp_path / drawing.file).getroot()


def test_distribution_draws_one_bar_per_party_and_bin(tmp_path: Path) -> None:
    scores = {"Democratic": [95.0, 91.0, 72.5, 55.0], "Republican": [5.0, 12.0, 55.0],
              "<b>&": [100.0]}
    chart, drawing = distribution_chart("charts/d.svg", "Senate", scores, COLORS)
    root = drawn(tmp_path, drawing)
    assert root.find(f"{SVG}title").text == "Senate: members by score"
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("stroke") == INK]
    legend = [r for r in bars if r.get("height") == "10"]
    assert len(legend) == 3  # one key per party
    # 90-100: Democratic 2 + "<b>&" 1; 70-79, 50-59 (two parties), 0-9, 10-19: one each
    assert len(bars) - len(legend) == 7
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "<b>&" in texts and "90-100" in texts and "Members" in texts
    assert "&lt;b&gt;&amp;" in (tmp_path / "charts" / "d.svg").read_text()
    assert chart.rows[-1] == ["90-100", "1", "2", "0", "3"]  # the table behind it


def test_party_chart_marks_each_mean_and_median(tmp_path: Path) -> None:
    stats = [{"chamber": "Senate", "party": p, "members": 3, "complete": 3, "mean": m,
              "median": md} for p, m, md in (("Democratic", 80.25, 85.0),
                                             ("Republican", 20.0, 10.0))]
    _, drawing = party_chart("charts/p.svg", stats, COLORS)
    root = drawn(tmp_path, drawing)
    assert len(list(root.iter(f"{SVG}path"))) == 2  # the diamonds
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "80.3" in texts or "80" in texts
    assert "Senate · Democratic" in texts and "Senate · Republican" in texts


def test_the_same_chart_gives_the_same_bytes(tmp_path: Path) -> None:
    _, drawing = distribution_chart("charts/d.svg", "Assembly", {"Democratic": [50.0]}, COLORS)
    draw(drawing, tmp_path / "a")
    draw(drawing, tmp_path / "b")
    first = (tmp_path / "a" / "charts" / "d.svg").read_bytes()
    assert first == (tmp_path / "b" / "charts" / "d.svg").read_bytes()
    assert b"<dc:date>" not in first and first.startswith(b"<svg ")
