"""U.S. Congress: roll calls into the canonical tables (``scorecard import|fetch congress``).

Inputs: roll-call files in the unitedstates/congress JSON format (:mod:`.congress_json`),
or the House Clerk's and the Senate's own XML (:mod:`.congress_xml`), which ``fetch``
downloads. The roster is the congress-legislators CSVs (``legislators-current.csv``,
``legislators-historical.csv``).

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

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ...errors import Problems, SourceError
from ...model import TABLES
from ...tables import dataset_stage, empty_table, merge_table, write_dataset, write_meta
from ..core.merge import read_existing
from ..core.request import FetchRequest, ImportReport, ImportRequest
from .json_format import CHAMBER_CODES, OPTION_MAP, Member, RollCall, read_json_rollcall
from .xml_format import parse_xml, rollcall_url

SOURCE = "congress"
ROSTER_URLS = (
    "https://unitedstates.github.io/congress-legislators/legislators-current.csv",
    "https://unitedstates.github.io/congress-legislators/legislators-historical.csv",
)
ROSTER_COLUMNS = ("bioguide_id", "lis_id", "last_name", "first_name", "state", "district",
                  "party", "type")
PARTIES = {"D": "Democratic", "R": "Republican", "I": "Independent", "ID": "Independent",
           "L": "Libertarian", "Democrat": "Democratic"}
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


# ---- roster ------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    bioguide: str
    name: str
    sort_name: str
    party: str
    state: str
    district: str  # the roster's: "12", "0" (at large) or "" (a senator)
    type: str  # rep | sen
    url: str


@dataclass
class Roster:
    people: dict[str, Person] = field(default_factory=dict)  # bioguide -> person
    lis: dict[str, str] = field(default_factory=dict)  # LIS id -> bioguide


def _person(row: dict[str, str]) -> Person:
    first = (row.get("nickname") or row.get("first_name") or "").strip()
    last = (row.get("last_name") or "").strip()
    suffix = (row.get("suffix") or "").strip()
    name = (row.get("full_name") or "").strip() or " ".join(p for p in (first, last, suffix) if p)
    bioguide = row["bioguide_id"].strip()
    return Person(
        bioguide=bioguide, name=name, sort_name=f"{last}, {first}".strip(", "),
        party=PARTIES.get(row.get("party", "").strip(), row.get("party", "").strip()),
        state=row.get("state", "").strip(), district=row.get("district", "").strip(),
        type=row.get("type", "").strip(),
        url=(row.get("url") or "").strip() or f"https://bioguide.congress.gov/search/bio/{bioguide}",
    )


def read_roster(files: Iterable[tuple[str, str]]) -> Roster:
    """The roster from (name, CSV text) pairs; an earlier file wins for a repeated id."""
    roster = Roster()
    for name, text in files:
        reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
        missing = [c for c in ROSTER_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise SourceError(
                f"{name}: not a congress-legislators roster CSV (it lacks column(s) "
                f"{', '.join(missing)}). Use legislators-current.csv and "
                "legislators-historical.csv from github.com/unitedstates/congress-legislators.")
        for row in reader:
            if not (row.get("bioguide_id") or "").strip():
                continue
            person = _person(row)
            roster.people.setdefault(person.bioguide, person)
            lis = (row.get("lis_id") or "").strip()
            if lis:
                roster.lis.setdefault(lis, person.bioguide)
    return roster


def load_roster(paths: Iterable[Path]) -> Roster:
    """Read the roster CSV files given with ``--roster``."""
    files = []
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise SourceError(f"{path}: roster file not found.")
        try:
            files.append((str(path), path.read_text(encoding="utf-8")))
        except UnicodeDecodeError:
            raise SourceError(f"{path}: the roster is not UTF-8 text.") from None
    return read_roster(files)


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


@dataclass
class Converted:
    tables: dict[str, pd.DataFrame]
    unresolved: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _district(chamber: str, person: Person | None, state: str) -> str:
    if chamber == "s":
        return person.state if person else state
    if person is None or person.type != "rep" or person.district == "":
        return person.state if person else state
    district = "AL" if person.district == "0" else person.district.zfill(2)
    return f"{person.state}-{district}"


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
        found = roster.lis.get(member_id) if in_senate else (
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
        return empty_table("legislators")
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
        party = said.get("party") or ""
        rows.append((
            lid, name, sort_name, PARTIES.get(party, party) or (person.party if person else ""),
            CHAMBER_CODES[code][0], _district(code, person, said.get("state") or ""),
            rollcalls[r.first].date, rollcalls[r.last].date, person.url if person else "",
        ))
    return pd.DataFrame(rows, columns=list(TABLES["legislators"]))


# ---- writing -------------------------------------------------------------------------


def _widen_roles(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Existing role rows of the same member, chamber and district grow to cover the new."""
    key = ["legislator_id", "chamber", "district"]
    both = new.merge(old[[*key, "start_date", "end_date"]], on=key, how="left",
                     suffixes=("", "_old")).fillna("")
    has_old = both["start_date_old"] != ""
    both.loc[has_old, "start_date"] = both.loc[has_old, ["start_date", "start_date_old"]].min(
        axis=1)
    still = has_old & (both["end_date_old"] == "")
    later = has_old & ~still
    both.loc[later, "end_date"] = both.loc[later, ["end_date", "end_date_old"]].max(axis=1)
    both.loc[still, "end_date"] = ""
    both = both.drop_duplicates(subset=key, keep="first")[list(TABLES["legislators"])]
    replaced = old.set_index(key).index.isin(both.set_index(key).index)
    return pd.concat([old[~replaced], both], ignore_index=True).sort_values(
        ["legislator_id", "chamber", "start_date"], kind="stable").reset_index(drop=True)


def _order_rollcalls(rc: pd.DataFrame) -> pd.DataFrame:
    """A dataset of Congress roll calls only is kept in date, chamber, number order."""
    parts = rc["rollcall_id"].str.extract(_US_ID)
    if parts.isna().any().any():
        return rc  # other sources' rows: keep their order
    order = pd.DataFrame({"date": rc["date"], "chamber": parts[0],
                          "number": parts[2].astype(int)})
    return rc.loc[order.sort_values(["date", "chamber", "number"], kind="stable").index]


def write_converted(folder: Path, conv: Converted, meta: dict[str, object]) -> dict[
        str, tuple[int, int]]:
    """Merge the converted tables into ``folder`` (nothing is written if a file is bad)."""
    folder = Path(folder)
    merged: dict[str, pd.DataFrame] = {}
    counts: dict[str, tuple[int, int]] = {}
    for name, new in conv.tables.items():
        old = read_existing(folder, name)
        if old is None:
            old = empty_table(name)
        if name == "legislators":
            merged[name] = _widen_roles(old, new)
        elif name == "bills" and len(old):
            prior = old.drop_duplicates("bill_id", keep="last").set_index("bill_id")
            keep = new["bill_id"].isin(prior.index) & (new["title"] == "")
            new = new.copy()
            new.loc[keep, "title"] = prior.loc[new.loc[keep, "bill_id"], "title"].to_numpy()
            merged[name] = merge_table(name, old, new)
        elif name == "votes" and old.empty:
            merged[name] = new  # a new dataset: already in order, one row per member and roll call
        else:
            merged[name] = merge_table(name, old, new)
        if name == "rollcalls":
            merged[name] = _order_rollcalls(merged[name])
        counts[name] = (len(old), len(merged[name]))
    with dataset_stage(folder) as stage:  # the tables and dataset.yaml, swapped in whole
        write_dataset(stage, merged, None, merge=False)
        write_meta(stage, meta, merge=True)
    return counts


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
    meta["notes"] = ROLE_NOTE
    return meta


def _report(into: Path, conv: Converted, counts: dict[str, tuple[int, int]],
            n: int) -> ImportReport:
    notes = [f"{n} roll call(s) read."]
    if conv.notes:
        notes += conv.notes
    notes.append(ROLE_NOTE)
    return ImportReport(source=SOURCE, into=into, counts=counts, unresolved=conv.unresolved,
                        warnings=conv.warnings, notes=notes)


def import_congress(req: ImportRequest) -> ImportReport:
    """``scorecard import congress PATH... --into DIR --roster FILE [--roster FILE]``."""
    if not req.rosters:
        raise SourceError(
            "Importing Congress roll calls needs the congress-legislators roster: add "
            "--roster legislators-current.csv --roster legislators-historical.csv (from "
            "github.com/unitedstates/congress-legislators) so senators' LIS ids map to "
            "bioguide ids and members get names and districts.")
    roster = load_roster(req.rosters)
    files = rollcall_files(req.paths)
    if not files:
        raise SourceError(f"No roll-call files found in {', '.join(map(str, req.paths))}: "
                          "expected data.json files (data/<congress>/votes/<year>/h13/data.json)"
                          " or roll-call XML files.")
    rollcalls = [read_rollcall(p) for p in files]
    check_unique(rollcalls)
    conv = to_tables(rollcalls, roster)
    meta = _meta(rollcalls, max((rc.updated_at for rc in rollcalls if rc.updated_at),
                                default=None))
    counts = write_converted(req.into, conv, meta)
    return _report(req.into, conv, counts, len(rollcalls))


# ---- fetch ---------------------------------------------------------------------------


def fetch_congress(req: FetchRequest) -> ImportReport:
    """``scorecard fetch congress --chamber house|senate --year Y --roll N [--roll N]...``"""
    from ..core.http import get_bytes, make_session

    if req.chamber not in ("house", "senate"):
        raise SourceError("Fetching Congress roll calls needs --chamber house or --chamber "
                          "senate.")
    if not req.year:
        raise SourceError("Fetching Congress roll calls needs --year (e.g. --year 2020).")
    if not req.rolls:
        raise SourceError("Fetching Congress roll calls needs at least one --roll NUMBER "
                          "(e.g. --roll 13 --roll 36).")
    chamber = "h" if req.chamber == "house" else "s"
    session = make_session(Path(req.into) / ".cache")
    if req.rosters:
        roster = load_roster(req.rosters)
    else:
        roster = read_roster(
            (url, get_bytes(session, url, "the congress-legislators roster").decode("utf-8"))
            for url in ROSTER_URLS)
    rollcalls = []
    for number in dict.fromkeys(req.rolls):
        url = rollcall_url(chamber, req.year, number)
        what = f"{req.chamber.capitalize()} roll call {number} of {req.year}"
        rc = parse_xml(get_bytes(session, url, what), url, chamber)
        if (rc.year, rc.number) != (req.year, number):
            raise SourceError(f"{url}: asked for {what} but the answer is roll call "
                              f"{rc.number} of {rc.year}.")
        rollcalls.append(rc)
    conv = to_tables(rollcalls, roster)
    meta = _meta(rollcalls, dt.date.today().isoformat())
    counts = write_converted(Path(req.into), conv, meta)
    return _report(Path(req.into), conv, counts, len(rollcalls))
