"""The one way an import ends: resolve people, check, merge, write, report.

A source reads its input into a :class:`Converted` and hands it to :func:`finish`, which

1. raises the problems the source collected (nothing is written when there is one);
2. resolves the people (:class:`~.people.People`): votes and sponsors rows naming a
   *source* id (``legiscan:8641``) with the private columns ``_chamber`` and ``_session``
   get the roster id, and legislators.csv gets its rows, unless the source gave them;
3. merges the tables into the dataset as :mod:`.merge` says (same roll call from two
   sources kept once, re-imports updated in place);
4. checks the dataset as it will be with :func:`scorecard.checks.check_tables`: a problem
   of the rows imported is an error naming the file and row, one the dataset already had
   is a warning (``scorecard validate`` shows it again);
5. writes the tables, dataset.yaml and ``unresolved.csv`` into a staging copy of the
   dataset that replaces it as a whole (:func:`scorecard.tables.dataset_stage`): a
   failure or a kill leaves the dataset as it was;
6. reports rows before and after per table, the unresolved, warnings and notes.

Sources never write files; only :func:`finish` does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ...checks import check_tables
from ...errors import Problem, Problems, SourceError
from ...model import KEYS, TABLES
from ...tables import dataset_stage
from .merge import MergeResult, merge_import, write_merged
from .people import People
from .request import ImportReport

PRIVATE = ["_chamber", "_session"]
_ROW = re.compile(r"^row (\d+)$")


@dataclass
class Converted:
    """What a source read, ready for :func:`finish`.

    ``tables``: canonical tables (any of bills, rollcalls, votes, sponsors, legislators,
    overrides), text columns. Rows naming source people carry ``_chamber`` and
    ``_session`` (see the module docstring). Parts read from several files are joined
    with :func:`combine`.
    """

    tables: dict[str, pd.DataFrame]
    #: the source's name (``scorecard import SOURCE``): prefixes its dataset.yaml notes
    source: str = ""
    #: what was read, for messages (``NY_2023-2024.zip``)
    label: str = ""
    #: dataset.yaml keys (source, jurisdiction, sessions, fetched_at, notes)
    meta: dict[str, Any] = field(default_factory=dict)
    #: who the rows name; None when the source's ids are final (and legislators given)
    people: People | None = None
    sessions: list[str] = field(default_factory=list)
    #: the first and last date imported (legislators rows cover them)
    first: str = ""
    last: str = ""
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: people the source could not identify itself (when ``people`` is None)
    unresolved: list[str] = field(default_factory=list)
    #: hand-made tables: rows replace the dataset's rows with the same key
    corrections: bool = False
    #: legislators rows span the dates seen (no roster terms): see merge.widen_roles
    seen_roles: bool = False
    #: how the source orders rollcalls.csv after the merge (default: as merged)
    order: Callable[[pd.DataFrame], pd.DataFrame] | None = None


def combine(parts: list[Converted]) -> Converted:
    """One Converted of several (one per file read): tables end to end, dates spanned."""
    tables: dict[str, pd.DataFrame] = {}
    for name in dict.fromkeys(n for c in parts for n in c.tables):
        tables[name] = pd.concat([c.tables[name] for c in parts if name in c.tables],
                                 ignore_index=True)
    firsts = [c.first for c in parts if c.first]
    lasts = [c.last for c in parts if c.last]
    return Converted(
        tables, sessions=sorted({s for c in parts for s in c.sessions}),
        first=min(firsts, default=""), last=max(lasts, default=""),
        warnings=[w for c in parts for w in c.warnings],
        notes=[n for c in parts for n in c.notes],
        unresolved=[u for c in parts for u in c.unresolved])


def warn_counts_differ(conv: Converted, mismatched: list[str], limit: int) -> None:
    """Warn of roll calls whose declared counts differ from their member votes: the
    first ``limit`` in full, then how many more."""
    conv.warnings += mismatched[:limit]
    if len(mismatched) > limit:
        conv.warnings.append(f"... and {len(mismatched) - limit} more roll calls whose "
                             "declared counts differ from the member votes")


def _known_legislators(folder: Path) -> set[str]:
    """Legislator ids the dataset folder already holds."""
    from ...tables import read_table

    if not (Path(folder) / "legislators.csv").exists():
        return set()
    df = read_table(Path(folder), "legislators", Problems())
    return set(df["legislator_id"]) if df is not None else set()


def _remap(df: pd.DataFrame, people: People, name: str, warnings: list[str]) -> pd.DataFrame:
    """Source ids -> resolved ids, using the private chamber and session columns."""
    if "_session" not in df.columns:
        return df
    sources = {key[0] for key in people.ledger.seen}
    ids = df["legislator_id"]
    mask = ids.isin(sources).to_numpy()
    out = df.drop(columns=PRIVATE)
    if not mask.any():
        return out.reset_index(drop=True)
    keys = zip(ids[mask].tolist(), df.loc[mask, "_chamber"].tolist(),
               df.loc[mask, "_session"].tolist(), strict=True)
    resolved = [people.id_of(*k) for k in keys]
    changed = np.zeros(len(df), dtype=bool)
    changed[np.flatnonzero(mask)] = [r != o for r, o in zip(resolved, ids[mask].tolist(),
                                                             strict=True)]
    out.loc[mask, "legislator_id"] = resolved
    if not changed.any():
        return out.reset_index(drop=True)
    # two source names may resolve to one person: look where an id changed
    key = list(KEYS[name]) if name != "sponsors" else ["bill_id", "legislator_id"]
    near = out[key[0]].isin(out.loc[changed, key[0]].unique()).to_numpy()
    twice = np.zeros(len(out), dtype=bool)
    twice[np.flatnonzero(near)] = out[near].duplicated(key, keep="last").to_numpy()
    if twice.any():
        example = out[twice].iloc[0]
        who = people.resolver.person(example["legislator_id"]) if people.resolver else None
        label = (f"{who.name} ({example['legislator_id']})" if who is not None
                 else str(example["legislator_id"]))
        warnings.append(f"{name}: {int(twice.sum())} row(s) name a person already listed once "
                        f"(e.g. {label} in {example[key[0]]}): two source "
                        "names resolved to the same person; the last row is kept")
        out = out[~twice]
    return out.reset_index(drop=True)


def _resolve(conv: Converted, into: Path, warnings: list[str]) -> dict[str, pd.DataFrame]:
    """The tables with roster ids, and legislators.csv rows (step 2)."""
    people = conv.people
    tables = dict(conv.tables)
    if people is None:
        return tables
    people.resolve()
    for name in ("votes", "sponsors"):
        if name in tables:
            tables[name] = _remap(tables[name], people, name, warnings)
    if "bills" in tables:
        tables["bills"] = tables["bills"].drop_duplicates("bill_id", keep="last")
    if "legislators" not in tables:
        ids: set[str] = set()
        for name in ("votes", "sponsors"):
            if name in tables:
                ids |= set(tables[name]["legislator_id"].unique())
        tables["legislators"], more = people.legislators(
            ids, _known_legislators(into), conv.first, conv.last)
        warnings += more
    return tables


def _of_this_import(p: Problem, merged: MergeResult, new: dict[str, pd.DataFrame],
                    keys: dict[str, set[tuple[str, ...]]]) -> bool:
    """Whether a problem of the merged tables is in a row this import brings."""
    name = Path(p.file).stem
    m = _ROW.match(p.where)
    if name not in new or m is None:
        return name in new
    if name not in keys:
        key = list(KEYS[name])
        keys[name] = set(new[name][key].itertuples(index=False, name=None))
    row = merged.tables[name].iloc[int(m.group(1)) - 2]
    return tuple(str(row[c]) for c in KEYS[name]) in keys[name]


def _check(merged: MergeResult, new: dict[str, pd.DataFrame], into: Path,
           label: str) -> list[str]:
    """check_tables on the dataset as it will be (step 4); warnings for old problems."""
    # the merge leaves no key twice; declared totals are the sources' to compare (warnings)
    found = check_tables(merged.tables, into, unique_keys=True, totals=False)
    if not found.errors:
        return []
    mine, older = Problems(), []
    keys: dict[str, set[tuple[str, ...]]] = {}
    for p in found.errors:
        if _of_this_import(p, merged, new, keys):
            mine.error(p.file, p.message, p.where)
        else:
            older.append(f"{p} (already in the dataset; scorecard validate lists it)")
    mine.raise_if_errors(SourceError, f"Cannot import {label}: the tables it gives")
    return older


def finish(into: Path, conv: Converted, problems: Problems | None = None) -> ImportReport:
    """Resolve, check, merge and write one import; raise before writing anything."""
    into = Path(into)
    label = conv.label or conv.source
    if problems is not None:
        problems.raise_if_errors(SourceError, f"Cannot import {label}")
    rollcalls, bills = conv.tables.get("rollcalls"), conv.tables.get("bills")
    if rollcalls is not None and rollcalls.empty and (bills is None or bills.empty):
        raise SourceError(f"{label}: no bills or roll calls found; nothing was written.")
    warnings: list[str] = []
    tables = _resolve(conv, into, warnings)
    for name, df in tables.items():
        if name not in TABLES:
            raise SourceError(f"internal: {conv.source} gave an unknown table {name!r}")
        tables[name] = df[[c for c in df.columns if c not in PRIVATE]]
    roster = conv.people.roster if conv.people is not None else None
    merged = merge_import(into, tables, conv.meta or None, conv.source,
                          corrections=conv.corrections, seen_roles=conv.seen_roles,
                          order=conv.order,
                          roster_ids=roster.people.keys() if roster is not None else ())
    older = _check(merged, tables, into, label)
    people = conv.people
    with dataset_stage(into) as stage:  # every file of the import, swapped in whole
        write_merged(stage, merged)
        if people is not None:
            people.write_unresolved(stage)
    report = ImportReport(conv.source, into, merged.counts)
    report.unresolved = people.unresolved if people is not None else list(conv.unresolved)
    report.warnings = [*conv.warnings, *(str(p) for p in (problems.warnings if problems
                                                          else [])), *warnings,
                       *(people.warnings if people is not None else []), *merged.warnings,
                       *older]
    report.notes = [*conv.notes, *merged.notes, *(people.notes if people is not None else [])]
    return report
