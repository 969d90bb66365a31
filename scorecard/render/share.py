"""Open Graph / Twitter card images: a 1200x630 PNG per legislator (name, district, score).

Thousands of cards must cost seconds, not minutes, so a card is not a matplotlib figure:
it is an 8-bit palette image composed with numpy. The background of each card kind is
drawn once; per card only the text is rasterised (Pillow/FreeType, shaped with Raqm
when available, so right-to-left names read correctly) and blended through colour ramps
of the palette. PNGs carry no metadata (no timestamps): the same card gives the same
bytes. Cards are painted in worker processes while the pages render.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .charts import Drawing, draw
from .workers import watch_parent

WIDTH, HEIGHT = 1200, 630
MARGIN = 48
WHITE, INK, MUTED = "#ffffff", "#1a1a1a", "#474747"
BAND, BOX, NOBOX, BANNER = "#1a1a1a", "#005a8c", "#e8e8e4", "#fff3bf"
LEVELS = 16  # anti-aliasing steps per colour ramp
#: (background, text) pairs: each gets a ramp of LEVELS palette entries
RAMPS = [(WHITE, INK), (WHITE, MUTED), (BAND, WHITE), (BOX, WHITE), (NOBOX, INK),
         (BANNER, INK)]


@dataclass(frozen=True)
class ShareCard:
    """What one card says. ``score`` is '' when there is no score (``lines`` say why)."""

    file: str  # relative to the share folder, e.g. "ada-lovelace.png"
    name: str
    subtitle: str  # "Senate District 12 · Democratic"
    score: str
    grade: str
    lines: tuple[str, ...] = field(default_factory=tuple)
    kind: str = "legislator"  # or "site": the site's own card, with no score box


@dataclass(frozen=True)
class CardStyle:
    """What every card of a site shares."""

    title: str
    organization: str
    banner: str  # "" or "Sample data: fictional legislators"


def _hex(c: str) -> tuple[int, int, int]:
    return int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)


def _palette() -> tuple[list[int], dict[tuple[str, str], int]]:
    pal: list[int] = []
    starts = {}
    for bg, fg in RAMPS:
        starts[(bg, fg)] = len(pal) // 3
        b, f = np.array(_hex(bg), float), np.array(_hex(fg), float)
        for k in range(LEVELS):
            pal += [int(round(v)) for v in b + (f - b) * k / (LEVELS - 1)]
    return pal + [0] * (768 - len(pal)), starts


PALETTE, RAMP = _palette()


@lru_cache(maxsize=64)
def _font(size: int, bold: bool, shaped: bool = False) -> Any:
    """DejaVu Sans (shipped with matplotlib); ``shaped``: laid out by Raqm (RTL, Arabic)."""
    import matplotlib
    from PIL import ImageFont, features

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name
    engine = (ImageFont.Layout.RAQM if shaped and features.check("raqm")
              else ImageFont.Layout.BASIC)
    return ImageFont.truetype(str(path), size, layout_engine=engine)


def _needs_shaping(text: str) -> bool:
    """Scripts from Hebrew on (RTL, Arabic, Indic...) need Raqm; Latin, Greek, Cyrillic do not."""
    return any(ord(c) >= 0x0590 for c in text)


@lru_cache(maxsize=1)
def _coverage() -> Any:
    import matplotlib
    from matplotlib.ft2font import FT2Font

    return FT2Font(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"))


def drawable(text: str) -> str:
    """The text without characters the font cannot draw (emoji...), spaces tidied."""
    if not text.isascii():  # DejaVu Sans draws every printable ASCII character
        font = _coverage()
        text = "".join(c for c in text
                       if c.isascii() or c.isspace() or font.get_char_index(ord(c)))
    return " ".join(text.split())


def _fit(text: str, sizes: Sequence[int], bold: bool, width: int,
         anchor: str = "ls") -> tuple[str, Any]:
    """The largest font of ``sizes`` that fits ``text`` in ``width``; else truncate.

    Measured by rasterising (cached), which the drawing then reuses.
    """
    shaped = _needs_shaping(text)
    for size in sizes:
        font = _font(size, bold, shaped)
        if _mask(text, font, anchor)[3] <= width:
            return text, font
    font = _font(sizes[-1], bold, shaped)
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…", font


def _levels(core: Any) -> np.ndarray:
    from PIL import Image

    m = np.asarray(Image.Image()._new(core)).astype(np.uint16)
    return ((m * (LEVELS - 1) + 127) // 255).astype(np.uint8)


@lru_cache(maxsize=8192)
def _glyph(ch: str, font: Any) -> tuple[np.ndarray | None, int, int, float]:
    """One character's levels, offset from the pen (baseline) and advance."""
    core, (left, top) = font.getmask2(ch, mode="L", anchor="ls")
    w, h = core.size
    return (_levels(core) if w > 0 and h > 0 else None), left, top, font.getlength(ch)


@lru_cache(maxsize=65536)
def _kerning(pair: str, font: Any) -> float:
    return font.getlength(pair) - font.getlength(pair[0]) - font.getlength(pair[1])


def _compose(text: str, font: Any) -> tuple[np.ndarray | None, int, int, int]:
    """Unshaped text set from cached glyphs: the same pixels as FreeType's basic layout
    of the whole string (kerning included), several times faster for new strings."""
    x = 0.0
    pieces = []
    for i, ch in enumerate(text):
        if i:
            x += _kerning(text[i - 1:i + 1], font)
        levels, left, top, advance = _glyph(ch, font)
        if levels is not None:
            pieces.append((int(round(x)) + left, top, levels))
        x += advance
    if not pieces:
        return None, 0, 0, 0
    left = min(p[0] for p in pieces)
    top = min(p[1] for p in pieces)
    right = max(p[0] + p[2].shape[1] for p in pieces)
    bottom = max(p[1] + p[2].shape[0] for p in pieces)
    out = np.zeros((bottom - top, right - left), np.uint8)
    for px, py, levels in pieces:
        region = out[py - top:py - top + levels.shape[0], px - left:px - left + levels.shape[1]]
        np.maximum(region, levels, out=region)
    return out, left, top, right - left


@lru_cache(maxsize=4096)
def _mask(text: str, font: Any, anchor: str) -> tuple[np.ndarray | None, int, int, int]:
    """``text`` rasterised as ramp levels (0 = background): (levels, left, top, width).

    (left, top) is the offset of the levels' corner from the anchor point. Cached: the
    scores, grades and lines that many cards share are drawn once.
    """
    from PIL import ImageFont

    if anchor == "ls" and font.layout_engine == ImageFont.Layout.BASIC:
        return _compose(text, font)
    core, (left, top) = font.getmask2(text, mode="L", anchor=anchor)
    w, h = core.size
    if w <= 0 or h <= 0:
        return None, 0, 0, 0
    return _levels(core), left, top, w


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def adler32_combine(adler1: int, adler2: int, len2: int) -> int:
    """The Adler-32 of A + B from those of A and B and the length of B (zlib's own method)."""
    base = 65521
    rem = len2 % base
    sum1 = adler1 & 0xFFFF
    sum2 = (rem * sum1) % base
    sum1 += (adler2 & 0xFFFF) + base - 1
    sum2 += ((adler1 >> 16) & 0xFFFF) + ((adler2 >> 16) & 0xFFFF) + base - rem
    if sum1 >= base:
        sum1 -= base
    if sum1 >= base:
        sum1 -= base
    if sum2 >= (base << 1):
        sum2 -= base << 1
    if sum2 >= base:
        sum2 -= base
    return sum1 | (sum2 << 16)


def _deflate_block(rows: np.ndarray) -> bytes:
    """Raw deflate of ``rows``, flushed so that it refers to nothing before or after."""
    co = zlib.compressobj(1, zlib.DEFLATED, -15)
    return co.compress(rows.data) + co.flush(zlib.Z_FULL_FLUSH)


class PngEncoder:
    """8-bit palette PNGs of images that differ from ``base`` in a few bands of rows.

    Rows are unfiltered (PNG filter 0) and deflated at level 1, in independent blocks of
    ``BLOCK`` rows: the blocks the card shares with ``base`` are compressed once, here,
    and reused; only the changed blocks are compressed per card. The result is a valid
    PNG (one zlib stream) with no metadata, so the same image gives the same bytes.
    """

    BLOCK = 10

    def __init__(self, base: np.ndarray, palette: list[int]) -> None:
        self.base = base
        self.h, self.w = base.shape
        self.palette = palette
        raw = self._raw(base)
        self.blocks = [_deflate_block(raw[i:i + self.BLOCK])
                       for i in range(0, self.h, self.BLOCK)]
        self.adlers = [zlib.adler32(raw[i:i + self.BLOCK].data)
                       for i in range(0, self.h, self.BLOCK)]

    def _raw(self, index: np.ndarray) -> np.ndarray:
        raw = np.zeros((self.h, self.w + 1), np.uint8)  # filter byte 0 (none) per row
        raw[:, 1:] = index
        return raw

    def encode(self, index: np.ndarray) -> bytes:
        raw = self._raw(index)
        n = -(-self.h // self.BLOCK)
        changed = index != self.base
        if n * self.BLOCK != self.h:
            changed = np.pad(changed, ((0, n * self.BLOCK - self.h), (0, 0)))
        diff = changed.reshape(n, -1).any(axis=1)
        adler = 1
        co = zlib.compressobj(1, zlib.DEFLATED, -15)
        parts = [b"\x78\x01"]  # zlib header: deflate, 32K window, fastest
        flags = diff.tolist()
        i = 0
        while i < n:
            j = i
            while j < n and flags[j] == flags[i]:
                j += 1
            rows = raw[i * self.BLOCK:j * self.BLOCK]
            if flags[i]:  # a run of changed blocks, flushed: no reference across runs
                parts.append(co.compress(rows.data) + co.flush(zlib.Z_FULL_FLUSH))
                adler = zlib.adler32(rows.data, adler)
            else:
                parts.extend(self.blocks[i:j])
                for k in range(i, j):
                    length = min(self.BLOCK, self.h - k * self.BLOCK) * (self.w + 1)
                    adler = adler32_combine(adler, self.adlers[k], length)
            i = j
        parts.append(co.flush(zlib.Z_FINISH))
        parts.append(struct.pack(">I", adler & 0xFFFFFFFF))
        used = int(index.max()) + 1
        return (b"\x89PNG\r\n\x1a\n"
                + _chunk(b"IHDR", struct.pack(">IIBBBBB", self.w, self.h, 8, 3, 0, 0, 0))
                + _chunk(b"PLTE", bytes(self.palette[:3 * used]))
                + _chunk(b"IDAT", b"".join(parts))
                + _chunk(b"IEND", b""))


@lru_cache(maxsize=4096)
def _wrap(text: str, font: Any, width: int, lines: int) -> list[str]:
    if font.getlength(text) <= width:
        return [text]
    out: list[str] = []
    for word in text.split():
        if out and font.getlength(out[-1] + " " + word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1].rstrip(".,;:") + "…"
    return out


class CardPainter:
    """Paints cards of one site; the backgrounds are drawn once."""

    def __init__(self, style: CardStyle) -> None:
        self.style = style
        base = np.full((HEIGHT, WIDTH), RAMP[(WHITE, INK)], np.uint8)
        base[:112] = RAMP[(BAND, WHITE)]
        title, font = _fit(drawable(style.title), (38, 34, 30, 26), True, WIDTH - 2 * MARGIN)
        org = drawable(style.organization)
        self._text(base, title, font, MARGIN, 40 if org else 56, (BAND, WHITE), "lm")
        if org:
            org, font = _fit(org, (24, 20), False, WIDTH - 2 * MARGIN)
            self._text(base, org, font, MARGIN, 84, (BAND, WHITE), "lm")
        if style.banner:
            base[HEIGHT - 56:] = RAMP[(BANNER, INK)]
            self._text(base, style.banner, _font(26, True), WIDTH // 2, HEIGHT - 28,
                       (BANNER, INK), "mm")
        self.bases = {"site": base}
        for kind, fill in (("score", BOX), ("none", NOBOX)):
            b = base.copy()
            self._round_rect(b, MARGIN, 300, MARGIN + 300, 548, 24,
                             RAMP[(fill, WHITE if fill == BOX else INK)])
            self.bases[kind] = b
        self.encoders = {kind: PngEncoder(b, PALETTE) for kind, b in self.bases.items()}

    @staticmethod
    def _round_rect(a: np.ndarray, x0: int, y0: int, x1: int, y1: int, r: int,
                    index: int) -> None:
        yy, xx = np.mgrid[y0:y1, x0:x1]
        cx = np.clip(xx, x0 + r, x1 - 1 - r)
        cy = np.clip(yy, y0 + r, y1 - 1 - r)
        inside = (xx - cx) ** 2 + (yy - cy) ** 2 <= r * r
        region = a[y0:y1, x0:x1]
        region[inside] = index

    @staticmethod
    def _text(a: np.ndarray, text: str, font: Any, x: int, y: int, ramp: tuple[str, str],
              anchor: str = "ls") -> None:
        """Blend ``text`` into ``a`` through the palette ramp ``(background, ink)``."""
        if not text:
            return
        levels, left, top, _ = _mask(text, font, anchor)
        if levels is None:
            return
        x0, y0 = x + left, y + top
        xs, ys = max(0, -x0), max(0, -y0)
        x0, y0 = max(x0, 0), max(y0, 0)
        m = levels[ys:ys + HEIGHT - y0, xs:xs + WIDTH - x0]
        region = a[y0:y0 + m.shape[0], x0:x0 + m.shape[1]]
        np.copyto(region, m + np.uint8(RAMP[ramp]), where=m > 0)

    def paint(self, card: ShareCard) -> bytes:
        scored = bool(card.score)
        site = card.kind == "site"
        kind = "site" if site else "score" if scored else "none"
        a = self.bases[kind].copy()
        name, font = _fit(drawable(card.name) or "Legislator", (68, 60, 52, 44, 38), True,
                          WIDTH - 2 * MARGIN)
        self._text(a, name, font, MARGIN, 196, (WHITE, INK))
        sub, font = _fit(drawable(card.subtitle), (34, 30, 26), False, WIDTH - 2 * MARGIN)
        self._text(a, sub, font, MARGIN, 254, (WHITE, MUTED))
        cx = MARGIN + 150
        if site:
            pass
        elif scored:
            self._text(a, card.score, _font(132, True), cx, 418, (BOX, WHITE), "mm")
            if card.grade:
                self._text(a, f"Grade {card.grade}", _font(36, True), cx, 512, (BOX, WHITE),
                           "mm")
        else:
            self._text(a, "No score", _font(44, True), cx, 424, (NOBOX, INK), "mm")
        right = MARGIN if site else MARGIN + 340
        y = 350
        for i, line in enumerate(card.lines[:4]):
            line = drawable(line)
            font = _font(30 if i == 0 else 28, i == 0, _needs_shaping(line))
            for part in _wrap(line, font, WIDTH - right - MARGIN, 2):
                self._text(a, part, font, right, y, (WHITE, INK if i == 0 else MUTED))
                y += 40
            y += 14
        return self.encoders[kind].encode(a)


@lru_cache(maxsize=4)
def _painter(style: CardStyle) -> CardPainter:
    """One painter per style and process (its backgrounds are drawn once)."""
    return CardPainter(style)


def _work(style: CardStyle, cards: Sequence[ShareCard], folder: str,
          drawings: Sequence[Drawing] = (), root: str = "") -> int:
    """A batch of work: draw the charts it was given, then paint its cards."""
    for d in drawings:
        draw(d, Path(root))
    painter = _painter(style)
    for card in cards:
        (Path(folder) / card.file).write_bytes(painter.paint(card))
    return len(cards)


def _warm(style: CardStyle) -> int:
    """Load what the work needs (matplotlib, fonts, card backgrounds) ahead of the work."""
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.backends.backend_svg  # noqa: F401
    import matplotlib.figure  # noqa: F401

    _painter(style)
    return 0


class CardWriter:
    """Writes share cards (and the index charts) beside the page rendering.

    ``warm`` starts the worker processes (one fewer than the CPUs, at least one) and has
    them load matplotlib and the card backgrounds. ``start`` hands them the work in
    batches and returns at once, so this process renders the pages meanwhile; ``finish``
    takes back every batch no worker has started and does it here, so all CPUs stay
    busy to the end, then waits and re-raises any worker's error; ``close`` stops the
    workers. With no worker (``workers=0``) everything is done in ``start``.
    """

    BATCH = 100

    def __init__(self, style: CardStyle, root: Path, folder: str = "share",
                 workers: int | None = None) -> None:
        self.style, self.root, self.folder = style, root, root / folder
        self.workers = workers if workers is not None else max(1, (os.cpu_count() or 1) - 1)
        self._pool: ProcessPoolExecutor | None = None
        self._jobs: list[tuple[Future[int], tuple[Any, ...]]] = []

    def warm(self) -> None:
        if self.workers < 1 or self._pool is not None:
            return
        import multiprocessing

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        self._pool = ProcessPoolExecutor(self.workers,
                                         mp_context=multiprocessing.get_context(method),
                                         initializer=watch_parent, initargs=(os.getpid(),))
        self._jobs = [(self._pool.submit(_warm, self.style), ())
                      for _ in range(self.workers)]

    def start(self, cards: Sequence[ShareCard], drawings: Sequence[Drawing] = ()) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        folder, root = str(self.folder), str(self.root)
        if self.workers < 1:
            _work(self.style, cards, folder, drawings, root)
            return
        self.warm()
        assert self._pool is not None
        # The charts go first, with a small batch; then batches small enough that what
        # is left when the pages are done can be shared out evenly.
        size = max(10, min(self.BATCH, len(cards) // 8 or 1))
        batches = [cards[i:i + size] for i in range(0, len(cards), size)] or [[]]
        for i, batch in enumerate(batches):
            args = (self.style, batch, folder, drawings if i == 0 else (), root)
            self._jobs.append((self._pool.submit(_work, *args), args))

    def finish(self) -> None:
        """Do here what no worker has started, then wait for the workers."""
        for future, args in reversed(self._jobs):
            if args and future.cancel():
                _work(*args)
        for future, _ in self._jobs:
            if not future.cancelled():
                future.result()
        self._jobs = []

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
            self._jobs = []
