"""LegiScan -> the canonical tables: dataset ZIPs (``scorecard import legiscan``) and the API.

A dataset holds ``bill/*.json`` (``{"bill": {...}}``), ``vote/*.json``
(``{"roll_call": {...}}``) and ``people/*.json`` (``{"person": {...}}``), usually under
``<ST>/<session>/``. The API (:mod:`.api`) returns the same objects, so both are
converted by :func:`convert`.

Mapping:

* session: ``year_start-year_end`` (one year when they are equal), plus
  ``-special-<session_id>`` for a special session; NY ``2023-2024`` matches Open States.
* bill_number -> number without amendment letter; in NY also without LegiScan's zero
  padding (``S01747`` -> ``S1747``); same_as from ``sasts`` of type Same As / Cross-filed.
* roll call chamber: H or A (Assembly) -> lower, S -> upper; joint votes are left out.
* motion_type from ``desc`` (LegiScan has no classification): committee, amendment,
  passage, procedural, else other; the report counts each kind so it can be checked.
* vote_text Yea/Nay/NV/Absent -> yes/no/not voting/absent; declared yes = yea, no = nay,
  other = nv + absent, checked against the member votes.
* rollcall_id ``<st>-<session>-<number>-<chamber>-<date>-ls<roll_call_id>``.
* people: ``legiscan:<people_id>`` unless the roster resolves them (name, chamber,
  district, dates); committees that sponsor bills are not legislators and are left out.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ...errors import Problems, SourceError
from ...model import BILL_STATUS, TABLES, base_print, bill_id
from ..core.archives import open_zip
from ..core.finish import Converted, combine, finish, warn_counts_differ
from ..core.normalise import ISO_DATE, latest_action, safe_id, session_span
from ..core.people import People
from ..core.request import ImportReport, ImportRequest

SOURCE = "legiscan"
CHAMBERS = {"H": "lower", "A": "lower", "S": "upper", "L": "upper"}
OPTIONS = {"yea": "yes", "nay": "no", "nv": "not voting", "absent": "absent"}
OPTION_IDS = {1: "yes", 2: "no", 3: "not voting", 4: "absent"}
COMPANION_TYPES = ("same as", "cross-filed", "cross filed")
#: LegiScan's bill status codes, in its words (status 0: not yet introduced, left empty).
STATUS_WORDS = {1: "Introduced", 2: "Engrossed", 3: "Enrolled", 4: "Passed", 5: "Vetoed",
                6: "Failed"}
MAX_LISTED = 10

#: (regex on desc, motion_type), first match wins
MOTION_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), t) for p, t in (
        (r"\bveto\b", "other"),
        (r"committee of the whole", "passage"),
        (r"\bcommittee\b|\bcomm\b|\bdo pass\b|\bfavorabl|\breported?\b", "committee"),
        (r"\bamendment|\bamend\b", "amendment"),
        (r"third reading|3rd reading|read (the )?third time|final passage|\bpassage\b|"
         r"\bpassed\b|floor vote|\bconcur", "passage"),
        (r"\bmotion\b|\btable\b|\breconsider|\brecommit|\brefer|\badjourn|\bsuspend|"
         r"previous question|\bintroduc|\bcalendar\b", "procedural"),
    ))


def bill_status(bill: dict[str, Any]) -> tuple[str, str, str, str]:
    """bills.csv's (status, committee, last_action, last_action_date) of a LegiScan bill:
    its status in LegiScan's words (the CSV datasets' status_desc, else the code's name),
    the committee it is pending in, and the latest action of its history."""
    code = bill.get("status")
    words = str(bill.get("status_desc") or "").strip() or STATUS_WORDS.get(
        int(str(code)) if str(code).isdigit() else -1, "")
    committee = bill.get("committee")
    name = str(committee.get("name") or "").strip() if isinstance(committee, dict) else ""
    history = [(h.get("date"), h.get("action")) for h in bill.get("history") or []
               if isinstance(h, dict)]
    return (words, name, *latest_action(history))


def motion_type(desc: str) -> str:
    """Our motion_type for a LegiScan roll call description (see MOTION_RULES)."""
    for pattern, kind in MOTION_RULES:
        if pattern.search(desc):
            return kind
    return "other"


def result_of(passed: Any) -> str:
    """roll_call.passed -> result; empty when the source does not say (the CSV datasets)."""
    return "" if passed is None else "pass" if passed else "fail"


def session_name(session: dict[str, Any]) -> str:
    """``{"year_start": 2023, "year_end": 2024, "special": 0}`` -> ``2023-2024``."""
    start, end = int(session["year_start"]), int(session["year_end"])
    name = f"{start}-{end}" if end != start else f"{start}"
    if int(session.get("special") or 0):
        name += f"-special-{session['session_id']}"
    return name


def number_of(state: str, bill_number: str) -> str:
    """LegiScan's bill number as ours: no amendment letter; NY without zero padding."""
    number = base_print(bill_number)
    if state.upper() == "NY":
        number = re.sub(r"^([A-Z]+)0+(?=\d)", r"\1", number)
    return number


def district_of(text: str) -> str:
    """``HD-013`` -> ``13``; ``SD-A`` -> ``A``."""
    tail = str(text).rsplit("-", 1)[-1].strip()
    return tail.lstrip("0") or tail


class ShapeError(ValueError):
    """A LegiScan JSON object lacks a key or has a value of the wrong type."""


def need(obj: Any, key: str, kind: type | tuple[type, ...], path: str) -> Any:
    """``obj[key]``, checked to be of ``kind``; a ShapeError naming ``path`` otherwise."""
    if not isinstance(obj, dict) or key not in obj:
        raise ShapeError(f"{path}.{key} is missing")
    value = obj[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        raise ShapeError(f"{path}.{key} is {type(value).__name__}, not "
                         f"{getattr(kind, '__name__', 'the expected type')}")
    return value


@dataclass
class LegiScanData:
    """LegiScan objects by id, each with the file (or request) it came from."""

    origin: str
    bills: dict[int, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    votes: dict[int, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    people: dict[int, tuple[str, dict[str, Any]]] = field(default_factory=dict)

    def add(self, kind: str, where: str, data: Any, problems: Problems) -> None:
        """Add one decoded JSON document (``{"bill": ...}`` etc.), checking its shape."""
        top = {"bill": "bill", "vote": "roll_call", "people": "person"}[kind]
        try:
            obj = need(data, top, dict, "")
            if kind == "bill":
                _check_bill(obj)
                self.bills[obj["bill_id"]] = (where, obj)
            elif kind == "vote":
                _check_vote(obj)
                self.votes[obj["roll_call_id"]] = (where, obj)
            else:
                need(obj, "people_id", int, top)
                need(obj, "name", str, top)
                self.people[obj["people_id"]] = (where, obj)
        except ShapeError as exc:
            problems.error(where, f"is not a LegiScan {top} as expected: {str(exc).lstrip('.')}"
                           ". Is this a LegiScan dataset (bill/, vote/, people/ JSON)?")


def _check_bill(bill: dict[str, Any]) -> None:
    need(bill, "bill_id", int, "bill")
    need(bill, "bill_number", str, "bill")
    need(bill, "state", str, "bill")
    session = need(bill, "session", dict, "bill")
    for key in ("year_start", "year_end", "session_id"):
        need(session, key, int, "bill.session")
    for i, sp in enumerate(need(bill, "sponsors", list, "bill")):
        need(sp, "people_id", int, f"bill.sponsors[{i}]")
    for i, v in enumerate(bill.get("votes") or []):
        need(v, "roll_call_id", int, f"bill.votes[{i}]")


def _check_vote(rc: dict[str, Any]) -> None:
    for key in ("roll_call_id", "bill_id"):
        need(rc, key, int, "roll_call")
    for key in ("date", "desc", "chamber"):
        need(rc, key, str, "roll_call")
    for key in ("yea", "nay", "nv", "absent"):
        need(rc, key, int, "roll_call")
    for i, v in enumerate(need(rc, "votes", list, "roll_call")):
        need(v, "people_id", int, f"roll_call.votes[{i}]")
        need(v, "vote_text", str, f"roll_call.votes[{i}]")


# ------------------------------------------------------------------ reading a dataset


def _members(path: Path) -> Iterator[tuple[str, str, bytes]]:
    """(kind, name, bytes) of every bill/vote/people JSON in a ZIP or folder."""
    def kind_of(name: str) -> str | None:
        parts = name.replace("\\", "/").split("/")
        if len(parts) >= 2 and parts[-2] in ("bill", "vote", "people") and name.endswith(
                ".json"):
            return parts[-2]
        return None

    if path.is_dir():
        for p in sorted(path.rglob("*.json")):
            kind = kind_of(str(p.relative_to(path)))
            if kind:
                yield kind, str(p), p.read_bytes()
        return
    with open_zip(path, "the LegiScan dataset") as archive:
        for name in archive.names():
            kind = kind_of(name)
            if kind:
                yield kind, f"{path}: {name}", archive.read(name)


def read_dataset(path: Path, problems: Problems) -> LegiScanData:
    """Every bill, roll call and person of a LegiScan dataset ZIP or folder."""
    path = Path(path)
    if not path.exists():
        raise SourceError(f"{path}: no such file or folder. Give the LegiScan dataset "
                          "(the .zip or the folder it unzips to).")
    data = LegiScanData(origin=str(path))
    for kind, where, raw in _members(path):
        try:
            doc = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.error(where, f"is not valid JSON: {exc}")
            continue
        except RecursionError:
            problems.error(where, "is not a LegiScan file: its JSON is nested too deeply to "
                           "read")
            continue
        data.add(kind, where, doc, problems)
    if not (data.bills or data.votes) and not problems.errors:
        raise SourceError(f"{path}: no LegiScan bill/*.json or vote/*.json files found. Give "
                          "the dataset ZIP downloaded from legiscan.com/datasets, or its folder.")
    return data


# ------------------------------------------------------------------ conversion


def convert(data: LegiScanData, people: People, problems: Problems) -> Converted:
    """The canonical tables of a LegiScan dataset (or API answers)."""
    conv = Converted(tables={})
    bills_rows, by_ls, state_of, links = [], {}, {}, {}
    untyped = 0
    sponsor_rows: list[tuple[str, ...]] = []
    for ls_id, (_where, bill) in sorted(data.bills.items()):
        state = bill["state"].lower()
        session = session_name(bill["session"])
        number = number_of(state, bill["bill_number"])
        bid = bill_id(session, number)
        by_ls[ls_id], state_of[ls_id] = (bid, session, number), state
        same = sorted({number_of(state, str(s.get("sast_bill_number", "")))
                       for s in bill.get("sasts") or [] if isinstance(s, dict)
                       and str(s.get("type", "")).strip().lower() in COMPANION_TYPES
                       and s.get("sast_bill_number")} - {number})
        bills_rows.append((bid, session, number, str(bill.get("title") or bill.get(
            "description") or ""), ";".join(same), bill.get("state_link") or bill.get("url")
            or "", *bill_status(bill)))
        for v in bill.get("votes") or []:
            links[v["roll_call_id"]] = v.get("state_link") or v.get("url") or ""
        first, last = session_span(session)
        sponsors = [s for s in bill["sponsors"] if not s.get("committee_sponsor")]
        typed = any(s.get("sponsor_type_id") for s in sponsors)
        untyped += bool(sponsors) and not typed
        for i, sp in enumerate(sponsors):
            chamber = {"rep": "lower", "sen": "upper"}.get(str(sp.get("role", "")).lower(), "")
            pid = f"{SOURCE}:{sp['people_id']}"
            people.see(pid, chamber, session, first, last, str(sp.get("name", "")),
                       str(sp.get("party", "")),
                       district_of(str(sp.get("district", ""))))
            role = (sp.get("sponsor_type_id") == 1) if typed else i == 0
            sponsor_rows.append((bid, pid, "primary" if role else "cosponsor", chamber, session))
    if untyped:
        conv.notes.append(f"LegiScan gives no sponsor type for {untyped} bill(s): their first "
                          "listed sponsor is recorded as primary, the others as cosponsors")
    bills = pd.DataFrame(bills_rows, columns=[*TABLES["bills"], *BILL_STATUS])
    rollcalls, votes = _rollcalls(data, by_ls, state_of, links, people, problems, conv)
    sponsors = pd.DataFrame(sponsor_rows, columns=[*TABLES["sponsors"], "_chamber", "_session"])
    sponsors = sponsors.sort_values("role", ascending=False, kind="stable").drop_duplicates(
        ["bill_id", "legislator_id"])
    conv.tables = {"bills": bills.drop_duplicates("bill_id"), "rollcalls": rollcalls,
                   "votes": votes, "sponsors": sponsors.reset_index(drop=True)}
    conv.sessions = sorted(set(bills["session"]))
    if len(rollcalls):
        conv.first, conv.last = str(rollcalls["date"].min()), str(rollcalls["date"].max())
        kinds = Counter(rollcalls["motion_type"])
        conv.notes.append("LegiScan roll calls classified from their descriptions: " + ", ".join(
            f"{n} {k}" for k, n in sorted(kinds.items())) + " (check rollcalls.csv)")
    listed = set(links) - set(data.votes)
    if listed and data.votes:
        conv.warnings.append(f"{len(listed)} roll call(s) listed in bill files have no vote "
                             f"file (e.g. {min(listed)}); they are left out")
    return conv


def _rollcalls(data: LegiScanData, by_ls: dict[int, tuple[str, str, str]],
               state_of: dict[int, str], links: dict[int, str], people: People,
               problems: Problems, conv: Converted) -> tuple[pd.DataFrame, pd.DataFrame]:
    rc_rows, vote_rows = [], []
    orphans: list[str] = []
    mismatched: list[str] = []
    joint = 0
    unknown_text: Counter[str] = Counter()
    no_person: set[int] = set()
    for rc_id, (where, rc) in sorted(data.votes.items()):
        if rc["bill_id"] not in by_ls:
            orphans.append(where)
            continue
        bid, session, number = by_ls[rc["bill_id"]]
        chamber = CHAMBERS.get(rc["chamber"].strip().upper())
        if chamber is None:
            joint += 1
            continue
        date = rc["date"].strip()[:10]
        if not ISO_DATE.match(date):
            problems.error(where, f"roll_call.date {rc['date']!r} is not a date (YYYY-MM-DD)")
            continue
        st = state_of[rc["bill_id"]]
        rid = safe_id(f"{st}-{session}-{number}-{chamber}-{date}-ls{rc_id}")
        yes, no, other = rc["yea"], rc["nay"], rc["nv"] + rc["absent"]
        rc_rows.append((rid, bid, chamber, date, rc["desc"].strip(), motion_type(rc["desc"]),
                        "", result_of(rc.get("passed")), str(yes), str(no),
                        str(other), links.get(rc_id, "")))
        counted: Counter[str] = Counter()
        for v in rc["votes"]:
            text = v["vote_text"].strip()
            option = OPTIONS.get(text.lower()) or OPTION_IDS.get(v.get("vote_id", 0))
            if option is None:
                unknown_text[text] += 1
                option = "other"
            counted["yes" if option == "yes" else "no" if option == "no" else "other"] += 1
            pid = v["people_id"]
            person = data.people.get(pid, ("", {}))[1]
            if not person:
                no_person.add(pid)
            people.see(f"{SOURCE}:{pid}", chamber, session, date, date,
                       str(person.get("name", "")),
                       str(person.get("party", "")),
                       district_of(str(person.get("district", ""))))
            vote_rows.append((rid, f"{SOURCE}:{pid}", option, text, chamber, session))
        if (counted["yes"], counted["no"], counted["other"]) != (yes, no, other):
            mismatched.append(f"{where}: roll call {rid}: the declared counts (yea {yes}, nay "
                              f"{no}, nv+absent {other}) differ from the member votes ("
                              f"{counted['yes']}, {counted['no']}, {counted['other']})")
    if orphans:
        conv.warnings.append(f"{len(orphans)} roll call(s) are on bills that have no bill file "
                             f"in the dataset and were left out (e.g. {orphans[0]})")
    if joint:
        conv.warnings.append(f"{joint} joint-session roll call(s) have no chamber; left out")
    if unknown_text:
        conv.warnings.append("vote_text values outside Yea/Nay/NV/Absent were recorded as "
                             "other: " + ", ".join(f"{t} ({n})" for t, n in unknown_text.items()))
    if no_person:
        conv.warnings.append(f"{len(no_person)} voter(s) have no people/ file (e.g. "
                             f"{min(no_person)}); they keep a legiscan: id without a name")
    warn_counts_differ(conv, mismatched, MAX_LISTED)
    rollcalls = pd.DataFrame(rc_rows, columns=list(TABLES["rollcalls"]))
    votes = pd.DataFrame(vote_rows, columns=[*TABLES["votes"], "_chamber", "_session"])
    return rollcalls, votes.drop_duplicates(["rollcall_id", "legislator_id"], keep="last")


def meta_for(conv: Converted, states: set[str], source: str,
             fetched: str, note: str) -> dict[str, Any]:
    states_up = sorted(s.upper() for s in states)
    return {"source": source,
            "jurisdiction": states_up[0] if len(states_up) == 1 else states_up,
            "sessions": sorted(conv.sessions),
            "fetched_at": fetched, "notes": [note]}


def import_legiscan(req: ImportRequest) -> ImportReport:
    """``scorecard import legiscan ZIP_OR_DIR... --into DIR [--roster PATH]``."""
    import datetime as dt

    if not req.paths:
        raise SourceError("Give the LegiScan dataset: scorecard import legiscan "
                          "NY_2023-2024_General_Assembly.zip --into votes/ny")
    problems = Problems()
    datasets = [read_dataset(Path(p), problems) for p in req.paths]
    people = People(SOURCE, Path(req.into), list(req.rosters))
    conv = combine([convert(d, people, problems) for d in datasets])
    states = {b["state"] for d in datasets for _, b in d.bills.values()}
    fetched = max(dt.date.fromtimestamp(Path(p).stat().st_mtime).isoformat() for p in req.paths)
    conv.source, conv.label, conv.people = SOURCE, ", ".join(str(p) for p in req.paths), people
    conv.meta = meta_for(conv, states, "LegiScan dataset", fetched, "")
    conv.meta["notes"] = sorted({  # one note per dataset, whichever call imported it
        f"LegiScan dataset {Path(p).name} (file dated "
        f"{dt.date.fromtimestamp(Path(p).stat().st_mtime).isoformat()})" for p in req.paths})
    return finish(req.into, conv, problems)
