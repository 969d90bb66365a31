"""The platform against the data, the roster's gaps and the hand-made corrections: entries
with no roll call and no sponsor, legislators without party or district, names left
unresolved at import, and overrides that change nothing or explain nothing."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ..model import DISAGREEMENTS_FILE, UNRESOLVED_FILE
from .findings import Finding, row_refs
from .scope import Scope


def idle_entries(scope: Scope) -> Iterator[Finding]:
    """Platform bills that are in the data with neither a roll call nor a sponsor: they
    count for no one (a note: the bill may simply never have moved, but every bill has a
    sponsor, so its sponsors may be missing from the data)."""
    lt = scope.scores.lifetime
    voted = set(pd.unique(lt.selection.rows["entry"].to_numpy(dtype=object)))
    sponsored = set(pd.unique(lt.sponsored["entry"].to_numpy(dtype=object)))
    missing = {key for key, _, _ in lt.selection.missing}
    for pe in scope.platform.bill_entries():
        if pe.key in voted or pe.key in sponsored or pe.key in missing:
            continue
        yield Finding(
            "note", "entry-with-nothing",
            f"platform bill {pe.entry.label} ({pe.entry.session}, demand {pe.demand.id!r}) is "
            "in bills.csv but has no roll call and no sponsor in the data, so it counts for "
            "no one. Import its sponsors (and votes), or check its session.")


def roster_gaps(scope: Scope) -> Iterator[Finding]:
    """Legislators shown without a party or a district; older roles without a district."""
    legs = scope.dataset.legislators.assign(
        role_row=range(2, len(scope.dataset.legislators) + 2))
    shown = scope.scores.table.set_index("legislator_id")
    no_party = shown["party"].fillna("").astype(str) == ""
    no_district = shown["district"].fillna("").astype(str) == ""
    lacking = shown[no_party | no_district]
    mine = legs[legs["legislator_id"].isin(lacking.index)]
    role_rows = mine.groupby("legislator_id")["role_row"].agg(list).to_dict()
    for lid, name, p, d in zip(lacking.index, lacking["name"], no_party[lacking.index],
                               no_district[lacking.index], strict=True):
        what = " and no ".join(w for w, gap in (("party", p), ("district", d)) if gap)
        yield Finding(
            "warning", "roster-gap",
            f"{name} ({lid}) is shown with no {what} (legislators.csv); import the roster "
            "(scorecard import roster) or fill it in.",
            row_refs("legislators.csv", role_rows.get(lid, [])), legislator_id=str(lid))
    older = legs[(legs["district"] == "") & legs["legislator_id"].isin(shown.index)]
    older = older[~older["legislator_id"].isin(shown.index[no_district])]  # warned above
    for lid, g in older.groupby("legislator_id", sort=True):
        yield Finding(
            "note", "roster-gap",
            f"{scope.name(str(lid))} ({lid}) has {len(g)} earlier role(s) with no district in "
            "legislators.csv (usually rows an import made from the votes for dates the roster "
            "does not cover); the page shows the latest role.",
            row_refs("legislators.csv", g["role_row"].tolist()), legislator_id=str(lid))


def unresolved_names(scope: Scope) -> Iterator[Finding]:
    """Names an import could not match to the roster (unresolved.csv in the dataset)."""
    path = Path(scope.folder) / UNRESOLVED_FILE
    if not path.is_file():
        return
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    voters = set(scope.votes["legislator_id"])
    for i, r in enumerate(rows, start=2):
        sid = r.get("source_id", "")
        scored = sid in voters
        yield Finding(
            "warning" if scored else "note", "unresolved-name",
            f"{r.get('name', '')!s} ({sid}, {r.get('chamber', '')}, seen "
            f"{r.get('first_seen', '')} to {r.get('last_seen', '')}) was not matched to the "
            f"roster at import ({r.get('status', '')}: {r.get('detail', '')}) and keeps a "
            "source id" + ("; their votes are scored under it" if scored else "")
            + ". Map the id in identity_overrides.csv and import again.",
            row_refs(UNRESOLVED_FILE, [i]), legislator_id=sid)


def idle_overrides(scope: Scope) -> Iterator[Finding]:
    """Overrides that change nothing (the source already says so), give no reason, or
    touch a roll call the platform does not score."""
    ov = scope.dataset.overrides
    for r in ov.itertuples(index=False):
        rid, lid, row = str(r.rollcall_id), str(r.legislator_id), int(r.file_row)
        refs = row_refs("overrides.csv", [row])
        if r.source_option == r.option:
            yield Finding(
                "warning", "override-changes-nothing",
                f"overrides.csv sets {lid} on {rid} to {r.option!r}, which is what the source "
                "already records; remove the row or correct the option.", refs, rid, lid)
        if not str(r.note).strip():
            yield Finding(
                "warning", "override-without-note",
                f"overrides.csv changes {lid} on {rid} to {r.option!r} with no note; the "
                "methodology page lists every correction with its reason: add one.",
                refs, rid, lid)
        if rid not in scope.scored:
            yield Finding(
                "note", "override-not-scored",
                f"overrides.csv changes {lid} on {rid}, a roll call the platform does not "
                "score, so it changes no score.", refs, rid, lid)


def source_disagreements(scope: Scope) -> Iterator[Finding]:
    """Roll calls two sources both hold and disagree on (disagreements.csv, kept by the
    import's merge; the copy imported first is the one scored)."""
    path = Path(scope.folder) / DISAGREEMENTS_FILE
    if not path.is_file():
        return
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    for i, r in enumerate(table.to_dict("records"), start=2):
        rid = str(r.get("rollcall_id", ""))
        if not scope.everything and rid not in scope.scored:
            continue
        yield Finding(
            "warning", "sources-disagree",
            f"roll call {rid} (kept) and {r.get('other_rollcall_id', '')} from "
            f"{r.get('source', '')} (dropped at import) disagree: {r.get('disagreement', '')}. "
            "Check the official record; an override can correct a member's vote.",
            row_refs(DISAGREEMENTS_FILE, [i]), rollcall_id=rid)
