"""The Excel workbook, ``scorecard.xlsx`` (issue 4), written with openpyxl in write-only mode.

Sheets: Summary (facts, per-chamber party statistics and grade counts, a native bar chart
of party means), one sheet per chamber, Vote matrix, Bills, Receipts and Methodology.
The same inputs give a byte-identical file: no wall-clock time is written anywhere (the
document dates are the data's "as of" date and every zip entry carries a fixed time).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

import pandas as pd
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.workbook import Workbook
from openpyxl.writer.excel import ExcelWriter

from .theme import scorecard_party_colors
from .xlsx_audit import write_audit
from .xlsx_cells import C, Sheet, Styles, as_date
from .xlsx_sheets import (
    Book,
    period_text,
    write_bills,
    write_chamber,
    write_matrix,
    write_methodology,
    write_receipts,
)

if TYPE_CHECKING:
    from ..card import Scorecard

FILENAME = "scorecard.xlsx"
#: Timestamp of every zip entry (the earliest a zip file can hold).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
EMPTY_SHEET_DATA = re.compile(rb"<sheetData\s*/>|<sheetData>\s*</sheetData>")
#: Document date when the data has no "as of" date.
FALLBACK_DATE = dt.datetime(2000, 1, 1)


# ---- summary -------------------------------------------------------------------------


def _grade_counts(rows: pd.DataFrame, grades: list[str]) -> list[int]:
    counts = rows["grade"].value_counts()
    return [int(counts.get(g, 0)) for g in grades] + [int(rows["score"].isna().sum())]


def _stats(rows: pd.DataFrame, incomplete_ok: bool = False) -> tuple[int, int, Any, Any]:
    scored = rows[rows["score"].notna()]
    complete = scored[~scored["incomplete"].astype(bool)]
    if not len(complete):
        return len(scored), 0, None, None
    return len(scored), len(complete), float(complete["score"].mean()), float(
        complete["score"].median())


def party_chart(card: Scorecard, sh: Sheet, parties: list[str], head: int,
                last: int) -> BarChart:
    """A native clustered bar chart: chambers (categories) x parties (series, party colours)."""
    colours = scorecard_party_colors(card)
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = "Mean score by party"
    chart.y_axis.title = "Mean score"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    chart.y_axis.majorUnit = 20
    chart.y_axis.number_format = "0"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    data = Reference(sh.ws, min_col=2, max_col=1 + len(parties), min_row=head, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sh.ws, min_col=1, min_row=head + 1, max_row=last))
    for series, party in zip(chart.series, parties, strict=True):
        colour = colours[party].lstrip("#")
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    chart.dataLabels.showSerName = False
    chart.dataLabels.showCatName = False
    chart.dataLabels.showLegendKey = False
    chart.dataLabels.showPercent = False
    chart.dataLabels.numFmt = "0"
    chart.width, chart.height = 18, 9
    return chart


def dataset_name(card: Scorecard) -> str:
    """The dataset folder, relative to the platform file when inside its folder."""
    folder = Path(card.dataset.folder).resolve()
    try:
        return folder.relative_to(card.platform.path.parent).as_posix()
    except ValueError:
        return folder.name


def write_summary(book: Book) -> None:
    """Title, facts, per-chamber statistics by party, grade counts and the party chart."""
    card = book.card
    p = card.platform.model
    t = card.scores.table
    ds = card.dataset
    grades = list(p.scoring.grades)
    sh = book.sheet("Summary")
    sh.row([C(p.title, "title")], height=24)
    if p.organization:
        sh.row([C(p.organization, "subtitle")], height=18)
    notice = 0
    if card.fictional:
        notice = sh.row([C("Sample data: fictional legislators. Every name, vote and "
                           "sponsorship in this workbook is invented.", "notice")])
    sh.blank()
    sel = card.scores.period.selection.rows
    sessions = ds.meta.get("sessions")
    facts: list[tuple[str, Any]] = [
        ("Jurisdiction", p.jurisdiction),
        ("Period", period_text(card)),
        ("Lifetime", "all sessions in the data" + (
            f" ({', '.join(map(str, sessions))})" if isinstance(sessions, list) else "")),
        ("Dataset", dataset_name(card)),
        ("Data source", str(ds.meta.get("source") or "not stated (no dataset.yaml)")),
        ("Data as of", C(as_date(ds.as_of) or ds.as_of or None, "date")),
        ("Legislators", C(len(t), "int")),
        ("Roll calls scored", C(int(sel["rollcall_id"].nunique()), "int")),
        ("Scores", "0 to 100: the weighted share of votes aligned with the platform "
                   "(see Methodology)."),
    ]
    first_fact = sh.rows + 1
    for label, value in facts:
        sh.row([C(label, "label"), value])
    header = ["Party", "Members", "With a score", "Complete", "Mean", "Median", *grades,
              "No score"]
    for chamber in book.chambers:
        rows = t[t["chamber"] == chamber]
        sh.blank()
        sh.row([C(book.chamber_name(chamber), "heading")], height=20)
        sh.row([C(h, "header" if i == 0 else "header-right") for i, h in enumerate(header)],
               height=33)
        for party, prow in rows.groupby("party", sort=True):
            scored, complete, mean, median = _stats(prow)
            sh.row([C(party or "(none)"), C(len(prow), "int"), C(scored, "int"),
                    C(complete, "int"), C(mean, "score"), C(median, "score"),
                    *[C(n, "int") for n in _grade_counts(prow, grades)]])
        scored, complete, mean, median = _stats(rows)
        sh.row([C("All", "bold"), C(len(rows), "int"), C(scored, "int"), C(complete, "int"),
                C(mean, "score-bold"), C(median, "score-bold"),
                *[C(n, "int") for n in _grade_counts(rows, grades)]])
    # the chart's data: chambers (rows) x parties (columns), means over complete members
    parties = sorted({str(x) for x in t["party"]})
    stats = card.scores.party_stats.set_index(["chamber", "party"])["mean"]
    sh.blank()
    sh.row([C("Mean score by party (members with a complete score)", "heading")], height=20)
    head = sh.row([C("Chamber", "header"), *[C(x or "(none)", "header-right") for x in parties]],
                  height=30)
    for chamber in book.chambers:
        sh.row([C(book.chamber_name(chamber), "bold"),
                *[C(stats.get((chamber, x)), "score") for x in parties]])
    last = head + len(book.chambers)
    if parties and book.chambers:
        sh.ws.add_chart(party_chart(card, sh, parties, head, last), f"A{last + 2}")
    # the facts (column B) overflow into the empty cells to their right: not measured
    fact_rows = range(first_fact, first_fact + len(facts))
    sh.fit(skip_rows=[1, 2, 3, *fact_rows], limits={1: (16, 30)}, default=(9, 14))
    if notice:
        sh.span(notice, len(header))
    sh.ws.page_setup.orientation = "portrait"
    sh.ws.page_setup.fitToWidth = 1
    sh.ws.page_setup.fitToHeight = 0
    sh.ws.sheet_properties.pageSetUpPr.fitToPage = True
    sh.write()


# ---- the file ------------------------------------------------------------------------


class _FixedTimeZip(ZipFile):
    """The workbook's zip: fixed entry times, and each sheet's rows spliced into its XML.

    openpyxl writes each sheet with an empty ``<sheetData>``; ``sheet_data`` maps the
    sheet's part name to the rows :class:`~scorecard.render.xlsx_cells.Sheet` serialised.
    """

    sheet_data: dict[str, IO[bytes]]

    def _info(self, name: str) -> ZipInfo:
        info = ZipInfo(name, date_time=ZIP_TIME)
        info.compress_type = ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def writestr(self, zinfo_or_arcname: str | ZipInfo, data: Any,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        name = (zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, ZipInfo)
                else zinfo_or_arcname)
        super().writestr(self._info(name), data, compresslevel=compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: int | None = None,
              compresslevel: int | None = None) -> None:
        name = str(arcname or filename)
        info = self._info(name)
        rows = self.sheet_data.get(name)
        with open(filename, "rb") as src, self.open(info, "w", force_zip64=True) as dst:
            if rows is None:
                shutil.copyfileobj(src, dst, 1 << 20)
                return
            xml = src.read()
            found = EMPTY_SHEET_DATA.search(xml)
            if found is None:
                raise RuntimeError(f"no empty <sheetData> in {name}: cannot write its rows")
            dst.write(xml[: found.start()])
            rows.seek(0)
            shutil.copyfileobj(rows, dst, 1 << 20)
            dst.write(xml[found.end():])


def save_deterministic(book: Book, target: Path | IO[bytes]) -> None:
    """Save like openpyxl does, but keep the document dates, fix every entry's time and
    splice in the rows of each sheet."""
    archive = _FixedTimeZip(target, "w", ZIP_DEFLATED, allowZip64=True)
    index = {id(ws): i for i, ws in enumerate(book.wb.worksheets, start=1)}
    archive.sheet_data = {f"xl/worksheets/sheet{index[id(sh.ws)]}.xml": sh.data
                          for sh in book.sheets if sh.data is not None}
    try:
        ExcelWriter(book.wb, archive).save()
    finally:
        for sh in book.sheets:
            if sh.data is not None:
                sh.data.close()


def _document_date(card: Scorecard) -> dt.datetime:
    day = as_date(card.dataset.as_of)
    return dt.datetime(day.year, day.month, day.day) if day else FALLBACK_DATE


def set_properties(wb: Workbook, card: Scorecard) -> None:
    """Title, author (the organisation), subject, and fixed created/modified dates."""
    p = card.platform.model
    props = wb.properties
    props.title = p.title
    props.creator = p.organization or p.title
    props.lastModifiedBy = p.organization or p.title
    props.subject = f"Legislator scorecard, {p.jurisdiction}, {period_text(card)}"
    props.description = ("Sample data: fictional legislators. " if card.fictional else "") + (
        f"Data as of {card.dataset.as_of}. Generated by scorecard.")
    props.keywords = "scorecard; legislators; votes"
    props.created = props.modified = _document_date(card)


def build_workbook(card: Scorecard) -> Book:
    """The whole workbook, ready to save."""
    wb = Workbook(write_only=True)
    book = Book(card, wb, Styles(wb))
    write_summary(book)
    for chamber in book.chambers:
        write_chamber(book, chamber)
    write_matrix(book)
    write_bills(book)
    write_receipts(book)
    write_audit(book)
    write_methodology(book)
    set_properties(wb, card)
    return book


def write_workbook(card: Scorecard, out: Path) -> None:
    """Write ``out/scorecard.xlsx``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    save_deterministic(build_workbook(card), out / FILENAME)


__all__ = ["FILENAME", "build_workbook", "save_deterministic", "write_workbook"]
