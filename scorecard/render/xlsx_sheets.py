"""The workbook's data sheets: one per chamber, the vote matrix, bills, receipts, methodology.

Each function appends one sheet to the write-only workbook held by :class:`Book`. The
Summary sheet and the file itself are in :mod:`scorecard.render.xlsx`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd
from xlsxwriter.workbook import Workbook

from ..scoring import RECEIPT_COLUMNS
from ..selection import named_prints
from .bill_status import bill_statuses, entry_statuses
from .formats import BANNER, join_words, legislator_page, number, web_url
from .methodology import FICTIONAL_NOTICE, methodology
from .slugs import legislator_slugs
from .xlsx_cells import C, Sheet, Styles, as_date, column_letter, sheet_title

if TYPE_CHECKING:
    from ..card import Scorecard

SAMPLE = f"{BANNER}."
#: Vote option -> the code shown in the vote matrix.
CODES = {"yes": "Y", "no": "N", "absent": "A", "excused": "E", "not voting": "NV",
         "abstain": "AB", "paired": "P", "other": "O"}
CODE_LEGEND = ("Codes: Y yes, N no, A absent, NV not voting, AB abstain, E excused, P paired, "
               "O other; * corrected by hand (see Receipts); blank: no record.")


@dataclass
class Book:
    """What every sheet needs: the scorecard, the workbook, its styles and shared lookups."""

    card: Scorecard
    wb: Workbook
    styles: Styles
    used_titles: set[str] = field(default_factory=set)
    slugs: dict[str, str] = field(default_factory=dict)
    sheets: list[Sheet] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.slugs = legislator_slugs(self.card.scores.table)

    def sheet(self, name: str) -> Sheet:
        sh = Sheet(self.wb, sheet_title(name, self.used_titles), self.styles)
        self.sheets.append(sh)
        return sh

    @property
    def chambers(self) -> list[str]:
        """Chambers with legislators on the scorecard: upper first."""
        present = set(self.card.scores.table["chamber"])
        return [c for c in ("upper", "lower") if c in present]

    def chamber_name(self, chamber: str) -> str:
        return self.card.platform.chamber_name(chamber) if chamber else ""

    def page(self, legislator_id: str) -> str:
        """The legislator's page in the site beside the workbook (a relative link)."""
        return legislator_page(self.slugs[legislator_id])

    def caption(self, what: str) -> C:
        """Row 1 of a data sheet: what it is, the period and the date; the sample notice."""
        p = self.card.platform
        text = f"{what}: {p.title}, {period_text(self.card)}. Data as of {self.card.dataset.as_of}."
        if self.card.fictional:
            return C(f"{SAMPLE} {text}", "notice")
        return C(text, "caption")


def period_text(card: Scorecard) -> str:
    """``"2025-2026 session"``, ``"all sessions"``, with dates when the period has them."""
    period = card.platform.model.period
    if period.sessions:
        text = (f"{join_words(period.sessions)} "
                f"{'session' if len(period.sessions) == 1 else 'sessions'}")
    else:
        text = "all sessions"
    if period.start or period.end:
        lo = period.start.isoformat() if period.start else "the start"
        hi = period.end.isoformat() if period.end else "the end"
        text += f", {lo} to {hi}"
    return text


def district(value: Any) -> Any:
    """Districts that are plain whole numbers are stored as numbers (they sort as such)."""
    if isinstance(value, str) and value.isdigit() and not value.startswith("0"):
        return int(value)
    return value


def _score(value: Any) -> float | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


# ---- one sheet per chamber -----------------------------------------------------------


def chamber_columns(book: Book) -> list[tuple[str, str, str]]:
    """(header, table column, style) of a chamber sheet, in order."""
    card = book.card
    cols = [("Name", "name", "link"), ("District", "district", "center"),
            ("Party", "party", "text"), ("Score", "score", "score-bold"),
            ("Grade", "grade", "center"), ("Rank", "rank", "int"),
            ("Lifetime score", "lifetime_score", "score"),
            ("Participation", "participation", "pct"), ("Incomplete", "incomplete", "center"),
            ("Votes counted", "votes_counted", "int")]
    titles = {s.id: s.title for s in card.platform.model.sections}
    cols += [(titles[sid], f"section:{sid}", "score") for sid in card.scores.section_ids]
    if card.platform.scoring.sponsorship.mode != "off":
        cols += [("Sponsored: support", "sponsored_support", "int-center"),
                 ("Sponsored: oppose", "sponsored_oppose", "int-center")]
    cols += [("Why no score", "why_no_score", "text")]
    return cols


SCORE_KEYS = ("score", "lifetime_score")


def write_chamber(book: Book, chamber: str) -> Sheet:
    """A chamber's legislators: scores, grades, ranks, sections, sponsorship; print-ready."""
    t = book.card.scores.table
    rows = t[t["chamber"] == chamber]
    cols = chamber_columns(book)
    sh = book.sheet(book.chamber_name(chamber))
    sh.row([book.caption(book.chamber_name(chamber))], height=20)
    sh.row([C(h, "header" if s in ("text", "link") else "header-center" if "center" in s
              else "header-right") for h, _, s in cols])
    for r in rows.to_dict("records"):
        out: list[Any] = []
        for _, key, style in cols:
            v = r[key]
            if key == "name":
                out.append(C(v, style, book.page(r["legislator_id"])))
            elif key == "district":
                out.append(C(district(v), style))
            elif key == "incomplete":
                out.append(C("yes" if v else "", style))
            elif key == "rank":
                out.append(C(None if v is pd.NA or v is None else int(v), style))
            elif key in ("party", "grade", "why_no_score"):
                out.append(C(v or None, style))
            else:
                out.append(C(v, style))
        sh.row(out)
    sh.fit(skip_rows=[1], header_row=2, limits={1: (18, 40), len(cols): (12, 60)},
           default=(6, 18))
    end = sh.finish_table(len(cols), header_row=2, freeze="B3")
    for i, (_, key, _) in enumerate(cols, start=1):
        if key in SCORE_KEYS or key.startswith("section:"):
            sh.color_scale(3, i, end)
    sh.write()
    return sh


# ---- vote matrix ---------------------------------------------------------------------


def _matrix_columns(book: Book) -> pd.DataFrame:
    """The scored roll calls of the period, one column each: chamber, platform order, date."""
    sel = book.card.scores.period.selection.rows.copy()
    rank = {"upper": 0, "lower": 1}
    sel["c"] = sel["chamber"].map(rank).fillna(2)
    return sel.sort_values(["c", "order", "date", "rc_order"], kind="stable").reset_index(
        drop=True)


def _category(credit: float, counted: bool) -> str:
    if not counted or credit != credit:
        return "not-counted"
    if credit >= 1:
        return "aligned"
    if credit <= 0:
        return "against"
    return "half"


def write_matrix(book: Book) -> Sheet:
    """Legislators x scored roll calls; each vote coloured aligned, against or not counted."""
    card = book.card
    cols = _matrix_columns(book)
    rows = card.scores.period.rows
    rows = rows[rows["kind"] == "vote"]
    cells: dict[tuple[str, str, str], tuple[str, str]] = {}
    for r in rows[["legislator_id", "entry", "rollcall_id", "option", "credit", "counted",
                   "overridden"]].itertuples(index=False):
        code = CODES.get(r.option, r.option) + ("*" if r.overridden else "")
        cells[(r.legislator_id, r.entry, r.rollcall_id)] = (
            code, _category(r.credit, bool(r.counted)))
    used = {cat for _, cat in cells.values()}
    t = card.scores.table
    order = {c: i for i, c in enumerate(book.chambers)}
    people = t.assign(c=t["chamber"].map(order)).sort_values(["c", "sort_name", "name"],
                                                              kind="stable")
    fixed = [("Name", "header"), ("Chamber", "header"), ("District", "header-center"),
             ("Party", "header"), ("Score", "header-right")]
    nfix = len(fixed)
    sh = book.sheet("Vote matrix")
    caption = book.caption("Vote matrix")
    sh.row([C(f"{caption.value} {CODE_LEGEND}", caption.style)], height=20)
    legend: list[tuple[str | None, str, str]] = [
        ("aligned", "Aligned", "the vote the platform asks for"),
        ("against", "Against", "the other vote, or a counted absence"),
        ("half", "Half credit", "counted for half") if "half" in used else (None, "", ""),
        ("not-counted", "Not counted", "excused, forgiven or excluded")]
    meta: list[tuple[str, list[Any]]] = [
        ("Chamber", [book.chamber_name(c) for c in cols["chamber"]]),
        ("Date", [as_date(d) or d for d in cols["date"]]),
        ("Position", [p + ("" if w == 1 else f" x{number(w)}")
                      for p, w in zip(cols["position"], cols["weight"], strict=True)]),
        ("Motion", list(cols["motion_type"]))]
    for (style, label, text), (name, values) in zip(legend, meta, strict=True):
        n = sh.row([C(label or None, style), C(text or None), None, None, C(name, "label"),
                    *[C(v, "date" if name == "Date" else "center") for v in values]])
        sh.merge(n, 2, 4)
    entries = {pe.key: pe.entry for pe in card.platform.entries()}
    heads = [r.number or entries[r.entry].label for r in cols.itertuples(index=False)]
    sh.row([C(h, s) for h, s in fixed] + [C(h, "header-center") for h in heads])
    keys = list(zip(cols["entry"], cols["rollcall_id"], strict=True))
    for r in people.to_dict("records"):
        lid = r["legislator_id"]
        out: list[Any] = [C(r["name"], "link", book.page(lid)), book.chamber_name(r["chamber"]),
                          C(district(r["district"]), "center"), r["party"] or None,
                          C(r["score"], "score")]
        for entry, rid in keys:
            got = cells.get((lid, entry, rid))
            out.append(C(got[0], got[1]) if got else None)
        sh.row(out)
    for i in range(nfix + 1, nfix + len(keys) + 1):
        sh.widths[i] = 10.5  # one date wide
    sh.fit(skip_rows=[1, 2, 3, 4, 5], header_row=6,
           limits={1: (18, 36), 2: (9, 14), 3: (8, 12), 5: (9, 9),
                   **{i: (10.5, 10.5) for i in range(nfix + 1, nfix + len(keys) + 1)}},
           default=(5, 14))
    end = sh.finish_table(nfix + len(keys), header_row=6,
                          freeze=f"{column_letter(nfix + 1)}7")
    sh.color_scale(7, 5, end)
    sh.write()
    return sh


# ---- bills ---------------------------------------------------------------------------

def votes_short(entry: Any) -> str:
    """The entry's vote rule in a word or two (the Methodology sheet has it in full)."""
    if not entry.number:
        return "named roll calls"
    rule = "listed" if isinstance(entry.votes, list) else str(entry.votes)
    return rule + (" + committee" if entry.committee else "")


BILL_COLUMNS = ["Section", "Demand", "Entry", "Session", "Position", "Weight", "Votes scored",
                "Title", "Companions", "Status", "Roll call", "Bill voted", "Chamber", "Date",
                "Motion", "Committee", "Result", "Yes", "No", "Other", "Sponsors", "Bill page",
                "Roll call source", "Where the bill stands"]


def write_bills(book: Book) -> Sheet:
    """Every platform entry with its companions, roll calls (lifetime), tallies and links."""
    card = book.card
    ds = card.dataset
    life = card.scores.lifetime.selection.rows.sort_values(["date", "rc_order"], kind="stable")
    by_entry: dict[str, list[dict[str, Any]]] = {}
    for r in life[["entry", "rollcall_id", "number", "chamber", "date"]].to_dict("records"):
        by_entry.setdefault(r["entry"], []).append(r)
    in_period = set(zip(card.scores.period.selection.rows["entry"],
                        card.scores.period.selection.rows["rollcall_id"], strict=True))
    shown = ds.rollcalls[ds.rollcalls["rollcall_id"].isin(set(life["rollcall_id"]))]
    rc = {r["rollcall_id"]: r for r in shown.to_dict("records")}
    bills = {(b["session"], b["number"]): b
             for b in ds.bills_named(named_prints(card.platform)).to_dict("records")}
    missing = {key for key, _, _ in card.scores.lifetime.selection.missing}
    sponsors = card.scores.lifetime.sponsored.groupby("entry")["legislator_id"].nunique()
    statuses = bill_statuses(card)
    sh = book.sheet("Bills")
    sh.row([book.caption("Platform bills and roll calls")], height=20)
    sh.row([C(h, "header") for h in BILL_COLUMNS])
    for pe in card.platform.entries():
        e = pe.entry
        title, url = e.title or "", e.url
        for n in e.numbers:
            if (e.session, n) in bills:
                title = title or str(bills[(e.session, n)]["title"])
                url = url or str(bills[(e.session, n)]["url"])
                break
        base = [pe.section.title, pe.demand.title, e.label, e.session or None, e.position,
                C(e.weight, "num"), votes_short(e), title or None,
                ", ".join(e.same_as) or None]
        link = web_url(url)
        tail = [C(int(sponsors.get(pe.key, 0)), "int") if e.number else None,
                C(url, "link", link) if link else (url or None)]
        lines = entry_statuses(statuses, e.session or "", e.numbers)
        stands = "; ".join(f"{n}: {line}" if len(lines) > 1 or n != e.number else line
                           for n, line in lines) or None
        got = by_entry.get(pe.key, [])
        if not got:
            status = "bill not in the data" if pe.key in missing else "no roll call in the data"
            sh.row([*base, status, *([None] * 10), *tail, None, stands])
            continue
        for r in got:
            info = rc[r["rollcall_id"]]
            src = web_url(info["source_url"])
            status = "scored" if (pe.key, r["rollcall_id"]) in in_period else "lifetime only"
            sh.row([*base, status, r["rollcall_id"], r["number"] or None,
                    book.chamber_name(r["chamber"]), C(as_date(r["date"]), "date"),
                    info["motion"] or None,
                    info["committee"] or None, info["result"] or None,
                    *[C(info[k], "int") for k in ("yes", "no", "other")], *tail,
                    C(info["source_url"], "link", src) if src else (info["source_url"] or None),
                    stands])
    sh.fit(skip_rows=[1], header_row=2, limits={1: (12, 24), 2: (12, 28), 8: (12, 32),
                                                11: (10, 24), 15: (8, 22), 22: (10, 24),
                                                23: (10, 24), 24: (12, 48)}, default=(6, 20))
    sh.finish_table(len(BILL_COLUMNS), header_row=2, freeze="D3")
    sh.write()
    return sh


# ---- receipts ------------------------------------------------------------------------

RECEIPT_STYLES = {"date": "date", "credit": "num", "weight": "num"}
#: receipts.csv column -> the Receipts sheet's header (same columns, same order).
RECEIPT_HEADERS = {
    "legislator_id": "Legislator id", "name": "Name", "section_id": "Section",
    "demand_id": "Demand", "entry": "Entry", "bill_id": "Bill id", "number": "Bill",
    "rollcall_id": "Roll call", "chamber": "Chamber", "date": "Date", "motion": "Motion",
    "position": "Position", "option": "Vote", "raw": "Vote as recorded", "credit": "Credit",
    "weight": "Weight", "counted": "Counted", "note": "Note",
    "overridden": "Corrected by hand", "source_url": "Source",
}


def write_receipts(book: Book) -> Sheet:
    """Every scored vote, as in data/receipts.csv (same rows, same columns in the same
    order, under readable headers), typed; chambers by their display names."""
    rec = book.card.scores.receipts[RECEIPT_COLUMNS]
    sh = book.sheet("Receipts")
    sh.row([book.caption("Receipts: every scored vote")], height=20)
    sh.row([C(RECEIPT_HEADERS[h], "header") for h in RECEIPT_COLUMNS])
    date_i = RECEIPT_COLUMNS.index("date")
    chamber_i = RECEIPT_COLUMNS.index("chamber")
    names = {c: book.chamber_name(c) for c in set(rec["chamber"].dropna())}
    styled = [(RECEIPT_COLUMNS.index(k), s) for k, s in RECEIPT_STYLES.items()]
    bools = [RECEIPT_COLUMNS.index(k) for k in ("counted", "overridden")]
    for row in rec.astype(object).to_numpy().tolist():
        row[date_i] = as_date(row[date_i]) or row[date_i]
        row[chamber_i] = names.get(row[chamber_i], row[chamber_i])
        for i in bools:
            row[i] = bool(row[i])
        for i, s in styled:
            row[i] = C(row[i], s)
        sh.row(row)
    # measured with pandas: a large sheet has hundreds of thousands of cells
    text = rec.assign(chamber=rec["chamber"].map(names)).astype(str).replace(
        {"nan": "", "<NA>": "", "None": ""})
    measured = {i: float(text[c].str.len().max() or 0) + 1.5
                for i, c in enumerate(RECEIPT_COLUMNS, start=1)} if len(rec) else {}
    measured[date_i + 1] = 11
    sh.fit(header_row=2, default=(6, 36), measured=measured)
    sh.finish_table(len(RECEIPT_COLUMNS), header_row=2, freeze="C3")
    sh.write()
    return sh


# ---- methodology ---------------------------------------------------------------------

#: Widths of the methodology sheet's columns A-H (characters).
METHOD_WIDTHS = [24, 26, 22, 11, 10, 8, 24, 40]


def _lines(text: str, width: float) -> int:
    per_line = max(int(width * 1.1), 10)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def write_methodology(book: Book) -> Sheet:
    """The methodology sections: headings, wrapped paragraphs and their tables."""
    sh = book.sheet("Methodology")
    span = len(METHOD_WIDTHS)
    total = sum(METHOD_WIDTHS)
    sh.row([C(f"Methodology: {book.card.platform.title}", "title")], height=24)
    if book.card.fictional:
        n = sh.row([C(FICTIONAL_NOTICE, "notice")], height=15 * _lines(FICTIONAL_NOTICE, total))
        sh.merge(n, 1, span)
    for section in methodology(book.card):
        sh.blank()
        sh.row([C(section.heading, "heading")], height=20)
        for text in section.paragraphs:
            n = sh.row([C(text, "wrap")], height=15 * _lines(text, total))
            sh.merge(n, 1, span)
        if not section.has_table:
            continue
        k = len(section.columns)
        widths = METHOD_WIDTHS[: k - 1] + [sum(METHOD_WIDTHS[k - 1:])]
        n = sh.row([C(h, "header") for h in section.columns])
        if k < span:
            sh.merge(n, k, span)
        for r in section.rows:
            lines = max(_lines(v, w) for v, w in zip(r, widths, strict=True))
            n = sh.row([C(v, "wrap") for v in r], height=15 * lines)
            if k < span:
                sh.merge(n, k, span)
    sh.widths = {i: w for i, w in enumerate(METHOD_WIDTHS, start=1)}
    sh.print_setup(landscape=True)
    sh.write()
    return sh


__all__ = ["Book", "period_text", "write_bills", "write_chamber", "write_matrix",
           "write_methodology", "write_receipts"]
