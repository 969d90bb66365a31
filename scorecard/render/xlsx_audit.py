"""The workbook's Audit sheet: every finding of the data audit, as in data/audit.csv."""

from __future__ import annotations

from ..audit import AUDIT_COLUMNS
from .xlsx_cells import C, Sheet
from .xlsx_sheets import Book

#: data/audit.csv column -> the Audit sheet's header (same columns, same order).
AUDIT_HEADERS = {"severity": "Severity", "check": "Check", "rollcall_id": "Roll call",
                 "legislator_id": "Legislator id", "message": "Finding",
                 "rows": "Rows behind it"}


def write_audit(book: Book) -> Sheet:
    """One row per finding (severity, check, roll call, legislator, sentence, rows)."""
    audit = book.card.audit
    sh = book.sheet("Audit")
    sh.row([book.caption(audit.summary())], height=20)
    sh.row([C(AUDIT_HEADERS[h], "header") for h in AUDIT_COLUMNS])
    for row in audit.frame().astype(str).to_numpy().tolist():
        sh.row([C(v, "wrap" if i in (4, 5) else "top") for i, v in enumerate(row)])
    sh.fit(skip_rows=[1], header_row=2, limits={5: (30, 80), 6: (20, 50)})
    sh.fit_heights(3)
    sh.finish_table(len(AUDIT_COLUMNS), header_row=2, freeze="A3")
    sh.write()
    return sh


__all__ = ["write_audit"]
