"""Open Graph / Twitter card images: a 1200x630 PNG per legislator (name, district, score).

Thousands of cards must cost seconds, not minutes, so a card is not a matplotlib figure:
it is an 8-bit palette image. The backgrounds of the card kinds are drawn once; per card
only its own text is drawn (Pillow's ``ImageDraw.text`` with FreeType, shaped with Raqm
when available, so right-to-left names read correctly) into a grey mask that numpy maps
through colour ramps of the palette, and :mod:`.cardpng` writes the PNG, compressing only
the rows the text touched (the background's other rows are compressed once). PNGs carry
no metadata (no timestamps): the same card gives the same bytes. The font is the DejaVu
Sans shipped in ``scorecard/fonts`` (its licence beside it), so a card's pixels do not
depend on what else is installed.

A card is painted only when the previous build's output (:mod:`.reuse`) does not hold it
already: ``.scorecard-reuse.json`` records, per card, a key of everything the card is
painted from (its text, the site's style, this module's and the encoder's code, the fonts,
the libraries' versions) and the SHA-256 of its PNG; a card whose key is unchanged and
whose old file still has that hash is copied, byte for byte, the rest are painted in
worker processes while the pages render (docs/performance.md).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont, features

from . import cardpng
from .cardpng import Background, canvas
from .charts import Drawing, draw
from .reuse import Reuse, current
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


FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
#: The code points the regular font draws: ``first-last`` hexadecimal ranges, one a line.
COVERAGE = "DejaVuSans.coverage"


def font_folder() -> Path:
    """Where DejaVu Sans is: ``scorecard/fonts``, shipped with the package."""
    return Path(__file__).resolve().parent.parent / "fonts"


@lru_cache(maxsize=64)
def _font(size: int, bold: bool, shaped: bool = False) -> ImageFont.FreeTypeFont:
    """DejaVu Sans at ``size``; ``shaped``: laid out by Raqm (right-to-left, Arabic)."""
    engine = (ImageFont.Layout.RAQM if shaped and features.check("raqm")
              else ImageFont.Layout.BASIC)
    return ImageFont.truetype(str(font_folder() / FONTS[bold]), size, layout_engine=engine)


def _needs_shaping(text: str) -> bool:
    """Scripts from Hebrew on (RTL, Arabic, Indic...) need Raqm; Latin, Greek, Cyrillic do not."""
    return bool(text) and max(text) >= "\u0590"


@lru_cache(maxsize=1)
def _coverage() -> frozenset[int]:
    """The code points DejaVu Sans has a glyph for, from :data:`COVERAGE` (its cmap,
    derived once by ``python -m tests.font_coverage``, which the tests check against the
    font: importing fontTools and reading the cmap took 0.09 s in every painting process)."""
    points: set[int] = set()
    for line in (font_folder() / COVERAGE).read_text(encoding="ascii").split():
        first, _, last = line.partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return frozenset(points)


#: The most characters of one text a card draws: a card line holds some 60, so a longer
#: text is cut here, before anything measures it (a 24,000-character name once made
#: fitting take minutes per card).
MAX_CHARS = 300


def drawable(text: str) -> str:
    """The text without characters the font cannot draw (emoji...), spaces tidied, and
    cut to :data:`MAX_CHARS`: every text on a card passes here before it is measured."""
    text = text[:MAX_CHARS * 4]  # bound the work below too; spaces may shrink it
    if not text.isascii():  # DejaVu Sans draws every printable ASCII character
        covered = _coverage()
        text = "".join(c for c in text if c.isascii() or c.isspace() or ord(c) in covered)
    return " ".join(text.split())[:MAX_CHARS]


@lru_cache(maxsize=8192)
def _bbox(text: str, font: ImageFont.FreeTypeFont, anchor: str) -> tuple[int, int, int, int]:
    """``font.getbbox`` (left, top, right, bottom), measured once per text, font and anchor:
    fitting a text measures it, and drawing it measures it again."""
    left, top, right, bottom = font.getbbox(text, anchor=anchor)
    return int(left), int(top), int(right), int(bottom)


def _width(text: str, font: ImageFont.FreeTypeFont) -> int:
    left, _, right, _ = _bbox(text, font, "ls")
    return right - left


def _fit(text: str, sizes: Sequence[int], bold: bool, width: int
         ) -> tuple[str, ImageFont.FreeTypeFont]:
    """The largest font of ``sizes`` that fits ``text`` in ``width``; else truncate."""
    shaped = _needs_shaping(text)
    for size in sizes:
        font = _font(size, bold, shaped)
        if _width(text, font) <= width:
            return text, font
    font = _font(sizes[-1], bold, shaped)
    # the longest prefix that fits with the ellipsis: a binary search, not a character
    # at a time (each measurement costs the length of the text)
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if font.getlength(text[:mid] + "…") <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…", font


def _draw(text: str, font: ImageFont.FreeTypeFont, anchor: str
          ) -> tuple[np.ndarray | None, int, int]:
    """``text`` drawn by Pillow as ramp levels (0 = background): (levels, left, top),
    (left, top) being the offset of the levels' corner from the anchor point."""
    left, top, right, bottom = _bbox(text, font, anchor)
    if right <= left or bottom <= top:
        return None, 0, 0
    image = Image.new("L", (right - left, bottom - top))
    ImageDraw.Draw(image).text((-left, -top), text, fill=255, font=font, anchor=anchor)
    return _LEVEL[np.asarray(image)], left, top


#: Each word drawn once (a few KB each): the words of names, districts, parties, ranks.
_word = lru_cache(maxsize=4096)(_draw)


@lru_cache(maxsize=1024)
def _mask(text: str, font: ImageFont.FreeTypeFont, anchor: str
          ) -> tuple[np.ndarray | None, int, int]:
    """:func:`_draw`'s levels of ``text``, put together from its words (:func:`_words`)
    when it has several and is not shaped. Cached: scores, grades, shared lines."""
    if anchor == "ls" and " " in text and font.layout_engine == ImageFont.Layout.BASIC:
        box = _bbox(text, font, anchor)
        levels = _words(text, font, box) if box[2] > box[0] and box[3] > box[1] else None
        if levels is not None:
            return levels, box[0], box[1]
    return _draw(text, font, anchor)


_length = lru_cache(maxsize=8192)(ImageFont.FreeTypeFont.getlength)  # (font, text)


@lru_cache(maxsize=4096)
def _kerned(before: str, after: str, font: ImageFont.FreeTypeFont) -> bool:
    """Whether the font kerns ``before`` + space + ``after`` (so that the words' own
    lengths do not add up to where the second word starts)."""
    return (_length(font, before + " " + after)
            != _length(font, before) + _length(font, " ") + _length(font, after))


def _words(text: str, font: ImageFont.FreeTypeFont, box: tuple[int, int, int, int]
           ) -> np.ndarray | None:
    """``text``'s levels made of its words' (each drawn once, :data:`_word`) put where
    Pillow's layout puts them: at the words' and spaces' lengths added up (the text
    before measured, where a space is kerned), rounded to the pixel. Words recur where
    lines rarely do; Pillow's basic layout draws glyphs on whole pixels, so the levels
    are those of the whole text drawn at once (tests/render/test_share.py). None when a
    word would fall outside ``box``: the whole text is drawn then."""
    left, top, right, bottom = box
    out = np.zeros((bottom - top, right - left), np.uint8)
    at, x, previous = 0, 0.0, ""
    space = _length(font, " ")
    for word in text.split(" "):
        if word:
            if previous and _kerned(previous[-1], word[0], font):
                x = font.getlength(text[:at])
            levels, wl, wt = _word(word, font, "ls")
            if levels is not None:
                x0, y0 = round(x) + wl - left, wt - top
                h, w = levels.shape
                if x0 < 0 or y0 < 0 or x0 + w > out.shape[1] or y0 + h > out.shape[0]:
                    return None
                region = out[y0:y0 + h, x0:x0 + w]
                np.maximum(region, levels, out=region)
            x += _length(font, word)
            previous = word
        x += space
        at += len(word) + 1
    return out


#: Pillow's coverage (0-255) -> the ramp level it is drawn with (0 = background).
_LEVEL = ((np.arange(256, dtype=np.uint16) * (LEVELS - 1) + 127) // 255).astype(np.uint8)


@lru_cache(maxsize=4096)
def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
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
    """Paints cards of one site. The backgrounds (the title band, the banner, the score
    box, the words "No score") are drawn once; a card copies its background, draws its
    own text, and is encoded by :mod:`.cardpng`, which compresses only the rows that text
    touched (the background's other rows were compressed once)."""

    def __init__(self, style: CardStyle) -> None:
        self.style = style
        # the canvas holds palette indices; "L" keeps ImageDraw from mapping colours
        image = Image.new("L", (WIDTH, HEIGHT), RAMP[(WHITE, INK)])
        shapes = ImageDraw.Draw(image)
        shapes.rectangle((0, 0, WIDTH - 1, 111), fill=RAMP[(BAND, WHITE)])
        if style.banner:
            shapes.rectangle((0, HEIGHT - 56, WIDTH - 1, HEIGHT - 1), fill=RAMP[(BANNER, INK)])
        base = np.array(image)
        title, font = _fit(drawable(style.title), (38, 34, 30, 26), True, WIDTH - 2 * MARGIN)
        org = drawable(style.organization)
        self._text(base, title, font, MARGIN, 40 if org else 56, (BAND, WHITE), "lm")
        if org:
            org, font = _fit(org, (24, 20), False, WIDTH - 2 * MARGIN)
            self._text(base, org, font, MARGIN, 84, (BAND, WHITE), "lm")
        if style.banner:
            self._text(base, style.banner, _font(26, True), WIDTH // 2, HEIGHT - 28,
                       (BANNER, INK), "mm")
        palette = PALETTE[:3 * len(RAMPS) * LEVELS]  # the entries the cards use
        self.bases = {"site": Background(canvas(base), palette)}
        for kind, fill in (("score", BOX), ("none", NOBOX)):
            card = Image.fromarray(base)
            ImageDraw.Draw(card).rounded_rectangle(
                (MARGIN, 300, MARGIN + 299, 547), 24,
                fill=RAMP[(fill, WHITE if fill == BOX else INK)])
            box = np.array(card)
            if kind == "none":
                self._text(box, "No score", _font(44, True), MARGIN + 150, 424, (NOBOX, INK),
                           "mm")
            self.bases[kind] = Background(canvas(box), palette)

    @staticmethod
    def _text(a: np.ndarray, text: str, font: ImageFont.FreeTypeFont, x: int, y: int,
              ramp: tuple[str, str], anchor: str = "ls") -> tuple[int, int]:
        """Blend ``text`` into ``a`` through the palette ramp ``(background, ink)``; the
        rows drawn on, (top, bottom) with bottom excluded."""
        if not text:
            return 0, 0
        levels, left, top = _mask(text, font, anchor)
        if levels is None:
            return 0, 0
        x0, y0 = x + left, y + top
        xs, ys = max(0, -x0), max(0, -y0)
        x0, y0 = max(x0, 0), max(y0, 0)
        m = levels[ys:ys + HEIGHT - y0, xs:xs + WIDTH - x0]
        region = a[y0:y0 + m.shape[0], x0:x0 + m.shape[1]]
        np.copyto(region, m + np.uint8(RAMP[ramp]), where=m > 0)
        return y0, y0 + m.shape[0]

    def paint(self, card: ShareCard) -> bytes:
        scored = bool(card.score)
        site = card.kind == "site"
        background = self.bases["site" if site else "score" if scored else "none"]
        rows = background.copy()
        a = rows[:, 1:]  # the pixels (column 0 is each row's PNG filter byte)
        touched = []
        name, font = _fit(drawable(card.name) or "Legislator", (68, 60, 52, 44, 38), True,
                          WIDTH - 2 * MARGIN)
        touched.append(self._text(a, name, font, MARGIN, 196, (WHITE, INK)))
        sub, font = _fit(drawable(card.subtitle), (34, 30, 26), False, WIDTH - 2 * MARGIN)
        touched.append(self._text(a, sub, font, MARGIN, 254, (WHITE, MUTED)))
        cx = MARGIN + 150
        if scored and not site:
            touched.append(self._text(a, card.score, _font(132, True), cx, 418, (BOX, WHITE),
                                      "mm"))
            if card.grade:
                touched.append(self._text(a, f"Grade {card.grade}", _font(36, True), cx, 512,
                                          (BOX, WHITE), "mm"))
        right = MARGIN if site else MARGIN + 340
        y = 350
        for i, line in enumerate(card.lines[:4]):
            line = drawable(line)
            font = _font(30 if i == 0 else 28, i == 0, _needs_shaping(line))
            for part in _wrap(line, font, WIDTH - right - MARGIN, 2):
                touched.append(self._text(a, part, font, right, y,
                                          (WHITE, INK if i == 0 else MUTED)))
                y += 40
            y += 14
        return background.png(rows, touched)


@lru_cache(maxsize=4)
def _painter(style: CardStyle) -> CardPainter:
    """One painter per style and process (its backgrounds are drawn once)."""
    return CardPainter(style)


def _work(style: CardStyle, cards: Sequence[ShareCard], folder: str,
          drawings: Sequence[Drawing] = (), root: str = "") -> dict[str, str]:
    """A batch of work: draw the charts it was given, then paint its cards.
    Returns each card's file and the SHA-256 of its PNG (for ``cards.json``)."""
    for d in drawings:
        draw(d, Path(root))
    painter = _painter(style)
    done = {}
    for card in cards:
        data = painter.paint(card)
        (Path(folder) / card.file).write_bytes(data)
        done[card.file] = hashlib.sha256(data).hexdigest()
    return done


def _warm(style: CardStyle) -> int:
    """Load what the work needs (fonts, card backgrounds) ahead of the work."""
    _painter(style)
    return 0


# ---- reuse of the previous build's cards ------------------------------------------------


@lru_cache(maxsize=1)
def painter_version() -> str:
    """A digest of everything a card's bytes depend on besides its text and style: this
    module's code and its PNG encoder's (:mod:`.cardpng`), the font files, and the
    versions of Pillow, FreeType, Raqm, numpy and zlib."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(Path(cardpng.__file__).read_bytes())
    for name in (*FONTS, COVERAGE):
        h.update((font_folder() / name).read_bytes())
    import PIL

    h.update(" ".join([PIL.__version__, np.__version__, str(features.version("freetype2")),
                       str(features.version("raqm")), cardpng.zlib.ZLIB_RUNTIME_VERSION]
                      ).encode())
    return h.hexdigest()


def card_key(style: CardStyle, card: ShareCard) -> str:
    """What ``card`` is painted from, as a digest: equal keys give equal PNG bytes."""
    what = json.dumps([painter_version(), asdict(style), asdict(card)], ensure_ascii=False,
                      sort_keys=True)
    return hashlib.sha256(what.encode()).hexdigest()


class CardWriter:
    """Writes share cards (and the index charts) beside the page rendering.

    ``start`` first copies every card the previous build's output holds unchanged
    (:mod:`.reuse`: same key, old file unchanged since), then hands the cards left to
    paint to worker processes (one fewer than the CPUs, at least one) in batches and
    returns at once, so this process renders the pages meanwhile; with fewer than
    :data:`MIN_POOL` to paint, no worker is started and they are painted in ``start``.
    ``finish`` takes back every batch no worker has started and does it here, so all CPUs
    stay busy to the end, waits and re-raises any worker's error, and records every card
    for the next build; ``close`` stops the workers. ``warm`` does nothing: the workers
    start in ``start``, once it is known whether anything is left to paint.
    """

    BATCH = 100
    #: Below this many cards to paint (about 10 ms each), starting a worker costs more
    #: than it saves.
    MIN_POOL = 20

    def __init__(self, style: CardStyle, root: Path, folder: str = "share",
                 workers: int | None = None, reuse: Reuse | None = None) -> None:
        self.style, self.root, self.folder, self.prefix = style, root, root / folder, folder
        self.workers = workers if workers is not None else max(1, (os.cpu_count() or 1) - 1)
        self.reuse = reuse if reuse is not None else current()
        self.reused = 0
        self._pool: ProcessPoolExecutor | None = None
        self._jobs: list[tuple[Future[Any], tuple[Any, ...]]] = []
        self._keys: dict[str, str] = {}
        self._hashes: dict[str, str] = {}

    def warm(self) -> None:
        """Nothing to do before ``start`` (kept for the callers that call it)."""

    def _start_pool(self) -> ProcessPoolExecutor:
        import multiprocessing

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        pool = ProcessPoolExecutor(self.workers,
                                   mp_context=multiprocessing.get_context(method),
                                   initializer=watch_parent, initargs=(os.getpid(),))
        self._jobs = [(pool.submit(_warm, self.style), ()) for _ in range(self.workers)]
        return pool

    def _reuse(self, cards: Sequence[ShareCard]) -> list[ShareCard]:
        """Copy the unchanged cards from the previous output; the cards left to paint."""
        if self.reuse is None:
            return list(cards)
        todo = []
        for c in cards:
            key = self._keys[c.file] = card_key(self.style, c)
            if self.reuse.place(f"{self.prefix}/{c.file}", key, self.root):
                self.reused += 1
            else:
                todo.append(c)
        return todo

    def start(self, cards: Sequence[ShareCard], drawings: Sequence[Drawing] = ()) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        folder, root = str(self.folder), str(self.root)
        todo = self._reuse(cards)
        if self.workers < 1 or len(todo) < self.MIN_POOL:
            self._hashes.update(_work(self.style, todo, folder, drawings, root))
            return
        if self._pool is None:
            self._pool = self._start_pool()
        # The charts go first, with a small batch; then batches small enough that what
        # is left when the pages are done can be shared out evenly.
        size = max(10, min(self.BATCH, len(todo) // 8 or 1))
        batches = [todo[i:i + size] for i in range(0, len(todo), size)] or [[]]
        for i, batch in enumerate(batches):
            args = (self.style, batch, folder, drawings if i == 0 else (), root)
            self._jobs.append((self._pool.submit(_work, *args), args))

    def finish(self) -> None:
        """Do here what no worker has started, wait for the workers, record the cards."""
        for future, args in reversed(self._jobs):
            if args and future.cancel():
                self._hashes.update(_work(*args))
        for future, args in self._jobs:
            if not future.cancelled():
                done = future.result()
                if args:
                    self._hashes.update(done)
        self._jobs = []
        if self.reuse is not None:
            for file, digest in sorted(self._hashes.items()):
                if file in self._keys:
                    self.reuse.record(f"{self.prefix}/{file}", self._keys[file], digest)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
            self._jobs = []
