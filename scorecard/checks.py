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

from .columns import Coded, Columns, key_codes
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
#: (table, column, the table it names rows of, whether it may be empty), in check order
REFERENCES = (
    ("rollcalls", "bill_id", "bills", True),
    ("votes", "rollcall_id", "rollcalls", False),
    ("votes", "legislator_id", "legislators", False),
    ("sponsors", "bill_id", "bills", False),
    ("sponsors", "legislator_id", "legislators", False),
    ("overrides", "rollcall_id", "rollcalls", False),
    ("overrides", "legislator_id", "legislators", False),
    ("replies", "legislator_id", "legislators", True),
    ("corrections", "legislator_id", "legislators", True),
    ("contacts", "legislator_id", "legislators", True),
    ("replies", "rollcall_id", "rollcalls", True),
)


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


def _valid_date(v: object) -> bool:
    if not isinstance(v, str) or not _DATE.match(v):
        return False
    try:
        pd.Timestamp(v)
    except ValueError:
        return False
    return True


def _outside(known: set[str]) -> Callable[[object], bool]:
    return lambda v: bool(v) and v not in known


def _mask(rows: np.ndarray, df: pd.DataFrame) -> pd.Series:
    return pd.Series(rows, index=df.index, dtype=bool)


def _check_values(name: str, df: pd.DataFrame, file: str, problems: Problems,
                  column: Callable[[str, str], Coded], duplicates: bool = True) -> None:
    """Each check is made once per distinct value of a column (``column`` codes it)."""
    def said(text: str) -> Callable[[int], str]:
        return lambda row: text

    def about(col: str, text: str) -> Callable[[int], str]:
        return lambda row: f"{col} {df.at[row - 2, col]!r} {text}"

    same = "rows with the same problem"
    for col in REQUIRED_VALUES.get(name, ()):
        _report(problems, file, _rows(_mask(~column(name, col).filled(), df)),
                said(f"{col} is empty; every row needs one"), same)
    for col in DATE_COLUMNS.get(name, ()):
        if col not in df.columns:  # an optional column (bills.csv's last_action_date)
            continue
        bad = column(name, col).where(lambda v: bool(v) and not _valid_date(v))
        _report(problems, file, _rows(_mask(bad, df)),
                about(col, "is not a date; write dates as YYYY-MM-DD (e.g. 2023-06-12)"),
                "bad dates")
    whole = re.compile(rf"\d{{1,{MAX_DIGITS}}}")
    for col in INT_COLUMNS.get(name, ()):
        bad = column(name, col).where(
            lambda v: bool(v) and not (isinstance(v, str) and whole.fullmatch(v)))
        _report(problems, file, _rows(_mask(bad, df)), about(col, f"must be a whole number of at "
                                                         f"most {MAX_DIGITS} digits, or empty"),
                same)
    vocab = {"option": OPTIONS, "chamber": CHAMBERS, "motion_type": MOTION_TYPES,
             "role": SPONSOR_ROLES, "decision": DECISIONS}
    for col, allowed in vocab.items():
        if col not in df.columns:
            continue
        bad = column(name, col).where(_outside(set(allowed)))
        _report(problems, file, _rows(_mask(bad, df)),
                about(col, f"is not one of: {', '.join(allowed)}"), f"unknown {col} values")
    if not duplicates:
        return
    key = list(KEYS[name])
    keys = pd.Series(key_codes([column(name, col) for col in key]), index=df.index)
    dup = keys.duplicated(keep="first")
    if dup.any():
        first = df[keys.duplicated(keep=False) & ~dup]
        first_row = {tuple(r): int(i) + 2 for i, r in zip(first.index, first[key].values,
                                                            strict=True)}

        def duplicate(row: int) -> str:
            k = tuple(df.loc[row - 2, key])
            named = ", ".join(f"{c}={v}" for c, v in zip(key, k, strict=True))
            return (f"duplicate row: {named} already appears in row {first_row.get(k, '?')}; "
                    "keep one")

        _report(problems, file, _rows(dup), duplicate, "duplicate rows")


def _check_refs(child: pd.DataFrame, values: Coded, col: str, parent: set[str], file: str,
                what: str, problems: Problems, allow_empty: bool = False) -> None:
    bad = values.where(lambda v: v not in parent and (bool(v) or not allow_empty))
    _report(problems, file, _rows(_mask(bad, child)),
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
                 unique_keys: bool = False, totals: bool = True,
                 codes: Mapping[str, Mapping[str, Coded]] | None = None) -> Problems:
    """Every type and referential problem of a dataset's tables (all text columns).

    ``unique_keys``: the caller guarantees no key twice (tables just merged by key), so
    duplicate rows are not looked for; ``totals``: compare declared totals with the member
    votes (warnings only, for callers that report warnings; the loader leaves that to the
    audit, :mod:`scorecard.audit`, which reports it with the other vote checks);
    ``codes``: columns of exactly these tables already coded (by
    :func:`scorecard.tables.read_table`), so they are not coded again.
    """
    problems = Problems()
    folder = Path(folder)
    column = Columns(tables, codes)

    def f(name: str) -> str:
        return str(folder / f"{name}.csv")

    for name, df in tables.items():
        _check_values(name, df, f(name), problems, column, duplicates=not unique_keys)
    leg = tables["legislators"]
    legislators = set(leg["legislator_id"])
    bills = set(tables["bills"]["bill_id"])
    rollcalls = set(tables["rollcalls"]["rollcall_id"])
    ends_before = (leg["end_date"] != "") & (leg["start_date"] != "") & (
        leg["end_date"] < leg["start_date"])
    _report(problems, f("legislators"), _rows(ends_before),
            lambda row: "end_date is before start_date", "rows with the same problem")
    parents = {"bills": (bills, "bill in bills.csv"),
               "rollcalls": (rollcalls, "roll call in rollcalls.csv"),
               "legislators": (legislators, "legislator in legislators.csv")}
    for name, col, parent, allow_empty in REFERENCES:
        if name in tables:
            ids, what = parents[parent]
            _check_refs(tables[name], column(name, col), col, ids, f(name), what, problems,
                        allow_empty)
    if totals:
        _check_totals(tables["rollcalls"], tables["votes"], f("rollcalls"), problems)
    return problems
