"""The cards' PNG encoder (scorecard.render.cardpng): pieces joined into one valid PNG."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from scorecard.render import share
from scorecard.render.cardpng import Background, adler32_combine, canvas
from scorecard.render.share import CardPainter, CardStyle, ShareCard

PALETTE = [v for i in range(16) for v in (i * 16, 255 - i * 16, i * 8)]


@given(st.binary(max_size=3000), st.binary(max_size=3000))
def test_adler32_combine_is_the_checksum_of_both(a: bytes, b: bytes) -> None:
    assert adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b)) == zlib.adler32(a + b)


def test_adler32_combine_of_long_runs() -> None:
    a, b = bytes([255]) * 70000, bytes([254]) * 200000  # past the modulus, both sums
    assert adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b)) == zlib.adler32(a + b)


def _decode(png: bytes) -> np.ndarray:
    image = Image.open(io.BytesIO(png))
    image.verify()  # chunk CRCs and the zlib stream
    image = Image.open(io.BytesIO(png))
    assert image.mode == "P" and image.info == {}
    return np.asarray(image)


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    out, at = [], 8
    while at < len(png):
        (size,) = struct.unpack(">I", png[at:at + 4])
        out.append((png[at + 4:at + 8], png[at + 8:at + 8 + size]))
        at += 12 + size
    return out


BACK = np.tile(np.arange(40, dtype=np.uint8) % 16, (30, 1))  # 30 rows of 40 pixels


@pytest.mark.parametrize("touched", [[], [(0, 30)], [(0, 1)], [(29, 30)], [(-5, 3), (28, 99)],
                                     [(4, 9), (7, 12), (20, 21)], [(5, 5), (9, 3)]])
def test_the_png_is_the_image_whatever_rows_are_touched(touched: list[tuple[int, int]]
                                                        ) -> None:
    background = Background(canvas(BACK), PALETTE)
    rows = background.copy()
    for top, bottom in touched:
        rows[max(top, 0):min(bottom, 30), 1:] = (np.arange(40) * 7 + top) % 16
    png = background.png(rows, touched)
    assert np.array_equal(_decode(png), rows[:, 1:])
    chunks = _chunks(png)
    assert [tag for tag, _ in chunks] == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
    assert zlib.decompress(chunks[2][1]) == rows.tobytes()  # filter byte 0 on every row
    assert chunks[1][1] == bytes(PALETTE)
    # the same again, after the background's runs were cached: the same bytes
    assert background.png(rows, touched) == png


def test_rows_not_declared_touched_are_the_backgrounds() -> None:
    background = Background(canvas(BACK), PALETTE)
    rows = background.copy()
    rows[10:12, 1:] = 3
    assert np.array_equal(_decode(background.png(rows, [(10, 12)])), rows[:, 1:])
    assert np.array_equal(_decode(background.png(rows, [(10, 11)]))[11], BACK[11])


STYLE = CardStyle("A scorecard", "Org", "Sample data: fictional legislators")
CARDS = [
    ShareCard("a.png", "Jane Smith-Rodríguez", "Senate District 12 · Democratic", "87", "B",
              ("Score for the 2025-2026 session", "Rank 3 of 63 in the Senate (tied)",
               "Lifetime score 80 (2023-2024 to 2025-2026)",
               "Incomplete record: voted on 5 of 9 votes")),
    ShareCard("b.png", "محمد العربي", "Assembly District 1", "", "",
              ("No score for the 2025-2026 session", "Not in office " * 20)),
    ShareCard("c.png", "Égalité Ångström ÿ", "District 1", "100", "", ()),
    ShareCard("index.png", "The scorecard", "Org", "", "", ("How legislators voted", "As of"),
              kind="site"),
]


@pytest.mark.parametrize("style", [STYLE, CardStyle("Title only", "", "")])
def test_every_card_decodes_to_the_image_painted(style: CardStyle,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The rows a card's text touches are all declared: what is encoded is the whole
    painted image, compared with Pillow's own encoding of it."""
    painted = []
    encode = Background.png

    def keep(self: Background, image: np.ndarray, touched: list[tuple[int, int]]) -> bytes:
        painted.append(image[:, 1:].copy())
        return encode(self, image, touched)

    monkeypatch.setattr(Background, "png", keep)
    painter = CardPainter(style)
    for card in CARDS:
        png = painter.paint(card)
        ours = _decode(png)
        assert np.array_equal(ours, painted[-1])
        theirs = Image.fromarray(painted[-1])
        theirs.putpalette(share.PALETTE[:len(share.RAMPS) * share.LEVELS * 3])
        out = io.BytesIO()
        theirs.save(out, format="PNG", compress_level=1)
        assert np.array_equal(np.asarray(Image.open(io.BytesIO(out.getvalue())).convert("RGB")),
                              np.asarray(Image.open(io.BytesIO(png)).convert("RGB")))
        assert (painted[-1] != painter.bases["site"].rows[:, 1:]).any()  # text was drawn
