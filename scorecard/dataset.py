"""A dataset: the canonical tables of one folder, read, checked and typed for scoring.

Overrides (``overrides.csv``) are applied here, after loading and before scoring, and
every overridden vote keeps a mark and its note.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .checks import check_tables
from .columns import Coded, Columns
from .datasetmeta import read_meta
from .errors import DataError, Problem, Problems
from .fileread import FileRead
from .loadcache import DatasetCache, Loaded
from .model import TABLES
from .staging import pending
from .tables import empty_table, read_table


@dataclass
class Dataset:
    """The tables of a dataset folder, checked. Dates stay ISO text (they sort as dates)."""

    folder: Path
    legislators: pd.DataFrame
    bills: pd.DataFrame
    rollcalls: pd.DataFrame  # + "order": the row's position, which breaks same-date ties
    votes: pd.DataFrame  # + "overridden" (bool), "override_note", "file_row" (0: added)
    sponsors: pd.DataFrame
    overrides: pd.DataFrame  # + "source_option" ("" when the source has no row), "file_row"
    meta: dict[str, Any]
    warnings: list[Problem] = field(default_factory=list)
    #: the right of reply (optional tables): replies, dated corrections, contact details
    replies: pd.DataFrame = field(default_factory=lambda: empty_table("replies"))
    corrections: pd.DataFrame = field(default_factory=lambda: empty_table("corrections"))
    contacts: pd.DataFrame = field(default_factory=lambda: empty_table("contacts"))
    #: columns of ``votes`` as codes of their distinct values, when known (the loader's,
    #: when no override changed the rows): for checks over every vote (the audit)
    vote_codes: dict[str, Coded] = field(default_factory=dict)
    #: :meth:`bills_named`'s answers, by the prints asked for
    _named: dict[frozenset[tuple[str, str]], pd.DataFrame] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def votes_on(self, rollcall_ids: Iterable[str]) -> pd.DataFrame:
        """The rows of ``votes`` on these roll calls, in file order (found by the loader's
        codes when it has them: each distinct roll call id tested once, not every row)."""
        wanted = set(rollcall_ids)
        coded = self.vote_codes.get("rollcall_id")
        if coded is not None and len(coded.codes) == len(self.votes):
            keep = coded.rows(pd.Index(coded.uniques).isin(wanted))
        else:
            keep = self.votes["rollcall_id"].isin(wanted).to_numpy()
        return self.votes[keep]

    def bills_named(self, prints: Iterable[tuple[str, str]]) -> pd.DataFrame:
        """The rows of ``bills`` whose (session, number) is one of ``prints``, in file
        order (a platform names a few dozen of a dataset's thousands of bills). The frame
        is shared by the callers that ask for the same prints: do not modify it."""
        wanted = frozenset(prints)
        found = self._named.get(wanted)
        if found is None:
            b = self.bills
            near = b[b["number"].isin({n for _, n in wanted}).to_numpy(dtype=bool)]
            found = self._named[wanted] = near[np.array([(s, n) in wanted for s, n in zip(
                near["session"], near["number"], strict=True)], dtype=bool)]
        return found

    @property
    def fictional(self) -> bool:
        """True for sample data: every output built from it says so."""
        return bool(self.meta.get("fictional"))

    @property
    def as_of(self) -> str:
        """The data's "as of" date (dataset.yaml fetched_at), or the latest roll call."""
        fetched = self.meta.get("fetched_at")
        if fetched:
            return str(fetched)[:10]
        return str(self.rollcalls["date"].max()) if len(self.rollcalls) else ""


def apply_overrides(votes: pd.DataFrame, overrides: pd.DataFrame) -> pd.DataFrame:
    """Votes with each override applied: an existing row changes option, a missing one is added.

    ``raw`` keeps the source's code; ``overridden`` marks the row and ``override_note``
    carries the person's note.
    """
    votes = votes.assign(overridden=False, override_note="")
    if overrides.empty:
        return votes
    key = ["rollcall_id", "legislator_id"]
    ov = overrides[[*key, "option", "note"]].rename(columns={"option": "ov_option",
                                                             "note": "ov_note"})
    merged = votes.merge(ov, on=key, how="outer", indicator=True, sort=False)
    hit = merged["_merge"] != "left_only"
    merged.loc[hit, "option"] = merged.loc[hit, "ov_option"]
    merged.loc[hit, "overridden"] = True
    merged.loc[hit, "override_note"] = merged.loc[hit, "ov_note"].fillna("")
    merged.loc[merged["_merge"] == "right_only", "raw"] = ""
    merged["overridden"] = merged["overridden"].astype(bool)
    return merged.drop(columns=["ov_option", "ov_note", "_merge"]).reset_index(drop=True)


def seats_held(rows: pd.DataFrame, legislators: pd.DataFrame, on: list[str],
               keep: Sequence[str] = ()) -> pd.DataFrame:
    """``rows`` (with a ``date``) joined on ``on`` to the roles that were held that day.

    Shared by every check of who held a seat when: votes from members without one, seat
    holders with no vote, and why a legislator has no score. ``keep`` names more columns of
    ``legislators`` to carry along.
    """
    roles = legislators[["legislator_id", "chamber", "start_date", "end_date", *keep]]
    m = rows.merge(roles, on=on)
    end = m["end_date"].replace("", "9999-12-31")
    return m[(m["start_date"] <= m["date"]) & (end >= m["date"])]


def _with_source_options(overrides: pd.DataFrame, votes: pd.DataFrame) -> pd.DataFrame:
    """overrides.csv with ``source_option`` (what the source recorded, "" for no row) and
    ``file_row`` (its spreadsheet row), so that the audit can tell an override that
    changes nothing."""
    key = ["rollcall_id", "legislator_id"]
    ov = overrides.assign(file_row=np.arange(2, len(overrides) + 2))
    if ov.empty:
        return ov.assign(source_option=pd.Series(dtype=object))
    src = votes[[*key, "option"]].rename(columns={"option": "source_option"})
    out = ov.merge(src, on=key, how="left", sort=False)
    out["source_option"] = out["source_option"].fillna("")
    return out


def load_dataset(folder: Path | str, strict: bool = False,
                 cache: DatasetCache | None = None) -> Dataset:
    """Read and check a dataset folder; raise DataError listing every problem.

    ``cache``: the tables as read and checked by an earlier build (used only when they
    are of the same files, :mod:`scorecard.loadcache`); what this load read is kept in it.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(
            f"{folder}: no such dataset folder. Point platform.yaml's 'data:' key or --data at "
            "a folder of legislators.csv, bills.csv, rollcalls.csv and votes.csv (the demo is "
            "votes/demo; 'scorecard import' creates one from a source)."
        )
    problems = Problems()
    hit = cache.fetch(folder) if cache is not None else None
    digests: dict[str, FileRead] = {}
    if hit is not None:
        tables, codes = hit.tables, hit.codes
        problems.items += hit.read
    else:
        tables, codes = {}, {}
        for name in TABLES:
            df = read_table(folder, name, problems, codes.setdefault(name, {}),
                            digests if cache is not None else None)
            if df is not None:
                tables[name] = df
    read = list(problems.items)
    meta = read_meta(folder, problems)
    for left in pending(folder):
        problems.warn(str(folder), left)
    problems.raise_if_errors(DataError, f"The dataset in {folder} cannot be read")
    checked = Problems(list(hit.checked)) if hit is not None else check_tables(
        tables, folder, totals=False, codes=codes)
    problems.extend(checked)
    if cache is not None and hit is None and not checked.errors:
        cache.keep(folder, digests, Loaded(tables, codes, read, checked.items))
    problems.raise_if_errors(DataError, f"The dataset in {folder} has errors", strict=strict)
    column = Columns(tables, codes)
    rollcalls = tables["rollcalls"].copy()
    rollcalls["order"] = range(len(rollcalls))
    for col in ("yes", "no", "other"):  # converted once per distinct value
        coded = column("rollcalls", col)
        counts = pd.to_numeric(pd.Series(coded.uniques, dtype=object).replace("", None),
                               errors="coerce").astype("Int64")
        rollcalls[col] = pd.Series(counts.array.take(coded.codes), index=rollcalls.index)
    source_votes = tables["votes"].assign(file_row=np.arange(2, len(tables["votes"]) + 2))
    votes = apply_overrides(source_votes, tables["overrides"])
    votes["file_row"] = votes["file_row"].fillna(0).astype(int)
    return Dataset(
        folder=folder,
        legislators=tables["legislators"],
        bills=tables["bills"],
        rollcalls=rollcalls,
        votes=votes,
        sponsors=tables["sponsors"],
        overrides=_with_source_options(tables["overrides"], source_votes),
        meta=meta,
        warnings=problems.warnings,
        replies=tables["replies"],
        corrections=tables["corrections"],
        contacts=tables["contacts"],
        vote_codes={} if len(tables["overrides"]) else {
            col: column("votes", col) for col in ("rollcall_id", "legislator_id", "option")},
    )
