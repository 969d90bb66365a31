"""U.S. Congress roll calls in the public unitedstates/congress JSON format.

One file per roll call, ``data/<congress>/votes/<year>/<h|s><number>/data.json``::

    {"chamber": "h", "congress": 116, "session": "2020", "number": 13,
     "date": "2020-01-10T11:19:00-05:00", "question": "On Passage: H R 535 PFAS Action Act",
     "category": "passage", "result": "Passed", "source_url": "http://clerk.house.gov/...",
     "bill": {"congress": 116, "type": "hr", "number": 535},
     "votes": {"Yea": [{"id": "A000370", "display_name": "Adams", "party": "D",
                        "state": "NC"}, ...], "Nay": [...], "Not Voting": [...]}}

House members are identified by bioguide id, senators by Senate LIS id (``S289``);
the Vice President's tie-breaking vote is the plain string ``"VP"``.

This module reads such a file into a :class:`RollCall`, the one shape every Congress
input (this JSON, the House Clerk's XML, the Senate's XML) is turned into before it
becomes canonical tables. Each problem raises a SourceError naming the file.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import SourceError
from ..core.normalise import ISO_DATE

#: The chamber letters of the format, and the canonical chamber and id word of each.
CHAMBER_CODES = {"h": ("lower", "house"), "s": ("upper", "senate")}

#: Source option -> canonical option (DESIGN.md section 2). Others (the names voted for
#: in the election of the Speaker) are ``other``.
OPTION_MAP = {
    "Yea": "yes", "Aye": "yes", "Guilty": "yes",
    "Nay": "no", "No": "no", "Not Guilty": "no",
    "Not Voting": "not voting",
    "Present": "abstain",
    "Present, Giving Live Pair": "paired",
}

#: unitedstates/congress ``category`` -> canonical motion_type.
CATEGORY_MAP = {
    "passage": "passage",
    "passage-suspension": "passage",
    "veto-override": "passage",
    "impeachment": "passage",  # the House agreeing to a resolution impeaching an officer
    "amendment": "amendment",
    "nomination": "nomination",
    "cloture": "procedural",
    "recommit": "procedural",
    "procedural": "procedural",
    "quorum": "procedural",
    "treaty": "other",
    "conviction": "other",
    "leadership": "other",
    "unknown": "other",
}

#: Bill types of the format -> the print prefix used in bill numbers (``hr`` 2 -> ``HR2``).
BILL_TYPES = {
    "hr": "HR", "s": "S", "hres": "HRES", "sres": "SRES", "hjres": "HJRES",
    "sjres": "SJRES", "hconres": "HCONRES", "sconres": "SCONRES",
}

BIOGUIDE_ID = re.compile(r"^[A-Z]\d{6}$")
LIS_ID = re.compile(r"^S\d{3,4}$")
_DIR_NAME = re.compile(r"^([hs])(\d+)$")


#: What the source says about each member on a roll call (JSON: the entry itself).
MEMBER_KEYS = ("display_name", "party", "state", "first_name", "last_name")
Member = Mapping[str, Any]


@dataclass
class Bill:
    congress: int
    type: str  # "hr", "s", ...
    number: int
    title: str = ""

    @property
    def print_number(self) -> str:
        return f"{BILL_TYPES[self.type]}{self.number}"


@dataclass
class RollCall:
    """One roll call of either chamber, whatever format it came in."""

    origin: str  # the file or URL it was read from (named in every message)
    chamber: str  # "h" or "s"
    congress: int
    year: int
    number: int
    date: str  # YYYY-MM-DD, the chamber's own (local) date
    question: str
    motion_type: str
    result: str
    source_url: str
    #: the members listed, as three parallel lists (a year is some 400,000 of them):
    ids: list[str] = field(default_factory=list)  # bioguide (House) or LIS (Senate) ids
    raws: list[str] = field(default_factory=list)  # each one's option as the source wrote it
    members: list[Member] = field(default_factory=list)  # what else it says (MEMBER_KEYS)
    bill: Bill | None = None
    #: yes/no/other as the source declared them (XML); None: count the member votes
    declared: tuple[int, int, int] | None = None
    #: the Vice President's tie-breaking vote, if any (not a member vote)
    vice_president: str = ""
    #: when the source last changed the record (YYYY-MM-DD), if it says
    updated_at: str = ""

    @property
    def rollcall_id(self) -> str:
        return f"us-{CHAMBER_CODES[self.chamber][1]}-{self.year}-{self.number}"


def motion_type_for(category: str) -> str:
    """The canonical motion_type of a unitedstates/congress category (unknown: other)."""
    return CATEGORY_MAP.get(category, "other")


def option_for(raw: str) -> str:
    """The canonical option of a source option; names and other words are ``other``."""
    return OPTION_MAP.get(raw, "other")


def check_ids(rc: RollCall) -> None:
    """A House roll call lists bioguide ids, a Senate one LIS ids; anything else is an error.

    This is how a file filed under the wrong chamber is caught.
    """
    want, other, pattern = ("bioguide", "Senate LIS", BIOGUIDE_ID) if rc.chamber == "h" else (
        "Senate LIS", "bioguide", LIS_ID)
    ids = rc.ids
    if len(set(ids)) != len(ids):
        twice = sorted(i for i, n in Counter(ids).items() if n > 1)
        raise SourceError(f"{rc.origin}: {', '.join(twice)} listed more than once on this roll "
                          "call; the file is damaged.")
    try:  # one pass over all ids (a House year has 300,000 and more); per id only if not
        joined = "\n".join(ids) + "\n"
        if joined.count("\n") == len(ids) and re.fullmatch(
                f"(?:{pattern.pattern[1:-1]}\n)*", joined):
            return
    except TypeError:
        pass
    bad = [i for i in ids if not (isinstance(i, str) and pattern.match(i))]
    chamber = "House" if rc.chamber == "h" else "Senate"
    looks_other = all((LIS_ID if rc.chamber == "h" else BIOGUIDE_ID).match(i) for i in bad)
    hint = (f" They look like {other} ids: is this a "
            f"{'Senate' if rc.chamber == 'h' else 'House'} roll call filed as a {chamber} one?"
            if looks_other else "")
    shown = ", ".join(bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
    raise SourceError(f"{rc.origin}: this {chamber} roll call should list members by {want} "
                      f"id, but has {shown}.{hint}")


def _need(data: dict[str, Any], key: str, kind: type | tuple[type, ...], origin: str) -> Any:
    value = data.get(key)
    if value is None or value == "" or not isinstance(value, kind) or isinstance(value, bool):
        raise SourceError(f"{origin}: the roll call's {key!r} is missing or not valid "
                          f"(found {value!r}).")
    return value


def _ids(entries: list[Any], raw: str, origin: str) -> list[str]:
    """The ids of the members listed under one option."""
    try:
        return [e["id"] for e in entries]
    except (TypeError, KeyError):
        bad = next(e for e in entries if not (isinstance(e, dict) and "id" in e))
        raise SourceError(f"{origin}: a member listed under {raw!r} has no id ({bad!r})."
                          ) from None


def rollcall_from_json(data: Any, origin: str) -> RollCall:
    """A :class:`RollCall` from one parsed data.json; SourceError naming ``origin`` if not."""
    if not isinstance(data, dict) or "votes" not in data or "chamber" not in data:
        raise SourceError(f"{origin}: not a roll call in the unitedstates/congress format "
                          "(it needs 'chamber', 'number', 'date' and 'votes'). Pass the "
                          "roll calls' data.json files, or folders holding them.")
    chamber = _need(data, "chamber", str, origin)
    if chamber not in CHAMBER_CODES:
        raise SourceError(f"{origin}: chamber {chamber!r} is neither 'h' (House) nor 's' "
                          "(Senate).")
    congress = _need(data, "congress", int, origin)
    number = _need(data, "number", int, origin)
    when = _need(data, "date", str, origin)
    if not ISO_DATE.match(when[:10]):
        raise SourceError(f"{origin}: date {when!r} is not an ISO date (2020-01-10T10:44:00).")
    votes = data["votes"]
    if not isinstance(votes, dict):
        raise SourceError(f"{origin}: 'votes' must map each option to a list of members.")
    ids: list[str] = []
    raws: list[str] = []
    members: list[Member] = []
    vice_president = ""
    for raw, entries in votes.items():
        if not isinstance(entries, list):
            raise SourceError(f"{origin}: votes[{raw!r}] must be a list of members.")
        if "VP" in entries:  # the Vice President's tie-breaking vote
            vice_president = raw
            entries = [e for e in entries if e != "VP"]
        ids += _ids(entries, raw, origin)
        raws += [raw] * len(entries)
        members += entries
    category = str(data.get("category") or "unknown")
    bill = None
    b = data.get("bill")
    if isinstance(b, dict) and b.get("type") in BILL_TYPES and isinstance(b.get("number"), int):
        # the House files carry a bill's title only as the 'subject' of a passage vote
        title = b.get("title") or (data.get("subject") if chamber == "h" and category in (
            "passage", "passage-suspension") else "")
        bill = Bill(congress=int(b.get("congress") or congress), type=b["type"],
                    number=b["number"], title=str(title or ""))
    elif b:
        raise SourceError(f"{origin}: bill {b!r} is not a bill of a known type "
                          f"({', '.join(BILL_TYPES)}).")
    # Roll calls are numbered per session, and a session can run a few days into the next
    # year (the Senate's vote 290 of 2020 was taken on 2021-01-01): the id uses the
    # session's year, which the format gives as 'session'.
    session = str(data.get("session") or "")
    year = int(session) if re.fullmatch(r"\d{4}", session) else int(when[:4])
    if not 0 <= int(when[:4]) - year <= 1:
        raise SourceError(f"{origin}: session {session!r} and date {when!r} disagree on the "
                          "year.")
    rc = RollCall(
        origin=origin, chamber=chamber, congress=congress, year=year, number=number,
        date=when[:10], question=str(data.get("question") or data.get("type") or ""),
        motion_type=motion_type_for(category),
        result=str(data.get("result") or ""), source_url=str(data.get("source_url") or ""),
        ids=ids, raws=raws, members=members, bill=bill, vice_president=vice_president,
        updated_at=str(data.get("updated_at") or "")[:10],
    )
    _check_place(rc, Path(origin), data.get("vote_id"))
    check_ids(rc)
    return rc


def _check_place(rc: RollCall, path: Path, vote_id: Any) -> None:
    """The folder name (``h13``) and vote_id (``h13-116.2020``) must agree with the content."""
    m = _DIR_NAME.match(path.parent.name)
    if m and (m.group(1), int(m.group(2))) != (rc.chamber, rc.number):
        raise SourceError(f"{rc.origin}: the folder says {path.parent.name} but the file is "
                          f"{rc.chamber}{rc.number} (chamber {rc.chamber!r}, number "
                          f"{rc.number}). The file is misfiled or damaged.")
    expected = f"{rc.chamber}{rc.number}-{rc.congress}.{rc.year}"
    if isinstance(vote_id, str) and vote_id and vote_id != expected:
        raise SourceError(f"{rc.origin}: vote_id {vote_id!r} disagrees with the file's chamber, "
                          f"number, congress and date ({expected}).")


def read_json_rollcall(path: Path, raw: bytes) -> RollCall:
    """Parse one data.json file's bytes."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise SourceError(f"{path}: not a roll call: it is not valid JSON ({exc}).") from None
    except RecursionError:
        raise SourceError(f"{path}: not a roll call: its JSON is nested too deeply to read."
                          ) from None
    return rollcall_from_json(data, str(path))
