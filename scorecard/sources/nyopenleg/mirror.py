"""The public NY legislation mirror: one JSON file per bill, from Open Legislation.

``scorecard import ny-mirror PATH... --into DIR --roster ROSTER_DIR``. PATH is a clone of
the mirror repository (its ``bills/<year>/<print>.json``), any folder of such files,
single files, or ``.tar.gz`` archives of them.

What is imported (DESIGN.md section 6):

* ``VoteType: FLOOR`` -> a Senate passage roll call (chamber ``upper``); the mirror keeps
  the Senate's vote on a substituted Assembly print on the A-bill (Green Light: A3675).
* ``VoteType: COMMITTEE`` with ``Chamber: SENATE`` -> a Senate committee roll call.
* The Assembly committee tables are skipped: the mirror's scraper never resets its list
  between tables (each repeats all earlier ones), 2019-2022 tables are dated 1969-12-31
  and the Assembly floor table adds nobody, so no Assembly vote can be recovered with a
  trustworthy date. ``dataset.yaml`` says so.
* ``Sponsors`` (the first is the prime sponsor) -> sponsors.csv; ``SameAsPrintNo`` ->
  ``same_as``. Members are resolved to the roster (:mod:`.identity`); the unresolved keep
  ``nysenate:<memberId>`` and are listed in ``unresolved.csv``.

Votes: Aye -> yes, Nay -> no, Excused -> excused, Absent -> absent (Open Legislation's
own codes are accepted too); the raw value is kept. The mirror declares no totals, so
rollcalls.csv's yes/no/other are the counts of its member votes.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from ...errors import ScorecardError, SourceError
from ...model import UNRESOLVED_FILE, base_print, bill_id
from ..core.ahead import ahead
from ..core.archives import tar_members
from ..core.normalise import ISO_DATE
from ..core.nysessions import ny_session, unique_id
from ..core.request import ImportReport, ImportRequest
from .parsed import BILL_URL, CODES, Parsed, bill_status, rollcall_base, see_member

if TYPE_CHECKING:  # pandas: loaded while the files are parsed (see import_ny_mirror)
    from ..core.ledger import Ledger

SOURCE = "ny-mirror"
#: The mirror's values, then Open Legislation's codes (accepted in case the mirror keeps them).
VOTE_CODES: dict[str, str] = {
    "Aye": "yes", "Nay": "no", "Excused": "excused", "Absent": "absent", **CODES,
}
#: Each code as one string object: the parsed rows are sent from the process that parses
#: them (:mod:`..core.ahead`), and one object repeated pickles as a reference to it.
_CODE: dict[str, str] = {c: c for c in VOTE_CODES}
_ID, _VOTE = itemgetter("ID"), itemgetter("Vote")
MAX_PROBLEMS = 20


def passed_on(actions: Any, date: str) -> str:
    """``pass`` when the bill's actions record its Senate passage on ``date``."""
    for a in actions or ():
        if isinstance(a, dict) and a.get("Date") == date:
            text = str(a.get("Text", "")).upper()
            if text.startswith(("PASSED SENATE", "REPASSED SENATE")):
                return "pass"
    return ""


# --------------------------------------------------------------------------------------
# reading files


def _is_bill_file(name: str) -> bool:
    return name.endswith(".json") and not Path(name).name.startswith(".")


def _archive_members(path: Path) -> Iterator[tuple[str, bytes]]:
    for name, raw in tar_members(path, _is_bill_file):
        yield f"{path}:{name}", raw


def bill_files(paths: Iterable[Path]) -> Iterator[tuple[str, bytes]]:
    """(name shown in messages, bytes) of every bill file under ``paths``."""
    for path in map(Path, paths):
        if path.is_dir():
            root = path / "bills" if (path / "bills").is_dir() else path
            files = sorted(p for p in root.rglob("*.json") if not p.name.startswith("."))
            if not files:
                raise SourceError(f"{path} holds no bill files (bills/<year>/<print>.json). "
                                  "Give a clone of the ny_legislation mirror, a folder of its "
                                  "bill files, or a .tar.gz of them.")
            for f in files:
                yield str(f), f.read_bytes()
        elif path.is_file() and path.name.endswith((".tar.gz", ".tgz", ".tar")):
            yield from _archive_members(path)
        elif path.is_file():
            yield str(path), path.read_bytes()
        else:
            raise SourceError(f"{path} does not exist. Give a clone of the ny_legislation "
                              "mirror, a folder of bill files, or a .tar.gz of them.")


# --------------------------------------------------------------------------------------
# parsing


def _problem(parsed: Parsed, name: str, message: str) -> None:
    parsed.problems.append(f"{name}: {message}")
    if len(parsed.problems) >= MAX_PROBLEMS:
        _raise(parsed, truncated=True)


def _raise(parsed: Parsed, truncated: bool = False) -> None:
    more = " (the first ones; there may be more)" if truncated else ""
    n = len(parsed.problems)
    raise SourceError(
        f"The mirror's bill files have {n} problem{'s' if n > 1 else ''}{more}; "
        "nothing was written:\n" + "\n".join(f"  - {p}" for p in parsed.problems))


def _forget_bill(parsed: Parsed, bid: str, used_ids: set[str]) -> None:
    """Drop the rows an earlier copy of bill ``bid`` added (a later copy replaces it)."""
    parsed.bills = [b for b in parsed.bills if b[0] != bid]
    parsed.sponsors = [sp for sp in parsed.sponsors if sp[0] != bid]
    keep = [i for i, rc in enumerate(parsed.rollcalls) if rc[1] != bid]
    used_ids -= {rc[0] for rc in parsed.rollcalls if rc[1] == bid}
    parsed.n_votes -= sum(len(parsed.votes[i][0]) for i in range(len(parsed.rollcalls))
                          if parsed.rollcalls[i][1] == bid)
    parsed.rollcalls = [parsed.rollcalls[i] for i in keep]
    parsed.rollcall_session = [parsed.rollcall_session[i] for i in keep]
    parsed.votes = [parsed.votes[i] for i in keep]
    parsed.files -= 1


def _bad_copy_seen(parsed: Parsed, raw: bytes) -> bool:
    """Whether a file that is not a readable bill was read already (it is said once)."""
    digest = hashlib.blake2b(raw, digest_size=16).digest()
    if digest in parsed.digests:
        parsed.repeated += 1
        return True
    parsed.digests.add(digest)
    return False


def parse_bill(parsed: Parsed, name: str, raw: bytes, used_ids: set[str],
               copies: dict[str, list[tuple[int, int]]]) -> None:
    """Add one bill file's rows to ``parsed``; problems are recorded with the file name.

    The same bill given twice in one import (a file in an archive and in a folder) is
    read once: an identical copy is skipped, and a different copy of the same bill
    (session and print) replaces the earlier one, as a later import would. ``copies``
    holds, by bill id, each file read as its size and Python's hash of its bytes
    (SipHash, keyed anew in each process: two different files of one bill match on both
    with odds of about 2**-64): a copy has its bill's id, so only files of a bill id seen
    before are compared. A cryptographic digest of every file cost a twentieth of the
    parse, and keeping every file's bytes the whole tarball's size in memory (33 MB for
    2023-24).
    """
    try:
        data = orjson.loads(raw)  # a dependency: about three times faster than json
    except orjson.JSONDecodeError as exc:
        if _bad_copy_seen(parsed, raw):
            return
        what = "is empty" if not raw.strip() else f"is not valid JSON ({exc})"
        _problem(parsed, name, f"{what}; it may be truncated: copy it again from the mirror")
        return
    if not isinstance(data, dict):
        if not _bad_copy_seen(parsed, raw):
            _problem(parsed, name, "is not a bill (a JSON object with PrintNo and Session)")
        return
    try:
        print_no, year = data["PrintNo"], data["Session"]
        year = int(year)
        number = base_print(str(print_no))
        if not number:
            raise ValueError
    except KeyError as exc:
        if not _bad_copy_seen(parsed, raw):
            _problem(parsed, name, f"lacks the field {exc.args[0]}; is it a bill file of "
                     "the mirror (bills/<year>/<print>.json)?")
        return
    except (TypeError, ValueError):
        if not _bad_copy_seen(parsed, raw):
            _problem(parsed, name, f"has an unreadable PrintNo {data.get('PrintNo')!r} or "
                     f"Session {data.get('Session')!r}")
        return
    session = ny_session(year)
    bid = bill_id(session, number)
    seen = (len(raw), hash(raw))
    earlier = copies.get(bid)
    if earlier is None:
        copies[bid] = [seen]
    elif seen in earlier:  # an identical copy
        parsed.repeated += 1
        return
    else:
        earlier.append(seen)
        parsed.repeated += 1
        _forget_bill(parsed, bid, used_ids)
    parsed.bill_ids.add(bid)
    parsed.files += 1
    parsed.sessions.add(session)
    url = BILL_URL.format(year=year, number=number)
    same = data.get("SameAsPrintNo") or ""
    same_as = ";".join(sorted({base_print(s.split("-")[0]) for s in str(same).split(",")
                               if s.strip()} - {number}))
    actions = data.get("Actions")
    parsed.bills.append((bid, session, number, str(data.get("Title") or "").strip(),
                         same_as, url, *bill_status(
                             data.get("Status"), data.get("Committee"),
                             [(a.get("Date"), a.get("Text")) for a in actions
                              if isinstance(a, dict)] if isinstance(actions, list) else [])))
    chamber = "lower" if (data.get("Chamber") == "ASSEMBLY" or (
        not data.get("Chamber") and number.startswith("A"))) else "upper"
    sponsors = data.get("Sponsors") or []
    primary = None
    for i, sp in enumerate(sponsors):
        mid = sp.get("ID") if isinstance(sp, dict) else None
        if not mid:
            _problem(parsed, name, f"Sponsors[{i}] has no member ID")
            continue
        if i == 0:
            primary = mid
        elif mid == primary:
            continue
        parsed.sponsors.append((bid, mid, "primary" if i == 0 else "cosponsor", chamber,
                                session))
        see_member(parsed, (mid, chamber, session), "", sp.get("Name") or "",
                sp.get("Short") or "")
    votes = data.get("Votes") or []
    for vi, v in enumerate(votes):
        if not isinstance(v, dict):
            _problem(parsed, name, f"Votes[{vi}] is not a roll call")
            continue
        vote_type, date = v.get("VoteType"), v.get("Date")
        if vote_type == "COMMITTEE" and v.get("Chamber", "SENATE") == "SENATE":
            committee = str(v.get("Committee") or "").strip()
            kind, motion_type = "committee", "committee"
            motion = f"Senate {committee or 'committee'} committee vote"
        elif vote_type == "FLOOR" and v.get("Chamber", "SENATE") == "SENATE":
            committee, kind, motion_type = "", "floor", "passage"
            motion = "Senate floor vote"
        elif v.get("Chamber") == "ASSEMBLY":
            parsed.skipped_assembly += 1
            continue
        else:
            parsed.skipped_other += 1
            continue
        if not isinstance(date, str) or not ISO_DATE.match(date):
            _problem(parsed, name, f"Votes[{vi}] ({vote_type}) has no date (Date: {date!r})")
            continue
        version = str(v.get("Version") or "")
        motion += f" on {number}{version}"
        rid = unique_id(rollcall_base(year, number, kind, date, committee), used_ids)
        members = v.get("Votes") or []
        try:
            ids = list(map(_ID, members))
            codes = list(map(_CODE.__getitem__, map(_VOTE, members)))
            options = list(map(VOTE_CODES.__getitem__, codes))
        except (KeyError, TypeError):
            for m in members:
                if not isinstance(m, dict) or "ID" not in m or m.get("Vote") not in VOTE_CODES:
                    _problem(parsed, name, _bad_member(vote_type, date, m))
                    break
            continue
        unique = set(ids)
        if len(unique) != len(ids):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            _problem(parsed, name, f"a {vote_type} vote on {date} lists member(s) "
                     f"{', '.join(map(str, twice))} twice")
            continue
        day = parsed.days.get((session, date))
        if day is None:
            parsed.days[(session, date)] = set(unique)
        else:
            day |= unique
        named = parsed.named.setdefault(session, set())
        if not unique <= named:
            for m in members:
                if m["ID"] not in named:
                    see_member(parsed, (m["ID"], "upper", session), date, m.get("Name") or "",
                            m.get("Short") or "")
            named |= unique
        parsed.votes.append((ids, options, codes))
        parsed.n_votes += len(ids)
        yes, no = options.count("yes"), options.count("no")
        result = passed_on(data.get("Actions"), date) if kind == "floor" else ""
        parsed.rollcalls.append((rid, bid, "upper", date, motion, motion_type, committee,
                                 result, str(yes), str(no), str(len(ids) - yes - no), url))
        parsed.rollcall_session.append(session)
        if date > parsed.latest:
            parsed.latest = date


def _bad_member(vote_type: Any, date: Any, m: Any) -> str:
    if not isinstance(m, dict) or "ID" not in m:
        return f"a {vote_type} vote on {date} lists a member without ID: {m!r}"
    if "Vote" not in m:
        return f"a {vote_type} vote on {date}: member {m['ID']} ({m.get('Name', '')}) has no Vote"
    return (f"a {vote_type} vote on {date}: member {m['ID']} ({m.get('Name', '')}) has the "
            f"unknown vote {m['Vote']!r}; known: {', '.join(VOTE_CODES)}")


def parse_files(files: Iterable[tuple[str, bytes]]) -> Parsed:
    """Parse every bill file; raise once, listing the problems, if any file is bad.

    The cyclic garbage collector is paused meanwhile: parsing allocates millions of small
    containers and makes no cycles, and the collector's passes over the growing lists
    cost a quarter of the time.
    """
    parsed = Parsed()
    used: set[str] = set()
    copies: dict[str, list[tuple[int, int]]] = {}
    paused = gc.isenabled()
    gc.disable()
    try:
        for name, raw in files:
            parse_bill(parsed, name, raw, used, copies)
    finally:
        if paused:
            gc.enable()
    if parsed.problems:
        _raise(parsed)
    return parsed


# --------------------------------------------------------------------------------------
# the import


def mirror_notes(parsed: Parsed, ledger: Ledger) -> list[str]:
    notes = [
        f"{SOURCE}: NY Senate floor (passage) and Senate committee roll calls, sponsors and "
        "same-as companions from the public NY legislation mirror (bills/<year>/<print>.json,"
        " a flattened copy of NY Senate Open Legislation); fetched_at is the latest vote date "
        "in its files (the mirror does not record when it was synced).",
        f"{SOURCE}: the mirror declares no vote totals: yes/no/other in rollcalls.csv are the "
        "counts of its member votes. Its converter folds AYEWR (aye with reservations) into "
        "Aye and drops abstentions (ABD), so no abstain votes appear.",
        f"{SOURCE}: result is 'pass' when the bill's actions record PASSED SENATE on the vote's"
        " date, else empty; committee results are not in the mirror.",
    ]
    if parsed.skipped_assembly:
        notes.append(ASSEMBLY_NOTE)
    if parsed.skipped_other:
        notes.append(f"{SOURCE}: roll calls of an unknown kind (neither FLOOR nor COMMITTEE) "
                     "were skipped.")
    if ledger.gaps:
        notes.append(GAPS_NOTE)
    return notes


#: The notes that state a count of the whole dataset, said afresh by every import.
RECOMPUTED = ("members could not be matched",)
ASSEMBLY_NOTE = (
    f"{SOURCE}: the mirror's Assembly committee tables are skipped: its scraper repeats every "
    "earlier table in each table, dates 2019-2022 tables 1969-12-31, and holds no Assembly "
    "floor votes, so this dataset has no Assembly votes (Assembly members appear through "
    "sponsorships only).")
GAPS_NOTE = (
    f"{SOURCE}: some members voted on dates the roster gives them no seat (its older role "
    "dates are incomplete); legislators.csv has rows for those dates made from the votes "
    "(first..last vote; in the district of the roster term they continue within the same "
    "session, else no district), matched by full name among the chamber's members. The "
    "roster's terms are never shortened by vote dates.")


def unresolved_note(folder: Path, ledger: Ledger) -> list[str]:
    """The note on the members of the whole dataset left with a source id, if any."""
    from ..core.identity import OVERRIDES_FILE
    from ..core.ledger import merged_unresolved

    n = len({(r[0], r[3]) for r in merged_unresolved(folder, ledger)})
    if not n:
        return []
    return [f"{SOURCE}: {RECOMPUTED[0]} to the roster: {n} keep their Open Legislation id "
            f"(nysenate:<memberId>): see {UNRESOLVED_FILE} and map them in {OVERRIDES_FILE} "
            "(source_id,legislator_id,note)."]


def read_bills(paths: list[Path], progress: bool = False) -> Parsed:
    """Every bill file under ``paths``, parsed (:func:`parse_files`)."""
    files: Iterable[tuple[str, bytes]] = bill_files(paths)
    if progress:
        from rich.progress import track

        files = track(files, description="Reading bill files", transient=True)
    return parse_files(files)


def import_ny_mirror(req: ImportRequest) -> ImportReport:
    """``scorecard import ny-mirror PATH... --into DIR --roster ROSTER_DIR``.

    The files are read and parsed in a second process (:mod:`..core.ahead`) while this
    one loads pandas and the roster; any problem in the files is then reported first,
    as when they are parsed here (a problem of the roster after it)."""
    if not req.paths:
        raise SourceError("Give the mirror: scorecard import ny-mirror ny_legislation/ "
                          "--into votes/ny --roster people/data/ny")
    if not req.rosters:
        from ..core.people import NEED_ROSTER

        raise SourceError(NEED_ROSTER)
    paths = list(req.paths)
    with ahead(lambda: read_bills(paths, req.progress)) as reading:
        from ..core.finish import Converted, finish
        from ..core.people import People
        from .api import build_tables, resolve_members

        people = People(SOURCE, Path(req.into), list(req.rosters), required=True, cache=True)
        roster_error: ScorecardError | None = None
        if reading.parallel:
            try:
                people.load_roster()
            except ScorecardError as exc:  # said after the files' own problems
                roster_error = exc
        parsed = reading.result()
    if not parsed.files:
        raise SourceError("No bill files found in " + ", ".join(map(str, req.paths)))
    if roster_error is not None:
        raise roster_error
    resolve_members(parsed, people)
    meta = {
        "source": "NY legislation mirror (ny_legislation; NY Senate Open Legislation data)",
        "jurisdiction": "NY",
        "sessions": sorted(parsed.sessions),
        "fetched_at": parsed.latest or None,
        "notes": mirror_notes(parsed, people.ledger)
        + unresolved_note(req.into, people.ledger),
        "recomputed_notes": [f"{SOURCE}: {r}" for r in RECOMPUTED],
    }
    notes = [f"{parsed.files} bill files, {len(parsed.rollcalls)} Senate roll calls, "
             f"{parsed.n_votes} member votes"]
    if parsed.skipped_assembly:
        notes.append(f"{parsed.skipped_assembly} Assembly committee tables skipped (corrupted "
                     "in the mirror; see dataset.yaml notes)")
    if parsed.repeated:
        notes.append(f"{parsed.repeated} bill file(s) given twice (e.g. in an archive and "
                     "in a folder) were read once")
    conv = Converted(build_tables(parsed, people), source=SOURCE, meta=meta, people=people,
                     label=", ".join(map(str, req.paths)), notes=notes)
    return finish(req.into, conv)
