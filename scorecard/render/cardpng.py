"""PNG files of palette images that differ from a shared background in a few rows only.

Every share card of a site is one of three backgrounds with text drawn on it; the text
covers about 40% of the rows, the rest of each card is its background's rows, byte for
byte. Deflating a whole 1200x630 card cost about 5 ms, half of a card's time, most of it
spent compressing rows every card shares. A PNG's image data is a single zlib stream, and
a deflate stream may be cut into pieces that each end on a byte boundary (a sync flush)
and are compressed independently: so :class:`Background` compresses each run of untouched
background bands once, on first use, and every card compresses only the bands its text
touches, then joins the pieces. The checksum of the whole (Adler-32) is combined from the
pieces' own (:func:`adler32_combine`, zlib's formula). The decoded pixels are exactly the
image given (Pillow's encoder gives the same pixels, in a different stream).

No image library writes a PNG from pieces compressed ahead, hence this module: the PNG
container (signature, ``IHDR``, ``PLTE``, one ``IDAT``, ``IEND``) is written with the
standard library's ``zlib`` and ``struct``; no metadata (no time, no software), so the
same image gives the same bytes. Each row is stored with PNG's filter type 0 (none), as
Pillow does for palette images.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Sequence

import numpy as np

SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: The most runs of background rows a :class:`Background` keeps compressed (a few dozen
#: in practice: where texts start and end varies little).
RUNS = 4096
LEVEL = 1  # fastest deflate, as the cards had with Pillow's compress_level=1
_MOD = 65521  # Adler-32's modulus
#: The final, empty deflate block (fixed Huffman codes): ends the joined stream.
_END_BLOCK = b"\x03\x00"
#: zlib's header for a 32 KB window and the fastest level (RFC 1950: a multiple of 31).
_ZLIB_HEADER = b"\x78\x01"


def adler32_combine(first: int, second: int, second_len: int) -> int:
    """The Adler-32 of ``a + b`` from ``adler32(a)``, ``adler32(b)`` and ``len(b)``."""
    a1, b1 = first & 0xFFFF, first >> 16
    a2, b2 = second & 0xFFFF, second >> 16
    a = (a1 + a2 - 1) % _MOD
    b = (b1 + b2 + second_len * (a1 - 1)) % _MOD
    return a | (b << 16)


def _chunk(tag: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + tag + data
            + struct.pack(">I", zlib.crc32(data, zlib.crc32(tag))))


def _deflate(rows: np.ndarray) -> tuple[bytes, int]:
    """One piece of the stream: ``rows`` (filter byte included) deflated on their own,
    ending on a byte boundary; and their Adler-32."""
    data = np.ascontiguousarray(rows).data
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)  # raw deflate: no header
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH), zlib.adler32(data)


def canvas(image: np.ndarray) -> np.ndarray:
    """``image`` (rows x columns of palette indices) with PNG's filter byte (0) before
    each row: draw into ``canvas(...)[:, 1:]``, encode the whole."""
    out = np.zeros((image.shape[0], image.shape[1] + 1), np.uint8)
    out[:, 1:] = image
    return out


class Background:
    """A background (a :func:`canvas`) and its palette; :meth:`png` encodes an image
    drawn on a copy of it, given the rows the drawing touched."""

    def __init__(self, rows: np.ndarray, palette: Sequence[int]) -> None:
        self.rows = rows
        self.rows.setflags(write=False)
        height, width = rows.shape[0], rows.shape[1] - 1
        self.head = SIGNATURE + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3,
                                                            0, 0, 0)) \
            + _chunk(b"PLTE", bytes(palette))
        self._runs: dict[tuple[int, int], tuple[bytes, int]] = {}

    def copy(self) -> np.ndarray:
        return self.rows.copy()

    def _run(self, start: int, end: int) -> tuple[bytes, int]:
        """Rows ``start`` to ``end`` (excluded) of the background, deflated once."""
        run = self._runs.get((start, end))
        if run is None:
            run = _deflate(self.rows[start:end])
            if len(self._runs) < RUNS:
                self._runs[(start, end)] = run
        return run

    def png(self, image: np.ndarray, touched: Iterable[tuple[int, int]]) -> bytes:
        """The PNG of ``image`` (a copy of this background, drawn on), where only the row
        ranges ``touched`` ((top, bottom), bottom excluded) may differ from it."""
        height = self.rows.shape[0]
        hit = np.zeros(height, bool)
        for top, bottom in touched:
            hit[max(top, 0):min(bottom, height)] = True
        # where each run of touched (or untouched) rows ends
        ends = [*(np.flatnonzero(hit[1:] != hit[:-1]) + 1).tolist(), height]
        pieces, adler, start = [], 1, 0
        for end in ends:
            if hit[start]:
                piece, checksum = _deflate(image[start:end])
            else:
                piece, checksum = self._run(start, end)
            pieces.append(piece)
            adler = adler32_combine(adler, checksum, (end - start) * image.shape[1])
            start = end
        data = _ZLIB_HEADER + b"".join(pieces) + _END_BLOCK + struct.pack(">I", adler)
        return self.head + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


__all__ = ["Background", "adler32_combine", "canvas"]
