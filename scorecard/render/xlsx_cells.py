"""Cells and sheets for the workbook: safe text, shared styles, fast streamed rows.

The workbook is built with openpyxl in write-only mode: openpyxl writes every part of the
file (styles, column widths, panes, filters, conditional formats, hyperlinks, print setup,
charts, properties) except the rows of cells, which :class:`Sheet` serialises itself into
a temporary file (openpyxl's per-cell writer costs about 80 us a cell without lxml; this
one about 1 us). :mod:`scorecard.render.xlsx` splices those rows into each sheet's XML
when the file is saved.

Every text cell is stored as a string (never a formula, never an error code such as
``#N/A``); text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return also
gets Excel's "quote prefix", so that editing the cell keeps it text.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from typing import IO, Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.hyperlink import Hyperlink

from .theme import AGAINST, ALIGNED, NOT_COUNTED

#: First characters that a spreadsheet may run as a formula (or that hide one).
RISKY_START = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_TEXT = 32767  # Excel's limit for one cell
INVALID_TITLE = re.compile(r"[\[\]:*?/\\]")
HALF = "#E69F00"  # half credit: Okabe-Ito orange, between aligned and against
LINK_BLUE = "0563C1"
HEADER_FILL = "D9D9D9"
NOTICE_FILL = "FFE699"
SCORE_SCALE = ColorScaleRule(start_type="num", start_value=0, start_color="F4B183",
                             mid_type="num", mid_value=50, mid_color="FFFFFF",
                             end_type="num", end_value=100, end_color="8EC1E3")


NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
#: Excel reads ``_x0041_`` in a string as an escaped character; a literal one is escaped.
EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def clean_text(value: str) -> str:
    """Text Excel stores as given: no characters XML or Excel reject, ``_xHHHH_`` kept
    literal, at most 32,767 characters."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if "_x" in value:
        value = EXCEL_ESCAPE.sub(r"_x005F_\1", value)
    if not value.isascii():
        value = NOT_XML.sub("", value)
    return value if len(value) <= MAX_TEXT else value[: MAX_TEXT - 1] + "…"


def is_risky(value: str) -> bool:
    """True when a spreadsheet could take the text for a formula."""
    return value.startswith(RISKY_START)


def plain(value: Any) -> Any:
    """A Python value openpyxl writes as it is: None for NaN/NA, numbers as int/float."""
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


def web_link(url: Any) -> str | None:
    """An http(s) address, or None: no other scheme (file:, javascript:...) becomes a link."""
    if isinstance(url, str) and re.match(r"https?://[^\s\"<>]+$", url.strip()):
        return url.strip()
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


# ---- styles --------------------------------------------------------------------------


def _fill(hex_colour: str) -> PatternFill:
    c = hex_colour.lstrip("#").upper()
    return PatternFill("solid", start_color=c, end_color=c)


WRAP = Alignment(wrap_text=True, vertical="top")
THIN = Side(style="thin", color="808080")
WHITE = Side(style="thin", color="FFFFFF")
VOTE_BORDER = Border(left=WHITE, right=WHITE, top=WHITE, bottom=WHITE)

#: name -> keyword arguments of the style (font, fill, alignment, number_format, border).
STYLE_SPECS: dict[str, dict[str, Any]] = {
    "text": {},
    "wrap": {"alignment": WRAP},
    "bold": {"font": Font(bold=True)},
    "title": {"font": Font(bold=True, size=16)},
    "subtitle": {"font": Font(size=12, italic=True)},
    "heading": {"font": Font(bold=True, size=13)},
    "notice": {"font": Font(bold=True, color="7F3F00"), "fill": _fill(NOTICE_FILL),
               "alignment": Alignment(wrap_text=True, vertical="center")},
    "caption": {"font": Font(bold=True), "alignment": Alignment(wrap_text=True,
                                                                 vertical="center")},
    "header": {"font": Font(bold=True), "fill": _fill(HEADER_FILL),
               "alignment": Alignment(wrap_text=True, vertical="bottom"),
               "border": Border(bottom=THIN)},
    "header-center": {"font": Font(bold=True), "fill": _fill(HEADER_FILL),
                      "alignment": Alignment(wrap_text=True, vertical="bottom",
                                             horizontal="center"),
                      "border": Border(bottom=THIN)},
    "header-right": {"font": Font(bold=True), "fill": _fill(HEADER_FILL),
                     "alignment": Alignment(wrap_text=True, vertical="bottom",
                                            horizontal="right"),
                     "border": Border(bottom=THIN)},
    "label": {"font": Font(bold=True), "alignment": Alignment(horizontal="right")},
    "link": {"font": Font(color=LINK_BLUE, underline="single")},
    "score": {"number_format": "0"},
    "score-bold": {"number_format": "0", "font": Font(bold=True)},
    "int": {"number_format": "0"},
    "int-center": {"number_format": "0", "alignment": Alignment(horizontal="center")},
    "pct": {"number_format": "0%"},
    "num": {"number_format": "0.##"},
    "date": {"number_format": "yyyy-mm-dd", "alignment": Alignment(horizontal="left")},
    "center": {"alignment": Alignment(horizontal="center")},
    "aligned": {"fill": _fill(ALIGNED), "font": Font(bold=True, color="FFFFFF"),
                "alignment": Alignment(horizontal="center"), "border": VOTE_BORDER},
    "against": {"fill": _fill(AGAINST), "font": Font(bold=True, color="FFFFFF"),
                "alignment": Alignment(horizontal="center"), "border": VOTE_BORDER},
    "half": {"fill": _fill(HALF), "font": Font(bold=True, color="000000"),
             "alignment": Alignment(horizontal="center"), "border": VOTE_BORDER},
    "not-counted": {"fill": _fill(NOT_COUNTED), "font": Font(color="000000"),
                    "alignment": Alignment(horizontal="center"), "border": VOTE_BORDER},
}


class Styles:
    """The workbook's cell styles: made once, registered in the workbook, used by index."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        scratch = wb.create_sheet("scratch")
        self.arrays: dict[str, StyleArray] = {}
        for name, spec in STYLE_SPECS.items():
            cell = WriteOnlyCell(scratch)
            for attr, value in spec.items():
                setattr(cell, attr, value)
            self.arrays[name] = StyleArray(cell._style or StyleArray())
        wb.remove(scratch)
        self._ids: dict[tuple[str, bool], int] = {}

    def id(self, name: str | None, quote: bool = False) -> int:
        """The index of a style in the workbook's cell formats (``s=`` in the sheet XML)."""
        key = (name or "text", quote)
        found = self._ids.get(key)
        if found is None:
            arr = copy(self.arrays[key[0]])
            if quote:
                arr.quotePrefix = 1
            found = self._ids[key] = int(self.wb._cell_styles.add(arr))
        return found


# ---- sheets --------------------------------------------------------------------------


@dataclass
class C:
    """A cell to write: value, style name, hyperlink."""

    value: Any
    style: str | None = None
    link: str | None = None


class Sheet:
    """A write-only worksheet: rows are collected, then written once widths are known.

    Column widths, panes and sheet properties go out at the top of the sheet's XML, so set
    panes, filters and print settings, then call :meth:`write`, which fits the widths,
    lets openpyxl write the top of the sheet and serialises the rows to :attr:`data`.
    """

    def __init__(self, wb: Workbook, title: str, styles: Styles) -> None:
        self.ws: WriteOnlyWorksheet = wb.create_sheet(title)
        self.styles = styles
        self.buffer: list[tuple[Sequence[C | Any], float | None]] = []
        self.widths: dict[int, float] = {}
        self.data: IO[bytes] | None = None  # the <sheetData> element, once written

    @property
    def title(self) -> str:
        return str(self.ws.title)

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
            self.ws.merged_cells.add(f"A{row}:{get_column_letter(last_col)}{row}")
        cells, height = self.buffer[row - 1]
        first = cells[0] if cells else None
        text = str(first.value if isinstance(first, C) else first or "")
        room = sum(self.widths.get(i, 8.43) for i in range(1, last_col + 1))
        self.buffer[row - 1] = (cells, max(height or 0, 15.0 * wrapped_lines(text, room) + 5))

    def finish_table(self, ncols: int, header_row: int, freeze: str) -> int:
        """Set up a sheet that is one table under a caption; call after the widths are set.

        The caption spans the table, the panes freeze at ``freeze``, the header row gets
        filters, and it prints landscape with the rows down to the header repeated. Returns
        the table's last row (at least the one after the header), for conditional formats.
        """
        end = max(self.rows, header_row + 1)
        last = get_column_letter(ncols)
        self.span(1, ncols)
        self.ws.freeze_panes = freeze
        self.ws.auto_filter.ref = f"A{header_row}:{last}{end}"
        self.landscape(f"A1:{last}{end}", f"1:{header_row}")
        return end

    def landscape(self, print_area: str, title_rows: str | None = None) -> None:
        """Print setup: landscape, fit to one page wide, the given area and title rows."""
        ws = self.ws
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_area = print_area
        if title_rows:
            ws.print_title_rows = title_rows
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.5

    # -- writing ----------------------------------------------------------------------

    def write(self) -> None:
        """Widths and the top of the sheet (openpyxl), then the rows (to :attr:`data`)."""
        ws = self.ws
        for col, width in sorted(self.widths.items()):
            ws.column_dimensions[get_column_letter(col)].width = round(width, 2)
        ws._get_writer()  # writes sheetPr, views, format and cols; resets ws._hyperlinks
        out = tempfile.TemporaryFile()  # noqa: SIM115 (kept open until the file is saved)
        links: list[Hyperlink] = []
        letters = [get_column_letter(i) for i in range(1, 1 + max(
            (len(cells) for cells, _ in self.buffer), default=0))]
        style_id = self.styles.id
        texts: dict[tuple[str, str | None], str] = {}
        chunk: list[str] = ["<sheetData>"]
        for n, (cells, height) in enumerate(self.buffer, start=1):
            parts = [f'<row r="{n}" ht="{height:g}" customHeight="1">' if height
                     else f'<row r="{n}">']
            for i, item in enumerate(cells):
                if isinstance(item, C):
                    value, style, link = plain(item.value), item.style, item.link
                else:
                    value, style, link = plain(item), None, None
                if link:
                    links.append(Hyperlink(ref=f"{letters[i]}{n}", target=link))
                if type(value) is str:  # text repeats (names, ids): build its XML once
                    tail = texts.get((value, style))
                    if tail is None:
                        tail = texts[(value, style)] = cell_tail(value, style, style_id)
                else:
                    tail = cell_tail(value, style, style_id)
                if tail:
                    parts.append(f'<c r="{letters[i]}{n}"{tail}')
            parts.append("</row>")
            chunk.append("".join(parts))
            if len(chunk) >= 2000:
                out.write("".join(chunk).encode("utf-8"))
                chunk = []
        chunk.append("</sheetData>")
        out.write("".join(chunk).encode("utf-8"))
        out.seek(0)
        ws._hyperlinks.extend(links)
        self.data = out
        self.buffer = []


_EPOCH = dt.date(1899, 12, 30)
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def cell_xml(ref: str, value: Any, style: str | None,
             style_id: Callable[[str | None, bool], int]) -> str:
    """One ``<c>`` element; text is always an inline string, never a formula."""
    tail = cell_tail(value, style, style_id)
    return f'<c r="{ref}"{tail}' if tail else ""


def cell_tail(value: Any, style: str | None,
              style_id: Callable[[str | None, bool], int]) -> str:
    """A ``<c>`` element after its ``r`` attribute ("" for an empty unstyled cell)."""
    if isinstance(value, str):
        value = clean_text(value)
        s = style_id(style, is_risky(value))
        text = value.translate(_ESCAPES)
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f' s="{s}" t="inlineStr"><is><t{space}>{text}</t></is></c>'
    s_attr = f' s="{style_id(style, False)}"' if style else ""
    if value is None:
        return f"{s_attr}/>" if style else ""
    if isinstance(value, bool):
        return f'{s_attr} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return f"{s_attr}/>" if style else ""
        return f"{s_attr}><v>{value!r}</v></c>"
    if isinstance(value, dt.datetime):
        days = (value - dt.datetime(1899, 12, 30)).total_seconds() / 86400
        return f"{s_attr}><v>{days!r}</v></c>"
    if isinstance(value, dt.date):
        return f"{s_attr}><v>{(value - _EPOCH).days}</v></c>"
    return cell_tail(str(value), style, style_id)


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


__all__ = ["C", "SCORE_SCALE", "Sheet", "Styles", "as_date", "cell_tail", "cell_xml", "clean_text",
           "is_risky", "plain", "sheet_title", "web_link"]
