"""Merging an import into a dataset folder: the same roll call from two sources is kept once.

The rule (each import's notes and warnings say what it did):

1. **Same source, again.** A roll call whose ``rollcall_id`` is already in the dataset is
   the same source re-imported: it is updated in place, with its complete member list.
   Importing the same source twice therefore changes nothing.
2. **Same roll call, another source.** Otherwise a new roll call is *the same roll call*
   as one already in the dataset when both are in the same session, on the same bill or
   a same-as companion of it (NY's Senate often votes on the substituted Assembly print),
   in the same chamber, on the same date, with the same motion_type (and, for a vote on
   no bill, the same motion text). When several qualify, the one with the same declared
   yes/no totals is taken, else the first.
3. **The first one imported is kept.** The roll call already in the dataset stays; the
   newcomer and its member votes are dropped. Import the source you trust most first
   (e.g. the NY Senate's own data before Open States). Every dropped roll call is counted
   in the report's notes, and a **warning** lists what the two disagree on: the result,
   the declared totals, members who voted differently, members present in only one.
   Each disagreement is also kept as a row of ``disagreements.csv`` in the dataset
   (rollcall_id kept, other_rollcall_id dropped, source, disagreement), which the audit
   reports beside the scores.

Within one import nothing is de-duplicated by content: a source may hold two genuine
roll calls on the same bill, chamber, date and motion type.

Bills and sponsors follow the same spirit: a bill already in the dataset keeps its title
and url (empty ones are filled in) and its same_as companions are united; a bill's
sponsors are united across sources. Where a bill stands (bills.csv's optional status,
committee, last_action, last_action_date) is taken whole from the source that records the
later last action (the first imported on a tie); a column a source does not give keeps
the dataset's values, as does any column a user added. dataset.yaml accumulates sources,
sessions and notes and keeps the newest fetched_at. So importing A, B, then A again leaves
the dataset as A, B left it. Hand-made corrections (``scorecard import csv``) replace instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ...datasetmeta import merged_meta, read_meta
from ...errors import DataError, Problems
from ...model import BILL_STATUS, DATASET_META, DISAGREEMENTS_FILE, REQUIRED_TABLES, TABLES
from ...tables import (
    atomic_write,
    dataset_stage,
    empty_table,
    merge_table,
    read_table,
    to_csv_text,
    write_dataset,
)
from .reattributed import (
    drop_reattributed,
    labeller,
    moved_sponsors,
    reattributed,
    reattribution_note,
)

#: Disagreements listed in full before "and N more".
MAX_LISTED = 20
#: Members named in one disagreement message before "and N more".
MAX_MEMBERS = 5
DISAGREEMENT_COLUMNS = ["rollcall_id", "other_rollcall_id", "source", "disagreement"]


@dataclass
class MergeResult:
    """What merging did: rows per table and what the report should say."""

    counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: new rollcall_id -> rollcall_id kept in the dataset
    duplicates: dict[str, str] = field(default_factory=dict)
    #: (kept rollcall_id, dropped rollcall_id, source, what they disagree on)
    disagreements: list[tuple[str, str, str, str]] = field(default_factory=list)
    #: every table of the dataset as it will be (those the import leaves alone as read)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    #: the tables to write, and dataset.yaml as it will be (None: left alone)
    written: dict[str, pd.DataFrame] = field(default_factory=dict)
    meta: dict[str, Any] | None = None


def split_bill_id(bill_id: str) -> tuple[str, str]:
    """``"2019-2020/S1747"`` -> ``("2019-2020", "S1747")``."""
    session, _, number = bill_id.rpartition("/")
    return session, number


class _Companions:
    """Union-find over (session, number): a bill and its same-as prints form one group."""

    def __init__(self) -> None:
        self.parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(self, x: tuple[str, str]) -> tuple[str, str]:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def add_bills(self, bills: pd.DataFrame) -> None:
        for session, number, same_as in zip(bills["session"].tolist(), bills["number"].tolist(),
                                            bills["same_as"].tolist(), strict=True):
            if not same_as:
                continue
            for other in str(same_as).split(";"):
                if other.strip():
                    self.union((session, number), (session, other.strip()))


def _key(row: Mapping[str, Any], groups: _Companions) -> tuple[str, ...]:
    bill = str(row["bill_id"])
    if bill:
        root = groups.find(split_bill_id(bill))
        return ("bill", *root, row["chamber"], row["date"], row["motion_type"])
    motion = " ".join(str(row["motion"]).lower().split())
    return ("motion", motion, row["chamber"], row["date"], row["motion_type"])


def find_same_rollcalls(
    old_rollcalls: pd.DataFrame, old_bills: pd.DataFrame,
    new_rollcalls: pd.DataFrame, new_bills: pd.DataFrame,
) -> dict[str, str]:
    """New roll calls that another source already put in the dataset: new id -> old id."""
    if old_rollcalls.empty or new_rollcalls.empty:
        return {}
    old_ids = set(old_rollcalls["rollcall_id"].tolist())
    fresh = new_rollcalls[~new_rollcalls["rollcall_id"].isin(old_ids)]
    if fresh.empty:  # rule 1 only: the same source again
        return {}
    groups = _Companions()
    groups.add_bills(old_bills)
    groups.add_bills(new_bills)
    waiting: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in old_rollcalls.to_dict("records"):
        waiting[_key(row, groups)].append(row)
    same: dict[str, str] = {}
    for row in fresh.to_dict("records"):
        candidates = waiting.get(_key(row, groups))
        if not candidates:
            continue
        pick = next((c for c in candidates if (c["yes"], c["no"]) == (row["yes"], row["no"])),
                    candidates[0])
        candidates.remove(pick)
        same[row["rollcall_id"]] = pick["rollcall_id"]
    return same


def _disagreements(old: Mapping[str, Any], new: Mapping[str, Any],
                   old_votes: pd.DataFrame, new_votes: pd.DataFrame,
                   label: Callable[[str], str] = str) -> list[str]:
    found: list[str] = []
    if old["result"] and new["result"] and old["result"] != new["result"]:
        found.append(f"result {old['result']} vs {new['result']}")
    for col in ("yes", "no", "other"):
        if old[col] != "" and new[col] != "" and str(old[col]) != str(new[col]):
            found.append(f"declared {col} {old[col]} vs {new[col]}")
    a = dict(zip(old_votes["legislator_id"], old_votes["option"], strict=True))
    b = dict(zip(new_votes["legislator_id"], new_votes["option"], strict=True))
    differ = sorted(k for k in a.keys() & b.keys() if a[k] != b[k])
    if differ:
        shown = ", ".join(f"{label(k)} {a[k]} vs {b[k]}" for k in differ[:MAX_MEMBERS])
        more = f" and {len(differ) - MAX_MEMBERS} more" if len(differ) > MAX_MEMBERS else ""
        found.append(f"{len(differ)} member(s) voted differently ({shown}{more})")
    if a and b:
        only_old, only_new = len(a.keys() - b.keys()), len(b.keys() - a.keys())
        if only_old or only_new:
            found.append(f"{only_old} member(s) only in the kept roll call, {only_new} only in "
                         "the new one (different ids: check the roster)")
    elif a or b:
        found.append("only the " + ("kept" if a else "new") + " roll call lists member votes")
    return found


def merge_bills(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """New bill rows for bills already in the dataset keep its title and url (filled in
    where empty) and unite the same_as companions: the first source imported wins, as
    for roll calls, so that importing A, B, then A again leaves the file as A, B."""
    if old.empty or new.empty:
        return new
    before = old.drop_duplicates("bill_id", keep="last").set_index("bill_id")
    out = new.copy()
    known = out["bill_id"].isin(before.index)
    if not known.any():
        return out
    prior = before.loc[out.loc[known, "bill_id"]]
    for col in ("title", "url"):
        kept = prior[col].to_numpy()
        out.loc[known, col] = [k or n for k, n in zip(kept, out.loc[known, col], strict=True)]
    out.loc[known, "same_as"] = [
        ";".join(sorted({x for x in f"{a};{b}".split(";") if x}))
        for a, b in zip(out.loc[known, "same_as"], prior["same_as"], strict=True)
    ]
    if any(c in out.columns for c in BILL_STATUS):  # they travel together
        status = [c for c in BILL_STATUS if c in out.columns or c in prior.columns]
        mine = out.loc[known].reindex(columns=status, fill_value="").fillna("").astype(str)
        theirs = prior.reindex(columns=status, fill_value="").fillna("").astype(str)
        later = [_later_status(o, n, status) for o, n in zip(
            theirs.itertuples(index=False, name=None), mine.itertuples(index=False, name=None),
            strict=True)]
        out = out.reindex(columns=[*out.columns, *(c for c in status if c not in out.columns)],
                          fill_value="")
        out.loc[known, status] = pd.DataFrame(later, columns=status).to_numpy()
    return out


def _later_status(old: tuple[str, ...], new: tuple[str, ...],
                  columns: list[str]) -> tuple[str, ...]:
    """Where a bill stands (:data:`BILL_STATUS`) after an import: the source's that records
    the later last action; on the same date (or none), the one imported first, as for
    titles, so that any import order gives the same file."""
    if not any(old):
        return new
    if not any(new) or "last_action_date" not in columns:
        return old
    i = columns.index("last_action_date")
    return new if new[i] > old[i] else old


def merge_sponsors(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Sponsors of a bill are united across sources (a legislator listed as primary in
    either keeps primary only), so that no import order loses or flips a sponsor."""
    if old.empty or new.empty:
        return new
    cols = ["bill_id", "legislator_id", "role"]
    prior = old[old["bill_id"].isin(set(new["bill_id"]))][cols]
    both = pd.concat([prior, new[cols]], ignore_index=True)
    both = both.sort_values("role", ascending=False, kind="stable")  # primary first
    return both.drop_duplicates(["bill_id", "legislator_id"]).reset_index(drop=True)


def read_existing(folder: Path, name: str) -> pd.DataFrame | None:
    """The dataset's ``name`` table, None when it has none; a bad file is a DataError."""
    if not (folder / f"{name}.csv").exists():
        return None
    problems = Problems()
    df = read_table(folder, name, problems)
    problems.raise_if_errors(DataError, f"Cannot merge into {folder / (name + '.csv')}")
    return df


def merge_import(
    folder: Path, tables: Mapping[str, pd.DataFrame], meta: Mapping[str, Any] | None,
    source: str, corrections: bool = False, seen_roles: bool = False,
    order: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    roster_ids: Collection[str] = (),
) -> MergeResult:
    """The dataset ``folder`` as it will be once ``tables`` are merged in by the rule above
    (:attr:`MergeResult.tables`, every table of the dataset, and :attr:`MergeResult.meta`);
    nothing is written. A dataset file that cannot be read is a DataError.

    ``corrections`` (hand-made tables, ``scorecard import csv``): rows replace those with
    the same key outright (a bill's title, a roll call's member list, a bill's sponsors);
    roll calls are still matched to other sources' copies of them. ``seen_roles``: the
    legislators rows span the dates a member was seen (no roster terms), so a member's
    existing row in the same chamber and district grows to cover them
    (:func:`widen_roles`). ``order``: how the source keeps the roll calls in order.
    ``roster_ids``: the people of the roster given to the import, who keep their rows
    when they no longer vote (:func:`.reattributed.drop_reattributed`).
    """
    folder = Path(folder)
    result = MergeResult()
    out = dict(tables)
    old = {name: read_existing(folder, name) for name in TABLES}
    rows_before = {name: len(t) if t is not None else 0 for name, t in old.items()}
    old_rc, old_bills = old["rollcalls"], old["bills"]
    label = labeller(out.get("legislators"), old["legislators"])
    pairs = reattributed(old["votes"], out.get("votes"))
    moved = reattribution_note(pairs, label)
    if moved:
        result.notes.append(moved)
    if pairs and old["sponsors"] is not None and "sponsors" in out:
        old["sponsors"] = moved_sponsors(old["sponsors"], out["sponsors"], pairs)
    if old_bills is not None and "bills" in out and not corrections:
        out["bills"] = merge_bills(old_bills, out["bills"])
    if old["sponsors"] is not None and "sponsors" in out and not corrections:
        out["sponsors"] = merge_sponsors(old["sponsors"], out["sponsors"])
    if old_rc is not None and "rollcalls" in out:
        new_rc = out["rollcalls"]
        same = find_same_rollcalls(
            old_rc, old_bills if old_bills is not None else out["bills"].iloc[0:0],
            new_rc, out.get("bills", pd.DataFrame(columns=["session", "number", "same_as"])))
        if same:
            result.duplicates = same
            _report_duplicates(old["votes"], source, same, old_rc, new_rc,
                               out.get("votes"), result, label)
            out["rollcalls"] = new_rc[~new_rc["rollcall_id"].isin(same.keys())]
            if "votes" in out:
                votes = out["votes"]
                out["votes"] = votes[~votes["rollcall_id"].isin(same.keys())]
    if result.duplicates and corrections:
        result.notes.append("To correct a roll call that another source gave, use its "
                            "rollcall_id (" + ", ".join(sorted(set(result.duplicates.values()))[:3])
                            + ") or record the correction in overrides.csv.")
    if result.duplicates and meta is not None:
        meta = dict(meta)
        notes = meta.get("notes") or []
        meta["notes"] = [*([notes] if isinstance(notes, str) else notes),
                         f"{len(result.duplicates)} roll call(s) from {source} were also in a "
                         "source imported earlier; the earlier copy is kept (same bill or "
                         "same-as companion, chamber, date and motion type)."]
    for name in TABLES:
        before = old[name]
        if name not in out:
            if before is not None:
                result.tables[name] = before
            elif name in REQUIRED_TABLES or name == "sponsors":
                result.tables[name] = result.written[name] = empty_table(name)
                if name != "sponsors":
                    result.counts[name] = (0, 0)
            continue
        base = before if before is not None else empty_table(name)
        if name == "legislators" and seen_roles:
            merged = widen_roles(base, out[name])
        else:
            merged = merge_table(name, base, out[name])
        if name == "rollcalls" and order is not None:
            merged = order(merged).reset_index(drop=True)
        result.tables[name] = result.written[name] = merged
        result.counts[name] = (rows_before[name], len(merged))
    if old["legislators"] is not None and ("votes" in out or "sponsors" in out):
        kept, gone = drop_reattributed(result.tables["legislators"], old, result.tables,
                                       out.get("legislators"), roster_ids, label)
        if gone:
            result.tables["legislators"] = result.written["legislators"] = kept
            result.counts["legislators"] = (rows_before["legislators"], len(kept))
            result.notes.append(gone)
    accumulated = _accumulated(folder, meta, source)
    result.meta = merged_meta(folder, accumulated) if accumulated is not None else None
    return result


def write_merged(folder: Path, result: MergeResult) -> None:
    """Write what :func:`merge_import` computed, and the disagreements between sources
    into disagreements.csv (the dataset replaced as a whole)."""
    with dataset_stage(Path(folder)) as stage:
        write_dataset(stage, result.written, result.meta, merge=False)
        if result.disagreements:
            write_disagreements(stage, result.disagreements)


def write_disagreements(folder: Path, rows: list[tuple[str, str, str, str]]) -> None:
    """Add ``rows`` to the dataset's disagreements.csv (a pair seen again is replaced)."""
    path = Path(folder) / DISAGREEMENTS_FILE
    old = (pd.read_csv(path, dtype=str, keep_default_na=False) if path.is_file()
           else pd.DataFrame(columns=DISAGREEMENT_COLUMNS))
    new = pd.DataFrame(rows, columns=DISAGREEMENT_COLUMNS)
    both = pd.concat([old.reindex(columns=DISAGREEMENT_COLUMNS), new], ignore_index=True)
    both = both.drop_duplicates(["rollcall_id", "other_rollcall_id"], keep="last")
    both = both.sort_values(["rollcall_id", "other_rollcall_id"], kind="stable")
    atomic_write(path, to_csv_text(both))


def widen_roles(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Existing role rows of the same member, chamber and district grow to cover the new."""
    key = ["legislator_id", "chamber", "district"]
    cols = list(TABLES["legislators"])
    old = old.reindex(columns=cols).fillna("").astype(str)
    both = new.merge(old[[*key, "start_date", "end_date"]], on=key, how="left",
                     suffixes=("", "_old")).fillna("")
    has_old = both["start_date_old"] != ""
    both.loc[has_old, "start_date"] = both.loc[has_old, ["start_date", "start_date_old"]].min(
        axis=1)
    still = has_old & (both["end_date_old"] == "")
    later = has_old & ~still
    both.loc[later, "end_date"] = both.loc[later, ["end_date", "end_date_old"]].max(axis=1)
    both.loc[still, "end_date"] = ""
    both = both.drop_duplicates(subset=key, keep="first")[cols]
    replaced = old.set_index(key).index.isin(both.set_index(key).index)
    return pd.concat([old[~replaced], both], ignore_index=True).sort_values(
        ["legislator_id", "chamber", "start_date"], kind="stable").reset_index(drop=True)


def _accumulated(folder: Path, meta: Mapping[str, Any] | None,
                 source: str) -> dict[str, Any] | None:
    """dataset.yaml keys for the whole dataset, whatever was imported last: the notes of
    earlier imports are kept (each note once, in text order, so that any import order
    gives the same list), except those starting with one of the importing source's
    ``recomputed_notes`` (a private key: notes that state a count of the whole dataset,
    which the new notes say afresh). ``fetched_at`` is the newest data's date."""
    if meta is None:
        return None
    out = dict(meta)
    recomputed = tuple(str(r) for r in out.pop("recomputed_notes", None) or ())
    new = out.get("notes") or []
    new = [new] if isinstance(new, str) else list(new)
    current = (read_meta(folder, Problems()) if (folder / DATASET_META).exists()
               else {})  # unreadable: {}, as if there were none
    before = current.get("notes")
    before = [before] if isinstance(before, str) else list(before or [])
    before = [n for n in map(str, before) if not (recomputed and n.startswith(recomputed))]
    if "notes" in out or before:
        out["notes"] = sorted(dict.fromkeys(map(str, [*before, *new])))
    earlier = current.get("fetched_at")
    if "fetched_at" in out and earlier and str(earlier) > str(out["fetched_at"]):
        out["fetched_at"] = str(earlier)  # the newest data's date, whatever the order
    return out


def _report_duplicates(old_votes: pd.DataFrame | None, source: str, same: dict[str, str],
                       old_rc: pd.DataFrame, new_rc: pd.DataFrame,
                       new_votes: pd.DataFrame | None, result: MergeResult,
                       label: Callable[[str], str] = str) -> None:
    if old_votes is None:
        old_votes = pd.DataFrame(columns=["rollcall_id", "legislator_id", "option"])
    old_votes = old_votes[old_votes["rollcall_id"].isin(set(same.values()))]
    if new_votes is None:
        new_votes = pd.DataFrame(columns=["rollcall_id", "legislator_id", "option"])
    new_votes = new_votes[new_votes["rollcall_id"].isin(same.keys())]
    old_by = dict(iter(old_votes.groupby("rollcall_id")))
    new_by = dict(iter(new_votes.groupby("rollcall_id")))
    empty = old_votes.iloc[0:0]
    old_rows = old_rc.drop_duplicates("rollcall_id").set_index("rollcall_id")
    new_rows = new_rc.drop_duplicates("rollcall_id").set_index("rollcall_id")
    disagreeing: list[str] = []
    by_ids: set[str] = set()  # roll calls that differ only in who the members are
    for new_id, old_id in same.items():
        o = {**old_rows.loc[old_id].to_dict(), "rollcall_id": old_id}
        n = {**new_rows.loc[new_id].to_dict(), "rollcall_id": new_id}
        diffs = _disagreements(o, n, old_by.get(old_id, empty), new_by.get(new_id, empty),
                               label)
        if len(diffs) == 1 and diffs[0].endswith("(different ids: check the roster)"):
            by_ids.add(new_id)
        elif diffs:
            result.disagreements.append((old_id, new_id, source, "; ".join(diffs)))
            what = f"{n['bill_id'] or n['motion']}, {n['chamber']}, {n['date']}"
            disagreeing.append(f"roll call {new_id} from {source} ({what}) is already in the "
                               f"dataset as {old_id}, which is kept; they disagree: "
                               + "; ".join(diffs))
    result.notes.append(
        f"{len(same)} roll call(s) from {source} were already in the dataset from another "
        "source; the ones already there are kept (same bill or same-as companion, chamber, "
        "date and motion type)."
    )
    if by_ids:  # one warning, naming the people, not one per roll call
        a = set(old_votes["legislator_id"]) - set(new_votes["legislator_id"])
        b = set(new_votes["legislator_id"]) - set(old_votes["legislator_id"])
        names = ", ".join(label(i) for i in sorted(a | b)[:MAX_MEMBERS * 2])
        disagreeing.insert(0, (
            f"{len(by_ids)} roll call(s) from {source} agree with the copies already in the "
            "dataset except for who some members are: the two sources resolve them to "
            f"different legislators ({names}). Map the ids in identity_overrides.csv so that "
            "both sources name the same people."))
    result.warnings.extend(disagreeing[:MAX_LISTED])
    if len(disagreeing) > MAX_LISTED:
        result.warnings.append(f"... and {len(disagreeing) - MAX_LISTED} more roll calls that "
                               "disagree with the copy already in the dataset")
