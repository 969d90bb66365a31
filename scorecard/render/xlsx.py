"""The Excel workbook, ``scorecard.xlsx`` (issue 4), written with XlsxWriter.

Sheets: Summary (facts, per-chamber party statistics and grade counts, a native bar chart
of party means), one sheet per chamber, Vote matrix, Bills, Receipts and Methodology.
The same inputs give a byte-identical file: no wall-clock time is written anywhere (the
document dates are the data's "as of" date, and XlsxWriter gives every zip entry the same
fixed time).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from xlsxwriter.workbook import Workbook

from .theme import scorecard_party_colors
from .xlsx_audit import write_audit
from .xlsx_cells import C, Sheet, Styles, as_date, workbook_options
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
#: Timestamp XlsxWriter gives every zip entry of a workbook made in memory.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: Document date when the data has no "as of" date.
FALLBACK_DATE = dt.datetime(2000, 1, 1)
#: The chart's size in pixels (18 x 9 cm at 96 dpi).
CHART_SIZE = {"width": 680, "height": 340}


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
                last: int) -> Any:
    """A native clustered bar chart: chambers (categories) x parties (series, party colours).

    ``head`` is the 1-based row of the party names; the chambers are the rows below it,
    down to ``last``."""
    colours = scorecard_party_colors(card)
    chart = sh.wb.add_chart({"type": "column"})
    name = sh.title
    for i, party in enumerate(parties, start=1):
        colour = colours[party]
        chart.add_series({
            "name": [name, head - 1, i],
            "categories": [name, head, 0, last - 1, 0],
            "values": [name, head, i, last - 1, i],
            "fill": {"color": colour}, "border": {"color": colour},
            "data_labels": {"value": True, "num_format": "0"},
        })
    chart.set_title({"name": "Mean score by party"})
    chart.set_y_axis({"name": "Mean score", "min": 0, "max": 100, "major_unit": 20,
                      "num_format": "0"})
    chart.set_legend({"position": "bottom"})
    chart.set_size(CHART_SIZE)
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
        sh.ws.insert_chart(last + 1, 0, party_chart(card, sh, parties, head, last))
    # the facts (column B) overflow into the empty cells to their right: not measured
    fact_rows = range(first_fact, first_fact + len(facts))
    sh.fit(skip_rows=[1, 2, 3, *fact_rows], limits={1: (16, 30)}, default=(9, 14))
    if notice:
        sh.span(notice, len(header))
    sh.print_setup(landscape=False)
    sh.write()


# ---- the file ------------------------------------------------------------------------


def _document_date(card: Scorecard) -> dt.datetime:
    day = as_date(card.dataset.as_of)
    return dt.datetime(day.year, day.month, day.day) if day else FALLBACK_DATE


def set_properties(wb: Workbook, card: Scorecard) -> None:
    """Title, author (the organisation), subject, and a fixed created/modified date."""
    p = card.platform.model
    wb.set_properties({
        "title": p.title,
        "author": p.organization or p.title,
        "subject": f"Legislator scorecard, {p.jurisdiction}, {period_text(card)}",
        "comments": ("Sample data: fictional legislators. " if card.fictional else "") + (
            f"Data as of {card.dataset.as_of}. Generated by scorecard."),
        "keywords": "scorecard; legislators; votes",
        "created": _document_date(card),
    })


def write_workbook(card: Scorecard, out: Path) -> None:
    """Write ``out/scorecard.xlsx``: every sheet, then the file (XlsxWriter's close)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    wb = Workbook(str(out / FILENAME), workbook_options())  # in memory until close()
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
    wb.close()


__all__ = ["FILENAME", "write_workbook"]
