"""Corpus, resource bombs in processing: a huge text on a share card, a huge platform.

Bombs are scaled down and the work is counted (measurements, rows), never timed: speed
targets live in benchmarks/.
"""

from __future__ import annotations

import copy
import warnings
from pathlib import Path

import pandas as pd
import pytest
import yaml
from PIL import ImageFont

from scorecard.build import score_platform
from scorecard.render import share
from scorecard.render.share import CardPainter, CardStyle, ShareCard
from tests.conftest import REPO

STYLE = CardStyle("A scorecard", "An organisation", "")


def _count_measurements(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of every text a card measures."""
    seen: list[int] = []
    length, bbox = ImageFont.FreeTypeFont.getlength, ImageFont.FreeTypeFont.getbbox

    def getlength(self: ImageFont.FreeTypeFont, text: str, *a: object, **k: object) -> float:
        seen.append(len(text))
        return length(self, text, *a, **k)  # type: ignore[arg-type]

    def getbbox(self: ImageFont.FreeTypeFont, text: str, *a: object, **k: object
                ) -> tuple[float, float, float, float]:
        seen.append(len(text))
        return bbox(self, text, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(ImageFont.FreeTypeFont, "getlength", getlength)
    monkeypatch.setattr(ImageFont.FreeTypeFont, "getbbox", getbbox)
    return seen


@pytest.mark.parametrize("field", ["name", "subtitle", "line"])
def test_a_huge_text_is_bounded_before_it_is_measured(monkeypatch: pytest.MonkeyPatch,
                                                      field: str) -> None:
    huge = "Wolfeschlegelsteinhausenbergerdorff " * 700  # some 25,000 characters
    card = ShareCard("a.png", huge if field == "name" else "Jane Doe",
                     huge if field == "subtitle" else "District 1", "87", "B",
                     (huge,) if field == "line" else ("Voted with the platform",))
    painter = CardPainter(STYLE)
    seen = _count_measurements(monkeypatch)
    assert painter.paint(card).startswith(b"\x89PNG")
    assert max(seen) <= share.MAX_CHARS + 1  # nothing longer than the bound was measured
    assert len(seen) < 200  # a binary search, not a character at a time (25,000 before)


def test_the_cut_keeps_the_longest_prefix_that_fits() -> None:
    text, font = share._fit("W" * 80, (38,), True, 600)
    assert text.endswith("…")
    assert font.getlength(text) <= 600 < font.getlength(text[:-1] + "W…")


def test_many_sections_are_added_at_once(tmp_path: Path) -> None:
    """Adding one score column per section one by one cost pandas time in the square of
    their number (1,000 sections 12 s, 2,000 30 s, 20,000 never finished). pandas warns
    (PerformanceWarning) when a table is built that way past 100 columns; here that is an
    error."""
    doc = yaml.safe_load((REPO / "platform.yaml").read_text(encoding="utf-8"))
    bills = [b for s in doc["sections"] for d in s["demands"] for b in d.get("bills") or []]
    doc["data"] = str(REPO / "votes" / "demo")
    doc["sections"] = [
        {"id": f"s{i}", "title": f"Section {i}", "demands": [
            {"id": f"d{i}", "title": f"Demand {i}", "text": "Do it.",
             "bills": [copy.deepcopy(bills[i % len(bills)])]}]} for i in range(150)]
    path = tmp_path / "platform.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error", pd.errors.PerformanceWarning)
        card = score_platform(path)
    assert card.scores.section_ids == [f"s{i}" for i in range(150)]
    assert [c for c in card.scores.table.columns if c.startswith("section:")] == [
        f"section:s{i}" for i in range(150)]
