"""Open States -> the canonical tables: the bulk session CSV export and the API v3.

Both sources reach :func:`convert` as the same text tables (those of the CSV export,
see :mod:`.openstates_csv`; the API's JSON is flattened to them by :mod:`.openstates_api`).

Mapping:

* bill ``identifier`` ``S 1747`` -> number ``S1747`` (no space, no amendment letter);
  ``session_identifier`` -> session (NY's ``2023-2024`` as is; ``20232024`` -> ``2023-2024``);
  same_as from ``companion`` related bills.
* vote chamber from its organisation (upper, lower; a unicameral ``legislature`` is upper;
  a committee takes its parent chamber and is named in ``committee``).
* motion_type: a committee organisation or ``committee-*`` class -> committee;
  ``passage`` -> passage; ``amendment-*`` -> amendment; readings, referrals, deferrals,
  withdrawals, introductions -> procedural; anything else -> other.
* rollcall_id ``<st>-<session>-<number>-<chamber>-<date>-<first 8 of the vote uuid>``:
  readable and the same on every import (Open States vote ids are stable).
* declared yes/no/other from ``vote_counts``; each roll call's member votes are counted
  against them and every mismatch is reported as a warning (Open States data has some).
* voters with an ``ocd-person`` id keep it; others are resolved through the roster.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd

from ..errors import Problems, SourceError
from ..model import OPTIONS, TABLES, base_print, bill_id
from . import FetchRequest, ImportReport, ImportRequest
from .importer import Converted, finish, session_span
from .openstates_csv import Export, parse_bool, parse_list, read_exports
from .people import People, slug

SOURCE = "openstates"
CHAMBER_OF_ORG = {"upper": "upper", "lower": "lower", "legislature": "upper"}
PROCEDURAL = ("reading-", "referral", "deferral", "withdrawal", "introduction", "filing",
              "receipt", "motion-")
#: Open States spellings outside the vocabulary
OPTION_ALIASES = {"not-voting": "not voting", "notvoting": "not voting", "nv": "not voting"}
#: problems of one kind listed in full before "and N more"
MAX_LISTED = 10
_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def normalise_session(identifier: str) -> str:
    """Open States' session identifier as our session name (``20232024`` -> ``2023-2024``)."""
    s = identifier.strip()
    m = re.fullmatch(r"(\d{4})(\d{4})", s)
    return f"{m[1]}-{m[2]}" if m else s


def is_date(text: str) -> bool:
    """Whether ``text`` is a real YYYY-MM-DD date."""
    if not _DATE.match(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def motion_type(classes: list[str], committee: bool) -> str:
    """Our motion_type for Open States motion classifications."""
    if committee or any(c.startswith("committee") for c in classes):
        return "committee"
    if "passage" in classes:
        return "passage"
    if any(c.startswith("amendment") for c in classes):
        return "amendment"
    if classes and all(c.startswith(PROCEDURAL) for c in classes):
        return "procedural"
    return "other"


def rollcall_id(state: str, session: str, number: str, chamber: str, date: str,
                vote_id: str, full: bool = False) -> str:
    """``ny-2023-2024-S1747-upper-2023-06-07-3f0c9d6e`` from an ``ocd-vote/<uuid>`` id
    (``full``: the whole uuid, when two votes of an import share its first 8 characters)."""
    tail = vote_id.rsplit("/", 1)[-1].replace("-", "")
    tail = (tail if full else tail[:8]) or "x"
    parts = [state, session, number, chamber, date, tail]
    return _SAFE.sub("-", "-".join(p for p in parts if p))


def _errors(problems: Problems, export: Export, kind: str, rows: list[int],
            message: Callable[[int], str]) -> None:
    for i in rows[:MAX_LISTED]:
        file, where = export.where(kind, i)
        problems.error(file, message(i), where)
    if len(rows) > MAX_LISTED:
        problems.error(export.where(kind, rows[0])[0],
                       f"... and {len(rows) - MAX_LISTED} more rows with the same problem")


def _parse_unique(series: pd.Series, parse: Callable[[str], object]) -> tuple[dict[str, object],
                                                                               set[str]]:
    parsed: dict[str, object] = {}
    bad: set[str] = set()
    for value in series.unique():
        try:
            parsed[value] = parse(value)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            bad.add(value)
    return parsed, bad


def _bills(export: Export, problems: Problems) -> tuple[pd.DataFrame, dict[str, str]]:
    """bills.csv rows and Open States bill id -> our bill_id."""
    b = export.frames["bills"]
    if "classification" in b.columns:
        _, bad = _parse_unique(b["classification"], parse_list)
        rows = [int(i) for i in b.index[b["classification"].isin(bad)]]
        _errors(problems, export, "bills", rows, lambda i: (
            f"classification {b.at[i, 'classification']!r} is not a list such as ['bill']"))
    empty = [int(i) for i in b.index[b["identifier"].str.strip() == ""]]
    _errors(problems, export, "bills", empty, lambda i: "identifier is empty")
    oids, idents = b["id"].tolist(), b["identifier"].tolist()
    raw_sessions = b["session_identifier"].tolist()
    norm = {x: normalise_session(x) for x in set(raw_sessions)}
    sessions = [norm[x] for x in raw_sessions]
    numbers = [base_print(x) for x in idents]
    ids = [bill_id(s, n) for s, n in zip(sessions, numbers, strict=True)]
    urls: dict[str, str] = {}
    if "bill_sources" in export.frames:
        src = export.frames["bill_sources"]
        urls = dict(zip(src["bill_id"].tolist()[::-1], src["url"].tolist()[::-1],
                        strict=True))  # the first source of a bill wins
    out = pd.DataFrame({"bill_id": ids, "session": sessions, "number": numbers,
                        "title": _strip(b["title"]).tolist(), "same_as": "",
                        "url": [urls.get(oid) or _openstates_url(export.state, s, ident)
                                for oid, s, ident in zip(oids, raw_sessions, idents,
                                                         strict=True)]})
    by_os = dict(zip(oids, ids, strict=True))
    if "bill_related_bills" in export.frames:
        rel = export.frames["bill_related_bills"]
        rel = rel[rel["relation_type"].str.lower().isin(["companion", "same-as", "same_as"])]
        companions: dict[str, set[str]] = {}
        for oid, ident, sess in zip(rel["bill_id"].tolist(), rel["identifier"].tolist(),
                                    rel["legislative_session"].tolist(), strict=True):
            own = by_os.get(oid)
            if own and ident.strip():
                own_session, _, own_number = own.rpartition("/")
                if not sess.strip() or normalise_session(sess) == own_session:
                    other = base_print(ident)
                    if other != own_number:
                        companions.setdefault(own, set()).add(other)
        out["same_as"] = [";".join(sorted(companions.get(i, ()))) for i in ids]
    dup = out.duplicated("bill_id", keep="first")
    if dup.any():
        export_file = export.where("bills", 0)[0]
        problems.warn(export_file, f"{int(dup.sum())} bills share a print number with an earlier "
                      f"row once amendment letters are dropped (e.g. {out.loc[dup].iloc[0, 0]}); "
                      "the first is kept")
        out = out[~dup]
    return out.reset_index(drop=True), by_os


def _openstates_url(state: str, session: str, identifier: str) -> str:
    return f"https://openstates.org/{state}/bills/{session}/{identifier.replace(' ', '')}/"


def _chambers(export: Export, org_ids: list[str]) -> dict[str, tuple[str | None, str]]:
    """organisation id -> (chamber or None, committee name or "")."""
    orgs = export.frames["organizations"]
    cls = dict(zip(orgs["id"], orgs["classification"].str.strip().str.lower(), strict=True))
    names = dict(zip(orgs["id"], orgs["name"], strict=True))
    parent = (dict(zip(orgs["id"], orgs["parent_id"], strict=True))
              if "parent_id" in orgs.columns else {})
    out: dict[str, tuple[str | None, str]] = {}
    for oid in org_ids:
        kind = cls.get(oid)
        if kind in CHAMBER_OF_ORG:
            out[oid] = (CHAMBER_OF_ORG[str(kind)], "")
            continue
        chamber, up = None, parent.get(oid, "")
        for _ in range(5):  # committee -> subcommittee chains are short
            if cls.get(up) in ("upper", "lower"):
                chamber = cls[up]
                break
            up = parent.get(up, "")
        out[oid] = (chamber, names.get(oid, "") if kind else "")
    return out


def convert(export: Export, people: People, problems: Problems) -> Converted:
    """The canonical tables of one Open States export; errors and warnings to ``problems``."""
    st = export.state.lower()
    bills, by_os = _bills(export, problems)
    v = export.frames["votes"]
    classes, bad = _parse_unique(v["motion_classification"], parse_list)
    _errors(problems, export, "votes",
            [int(i) for i in v.index[v["motion_classification"].isin(bad)]],
            lambda i: (f"motion_classification {v.at[i, 'motion_classification']!r} is not a "
                       "list such as ['passage']"))
    orgs = _chambers(export, list(v["organization_id"].unique()))
    dates = v["start_date"].str.strip().str[:10]
    sessions = v["session_identifier"].map(normalise_session)
    rc_rows = []
    vote_rid: dict[str, str] = {}
    unknown_org, bad_date, unknown_bill, joint = [], [], [], []
    classes_of = v["motion_classification"].tolist()
    for i, (vid, org, bill, date, sess, motion, result, ident) in enumerate(zip(
            v["id"].tolist(), v["organization_id"].tolist(), v["bill_id"].tolist(),
            dates.tolist(), sessions.tolist(), v["motion_text"].tolist(), v["result"].tolist(),
            v["identifier"].tolist(), strict=True)):
        org_chamber, committee = orgs.get(org, (None, ""))
        if org not in orgs or org_chamber is None and not committee:
            unknown_org.append(i)
            continue
        if org_chamber is None:
            joint.append(i)
            continue
        if not is_date(date):
            bad_date.append(i)
            continue
        bid = ""
        if bill.strip():
            if bill not in by_os:
                unknown_bill.append(i)
                continue
            bid = by_os[bill]
        number = bid.rpartition("/")[2] if bid else _SAFE.sub("-", ident.strip())
        rid = rollcall_id(st, sess, number, org_chamber, date, vid)
        vote_rid[vid] = rid
        mclasses = cast(list[str], classes.get(classes_of[i], []))
        rc_rows.append((rid, bid, org_chamber, date, motion.strip() or ident.strip(),
                        motion_type(mclasses, bool(committee)), committee,
                        result.strip().lower(), i, sess))
    _errors(problems, export, "votes", unknown_org, lambda i: (
        f"organization_id {v.at[i, 'organization_id']!r} is not a chamber or committee in "
        f"{export.files.get('organizations', 'the organizations')}"))
    _errors(problems, export, "votes", bad_date, lambda i: (
        f"start_date {v.at[i, 'start_date']!r} is not a date (YYYY-MM-DD)"))
    _errors(problems, export, "votes", unknown_bill, lambda i: (
        f"bill_id {v.at[i, 'bill_id']!r} names no bill in {export.files.get('bills', 'bills')}"))
    conv = Converted(tables={})
    if joint:
        conv.warnings.append(f"{len(joint)} joint-committee vote(s) have no chamber and were "
                             "left out (e.g. " + " ".join(export.where("votes", joint[0])) + ")")
    rollcalls = pd.DataFrame(rc_rows, columns=["rollcall_id", "bill_id", "chamber", "date",
                                               "motion", "motion_type", "committee", "result",
                                               "src_row", "session"])
    dup = rollcalls["rollcall_id"].duplicated(keep=False)
    if dup.any():  # two votes share the first 8 characters of their uuid
        rollcalls.loc[dup, "rollcall_id"] = [
            rollcall_id(st, sessions.iat[r], "", "", "", v["id"].iat[r], full=True)
            for r in rollcalls.loc[dup, "src_row"]]
        vote_rid = dict(zip(v["id"].iloc[rollcalls["src_row"]].tolist(),
                            rollcalls["rollcall_id"].tolist(), strict=True))
    _declared(export, rollcalls, vote_rid, problems)
    votes, listed = _vote_people(export, rollcalls, vote_rid, people, problems, conv)
    _reconcile(export, rollcalls, listed, conv)
    rollcalls["source_url"] = _vote_urls(export, rollcalls, bills)
    conv.tables = {
        "bills": bills,
        "rollcalls": rollcalls.drop(columns="src_row")[list(TABLES["rollcalls"])],
        "votes": votes,
        "sponsors": _sponsors(export, by_os, bills, rollcalls, people, problems, conv),
    }
    conv.sessions = sorted(set(bills["session"]))
    if len(rollcalls):
        conv.first, conv.last = str(rollcalls["date"].min()), str(rollcalls["date"].max())
    return conv


def _declared(export: Export, rollcalls: pd.DataFrame, vote_rid: dict[str, str],
              problems: Problems) -> None:
    """Declared yes/no/other from vote_counts, into ``rollcalls`` (text; empty if none)."""
    for col in ("yes", "no", "other"):
        rollcalls[col] = ""
    vc = export.frames.get("vote_counts")
    if vc is None or vc.empty:
        return
    values = pd.to_numeric(vc["value"].str.strip(), errors="coerce")
    bad = [int(i) for i in vc.index[values.isna() | (values < 0)]]
    _errors(problems, export, "vote_counts", bad,
            lambda i: f"value {vc.at[i, 'value']!r} is not a whole number")
    rid = vc["vote_event_id"].map(vote_rid)
    orphan = [int(i) for i in vc.index[rid.isna() & ~vc["vote_event_id"].isin(
        export.frames["votes"]["id"])]]
    _errors(problems, export, "vote_counts", orphan, lambda i: (
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


def _strip(series: pd.Series) -> pd.Series:
    """``series.str.strip()``, computed once per distinct value (columns repeat a lot)."""
    values = series.unique()
    if all(v == v.strip() for v in values):
        return series
    return series.map({v: v.strip() for v in values})


def _vote_people(export: Export, rollcalls: pd.DataFrame, vote_rid: dict[str, str],
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
        _errors(problems, export, "vote_people", rows, lambda i: (
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
    by_name = np.array([f"{SOURCE}:{slug(n)}" for n in names_u], dtype=object)
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


def _reconcile(export: Export, rollcalls: pd.DataFrame, listed: pd.DataFrame,
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
    conv.warnings += mismatched[:MAX_LISTED]
    if len(mismatched) > MAX_LISTED:
        conv.warnings.append(f"... and {len(mismatched) - MAX_LISTED} more roll calls whose "
                             "declared counts differ from the member votes")


def _vote_urls(export: Export, rollcalls: pd.DataFrame, bills: pd.DataFrame) -> list[str]:
    urls: dict[str, str] = {}
    if "vote_sources" in export.frames:
        vs = export.frames["vote_sources"]
        urls = dict(zip(vs["vote_event_id"].tolist()[::-1], vs["url"].tolist()[::-1],
                        strict=True))
    bill_url = dict(zip(bills["bill_id"].tolist(), bills["url"].tolist(), strict=True))
    vids = export.frames["votes"]["id"].tolist()
    return [urls.get(vids[row]) or bill_url.get(bid, "")
            for row, bid in zip(rollcalls["src_row"].tolist(), rollcalls["bill_id"].tolist(),
                                strict=True)]


def _sponsors(export: Export, by_os: dict[str, str], bills: pd.DataFrame,
              rollcalls: pd.DataFrame, people: People, problems: Problems,
              conv: Converted) -> pd.DataFrame:
    """sponsors.csv rows (with _chamber and _session): people only, primary or cosponsor."""
    sp = export.frames.get("bill_sponsorships")
    cols = [*TABLES["sponsors"], "_chamber", "_session"]
    if sp is None or sp.empty:
        return pd.DataFrame(columns=cols)
    bill = sp["bill_id"].map(by_os)
    orphan = [int(i) for i in sp.index[bill.isna()]]
    _errors(problems, export, "bill_sponsorships", orphan, lambda i: (
        f"bill_id {sp.at[i, 'bill_id']!r} names no bill in {export.files.get('bills', 'bills')}"))
    primary, bad = _parse_unique(sp["primary"], parse_bool)
    _errors(problems, export, "bill_sponsorships",
            [int(i) for i in sp.index[sp["primary"].isin(bad)]],
            lambda i: f"primary {sp.at[i, 'primary']!r} is not True or False")
    kind = _strip(sp["entity_type"]).str.lower()
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
    name = _strip(sp["name"])
    lid = _strip(sp["person_id"])
    no_id = lid == ""
    if no_id.any():
        by_name = {n: f"{SOURCE}:{slug(n)}" for n in name[no_id].unique()}
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


# ------------------------------------------------------------------ entry points


def import_openstates_csv(req: ImportRequest) -> ImportReport:
    """``scorecard import openstates-csv ZIP_OR_DIR... --into DIR [--roster PATH]``."""
    if not req.paths:
        raise SourceError("Give the Open States session export: scorecard import "
                          "openstates-csv ny_2023-2024.zip --into votes/ny")
    people = People(SOURCE, Path(req.into), list(req.rosters))
    problems = Problems()
    exports = [e for path in req.paths for e in read_exports(path)]
    conversions = [convert(e, people, problems) for e in exports]
    states = sorted({e.state.upper() for e in exports})
    sessions = sorted({s for c in conversions for s in c.sessions})
    # the export's own date, else the file's (so that importing it again changes nothing)
    generated = max((e.generated for e in exports), default="") or max(
        dt.date.fromtimestamp(Path(p).stat().st_mtime).isoformat() for p in req.paths)
    meta: dict[str, object] = {
        "source": "Open States bulk CSV",
        "jurisdiction": states[0] if len(states) == 1 else states,
        "sessions": sessions, "fetched_at": generated,
        "notes": [f"Open States session CSV export{'s' if len(exports) > 1 else ''} "
                  + ", ".join(sorted({e.origin.rsplit('/', 1)[-1] for e in exports}))
                  + f" (generated {generated})"],
    }
    label = ", ".join(str(p) for p in req.paths)
    return finish(conversions, people, req.into, SOURCE, label, meta, problems)


def fetch_openstates(req: FetchRequest) -> ImportReport:
    """``scorecard fetch openstates --into DIR --state ST --session S [--platform F]
    [--bill N]...``: the API v3 (key in OPENSTATES_API_KEY)."""
    from .openstates_api import fetch

    return fetch(req)
