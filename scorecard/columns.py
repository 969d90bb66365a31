"""A text column as integer codes into its distinct values, for checks that look at each
distinct value once instead of at every row.

votes.csv of a four-session legislature has some 900,000 rows but a few thousand
distinct roll call ids, a few hundred legislator ids and a handful of options, so a check
of a value (is it a date, a known option, a known roll call) is done on the distinct
values and spread to the rows by the codes, and a duplicate key is found on integers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Rows looked at to tell whether a column comes in runs of equal values.
RUN_SAMPLE = 4096


@dataclass(frozen=True)
class Coded:
    """``values[i] == uniques[codes[i]]``; ``uniques`` are distinct, in order of first
    appearance (a missing value, if any, is one of them)."""

    codes: np.ndarray  # int64, one per row
    uniques: np.ndarray  # object

    @classmethod
    def of(cls, values: pd.Series | np.ndarray) -> Coded:
        a = np.asarray(values.to_numpy(dtype=object) if isinstance(values, pd.Series)
                       else values, dtype=object)
        sample = a[:RUN_SAMPLE]
        if len(a) > RUN_SAMPLE and (sample[1:] != sample[:-1]).sum() < len(sample) // 8:
            # a column in runs of equal values (votes.csv lists each roll call's members
            # together): code the first value of each run, then repeat
            starts = np.flatnonzero(np.concatenate([[True], a[1:] != a[:-1]]))
            run = cls.of(a[starts])
            return cls(np.repeat(run.codes, np.diff(np.append(starts, len(a)))),
                       run.uniques)
        codes, uniques = pd.factorize(a)  # missing values coded -1 (no isna pass first)
        if len(codes) and codes.min() < 0:  # some: code them as values
            codes, uniques = pd.factorize(a, use_na_sentinel=False)
        return cls(np.asarray(codes, dtype=np.int64), np.asarray(uniques, dtype=object))

    def rows(self, per_value: np.ndarray) -> np.ndarray:
        """A per-row array from one value per distinct value."""
        return np.asarray(per_value)[self.codes]

    def where(self, test: Callable[[object], bool]) -> np.ndarray:
        """Per row: ``test`` of its value, called once per distinct value."""
        return self.rows(np.fromiter((bool(test(v)) for v in self.uniques), dtype=bool,
                                     count=len(self.uniques)))

    def filled(self) -> np.ndarray:
        """Per row: whether the value is not empty (``bool`` of the value)."""
        return self.rows(self.uniques.astype(bool))

    def values(self) -> np.ndarray:
        """The column again, as an object array (the distinct values' objects, shared)."""
        return self.uniques[self.codes]


def key_codes(columns: list[Coded]) -> np.ndarray:
    """One int64 per row, equal for two rows exactly when every column's value is."""
    key = np.zeros(len(columns[0].codes) if columns else 0, dtype=np.int64)
    for col in columns:
        if len(col.uniques) and int(key.max(initial=0)) >= (2**62) // len(col.uniques):
            key = np.asarray(pd.factorize(key)[0], dtype=np.int64)  # renumber: no overflow
        key = key * len(col.uniques) + col.codes
    return key


class Columns:
    """The coded columns of some tables, each coded on first use: ``known`` holds codes
    already made (by :func:`scorecard.tables.read_table`) for exactly these tables."""

    def __init__(self, tables: Mapping[str, pd.DataFrame],
                 known: Mapping[str, Mapping[str, Coded]] | None = None) -> None:
        self.tables = tables
        self.coded: dict[tuple[str, str], Coded] = {
            (name, col): c for name, cols in (known or {}).items() for col, c in cols.items()}

    def __call__(self, table: str, column: str) -> Coded:
        got = self.coded.get((table, column))
        if got is None or len(got.codes) != len(self.tables[table]):
            got = self.coded[(table, column)] = Coded.of(self.tables[table][column])
        return got
