"""Open States member votes, declared counts and sponsorships -> canonical rows.

Part of the Open States importer (:mod:`.openstates` converts bills and roll calls and
calls these). A session's export has some 600,000 member votes, so this works on integer
codes of each column and does per-value work once per distinct value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd

from ...errors import Problems
from ...model import OPTIONS, TABLES
from ..core.finish import Converted, warn_counts_differ
from ..core.normalise import session_span, slug
from ..core.people import People
from .exports import Export, parse_bool

SOURCE = "openstates"
CHAMBER_OF_ORG = {"upper": "upper", "lower": "lower", "legislature": "upper"}
#: Open States spellings outside the vocabulary
OPTION_ALIASES = {"not-voting": "not voting", "notvoting": "not voting", "nv": "not voting"}
#: problems of one kind listed in full before "and N more"
MAX_LISTED = 10


def report_rows(problems: Problems, export: Export, kind: str, rows: list[int],
                message: Callable[[int], str]) -> None:
    """An error for each of ``rows`` (the first few, then a count), with file and row."""
    for i in rows[:MAX_LISTED]:
        file, where = export.where(kind, i)
        problems.error(file, message(i), where)
    if len(rows) > MAX_LISTED:
        problems.error(export.where(kind, rows[0])[0],
                       f"... and {len(rows) - MAX_LISTED} more rows with the same problem")


def parse_unique(series: pd.Series,
                 parse: Callable[[str], object]) -> tuple[dict[str, object], set[str]]:
    """Each distinct value parsed once: (value -> parsed, the values that did not parse)."""
    parsed: dict[str, object] = {}
    bad: set[str] = set()
    for value in series.unique():
        try:
            parsed[value] = parse(value)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            bad.add(value)
    return parsed, bad


def strip_values(series: pd.Series) -> pd.Series:
    """``series.str.strip()``, computed once per distinct value (columns repeat a lot)."""
    values = series.unique()
    if all(v == v.strip() for v in values):
        return series
    return series.map({v: v.strip() for v in values})


def declared_counts(export: Export, rollcalls: pd.DataFrame, vote_rid: dict[str, str],
              problems: Problems) -> None:
    """Declared yes/no/other from vote_counts, into ``rollcalls`` (text; empty if none)."""
    for col in ("yes", "no", "other"):
        rollcalls[col] = ""
    vc = export.frames.get("vote_counts")
    if vc is None or vc.empty:
        return
    values = pd.to_numeric(vc["value"].str.strip(), errors="coerce")
    bad = [int(i) for i in vc.index[values.isna() | (values < 0)]]
    report_rows(problems, export, "vote_counts", bad,
                lambda i: f"value {vc.at[i, 'value']!r} is not a whole number")
    rid = vc["vote_event_id"].map(vote_rid)
    orphan = [int(i) for i in vc.index[rid.isna() & ~vc["vote_event_id"].isin(
        export.frames["votes"]["id"])]]
    report_rows(problems, export, "vote_counts", orphan, lambda i: (
        f"vote_event_id {vc.at[i, 'vote_event_id']!r} names no vote in "
        f"{export.files.get('votes', 'votes')}"))
    opt = vc["option"].str.strip().str.lower()
    col = opt.where(opt.isin(["yes", "no"]), "other")
    frame = pd.DataFrame({"rid": rid, "col": col, "value": values}).dropna()
    table = frame.pivot_table(index="rid", columns="col", values="value", aggfunc="sum",
                              fill_value=0)
    for c in ("yes", "no", "other"):
        if c not in table.columns:
            table[c] = 0
        got = rollcalls["rollcall_id"].map(table[c])
        rollcalls[c] = got.map(lambda x: "" if pd.isna(x) else str(int(x)))


def member_votes(export: Export, rollcalls: pd.DataFrame, vote_rid: dict[str, str],
                 people: People, problems: Problems,
                 conv: Converted) -> tuple[pd.DataFrame, pd.DataFrame]:
    """votes.csv rows, sorted by roll call and legislator (with the private _chamber and
    _session columns for resolution), and the yes/no/other counts of each roll call.

    Vectorised: a session's export has ~600,000 rows but only ~6,000 roll calls, ~200
    people and a handful of options, so every column is turned into integer codes once
    and the per-value work is done on the distinct values.
    """
    vp = export.frames["vote_people"]
    ev_codes, events = pd.factorize(vp["vote_event_id"])
    ev_rid = [vote_rid.get(e) for e in events]
    keep = np.array([r is not None for r in ev_rid], dtype=bool)[ev_codes]
    if not keep.all():
        vote_ids = set(export.frames["votes"]["id"].tolist())
        orphan = np.array([r is None and e not in vote_ids for e, r in zip(events, ev_rid,
                                                                         strict=True)])
        rows = [int(i) for i in vp.index[np.flatnonzero(orphan[ev_codes])]]
        report_rows(problems, export, "vote_people", rows, lambda i: (
            f"vote_event_id {vp.at[i, 'vote_event_id']!r} names no vote in "
            f"{export.files.get('votes', 'votes')}"))
        vp, ev_codes = vp[keep], ev_codes[keep]
    # roll calls: codes in the order of their ids (so that sorting by code sorts by id)
    rc_ids = np.array(sorted({r for r in ev_rid if r is not None}), dtype=object)
    rank = {r: i for i, r in enumerate(rc_ids)}
    rc_codes = np.array([rank.get(r, -1) if r else -1 for r in ev_rid], dtype=np.int64)[
        ev_codes]
    info = rollcalls.set_index("rollcall_id").loc[rc_ids]
    # options: canonical and raw, per distinct value
    opt_codes, opt_values = pd.factorize(vp["option"])
    raw_u = np.array([o.strip() for o in opt_values], dtype=object)
    canon_u = np.array([OPTION_ALIASES.get(o.lower(), o.lower()) for o in raw_u], dtype=object)
    unknown_u = np.array([c not in OPTIONS for c in canon_u], dtype=bool)
    if unknown_u.any():
        n = int(unknown_u[opt_codes].sum())
        shown = ", ".join(sorted(raw_u[unknown_u])[:5])
        conv.warnings.append(f"{n} member votes have options outside the vocabulary "
                             f"({shown}); recorded as other")
        canon_u[unknown_u] = "other"
    option, raw = canon_u[opt_codes], raw_u[opt_codes]
    # people: the Open States person id, else a source id made from the name
    v_codes, v_values = pd.factorize(vp["voter_id"])
    n_codes, n_values = pd.factorize(vp["voter_name"])
    names_u = np.array([n.strip() for n in n_values], dtype=object)
    ids_u = np.array([v.strip() for v in v_values], dtype=object)
    by_name = np.array([f"{SOURCE}:{slug(n, 'unnamed')}" for n in names_u], dtype=object)
    leg = np.where(ids_u[v_codes] == "", by_name[n_codes], ids_u[v_codes])
    l_codes, l_ids = pd.factorize(leg, sort=True)
    # who was seen where and when: once per (person, chamber and session)
    group_codes, groups = pd.factorize(info["chamber"] + "|" + info["session"])
    day = np.array([dt.date.fromisoformat(d).toordinal() for d in info["date"]], dtype=np.int64)
    spans = pd.DataFrame({"key": l_codes.astype(np.int64) * len(groups) + group_codes[rc_codes],
                          "day": day[rc_codes], "row": np.arange(len(rc_codes))}
                         ).groupby("key", sort=True).agg(first=("day", "min"),
                                                         last=("day", "max"), row=("row", "last"))
    for key, first, last, row in spans.itertuples(name=None):
        pid = str(l_ids[key // len(groups)])
        ch, sess = str(groups[key % len(groups)]).split("|", 1)
        d1, d2 = (dt.date.fromordinal(int(x)).isoformat() for x in (first, last))
        name = str(names_u[n_codes[row]])
        if pid.startswith(f"{SOURCE}:"):
            people.see(pid, ch, sess, d1, d2, name)
        else:
            people.note(pid, name, ch, d1, d2)
    # rows in key order; a member listed twice in a roll call keeps the last row
    order = np.lexsort((l_codes, rc_codes))
    pair = (rc_codes.astype(np.int64) * len(l_ids) + l_codes)[order]
    last = np.ones(len(order), dtype=bool)
    last[:-1] = pair[1:] != pair[:-1]
    if not last.all():
        clash = pd.DataFrame({"pair": pair, "option": option[order]}).groupby("pair")[
            "option"].nunique()
        clash = clash[clash > 1]
        if len(clash):
            p = int(clash.index[0])
            conv.warnings.append(
                f"{len(clash)} member(s) are listed twice with different options in one roll "
                f"call (e.g. {l_ids[p % len(l_ids)]} in {rc_ids[p // len(l_ids)]}); the last "
                "row is kept")
        order = order[last]
    chamber = info["chamber"].to_numpy(dtype=object)
    session = info["session"].to_numpy(dtype=object)
    rcs = rc_codes[order]
    votes = pd.DataFrame({"rollcall_id": rc_ids[rcs], "legislator_id": l_ids[l_codes[order]],
                          "option": option[order], "raw": raw[order],
                          "_chamber": chamber[rcs], "_session": session[rcs]})
    is_yes, is_no = votes["option"].to_numpy() == "yes", votes["option"].to_numpy() == "no"
    n = len(rc_ids)
    yes = np.bincount(rcs, weights=is_yes, minlength=n).astype(np.int64)
    no = np.bincount(rcs, weights=is_no, minlength=n).astype(np.int64)
    listed = pd.DataFrame({"yes": yes, "no": no,
                           "other": np.bincount(rcs, minlength=n) - yes - no},
                          index=pd.Index(rc_ids, dtype=object))
    return votes, listed


def reconcile(export: Export, rollcalls: pd.DataFrame, listed: pd.DataFrame,
               conv: Converted) -> None:
    """Declared totals against the member votes: each mismatch is a warning."""
    listed = listed.reindex(rollcalls["rollcall_id"])
    no_members = listed["yes"].isna().to_numpy()
    if no_members.any():
        conv.notes.append(f"{int(no_members.sum())} roll call(s) have no member votes (voice "
                          "votes, or votes the source did not itemise)")
    differs = np.zeros(len(rollcalls), dtype=bool)
    for col in ("yes", "no", "other"):
        declared = pd.to_numeric(rollcalls[col].replace("", None), errors="coerce").to_numpy()
        differs |= ~np.isnan(declared) & ~no_members & (declared != listed[col].to_numpy())
    mismatched = []
    for i in np.flatnonzero(differs):
        row, got = rollcalls.iloc[i], listed.iloc[i]
        diffs = [f"{c} {row[c]} declared, {int(got[c])} listed" for c in ("yes", "no", "other")
                 if row[c] != "" and int(row[c]) != int(got[c])]
        file, where = export.where("votes", int(row["src_row"]))
        mismatched.append(f"{file}, {where}: roll call {row['rollcall_id']}: the declared "
                          f"counts differ from the member votes ({', '.join(diffs)})")
    warn_counts_differ(conv, mismatched, MAX_LISTED)


def sponsorships(export: Export, by_os: dict[str, str], bills: pd.DataFrame,
              rollcalls: pd.DataFrame, people: People, problems: Problems,
              conv: Converted) -> pd.DataFrame:
    """sponsors.csv rows (with _chamber and _session): people only, primary or cosponsor."""
    found = export.frames.get("bill_sponsorships")
    cols = [*TABLES["sponsors"], "_chamber", "_session"]
    if found is None or found.empty:
        return pd.DataFrame(columns=cols)
    sp: pd.DataFrame = found
    bill = sp["bill_id"].map(by_os)
    orphan = [int(i) for i in sp.index[bill.isna()]]
    report_rows(problems, export, "bill_sponsorships", orphan, lambda i: (
        f"bill_id {sp.at[i, 'bill_id']!r} names no bill in {export.files.get('bills', 'bills')}"))
    primary, bad = parse_unique(sp["primary"], parse_bool)
    report_rows(problems, export, "bill_sponsorships",
                [int(i) for i in sp.index[sp["primary"].isin(bad)]],
                lambda i: f"primary {sp.at[i, 'primary']!r} is not True or False")
    kind = strip_values(sp["entity_type"]).str.lower()
    person = bill.notna() & kind.isin(["person", ""])
    orgs = int((bill.notna() & ~person).sum())
    if orgs:
        conv.notes.append(f"{orgs} sponsorship(s) by committees or other organisations are "
                          "not legislators and were left out")
    sp, bill = sp[person], bill[person]
    b = export.frames["bills"]
    origin = (dict(zip(b["id"].tolist(),
                       b["organization_classification"].str.strip().str.lower().tolist(),
                       strict=True)) if "organization_classification" in b.columns else {})
    chamber = sp["bill_id"].map(origin).map(CHAMBER_OF_ORG).fillna("")
    session = bill.map(dict(zip(bills["bill_id"].tolist(), bills["session"].tolist(),
                                strict=True))).fillna("")
    name = strip_values(sp["name"])
    lid = strip_values(sp["person_id"])
    no_id = lid == ""
    if no_id.any():
        by_name = {n: f"{SOURCE}:{slug(n, 'unnamed')}" for n in name[no_id].unique()}
        lid = lid.where(~no_id, name.map(by_name))
    dates = rollcalls.groupby("session")["date"].agg(["min", "max"])
    seen = pd.DataFrame({"lid": lid, "name": name, "chamber": chamber, "session": session,
                         "no_id": no_id}).drop_duplicates(["lid", "chamber", "session"])
    for pid, nm, ch, sess, unknown in seen.itertuples(index=False, name=None):
        if unknown:
            got = ((str(dates.at[sess, "min"]), str(dates.at[sess, "max"]))
                   if sess in dates.index else ("", ""))
            first, last = session_span(sess, *got)
            people.see(pid, ch, sess, first, last, nm)
        else:
            people.note(pid, nm, ch, "", "")
    role = sp["primary"].map({v: "primary" if p else "cosponsor" for v, p in primary.items()})
    out = pd.DataFrame({"bill_id": bill.to_numpy(), "legislator_id": lid.to_numpy(),
                        "role": role.to_numpy(), "_chamber": chamber.to_numpy(),
                        "_session": session.to_numpy()}, columns=cols)
    # a legislator listed as both keeps the primary role only
    out = out.sort_values("role", ascending=False, kind="stable")
    return out.drop_duplicates(["bill_id", "legislator_id"]).reset_index(drop=True)
