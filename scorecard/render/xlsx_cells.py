"""Cells and sheets for the workbook: safe text, named formats, buffered rows.

The workbook is written with XlsxWriter's public API. A :class:`Sheet` collects its rows
first (so column widths and header heights can be fitted to the content), then writes
them in order with ``write_string``/``write_number``/``write_url``...

Every text cell is stored as a string (never a formula, never an error code such as
``#N/A``); text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return also
gets Excel's "quote prefix", so that editing the cell keeps it text. Empty text is an
empty cell. Every format names its font (LibreOffice draws a cell whose font has no name
in a serif).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from .theme import AGAINST, ALIGNED, NOT_COUNTED

#: First characters that a spreadsheet may run as a formula (or that hide one).
RISKY_START = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_TEXT = 32767  # Excel's limit for one cell
INVALID_TITLE = re.compile(r"[\[\]:*?/\\]")
FONT = "Calibri"  # Excel's default; LibreOffice shows its metric twin Carlito, or a sans
HALF = "#E69F00"  # half credit: Okabe-Ito orange, between aligned and against
LINK_BLUE = "#0563C1"
HEADER_FILL = "#D9D9D9"
NOTICE_FILL = "#FFE699"
GREY = "#808080"
SCORE_SCALE = {"type": "3_color_scale", "min_type": "num", "min_value": 0,
               "min_color": "#F4B183", "mid_type": "num", "mid_value": 50,
               "mid_color": "#FFFFFF", "max_type": "num", "max_value": 100,
               "max_color": "#8EC1E3"}

#: Characters XML 1.0 cannot hold (C0 controls but tab, newline, carriage return;
#: lone surrogates; U+FFFE, U+FFFF): dropped.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """Text Excel stores as given: no characters XML rejects, at most 32,767 characters.

    (XlsxWriter itself keeps a literal ``_xHHHH_`` literal.)"""
    value = NOT_XML.sub("", value)
    return value if len(value) <= MAX_TEXT else value[: MAX_TEXT - 1] + "…"


def is_risky(value: str) -> bool:
    """True when a spreadsheet could take the text for a formula."""
    return value.startswith(RISKY_START)


def plain(value: Any) -> Any:
    """A plain Python value: None for NaN/NA/NaT, numpy scalars as int/float/bool."""
    t = type(value)
    if t is str or t is int or t is bool or value is None:
        return value
    if t is float:
        return None if value != value else value
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
        return None if isinstance(value, float) and value != value else value
    if t.__name__ in ("NAType", "NaTType"):
        return None
    return value


def as_date(value: Any) -> dt.date | None:
    """``"2024-05-01"`` -> a date (stored as an Excel date); anything else -> None."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def sheet_title(name: str, used: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of ``[]:*?/\\``)."""
    title = re.sub(r"\s+", " ", INVALID_TITLE.sub(" ", clean_text(name)))
    title = title.strip().strip("'").strip() or "Sheet"
    title = title[:31].strip()
    candidate, n = title, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate = title[: 31 - len(suffix)] + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


def cell_range(first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    """``A2:O5`` from 1-based rows and columns."""
    return (f"{xl_rowcol_to_cell(first_row - 1, first_col - 1)}:"
            f"{xl_rowcol_to_cell(last_row - 1, last_col - 1)}")


def column_letter(col: int) -> str:
    """``1`` -> ``A``."""
    return str(xl_col_to_name(col - 1))


# ---- formats -------------------------------------------------------------------------

_BOLD: dict[str, Any] = {"bold": True}
_HEADER: dict[str, Any] = {"bold": True, "bg_color": HEADER_FILL, "pattern": 1,
                           "text_wrap": True, "valign": "bottom", "bottom": 1,
                           "bottom_color": GREY}
_VOTE: dict[str, Any] = {"align": "center", "pattern": 1, "border": 1,
                         "border_color": "#FFFFFF"}

#: name -> XlsxWriter format properties (the font name and size are added to each).
STYLE_SPECS: dict[str, dict[str, Any]] = {
    "text": {},
    "wrap": {"text_wrap": True, "valign": "top"},
    "top": {"valign": "top"},  # beside wrapped cells, on their first line
    "bold": _BOLD,
    "title": {"bold": True, "font_size": 16},
    "subtitle": {"font_size": 12, "italic": True},
    "heading": {"bold": True, "font_size": 13},
    "notice": {"bold": True, "font_color": "#7F3F00", "bg_color": NOTICE_FILL, "pattern": 1,
               "text_wrap": True, "valign": "vcenter"},
    "caption": {"bold": True, "text_wrap": True, "valign": "vcenter"},
    "header": _HEADER,
    "header-center": {**_HEADER, "align": "center"},
    "header-right": {**_HEADER, "align": "right"},
    "label": {"bold": True, "align": "right"},
    "link": {"font_color": LINK_BLUE, "underline": 1},
    "score": {"num_format": "0"},
    "score-bold": {"num_format": "0", "bold": True},
    "int": {"num_format": "0"},
    "int-center": {"num_format": "0", "align": "center"},
    "pct": {"num_format": "0%"},
    "num": {"num_format": "0.##"},
    "date": {"num_format": "yyyy-mm-dd", "align": "left"},
    "center": {"align": "center"},
    "aligned": {**_VOTE, "bg_color": ALIGNED, "bold": True, "font_color": "#FFFFFF"},
    "against": {**_VOTE, "bg_color": AGAINST, "bold": True, "font_color": "#FFFFFF"},
    "half": {**_VOTE, "bg_color": HALF, "bold": True, "font_color": "#000000"},
    "not-counted": {**_VOTE, "bg_color": NOT_COUNTED, "font_color": "#000000"},
}


def workbook_options() -> dict[str, Any]:
    """How the workbook is opened: assembled in memory (every zip entry then gets
    XlsxWriter's fixed 1980-01-01 time, and the chart caches its data), no string ever
    read as a formula, number or address, and the default format's font named like every
    other. (``constant_memory`` would stream rows to disk but leaves the chart without
    its data and text categories typed as numbers; and it is slower, see the commit.)"""
    return {"in_memory": True, "strings_to_formulas": False,
            "strings_to_numbers": False, "strings_to_urls": False,
            "default_format_properties": {"font_name": FONT, "font_size": 11}}


#: Styles that show on an empty cell (a fill or a border): only these style empty cells.
SHOWN_EMPTY = frozenset(name for name, spec in STYLE_SPECS.items()
                        if {"bg_color", "border", "bottom"} & set(spec))


class Styles:
    """The workbook's formats, made on first use: one per (style, quote prefix)."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self._formats: dict[tuple[str, bool], Any] = {}
        self._texts: dict[str, tuple[str, bool] | None] = {}

    def text(self, value: str) -> tuple[str, bool] | None:
        """``value`` cleaned and whether it needs the quote prefix; None when empty.
        Cached: names, ids and codes repeat down a sheet."""
        try:
            return self._texts[value]
        except KeyError:
            clean = clean_text(value)
            found = self._texts[value] = (clean, is_risky(clean)) if clean else None
            return found

    def get(self, name: str | None, quote: bool = False) -> Any:
        """The format of style ``name`` (None: the default, no format) with or without
        the quote prefix."""
        key = (name or "text", quote)
        found = self._formats.get(key)
        if found is None:
            if key == ("text", False):
                return None
            props = {"font_name": FONT, "font_size": 11, **STYLE_SPECS[key[0]]}
            if quote:
                props["quote_prefix"] = True
            found = self._formats[key] = self.wb.add_format(props)
        return found


# ---- sheets --------------------------------------------------------------------------


@dataclass
class C:
    """A cell to write: value, style name, hyperlink."""

    value: Any
    style: str | None = None
    link: str | None = None


class Sheet:
    """A worksheet whose rows are collected, then written once widths are known.

    Rows, merges, panes, filters, colour scales and print settings are given here in
    1-based row and column numbers; :meth:`write` fits nothing itself (call :meth:`fit`
    first), sets the widths and writes the rows in order.
    """

    def __init__(self, wb: Workbook, title: str, styles: Styles) -> None:
        self.ws: Worksheet = wb.add_worksheet(title)
        self.wb = wb
        self.styles = styles
        self.buffer: list[tuple[Sequence[C | Any], float | None]] = []
        self.widths: dict[int, float] = {}
        self.merges: dict[int, list[tuple[int, int]]] = {}

    @property
    def title(self) -> str:
        return str(self.ws.get_name())

    @property
    def rows(self) -> int:
        """Rows collected so far (the number of the last one)."""
        return len(self.buffer)

    def row(self, cells: Sequence[C | Any], height: float | None = None) -> int:
        """Collect a row of plain values or :class:`C` cells; return its number."""
        self.buffer.append((cells, height))
        return len(self.buffer)

    def blank(self, n: int = 1) -> None:
        for _ in range(n):
            self.row([])

    def merge(self, row: int, first_col: int, last_col: int) -> None:
        """Merge a row's cells ``first_col..last_col`` (the first one keeps its value)."""
        self.merges.setdefault(row, []).append((first_col, last_col))

    # -- widths -----------------------------------------------------------------------

    def measure(self, skip_rows: Iterable[int] = ()) -> dict[int, float]:
        """Widest content of each column over the collected rows (1-based row numbers)."""
        skip = set(skip_rows)
        widths: dict[int, float] = {}
        for n, (cells, _) in enumerate(self.buffer, start=1):
            if n in skip:
                continue
            for i, item in enumerate(cells, start=1):
                value, style = (item.value, item.style) if isinstance(item, C) else (item, None)
                w = display_width(value, style)
                if w > widths.get(i, 0):
                    widths[i] = w
        return widths

    def fit(self, skip_rows: Iterable[int] = (), header_row: int | None = None,
            limits: dict[int, tuple[float, float]] | None = None,
            default: tuple[float, float] = (6, 40),
            measured: dict[int, float] | None = None) -> None:
        """Set column widths from the content (headers wrap: their longest word counts).

        ``measured``: content widths already known (a large sheet measures its columns
        with pandas); otherwise every collected cell is measured.
        """
        widths = dict(measured) if measured is not None else self.measure(
            [*skip_rows, *([header_row] if header_row else [])])
        if header_row:
            for i, item in enumerate(self.buffer[header_row - 1][0], start=1):
                text = str(item.value if isinstance(item, C) else item or "")
                longest = max((len(w) for w in text.split()), default=0) + 2
                widths[i] = max(widths.get(i, 0), longest)
        limits = limits or {}
        for col in sorted(widths):
            lo, hi = limits.get(col, default)
            self.widths[col] = min(max(widths[col], lo), hi)
        if header_row:
            cells, height = self.buffer[header_row - 1]
            lines = max((wrapped_lines(str(item.value if isinstance(item, C) else item or ""),
                                       self.widths.get(i, 8.43))
                         for i, item in enumerate(cells, start=1)), default=1)
            self.buffer[header_row - 1] = (cells, max(height or 0, 15.0 * lines + 3))

    def span(self, row: int, last_col: int) -> None:
        """Merge a row's first cell across columns A..last_col (captions, notices), and
        make the row tall enough for its text to wrap. Call after the widths are set."""
        if last_col > 1:
            self.merge(row, 1, last_col)
        cells, height = self.buffer[row - 1]
        first = cells[0] if cells else None
        text = str(first.value if isinstance(first, C) else first or "")
        room = sum(self.widths.get(i, 8.43) for i in range(1, last_col + 1))
        self.buffer[row - 1] = (cells, max(height or 0, 15.0 * wrapped_lines(text, room) + 5))

    def fit_heights(self, first_row: int) -> None:
        """Rows from ``first_row`` tall enough for their wrapped cells (style ``wrap``) at
        the widths set: neither Excel nor LibreOffice grows a row XlsxWriter wrote, so
        long text would run over the row below. Call after the widths are set."""
        for n in range(first_row - 1, len(self.buffer)):
            cells, height = self.buffer[n]
            lines = max((wrapped_lines(str(item.value), self.widths.get(i, 8.43))
                         for i, item in enumerate(cells, start=1)
                         if type(item) is C and item.style == "wrap" and item.value),
                        default=0)
            if lines > 1:
                self.buffer[n] = (cells, max(height or 0, 15.0 * lines + 2))

    def color_scale(self, first_row: int, col: int, last_row: int) -> None:
        """The 0-50-100 score colour scale on one column's rows."""
        self.ws.conditional_format(cell_range(first_row, col, last_row, col), SCORE_SCALE)

    def finish_table(self, ncols: int, header_row: int, freeze: str) -> int:
        """Set up a sheet that is one table under a caption; call after the widths are set.

        The caption spans the table, the panes freeze at ``freeze``, the header row gets
        filters, and it prints landscape with the rows down to the header repeated. Returns
        the table's last row (at least the one after the header), for conditional formats.
        """
        end = max(self.rows, header_row + 1)
        self.span(1, ncols)
        self.ws.freeze_panes(freeze)
        self.ws.autofilter(cell_range(header_row, 1, end, ncols))
        self.print_setup(landscape=True, area=(end, ncols), title_rows=header_row)
        return end

    def print_setup(self, landscape: bool, area: tuple[int, int] | None = None,
                    title_rows: int | None = None) -> None:
        """Print one page wide; ``area``: (last row, last column) of the print area from
        A1; ``title_rows``: rows 1..n repeated on every page."""
        ws = self.ws
        if landscape:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.fit_to_pages(1, 0)
        if area:
            ws.print_area(0, 0, area[0] - 1, area[1] - 1)
        if title_rows:
            ws.repeat_rows(0, title_rows - 1)
        if landscape:
            ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)

    # -- writing ----------------------------------------------------------------------

    def write(self) -> None:
        """Widths, then every row in order (the sheet is finished after this)."""
        ws = self.ws
        for col, width in sorted(self.widths.items()):
            ws.set_column(col - 1, col - 1, round(width, 2))
        fmt = self.styles.get
        cell = self._cell
        for n, (cells, height) in enumerate(self.buffer):
            if height:
                ws.set_row(n, height)
            for first, last in self.merges.get(n + 1, ()):
                item = cells[first - 1] if first - 1 < len(cells) else None
                style = item.style if isinstance(item, C) else None
                ws.merge_range(n, first - 1, n, last - 1, None, fmt(style))
            for i, item in enumerate(cells):
                if type(item) is C:
                    cell(n, i, item.value, item.style, item.link)
                elif item is not None:
                    cell(n, i, item, None, None)
        self.buffer = []

    def _cell(self, row: int, col: int, value: Any, style: str | None,
              link: str | None) -> None:
        """One cell by its type; empty text, None and NaN are empty cells (styled only
        when the style shows on an empty cell: a fill or a border)."""
        t = type(value)
        if t is str:
            text = self.styles.text(value)
            if text is not None:
                if link:
                    self.ws.write_url(row, col, link if "://" in link else f"external:{link}",
                                      self.styles.get(style, text[1]), string=text[0])
                else:
                    self.ws.write_string(row, col, text[0], self.styles.get(style, text[1]))
                return
        elif t is float or t is int:
            if t is int or value - value == 0:  # finite
                self.ws.write_number(row, col, value, self.styles.get(style))
                return
        elif t is bool:
            self.ws.write_boolean(row, col, value, self.styles.get(style))
            return
        elif value is not None:
            value = plain(value)
            if value is not None:
                if isinstance(value, dt.date):
                    self.ws.write_datetime(row, col, value, self.styles.get(style or "date"))
                else:
                    self._cell(row, col, value if type(value) in (int, float, bool, str)
                               else str(value), style, link)
                return
        if style in SHOWN_EMPTY:  # an empty cell
            self.ws.write_blank(row, col, None, self.styles.get(style))


def wrapped_lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide (greedy wrap)."""
    room = max(width * 0.92 - 1, 1)
    lines = 0
    for para in text.split("\n"):
        used = -1.0
        lines += 1
        for word in para.split():
            if used >= 0 and used + 1 + len(word) > room:
                lines += 1
                used = -1.0
            used += len(word) + (1 if used >= 0 else 1)
    return max(lines, 1)


def display_width(value: Any, style: str | None = None) -> float:
    """Characters a value needs on screen, as shown with its style."""
    if type(value) is str:
        return (max(len(line) for line in value.split("\n")) if "\n" in value
                else len(value)) + 1.5
    value = plain(value)
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 11
    if isinstance(value, bool):
        return 6
    if isinstance(value, float) and style in ("score", "score-bold", "int", "int-center", "pct"):
        return 5
    return len(str(value)) + 1.5


__all__ = ["C", "Sheet", "Styles", "as_date", "cell_range", "clean_text", "column_letter",
           "is_risky", "plain", "sheet_title", "workbook_options"]
