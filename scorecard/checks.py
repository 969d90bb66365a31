"""Type and referential checks of the canonical tables, reported with file and row.

``check_tables`` never raises: it returns every problem it finds so that loaders,
importers (``scorecard import csv``) and ``scorecard validate`` report them together.
Row numbers are spreadsheet rows: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import Problems
from .model import (
    CHAMBERS,
    DATE_COLUMNS,
    DECISIONS,
    INT_COLUMNS,
    KEYS,
    MOTION_TYPES,
    OPTIONS,
    REQUIRED_VALUES,
    SPONSOR_ROLES,
)

#: Problems of one kind listed in full before "and N more".
MAX_LISTED = 10
#: Digits of a count (a roll call's declared totals): larger is a mistake, not a legislature.
MAX_DIGITS = 9
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _filled(values: pd.Series) -> pd.Series:
    """Which text values are not empty (a C loop over the objects: several times faster
    than ``values != ""`` on the hundreds of thousands of rows of votes.csv)."""
    return pd.Series(values.to_numpy(dtype=object).astype(bool), index=values.index)


def _rows(mask: pd.Series) -> list[int]:
    return [int(i) + 2 for i in mask[mask].index]


def _report(problems: Problems, file: str, rows: list[int], message: Callable[[int], str],
            more: str, warning: bool = False) -> None:
    """One problem per row (the first MAX_LISTED), then "... and N more <more>"."""
    add = problems.warn if warning else problems.error
    for row in rows[:MAX_LISTED]:
        add(file, message(row), f"row {row}")
    if len(rows) > MAX_LISTED:
        add(file, f"... and {len(rows) - MAX_LISTED} more {more}")


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


def _check_values(name: str, df: pd.DataFrame, file: str, problems: Problems,
                  duplicates: bool = True) -> None:
    def said(text: str) -> Callable[[int], str]:
        return lambda row: text

    def about(col: str, text: str) -> Callable[[int], str]:
        return lambda row: f"{col} {df.at[row - 2, col]!r} {text}"

    same = "rows with the same problem"
    for col in REQUIRED_VALUES.get(name, ()):
        _report(problems, file, _rows(~_filled(df[col])),
                said(f"{col} is empty; every row needs one"), same)
    for col in DATE_COLUMNS.get(name, ()):
        if col not in df.columns:  # an optional column (bills.csv's last_action_date)
            continue
        filled = _filled(df[col])
        bad = filled & ~_valid_dates(df[col].where(filled, "2000-01-01")).astype(bool)
        _report(problems, file, _rows(bad),
                about(col, "is not a date; write dates as YYYY-MM-DD (e.g. 2023-06-12)"),
                "bad dates")
    for col in INT_COLUMNS.get(name, ()):
        bad = _filled(df[col]) & ~df[col].str.fullmatch(rf"\d{{1,{MAX_DIGITS}}}")
        _report(problems, file, _rows(bad), about(col, f"must be a whole number of at most "
                                                  f"{MAX_DIGITS} digits, or empty"), same)
    vocab = {"option": OPTIONS, "chamber": CHAMBERS, "motion_type": MOTION_TYPES,
             "role": SPONSOR_ROLES, "decision": DECISIONS}
    for col, allowed in vocab.items():
        if col not in df.columns:
            continue
        bad = _filled(df[col]) & ~df[col].isin(allowed)
        _report(problems, file, _rows(bad), about(col, f"is not one of: {', '.join(allowed)}"),
                f"unknown {col} values")
    if not duplicates:
        return
    key = list(KEYS[name])
    dup = df.duplicated(subset=key, keep="first")
    if dup.any():
        first = df[df.duplicated(subset=key, keep=False) & ~dup]
        first_row = {tuple(r): int(i) + 2 for i, r in zip(first.index, first[key].values,
                                                            strict=True)}

        def duplicate(row: int) -> str:
            k = tuple(df.loc[row - 2, key])
            named = ", ".join(f"{c}={v}" for c, v in zip(key, k, strict=True))
            return (f"duplicate row: {named} already appears in row {first_row.get(k, '?')}; "
                    "keep one")

        _report(problems, file, _rows(dup), duplicate, "duplicate rows")


def _check_refs(child: pd.DataFrame, col: str, parent: set[str], file: str, what: str,
                problems: Problems, allow_empty: bool = False) -> None:
    values = child[col]
    bad = ~values.isin(parent)
    if allow_empty:
        bad &= _filled(values)
    _report(problems, file, _rows(bad),
            lambda row: f"{col} {child.at[row - 2, col]!r} names no {what}",
            f"rows naming no {what}")


def tally_differences(rollcalls: pd.DataFrame, votes: pd.DataFrame) -> pd.Series:
    """Per roll call (``rollcalls``' index), how the declared yes/no/other totals differ from
    the member votes, in words ("yes declared 5, member votes give 1"); "" where they agree
    or nothing was declared. One implementation for the load-time check and the audit."""
    if rollcalls.empty:
        return pd.Series("", index=rollcalls.index, dtype=object)
    opt = votes["option"]
    counts = pd.DataFrame({
        "yes": (opt == "yes").to_numpy(int),
        "no": (opt == "no").to_numpy(int),
        "other": (~opt.isin(["yes", "no"])).to_numpy(int),
    }).groupby(votes["rollcall_id"].to_numpy()).sum()
    counts = counts.reindex(rollcalls["rollcall_id"].to_numpy(), fill_value=0)
    return describe_differences(rollcalls, {c: counts[c].to_numpy() for c in counts})


def describe_differences(rollcalls: pd.DataFrame,
                         counts: Mapping[str, np.ndarray]) -> pd.Series:
    """:func:`tally_differences` from the member votes already counted: ``counts`` holds
    per roll call (row of ``rollcalls``) the yes, no and other member votes."""
    diffs = pd.Series("", index=rollcalls.index, dtype=object)
    for col in ("yes", "no", "other"):
        declared = pd.to_numeric(rollcalls[col], errors="coerce").to_numpy(dtype=float)
        actual = counts[col]
        off = ~np.isnan(declared) & (declared != actual)
        for i in np.flatnonzero(off):
            sep = "; " if diffs.iat[i] else ""
            diffs.iat[i] += f"{sep}{col} declared {int(declared[i])}, member votes give " \
                f"{int(actual[i])}"
    return diffs


def _check_totals(rollcalls: pd.DataFrame, votes: pd.DataFrame, file: str,
                  problems: Problems) -> None:
    """Declared yes/no/other totals against the member votes (a mismatch is a warning)."""
    diffs = tally_differences(rollcalls, votes)
    _report(problems, file, _rows(diffs != ""),
            lambda row: f"roll call {rollcalls.at[row - 2, 'rollcall_id']}: {diffs.at[row - 2]}",
            "roll calls whose declared totals differ from the member votes", warning=True)


def check_tables(tables: Mapping[str, pd.DataFrame], folder: Path | str, *,
                 unique_keys: bool = False, totals: bool = True) -> Problems:
    """Every type and referential problem of a dataset's tables (all text columns).

    ``unique_keys``: the caller guarantees no key twice (tables just merged by key), so
    duplicate rows are not looked for; ``totals``: compare declared totals with the member
    votes (warnings only, for callers that report warnings; the loader leaves that to the
    audit, :mod:`scorecard.audit`, which reports it with the other vote checks).
    """
    problems = Problems()
    folder = Path(folder)

    def f(name: str) -> str:
        return str(folder / f"{name}.csv")

    for name, df in tables.items():
        _check_values(name, df, f(name), problems, duplicates=not unique_keys)
    leg = tables["legislators"]
    legislators = set(leg["legislator_id"])
    bills = set(tables["bills"]["bill_id"])
    rollcalls = set(tables["rollcalls"]["rollcall_id"])
    ends_before = (leg["end_date"] != "") & (leg["start_date"] != "") & (
        leg["end_date"] < leg["start_date"])
    _report(problems, f("legislators"), _rows(ends_before),
            lambda row: "end_date is before start_date", "rows with the same problem")
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
    for name in ("replies", "corrections", "contacts"):
        if name in tables:
            _check_refs(tables[name], "legislator_id", legislators, f(name),
                        "legislator in legislators.csv", problems, allow_empty=True)
    if "replies" in tables:
        _check_refs(tables["replies"], "rollcall_id", rollcalls, f("replies"),
                    "roll call in rollcalls.csv", problems, allow_empty=True)
    if totals:
        _check_totals(tables["rollcalls"], tables["votes"], f("rollcalls"), problems)
    return problems
