"""Share cards (scorecard.render.share): valid, deterministic PNGs, fast paths exact."""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scorecard.render import share
from scorecard.render.share import CardPainter, CardStyle, CardWriter, ShareCard

STYLE = CardStyle('Justice <b> & "Fair"', "Org & Co", "Sample data: fictional legislators")
CARDS = [
    ShareCard("a.png", "Jane Smith-Rodríguez 🎉", "Senate District 12 · Democratic", "87", "B",
              ("Score for the 2025-2026 session", "Rank 3 of 63 in the Senate (tied)",
               "Lifetime score 80 (2023-2024 to 2025-2026)")),
    ShareCard("b.png", "محمد العربي", "Assembly District 1 · Democratic", "", "",
              ("No score for the 2025-2026 session",
               "Not in office for any scored vote: a long reason that has to wrap onto a "
               "second line of the card and then be cut short because it is far too long")),
    ShareCard("c.png", "W" * 80, "District 1", "100", "A", ()),
    ShareCard("index.png", "The scorecard", "Org", "", "", ("How legislators voted",),
              kind="site"),
]


def idat(png: bytes) -> bytes:
    data, i = b"", 8
    while i < len(png):
        (n,) = struct.unpack(">I", png[i:i + 4])
        if png[i + 4:i + 8] == b"IDAT":
            data += png[i + 8:i + 8 + n]
        i += 12 + n
    return data


@pytest.mark.parametrize("card", CARDS, ids=[c.file for c in CARDS])
def test_cards_are_valid_1200x630_pngs(card: ShareCard) -> None:
    png = CardPainter(STYLE).paint(card)
    raw = zlib.decompress(idat(png))  # checks the Adler-32 of the shared-block stream
    assert len(raw) == 630 * (1200 + 1)
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.size == (1200, 630) and image.mode == "P"
    assert png == CardPainter(STYLE).paint(card)  # deterministic


def test_a_card_shows_its_text() -> None:
    painter = CardPainter(STYLE)
    a = np.asarray(Image.open(io.BytesIO(painter.paint(CARDS[0]))))
    b = np.asarray(Image.open(io.BytesIO(painter.paint(CARDS[2]))))
    assert (a != b).any(axis=1)[130:560].sum() > 100  # names, scores and lines differ
    assert (a == b)[:112].all() and (a == b)[-56:].all()  # title band and banner shared


def test_adler32_combine() -> None:
    a, b = os.urandom(5000), os.urandom(1234)
    assert share.adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b)) == zlib.adler32(
        a + b)


@pytest.mark.parametrize("size,bold", [(68, True), (34, False), (28, False)])
def test_glyph_setting_matches_freetype_layout(size: int, bold: bool) -> None:
    font = share._font(size, bold)
    for text in ["Jane Smith-Rodríguez", "AVATAR Tea Wave", "O'Brien \"Bob\" & Sons",
                 "Senate District 12 · Democratic", "Lifetime score 80 (2023-2024)"]:
        levels, left, top, width = share._compose(text, font)
        core, (l2, t2) = font.getmask2(text, mode="L", anchor="ls")
        expected = share._levels(core)
        assert levels is not None and levels.shape == expected.shape, text
        assert (left, top, width) == (l2, t2, core.size[0]), text
        assert np.abs(levels.astype(int) - expected.astype(int)).max() <= 1, text


def test_text_the_font_cannot_draw_is_dropped() -> None:
    assert share.drawable("Emoji 🎉  Person") == "Emoji Person"
    assert share.drawable("محمد العربي") == "محمد العربي"
    assert share._needs_shaping("محمد") and not share._needs_shaping("José Ñúñez")


def test_writer_in_workers_and_in_process_agree(tmp_path: Path) -> None:
    many = [ShareCard(f"p{i}.png", f"Person {i}", f"District {i}", str(i % 101), "B",
                      (f"Rank {i} of 80",)) for i in range(80)]
    outputs = []
    for workers in (0, 1):
        root = tmp_path / str(workers)
        writer = CardWriter(STYLE, root, workers=workers)
        writer.warm()
        try:
            writer.start(many)
            writer.finish()
        finally:
            writer.close()
        outputs.append({p.name: p.read_bytes() for p in (root / "share").iterdir()})
    assert len(outputs[0]) == 80 and outputs[0] == outputs[1]
