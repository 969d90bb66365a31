"""Open States -> the canonical tables: the bulk session CSV export and the API v3.

Both sources reach :func:`convert` as the same text tables (those of the CSV export,
see :mod:`.exports`; the API's JSON is flattened to them by :mod:`.api`).

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
from pathlib import Path
from typing import cast

import pandas as pd

from ...errors import Problems, SourceError
from ...model import TABLES, base_print, bill_id
from ..core.finish import Converted, combine, finish
from ..core.normalise import is_date, latest_action, safe_id
from ..core.people import People
from ..core.request import ImportReport, ImportRequest
from .exports import Export, parse_list, read_exports
from .votes import (
    CHAMBER_OF_ORG,
    SOURCE,
    declared_counts,
    member_votes,
    parse_unique,
    reconcile,
    report_rows,
    sponsorships,
    strip_values,
)

PROCEDURAL = ("reading-", "referral", "deferral", "withdrawal", "introduction", "filing",
              "receipt", "motion-")


def normalise_session(identifier: str) -> str:
    """Open States' session identifier as our session name (``20232024`` -> ``2023-2024``)."""
    s = identifier.strip()
    m = re.fullmatch(r"(\d{4})(\d{4})", s)
    return f"{m[1]}-{m[2]}" if m else s


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
    return safe_id("-".join(p for p in parts if p))


def _bills(export: Export, problems: Problems) -> tuple[pd.DataFrame, dict[str, str]]:
    """bills.csv rows and Open States bill id -> our bill_id."""
    b = export.frames["bills"]
    if "classification" in b.columns:
        _, bad = parse_unique(b["classification"], parse_list)
        rows = [int(i) for i in b.index[b["classification"].isin(bad)]]
        report_rows(problems, export, "bills", rows, lambda i: (
            f"classification {b.at[i, 'classification']!r} is not a list such as ['bill']"))
    empty = [int(i) for i in b.index[b["identifier"].str.strip() == ""]]
    report_rows(problems, export, "bills", empty, lambda i: "identifier is empty")
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
                        "title": strip_values(b["title"]).tolist(), "same_as": "",
                        "url": [urls.get(oid) or _openstates_url(export.state, s, ident)
                                for oid, s, ident in zip(oids, raw_sessions, idents,
                                                         strict=True)]})
    if "latest_action_date" in b.columns:  # the API's bills, and exports that have them
        last = [latest_action([(str(d)[:10], t)]) for d, t in zip(
            b["latest_action_date"].tolist(), b.get("latest_action_description", pd.Series(
                [""] * len(b), index=b.index)).tolist(), strict=True)]
        if any(t or d for t, d in last):
            out["last_action"] = [t for t, _ in last]
            out["last_action_date"] = [d for _, d in last]
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
    classes, bad = parse_unique(v["motion_classification"], parse_list)
    report_rows(problems, export, "votes",
                [int(i) for i in v.index[v["motion_classification"].isin(bad)]],
                lambda i: (f"motion_classification {v.at[i, 'motion_classification']!r} is "
                           "not a list such as ['passage']"))
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
        number = bid.rpartition("/")[2] if bid else safe_id(ident.strip())
        rid = rollcall_id(st, sess, number, org_chamber, date, vid)
        vote_rid[vid] = rid
        mclasses = cast(list[str], classes.get(classes_of[i], []))
        rc_rows.append((rid, bid, org_chamber, date, motion.strip() or ident.strip(),
                        motion_type(mclasses, bool(committee)), committee,
                        result.strip().lower(), i, sess))
    report_rows(problems, export, "votes", unknown_org, lambda i: (
        f"organization_id {v.at[i, 'organization_id']!r} is not a chamber or committee in "
        f"{export.files.get('organizations', 'the organizations')}"))
    report_rows(problems, export, "votes", bad_date, lambda i: (
        f"start_date {v.at[i, 'start_date']!r} is not a date (YYYY-MM-DD)"))
    report_rows(problems, export, "votes", unknown_bill, lambda i: (
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
    declared_counts(export, rollcalls, vote_rid, problems)
    votes, listed = member_votes(export, rollcalls, vote_rid, people, problems, conv)
    reconcile(export, rollcalls, listed, conv)
    rollcalls["source_url"] = _vote_urls(export, rollcalls, bills)
    conv.tables = {
        "bills": bills,
        "rollcalls": rollcalls.drop(columns="src_row")[list(TABLES["rollcalls"])],
        "votes": votes,
        "sponsors": sponsorships(export, by_os, bills, rollcalls, people, problems, conv),
    }
    conv.sessions = sorted(set(bills["session"]))
    if len(rollcalls):
        conv.first, conv.last = str(rollcalls["date"].min()), str(rollcalls["date"].max())
    return conv


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


# ------------------------------------------------------------------ entry points


def import_openstates_csv(req: ImportRequest) -> ImportReport:
    """``scorecard import openstates-csv ZIP_OR_DIR... --into DIR [--roster PATH]``."""
    if not req.paths:
        raise SourceError("Give the Open States session export: scorecard import "
                          "openstates-csv ny_2023-2024.zip --into votes/ny")
    people = People(SOURCE, Path(req.into), list(req.rosters))
    problems = Problems()
    exports = [e for path in req.paths for e in read_exports(path)]
    conv = combine([convert(e, people, problems) for e in exports])
    states = sorted({e.state.upper() for e in exports})
    # the export's own date, else the file's (so that importing it again changes nothing)
    generated = max((e.generated for e in exports), default="") or max(
        dt.date.fromtimestamp(Path(p).stat().st_mtime).isoformat() for p in req.paths)
    conv.source, conv.people = SOURCE, people
    conv.label = ", ".join(str(p) for p in req.paths)
    conv.meta = {
        "source": "Open States bulk CSV",
        "jurisdiction": states[0] if len(states) == 1 else states,
        "sessions": conv.sessions, "fetched_at": generated,
        "notes": [f"Open States session CSV export {name}"
                  for name in sorted({e.origin.rsplit('/', 1)[-1] for e in exports})],
    }
    return finish(req.into, conv, problems)
