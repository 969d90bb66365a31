"""LegiScan's CSV datasets: ``scorecard import legiscan-csv PATH... --into DIR``.

The CSV flavour of a LegiScan dataset (a ZIP, usually ``<ST>/<YYYY-YYYY>_<name>/csv/``,
or a folder) holds ``bills.csv``, ``people.csv``, ``rollcalls.csv`` and ``votes.csv``,
and may hold ``sponsors.csv``, ``history.csv`` and ``documents.csv``; the columns are
those of the README.md LegiScan ships with each dataset. The rows are read into the
same LegiScan objects the JSON datasets and the API give (:class:`.dataset.LegiScanData`)
and converted by :func:`.dataset.convert`, so the mapping (sessions, numbers, chambers,
options, motion types, people ids ``legiscan:<people_id>``, roll call ids) is the JSON
flavour's, and importing one flavour after the other updates the same rows.

What the CSV flavour lacks: a roll call's result (``result`` is left empty), sponsor
types (the first in ``position`` order is primary), same-as companions, and the session's
years: they are read from the dataset's path (``2019-2020_100th_Legislature``), else
from the bills' LegiScan URLs (the session's first year) and the last roll call's date.
``history.csv`` and ``documents.csv`` hold nothing the canonical tables record; they
are named in the report. Declared yea/nay/nv/absent totals are checked against the
member votes, each mismatch named with its file and row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ...errors import Problems, SourceError
from ..core.archives import open_zip
from ..core.finish import combine, finish
from ..core.people import People
from ..core.request import ImportReport, ImportRequest
from .dataset import SOURCE as PEOPLE_SOURCE
from .dataset import LegiScanData, convert, meta_for

SOURCE = "legiscan-csv"
#: file -> columns the importer reads (LegiScan's README lists more)
COLUMNS: dict[str, tuple[str, ...]] = {
    "bills": ("bill_id", "session_id", "bill_number", "title", "description", "url",
              "state_link"),
    "people": ("people_id", "name", "party", "role", "district", "committee_id"),
    "rollcalls": ("bill_id", "roll_call_id", "date", "chamber", "description", "yea", "nay",
                  "nv", "absent"),
    "votes": ("roll_call_id", "people_id", "vote", "vote_desc"),
    "sponsors": ("bill_id", "people_id", "position"),
}
REQUIRED = ("bills", "people", "rollcalls", "votes")
OPTIONAL = ("sponsors", "history", "documents")
#: rollcalls.csv chamber -> the JSON flavour's code
CHAMBER_CODES = {"house": "H", "assembly": "A", "senate": "S", "legislature": "L"}
ROLES = {"rep": "Rep", "sen": "Sen"}
ROLLCALL_URL = "https://legiscan.com/{state}/rollcall/{number}/id/{id}"
_YEARS = re.compile(r"(?<!\d)(\d{4})-(\d{4})(?!\d)")
_STATE_URL = re.compile(r"legiscan\.com/([A-Za-z]{2})/bill/[^/]+/(\d{4})")


@dataclass
class _Files:
    """One dataset's CSV files: name -> how to open it, and the label naming it."""

    where: str
    opener: Callable[[str], IO[bytes]]
    names: dict[str, str]

    def label(self, kind: str) -> str:
        return f"{self.where}/{kind}.csv"


@contextmanager
def _datasets(path: Path) -> Iterator[list[_Files]]:
    """Every folder of ``path`` (a folder or a ZIP) that holds a bills.csv."""
    if path.is_dir():
        found = sorted(p.parent for p in path.rglob("bills.csv"))
        yield [_Files(str(d), lambda n: open(n, "rb"),  # noqa: SIM115 - closed by the reader
                      {p.stem: str(p) for p in d.glob("*.csv")}) for d in found]
        return
    with open_zip(path, "the LegiScan CSV dataset") as archive:
        folders: dict[str, dict[str, str]] = {}
        for name in archive.names():
            folder, _, file = name.rpartition("/")
            if file.endswith(".csv"):
                folders.setdefault(folder, {})[file[:-4]] = name
        yield [_Files(f"{path}: {folder}" if folder else str(path), archive.open, names)
               for folder, names in folders.items() if "bills" in names]


def _rows(files: _Files, kind: str, problems: Problems) -> list[tuple[int, dict[str, str]]]:
    """(spreadsheet row, record) of one file; its missing columns are an error."""
    if kind not in files.names:
        if kind in REQUIRED:
            problems.error(files.label(kind), "is missing: a LegiScan CSV dataset has "
                           + ", ".join(f"{k}.csv" for k in REQUIRED))
        return []
    with files.opener(files.names[kind]) as fh:
        try:
            text = fh.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            problems.error(files.label(kind), f"is not UTF-8 text ({exc.reason} at byte "
                           f"{exc.start})")
            return []
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS.get(kind, ()) if c not in (reader.fieldnames or [])]
    if missing:
        problems.error(files.label(kind), "lacks the column(s) " + ", ".join(missing)
                       + " (see the README.md of the LegiScan dataset)")
        return []
    return [(i, {k: (v or "").strip() for k, v in rec.items() if k}) for i, rec in
            enumerate(reader, start=2)]


def _int(rec: dict[str, str], col: str, files: _Files, kind: str, row: int,
         problems: Problems) -> int | None:
    try:
        return int(rec[col])
    except ValueError:
        problems.error(files.label(kind), f"{col} {rec[col]!r} is not a whole number",
                       f"row {row}")
        return None


def _session(files: _Files, bills: list[tuple[int, dict[str, str]]],
             dates: list[str], problems: Problems) -> tuple[str, dict[str, int]]:
    """The state and the session (year_start, year_end, session_id) of one dataset."""
    found = _YEARS.findall(files.where)
    from_urls = [m.groups() for _, b in bills if (m := _STATE_URL.search(b["url"]))]
    state = from_urls[0][0].upper() if from_urls else ""
    if not state:
        m = re.search(r"(?:^|[/: ])([A-Z]{2})/", files.where)
        state = m.group(1) if m else ""
    if found:
        start, end = int(found[-1][0]), int(found[-1][1])
    elif from_urls:
        start = min(int(y) for _, y in from_urls)
        end = max([start, *(int(d[:4]) for d in dates if d[:4].isdigit())])
    else:
        start = end = 0
    if not state or not start:
        problems.error(files.label("bills"), "does not say its state and session: neither its "
                       "path (<ST>/<YYYY-YYYY>_<name>/csv/) nor its LegiScan bill URLs give "
                       "them. Keep the folders of the LegiScan ZIP, or import the ZIP itself.")
    ids = {b["session_id"] for _, b in bills}
    session_id = int(min(ids)) if ids and min(ids).isdigit() else 0
    return state, {"year_start": start, "year_end": end, "session_id": session_id,
                   "special": 0}


def read_csv_dataset(files: _Files, problems: Problems) -> LegiScanData:
    """One CSV dataset as the LegiScan objects the JSON flavour holds."""
    data = LegiScanData(origin=files.where)
    table = {kind: _rows(files, kind, problems) for kind in (*REQUIRED, "sponsors")}
    people: dict[int, dict[str, Any]] = {}
    for row, p in table["people"]:
        pid = _int(p, "people_id", files, "people", row, problems)
        if pid is not None:
            people[pid] = {"people_id": pid, "name": p["name"], "party": p["party"],
                           "role": ROLES.get(p["role"].lower(), p["role"]),
                           "district": p["district"],
                           "committee_sponsor": int(p["committee_id"] not in ("", "0"))}
            data.add("people", f"{files.label('people')}, row {row}", {"person": people[pid]},
                     problems)
    state, session = _session(files, table["bills"],
                              [r["date"] for _, r in table["rollcalls"]], problems)
    bills: dict[int, dict[str, Any]] = {}
    for row, b in table["bills"]:
        bid = _int(b, "bill_id", files, "bills", row, problems)
        if bid is not None:
            bills[bid] = {"bill_id": bid, "bill_number": b["bill_number"], "state": state,
                          "session": session, "title": b["title"] or b["description"],
                          "state_link": b["state_link"], "url": b["url"], "sponsors": [],
                          "votes": [], "_row": row, "status": b.get("status"),
                          "status_desc": b.get("status_desc"),
                          "committee": {"name": b.get("committee") or ""},
                          "history": [{"date": b.get("last_action_date"),
                                       "action": b.get("last_action")}]}
    for row, s in sorted(table["sponsors"], key=lambda r: (r[1]["bill_id"],
                                                           _position(r[1]["position"]))):
        bid = _int(s, "bill_id", files, "sponsors", row, problems)
        pid = _int(s, "people_id", files, "sponsors", row, problems)
        if bid in bills and pid is not None:
            bills[bid]["sponsors"].append(people.get(pid, {"people_id": pid}))
    votes: dict[int, list[dict[str, Any]]] = {}
    for row, v in table["votes"]:
        rc_id = _int(v, "roll_call_id", files, "votes", row, problems)
        pid = _int(v, "people_id", files, "votes", row, problems)
        if rc_id is not None and pid is not None:
            votes.setdefault(rc_id, []).append({
                "people_id": pid, "vote_text": v["vote_desc"],
                "vote_id": int(v["vote"]) if v["vote"].isdigit() else 0})
    for row, r in table["rollcalls"]:
        nums = [_int(r, c, files, "rollcalls", row, problems)
                for c in ("roll_call_id", "bill_id", "yea", "nay", "nv", "absent")]
        if any(n is None for n in nums):
            continue
        rc_id, bid, yea, nay, nv, absent = (int(n or 0) for n in nums)
        chamber = CHAMBER_CODES.get(r["chamber"].lower(), r["chamber"])
        rc = {"roll_call_id": rc_id, "bill_id": bid, "date": r["date"], "chamber": chamber,
              "desc": r["description"], "yea": yea, "nay": nay, "nv": nv, "absent": absent,
              "passed": None, "votes": votes.pop(rc_id, [])}
        if bid in bills:
            bills[bid]["votes"].append({"roll_call_id": rc_id, "url": ROLLCALL_URL.format(
                state=state, number=bills[bid]["bill_number"], id=rc_id)})
        data.add("vote", f"{files.label('rollcalls')}, row {row}", {"roll_call": rc}, problems)
    for bill in bills.values():
        row = bill.pop("_row")
        data.add("bill", f"{files.label('bills')}, row {row}", {"bill": bill}, problems)
    if votes:
        problems.warn(files.label("votes"), f"{sum(map(len, votes.values()))} vote(s) name "
                      f"{len(votes)} roll call(s) that rollcalls.csv does not list (e.g. "
                      f"{min(votes)}); they are left out")
    return data


def _position(text: str) -> int:
    return int(text) if text.isdigit() else 1 << 30


def import_legiscan_csv(req: ImportRequest) -> ImportReport:
    """``scorecard import legiscan-csv ZIP_OR_DIR... --into DIR [--roster PATH]``."""
    if not req.paths:
        raise SourceError("Give the LegiScan CSV dataset: scorecard import legiscan-csv "
                          "MI_2019-2020_100th_Legislature_CSV.zip --into votes/mi")
    problems = Problems()
    people = People(PEOPLE_SOURCE, Path(req.into), list(req.rosters))
    parts, states, others = [], set(), []
    for path in map(Path, req.paths):
        with _datasets(path) as found:
            if not found:
                raise SourceError(f"{path}: no bills.csv found. Give a LegiScan CSV dataset "
                                  "(the ZIP from legiscan.com/datasets, or its folder).")
            for files in found:
                data = read_csv_dataset(files, problems)
                states |= {b["state"] for _, b in data.bills.values() if b["state"]}
                parts.append(convert(data, people, problems))
                others += [files.label(k) for k in OPTIONAL[1:] if k in files.names]
    conv = combine(parts)
    fetched = max(dt.date.fromtimestamp(Path(p).stat().st_mtime).isoformat() for p in req.paths)
    names = ", ".join(Path(p).name for p in req.paths)
    conv.source, conv.label, conv.people = SOURCE, ", ".join(map(str, req.paths)), people
    conv.meta = meta_for(conv, states, "LegiScan CSV dataset", fetched,
                         f"{SOURCE}: LegiScan CSV dataset {names} (file dated {fetched}); "
                         "the CSV flavour gives no roll call results (result is empty) and "
                         "no sponsor types (the first sponsor listed is primary)")
    if others:
        conv.notes.append("not imported (the canonical tables have no place for them): "
                          + ", ".join(others))
    return finish(req.into, conv, problems)
