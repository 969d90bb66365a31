"""U.S. Congress: roll calls into the canonical tables (``scorecard import|fetch congress``).

Inputs: roll-call files in the unitedstates/congress JSON format (:mod:`.json_format`),
or the House Clerk's and the Senate's own XML (:mod:`.xml_format`), which ``fetch``
downloads. The roster is the congress-legislators CSVs (``legislators-current.csv``,
``legislators-historical.csv``), read by :mod:`..core.roster_csv`.

Identity: legislator_id is the bioguide id. House roll calls name members by bioguide
id; senators' LIS ids (``S289``) are mapped through the roster's ``lis_id`` column. An
id the roster lacks is reported, never guessed: a House member keeps the bioguide id the
Clerk published, a senator keeps ``congress:<LIS id>``; either gets the name the roll
call shows. rollcall_id is ``us-house-<year>-<number>`` / ``us-senate-<year>-<number>``;
bill_id is ``<congress>/<print>`` (``116/HR535``), empty for a nomination.

The roster CSVs carry each person's current (or last) party, state and district but no
term history, so legislators.csv gets one role row per person and chamber, from the
first to the last roll call they appear on in the dataset (widened on later imports),
with the district from the roster and the party the roll calls record.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ...errors import Problems, SourceError
from ...model import TABLES
from ..core.finish import Converted, finish
from ..core.normalise import party as party_name
from ..core.request import FetchRequest, ImportReport, ImportRequest
from ..core.roster import NO_END, NO_START, Person, Roster
from ..core.roster_csv import load_csv_roster, read_csv_roster, state_of
from .json_format import CHAMBER_CODES, OPTION_MAP, Member, RollCall, read_json_rollcall
from .xml_format import parse_xml, rollcall_url

SOURCE = "congress"
ROSTER_URLS = (
    "https://unitedstates.github.io/congress-legislators/legislators-current.csv",
    "https://unitedstates.github.io/congress-legislators/legislators-historical.csv",
)
BILL_PATHS = {"hr": "house-bill", "s": "senate-bill", "hres": "house-resolution",
              "sres": "senate-resolution", "hjres": "house-joint-resolution",
              "sjres": "senate-joint-resolution", "hconres": "house-concurrent-resolution",
              "sconres": "senate-concurrent-resolution"}
_US_ID = re.compile(r"^us-(house|senate)-(\d{4})-(\d+)$")
ROLE_NOTE = (
    "Legislators: names and districts from the congress-legislators roster (its current or "
    "last district; the roster CSVs hold no term history), party as the roll calls record "
    "it; one role row per member and chamber, from the first to the last roll call the "
    "member appears on in this dataset."
)


# ---- reading roll-call files -------------------------------------------------------


def rollcall_files(paths: Iterable[Path]) -> list[Path]:
    """The roll-call files among ``paths``. Folders are searched for roll calls laid out as
    unitedstates/congress does (``.../h13/data.json``; its bills' and amendments' data.json
    files are left alone) and for the chambers' XML (``roll013.xml``,
    ``vote_116_2_00036.xml``)."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and (
                (p.name == "data.json" and re.match(r"^[hs]\d+$", p.parent.name))
                or re.match(r"^(roll\d+|vote_\d+_\d+_\d+)\.xml$", p.name)))
        elif path.is_file():
            found.append(path)
        else:
            raise SourceError(f"{path}: no such file or folder.")
    return list(dict.fromkeys(p.resolve() for p in found))


def read_rollcall(path: Path) -> RollCall:
    """One roll-call file, JSON or XML (told apart by content); SourceError naming it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror}).") from None
    head = raw.lstrip()[:1]
    if head == b"{":
        return read_json_rollcall(path, raw)
    if head == b"<":
        rc = parse_xml(raw, str(path))
        rc.source_url = rollcall_url(rc.chamber, rc.year, rc.number)
        return rc
    raise SourceError(f"{path}: not a roll call: expected a unitedstates/congress data.json or "
                      "a House Clerk / Senate roll-call XML file.")


def check_unique(rollcalls: list[RollCall]) -> None:
    """Two files holding the same roll call is an error naming both."""
    seen: dict[str, str] = {}
    problems = Problems()
    for rc in rollcalls:
        if rc.rollcall_id in seen:
            problems.error(rc.origin, f"holds roll call {rc.rollcall_id}, which "
                           f"{seen[rc.rollcall_id]} also holds; import one of them.")
        else:
            seen[rc.rollcall_id] = rc.origin
    problems.raise_if_errors(SourceError, "Duplicate roll calls")


# ---- canonical tables ----------------------------------------------------------------


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _district(chamber: str, person: Person | None, state: str) -> str:
    """A senator's state; a representative's ``<ST>-<NN>`` (the state if none is known)."""
    if person is None:
        return state
    return state_of(person) if chamber == "s" else person.roles[0].district


def _bill_row(rc: RollCall) -> tuple[str, ...]:
    assert rc.bill is not None
    number = rc.bill.print_number
    url = (f"https://www.congress.gov/bill/{_ordinal(rc.bill.congress)}-congress/"
           f"{BILL_PATHS[rc.bill.type]}/{rc.bill.number}")
    return (f"{rc.bill.congress}/{number}", str(rc.bill.congress), number, rc.bill.title, "",
            url)


@dataclass
class _MemberVotes:
    """Every member vote of the roll calls as numpy columns; row ``i`` is the ``i``-th member
    listed, roll call after roll call (a year is some 400,000 of them)."""

    rc: np.ndarray  # index of the roll call
    raw: np.ndarray  # the source's option
    option: np.ndarray  # the canonical option
    kind: np.ndarray  # 0 yes, 1 no, 2 other (for the totals)
    senate: np.ndarray  # bool
    lid: np.ndarray  # legislator_id
    lid_code: np.ndarray  # position of lid among the sorted distinct ids
    source_id: np.ndarray  # the id the roll call gives
    unknown: np.ndarray  # bool: the roster lacks the member


def _member_votes(rollcalls: list[RollCall], roster: Roster) -> _MemberVotes:
    """Map each distinct option and id once, then spread the results over the rows."""
    sizes = [len(rc.ids) for rc in rollcalls]
    n = sum(sizes)
    rc = np.repeat(np.arange(len(rollcalls)), sizes)
    ids = np.fromiter(chain.from_iterable(r.ids for r in rollcalls), dtype=object, count=n)
    raw = np.fromiter(chain.from_iterable(r.raws for r in rollcalls), dtype=object, count=n)
    senate = np.array([r.chamber == "s" for r in rollcalls], dtype=bool)[rc]
    raw_code, raws = pd.factorize(raw)
    options = [OPTION_MAP.get(r, "other") for r in raws]
    option = np.array(options, dtype=object)[raw_code]
    kind = np.array([0 if o == "yes" else 1 if o == "no" else 2 for o in options],
                    dtype=np.int64)[raw_code]
    id_code, distinct = pd.factorize(ids)
    _, first = np.unique(id_code, return_index=True)
    lids, unknown = [], []
    for member_id, in_senate in zip(distinct, senate[first], strict=True):
        found = roster.aliases.get(member_id) if in_senate else (
            member_id if member_id in roster.people else None)
        unknown.append(found is None)
        lids.append(found or (f"{SOURCE}:{member_id}" if in_senate else member_id))
    lid = np.array(lids, dtype=object)[id_code]
    lid_code, _ = pd.factorize(lid, sort=True)
    return _MemberVotes(rc=rc, raw=raw, option=option, kind=kind, senate=senate, lid=lid,
                        lid_code=lid_code, source_id=ids,
                        unknown=np.array(unknown, dtype=bool)[id_code])


def to_tables(rollcalls: list[RollCall], roster: Roster) -> Converted:
    """The canonical tables of ``rollcalls`` (sorted by date, chamber and number)."""
    rollcalls = sorted(rollcalls, key=lambda r: (r.date, r.chamber, r.number))
    out = Converted(tables={})
    v = _member_votes(rollcalls, roster)
    counts = np.bincount(v.rc * 3 + v.kind, minlength=3 * len(rollcalls)).reshape(-1, 3)
    rc_rows: list[Any] = []
    bill_rows: dict[str, Any] = {}
    for rc, counted in zip(rollcalls, counts.tolist(), strict=True):
        bill_id = ""
        if rc.bill is not None:
            row = _bill_row(rc)
            bill_id = row[0]
            if bill_id not in bill_rows or (row[3] and not bill_rows[bill_id][3]):
                bill_rows[bill_id] = row
        declared = rc.declared or tuple(counted)
        if rc.declared is not None and list(rc.declared) != counted:
            out.warnings.append(
                f"{rc.origin}: the declared totals (yes {declared[0]}, no {declared[1]}, other "
                f"{declared[2]}) differ from the members listed (yes {counted[0]}, no "
                f"{counted[1]}, other {counted[2]}).")
        if rc.vice_president:
            out.notes.append(f"{rc.rollcall_id}: the Vice President's tie-breaking vote "
                             f"({rc.vice_president}) is not a member vote and is not recorded.")
        rc_rows.append((rc.rollcall_id, bill_id, CHAMBER_CODES[rc.chamber][0], rc.date,
                        rc.question, rc.motion_type, "", rc.result, *map(str, declared),
                        rc.source_url))
    members = list(chain.from_iterable(rc.members for rc in rollcalls))
    out.unresolved = _strangers(v, rollcalls, members)
    out.tables = {
        "rollcalls": pd.DataFrame(rc_rows, columns=list(TABLES["rollcalls"])),
        "bills": pd.DataFrame(list(bill_rows.values()), columns=list(TABLES["bills"])),
        "votes": _votes_table(v, rollcalls),
        "legislators": _roles(v, rollcalls, members, roster),
    }
    return out


def _strangers(v: _MemberVotes, rollcalls: list[RollCall], members: list[Member]) -> list[str]:
    """One message per member the roster lacks: where first seen, on how many roll calls."""
    rows = np.flatnonzero(v.unknown)
    if not len(rows):
        return []
    seen = pd.DataFrame({"lid": v.lid[rows], "row": rows, "rc": v.rc[rows]}).groupby(
        "lid", sort=True).agg(row=("row", "min"), n=("rc", "nunique"))
    out = []
    for lid, r in zip(seen.index, seen.itertuples(index=False), strict=True):
        kept = lid if lid.startswith(f"{SOURCE}:") else "its bioguide id"
        out.append(f"{v.source_id[r.row]} ({members[r.row].get('display_name', '')}): not in "
                   f"the roster (first seen in {rollcalls[v.rc[r.row]].origin}, on {r.n} roll "
                   f"call(s)); kept as {kept} with the name the roll call shows.")
    return out


def _votes_table(v: _MemberVotes, rollcalls: list[RollCall]) -> pd.DataFrame:
    """votes.csv rows, already in the file's order (by rollcall_id, then legislator_id)."""
    ids = np.array([rc.rollcall_id for rc in rollcalls], dtype=object)
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.argsort(ids, kind="stable")] = np.arange(len(ids))
    order = np.lexsort((v.lid_code, rank[v.rc]))
    return pd.DataFrame({"rollcall_id": ids[v.rc[order]], "legislator_id": v.lid[order],
                         "option": v.option[order], "raw": v.raw[order]})


def _roles(v: _MemberVotes, rollcalls: list[RollCall], members: list[Member],
           roster: Roster) -> pd.DataFrame:
    """One row per member and chamber, from the first to the last roll call they are on;
    the party (and, for someone the roster lacks, the name) from the last one."""
    if not len(v.rc):
        return pd.DataFrame(columns=list(TABLES["legislators"]))
    # roll calls are in date order, so the first and last by index are the first and last
    # by date; rows increase with the roll call, so the last row is on the last roll call
    spans = pd.DataFrame({"key": v.lid_code * 2 + v.senate, "rc": v.rc,
                          "row": np.arange(len(v.rc))}).groupby("key", sort=True).agg(
        first=("rc", "min"), last=("rc", "max"), row=("row", "max"))
    rows = []
    for r in spans.itertuples(index=False):
        lid, code = v.lid[r.row], rollcalls[r.last].chamber
        person = roster.people.get(lid)
        said = members[r.row]
        first, last = said.get("first_name") or "", said.get("last_name") or ""
        if person:
            name, sort_name = person.name, person.sort_name
        elif first and last:  # a senator not in the roster: the Senate gives both names
            name, sort_name = f"{first} {last}", f"{last}, {first}"
        else:  # "Smith" or "Smith (D-CA)"
            name = sort_name = re.sub(r"\s*\([A-Z]+-[A-Z]{2}\)$", "",
                                      said.get("display_name") or lid)
        party = party_name(said.get("party") or "") or (
            person.party_on(NO_START, NO_END) if person else "")
        rows.append((
            lid, name, sort_name, party,
            CHAMBER_CODES[code][0], _district(code, person, said.get("state") or ""),
            rollcalls[r.first].date, rollcalls[r.last].date, person.url if person else "",
        ))
    return pd.DataFrame(rows, columns=list(TABLES["legislators"]))


# ---- the import -------------------------------------------------------------------


def order_rollcalls(rc: pd.DataFrame) -> pd.DataFrame:
    """A dataset of Congress roll calls only is kept in date, chamber, number order."""
    parts = rc["rollcall_id"].str.extract(_US_ID)
    if parts.isna().any().any():
        return rc  # other sources' rows: keep their order
    order = pd.DataFrame({"date": rc["date"], "chamber": parts[0],
                          "number": parts[2].astype(int)})
    return rc.loc[order.sort_values(["date", "chamber", "number"], kind="stable").index]


def _meta(rollcalls: list[RollCall], fetched_at: str | None) -> dict[str, object]:
    kinds = {"json" if not rc.origin.endswith(".xml") and not rc.origin.startswith("http")
             else "xml" for rc in rollcalls}
    source = " and ".join(sorted(
        {"json": "U.S. Congress roll calls (unitedstates/congress format)",
         "xml": "U.S. House Clerk and Senate roll-call XML"}[k] for k in kinds))
    meta: dict[str, object] = {
        "source": source, "jurisdiction": "US",
        "sessions": sorted({str(rc.congress) for rc in rollcalls}),
    }
    if fetched_at:
        meta["fetched_at"] = fetched_at
    meta["notes"] = [ROLE_NOTE]
    return meta


def _finish(into: Path, conv: Converted, rollcalls: list[RollCall],
            fetched_at: str | None) -> ImportReport:
    conv.source, conv.label = SOURCE, "the Congress roll calls"
    conv.meta = _meta(rollcalls, fetched_at)
    conv.seen_roles, conv.order = True, order_rollcalls
    conv.notes = [f"{len(rollcalls)} roll call(s) read.", *conv.notes, ROLE_NOTE]
    return finish(Path(into), conv)


def import_congress(req: ImportRequest) -> ImportReport:
    """``scorecard import congress PATH... --into DIR --roster FILE [--roster FILE]``."""
    if not req.rosters:
        raise SourceError(
            "Importing Congress roll calls needs the congress-legislators roster: add "
            "--roster legislators-current.csv --roster legislators-historical.csv (from "
            "github.com/unitedstates/congress-legislators) so senators' LIS ids map to "
            "bioguide ids and members get names and districts.")
    roster = load_csv_roster(req.rosters)
    files = rollcall_files(req.paths)
    if not files:
        raise SourceError(f"No roll-call files found in {', '.join(map(str, req.paths))}: "
                          "expected data.json files (data/<congress>/votes/<year>/h13/data.json)"
                          " or roll-call XML files.")
    rollcalls = [read_rollcall(p) for p in files]
    check_unique(rollcalls)
    return _finish(req.into, to_tables(rollcalls, roster), rollcalls,
                   max((rc.updated_at for rc in rollcalls if rc.updated_at), default=None))


# ---- fetch ---------------------------------------------------------------------------


def fetch_congress(req: FetchRequest) -> ImportReport:
    """``scorecard fetch congress --chamber house|senate --year Y --roll N [--roll N]...``"""
    which, year, rolls = req.option("chamber"), req.option("year"), req.option("rolls") or ()
    if which not in ("house", "senate"):
        raise SourceError("Fetching Congress roll calls needs --chamber house or --chamber "
                          "senate.")
    if not year:
        raise SourceError("Fetching Congress roll calls needs --year (e.g. --year 2020).")
    if not rolls:
        raise SourceError("Fetching Congress roll calls needs at least one --roll NUMBER "
                          "(e.g. --roll 13 --roll 36).")
    chamber = "h" if which == "house" else "s"
    from ..core.http import fetch, make_session  # requests: only when fetching

    session = make_session(Path(req.into) / ".cache")
    if req.rosters:
        roster = load_csv_roster(req.rosters)
    else:
        roster = read_csv_roster(
            (url, fetch(session, url, "the congress-legislators roster",
                        partial(_roster_text, url), keyed=False)) for url in ROSTER_URLS)
    rollcalls = []
    for number in dict.fromkeys(rolls):
        url = rollcall_url(chamber, year, number)
        what = f"{which.capitalize()} roll call {number} of {year}"
        rollcalls.append(fetch(session, url, what, partial(_rollcall, url, what, chamber, year,
                                                           number), keyed=False))
    return _finish(req.into, to_tables(rollcalls, roster), rollcalls,
                   dt.date.today().isoformat())


def _roster_text(url: str, body: bytes) -> str:
    """A fetched roster CSV, checked before it is cached: UTF-8, the columns, a person."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(f"{url}: the roster is not UTF-8 text; it was not cached. Try "
                          "again later.") from None
    if not read_csv_roster([(url, text)]).people:
        raise SourceError(f"{url}: the roster lists nobody; it was not cached. Try again "
                          "later.")
    return text


def _rollcall(url: str, what: str, chamber: str, year: int, number: int,
              body: bytes) -> RollCall:
    """A fetched roll call, checked before it is cached: parses, and is the one asked for."""
    rc = parse_xml(body, url, chamber)
    if (rc.year, rc.number) != (year, number):
        raise SourceError(f"{url}: asked for {what} but the answer is roll call "
                          f"{rc.number} of {rc.year}.")
    return rc

