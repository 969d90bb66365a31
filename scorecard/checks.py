"""Type and referential checks of the canonical tables, reported with file and row.

``check_tables`` never raises: it returns every problem it finds so that loaders,
importers (``scorecard import csv``) and ``scorecard validate`` report them together.
Row numbers are spreadsheet rows: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .errors import Problems
from .model import (
    CHAMBERS,
    DATE_COLUMNS,
    INT_COLUMNS,
    KEYS,
    MOTION_TYPES,
    OPTIONS,
    REQUIRED_VALUES,
    SPONSOR_ROLES,
)

#: Problems of one kind listed in full before "and N more".
MAX_LISTED = 10
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _rows(mask: pd.Series) -> list[int]:
    return [int(i) + 2 for i in mask[mask].index]


def _report(problems: Problems, file: str, rows: list[int], message: str,
            warning: bool = False) -> None:
    add = problems.warn if warning else problems.error
    for row in rows[:MAX_LISTED]:
        add(file, message.format(row=row), f"row {row}")
    if len(rows) > MAX_LISTED:
        add(file, f"... and {len(rows) - MAX_LISTED} more rows with the same problem")


def _valid_dates(values: pd.Series) -> pd.Series:
    def ok(v: str) -> bool:
        if not _DATE.match(v):
            return False
        try:
            pd.Timestamp(v)
        except ValueError:
            return False
        return True
    return values.map(ok)


def _check_values(name: str, df: pd.DataFrame, file: str, problems: Problems) -> None:
    for col in REQUIRED_VALUES.get(name, ()):
        bad = df[col] == ""
        _report(problems, file, _rows(bad), f"{col} is empty; every row needs one")
    for col in DATE_COLUMNS.get(name, ()):
        values = df[col]
        filled = values != ""
        bad = filled & ~_valid_dates(values.where(filled, "2000-01-01"))
        for row in _rows(bad)[:MAX_LISTED]:
            problems.error(file, f"{col} {df.at[row - 2, col]!r} is not a date; write dates "
                           "as YYYY-MM-DD (e.g. 2023-06-12)", f"row {row}")
        if bad.sum() > MAX_LISTED:
            problems.error(file, f"... and {int(bad.sum()) - MAX_LISTED} more bad dates")
    for col in INT_COLUMNS.get(name, ()):
        values = df[col]
        bad = (values != "") & ~values.str.fullmatch(r"\d+")
        _report(problems, file, _rows(bad), f"{col} must be a whole number or empty")
    vocab = {"option": OPTIONS, "chamber": CHAMBERS, "motion_type": MOTION_TYPES,
             "role": SPONSOR_ROLES}
    for col, allowed in vocab.items():
        if col not in df.columns:
            continue
        bad = (df[col] != "") & ~df[col].isin(allowed)
        for row in _rows(bad)[:MAX_LISTED]:
            problems.error(file, f"{col} {df.at[row - 2, col]!r} is not one of: "
                           f"{', '.join(allowed)}", f"row {row}")
        if bad.sum() > MAX_LISTED:
            problems.error(file, f"... and {int(bad.sum()) - MAX_LISTED} more unknown {col} values")
    key = list(KEYS[name])
    dup = df.duplicated(subset=key, keep="first")
    if dup.any():
        first = df[df.duplicated(subset=key, keep=False) & ~dup]
        first_row = {tuple(r): int(i) + 2 for i, r in zip(first.index, first[key].values,
                                                            strict=True)}
        for row in _rows(dup)[:MAX_LISTED]:
            k = tuple(df.loc[row - 2, key])
            named = ", ".join(f"{c}={v}" for c, v in zip(key, k, strict=True))
            problems.error(file, f"duplicate row: {named} already appears in row "
                           f"{first_row.get(k, '?')}; keep one", f"row {row}")
        if dup.sum() > MAX_LISTED:
            problems.error(file, f"... and {int(dup.sum()) - MAX_LISTED} more duplicate rows")


def _check_refs(child: pd.DataFrame, col: str, parent: set[str], file: str, what: str,
                problems: Problems, allow_empty: bool = False, warning: bool = False) -> None:
    values = child[col]
    bad = ~values.isin(parent)
    if allow_empty:
        bad &= values != ""
    add = problems.warn if warning else problems.error
    rows = _rows(bad)
    for row in rows[:MAX_LISTED]:
        add(file, f"{col} {child.at[row - 2, col]!r} names no {what}", f"row {row}")
    if len(rows) > MAX_LISTED:
        add(file, f"... and {len(rows) - MAX_LISTED} more rows naming no {what}")


def _check_totals(rollcalls: pd.DataFrame, votes: pd.DataFrame, file: str,
                  problems: Problems) -> None:
    """Declared yes/no/other totals against the member votes (a mismatch is a warning)."""
    if rollcalls.empty:
        return
    opt = votes["option"]
    counts = pd.DataFrame({
        "rollcall_id": votes["rollcall_id"],
        "yes": (opt == "yes").astype(int),
        "no": (opt == "no").astype(int),
        "other": (~opt.isin(["yes", "no"])).astype(int),
    }).groupby("rollcall_id").sum()
    mismatched: list[tuple[int, str]] = []
    for i, rc in enumerate(rollcalls.itertuples(index=False)):
        found = counts.loc[rc.rollcall_id] if rc.rollcall_id in counts.index else None
        diffs = []
        for col in ("yes", "no", "other"):
            declared = getattr(rc, col)
            if declared == "" or not str(declared).isdigit():
                continue
            actual = int(found[col]) if found is not None else 0
            if int(declared) != actual:
                diffs.append(f"{col} declared {declared}, member votes give {actual}")
        if diffs:
            mismatched.append((i + 2, f"roll call {rc.rollcall_id}: " + "; ".join(diffs)))
    for row, msg in mismatched[:MAX_LISTED]:
        problems.warn(file, msg, f"row {row}")
    if len(mismatched) > MAX_LISTED:
        problems.warn(file, f"... and {len(mismatched) - MAX_LISTED} more roll calls whose "
                      "declared totals differ from the member votes")


def check_tables(tables: Mapping[str, pd.DataFrame], folder: Path | str) -> Problems:
    """Every type and referential problem of a dataset's tables (all text columns)."""
    problems = Problems()
    folder = Path(folder)

    def f(name: str) -> str:
        return str(folder / f"{name}.csv")

    for name, df in tables.items():
        _check_values(name, df, f(name), problems)
    leg = tables["legislators"]
    legislators = set(leg["legislator_id"])
    bills = set(tables["bills"]["bill_id"])
    rollcalls = set(tables["rollcalls"]["rollcall_id"])
    ends_before = (leg["end_date"] != "") & (leg["start_date"] != "") & (
        leg["end_date"] < leg["start_date"])
    _report(problems, f("legislators"), _rows(ends_before), "end_date is before start_date")
    _check_refs(tables["rollcalls"], "bill_id", bills, f("rollcalls"), "bill in bills.csv",
                problems, allow_empty=True)
    _check_refs(tables["votes"], "rollcall_id", rollcalls, f("votes"),
                "roll call in rollcalls.csv", problems)
    _check_refs(tables["votes"], "legislator_id", legislators, f("votes"),
                "legislator in legislators.csv", problems)
    if "sponsors" in tables:
        _check_refs(tables["sponsors"], "bill_id", bills, f("sponsors"), "bill in bills.csv",
                    problems)
        _check_refs(tables["sponsors"], "legislator_id", legislators, f("sponsors"),
                    "legislator in legislators.csv", problems)
    if "overrides" in tables:
        _check_refs(tables["overrides"], "rollcall_id", rollcalls, f("overrides"),
                    "roll call in rollcalls.csv", problems)
        _check_refs(tables["overrides"], "legislator_id", legislators, f("overrides"),
                    "legislator in legislators.csv", problems)
    _check_totals(tables["rollcalls"], tables["votes"], f("rollcalls"), problems)
    return problems
