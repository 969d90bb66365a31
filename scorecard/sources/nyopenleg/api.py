"""The NY Senate Open Legislation API v3: bills with Senate votes and sponsors.

``scorecard fetch nysenate --into DIR --roster ROSTER_DIR`` with either
``--session 2023 --bill S1747 --bill A3675 ...`` or ``--platform platform.yaml`` (every bill
the platform names, companions included; ``--session`` then keeps those sessions only).
Each bill is one ``GET https://legislation.nysenate.gov/api/3/bills/{year}/{printNo}
?view=default&key=...``; the same-as companions of the bills fetched are fetched too,
because the Senate votes on a substituted Assembly print are recorded on that print.

The API key is read from the environment variable ``NYSENATE_API_KEY`` (request one at
legislation.nysenate.gov). It is sent as the ``key`` query parameter and never appears in
messages, logs, the cache (``DIR/.cache/http-cache.sqlite``) or the dataset.

Mapping (documented v3 response): ``result.votes.items[]`` with ``voteType`` FLOOR ->
Senate passage roll call, COMMITTEE -> Senate committee roll call (``committee.name``);
``memberVotes.items.{AYE, AYEWR, NAY, EXC, ABS, ABD}.items[]`` -> yes, yes, no, excused,
absent, abstain (raw code kept); yes/no/other are counted from the member lists (the API
declares no separate totals). ``sponsor``, ``additionalSponsors``, and the active
amendment's ``coSponsors`` and ``multiSponsors`` -> sponsors.csv; ``amendments.items[*]
.sameAs`` -> ``same_as``. Members are resolved to the roster as for the mirror (same
``nysenate:<memberId>`` source ids, same ``identity_overrides.csv``, same roll call ids).

Member resolution and the canonical tables built from the parsed rows
(:class:`.parsed.Parsed`) are defined here and shared with the mirror importer
(:mod:`.mirror`), whose files are a flattened copy of the same data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from ...errors import SourceError
from ...model import BILL_STATUS, TABLES, base_print, bill_id
from ...rows import FROM_VOTES
from ..core.finish import Converted, finish
from ..core.identity import OVERRIDES_FILE
from ..core.ledger import UNRESOLVED_FILE, merged_unresolved
from ..core.normalise import ISO_DATE, session_span
from ..core.nysessions import ny_session, targets, unique_id
from ..core.people import People
from ..core.request import FetchRequest, ImportReport
from ..core.votes import vote_rows
from .parsed import BILL_URL, CODES, Parsed, bill_status, rollcall_base, see_member, widen_dates


def _vote_dates(parsed: Parsed) -> None:
    """First and last vote date of every member in every session, from ``days``."""
    for (session, date), ids in parsed.days.items():
        for mid in ids:
            widen_dates(parsed.members[(mid, "upper", session)], date)


def resolve_members(parsed: Parsed, people: People,
                    districts: dict[tuple[int, str], str] | None = None) -> None:
    """Resolve every member once per session; ``districts``: (member id, session) ->
    district, where the source gives one (it breaks ties between namesakes)."""
    _vote_dates(parsed)
    ledger = people.ledger
    for (mid, chamber, session), (first, last, names, shorts, sponsor) in sorted(
            parsed.members.items()):
        sid = f"nysenate:{mid}"
        district = (districts or {}).get((mid, session), "")
        if first:
            ledger.see(sid, chamber, session, first, last, names, shorts, district)
        if sponsor:
            ledger.see(sid, chamber, session, *session_span(session), names, shorts,
                       district, exact=False)
    people.resolve()


def build_tables(parsed: Parsed, people: People) -> dict[str, pd.DataFrame]:
    """The canonical tables, with the ids :func:`resolve_members` found."""
    ledger, resolver = people.ledger, people.resolver
    assert resolver is not None, "resolve_members first"
    roster = resolver.roster
    ids = {(int(k[0].split(":")[1]), k[1], k[2]): v for k, v in ledger.ids.items()}
    by_session: dict[str, dict[int, str]] = {}
    for (mid, chamber, session), lid in ids.items():
        if chamber == "upper":
            by_session.setdefault(session, {})[mid] = lid
    injective = len(set(ids.values())) == len(ids)
    rollcalls = parsed.rollcalls

    def members(i: int) -> tuple[str, list[str], list[str], list[str]]:
        mids, options, codes = parsed.votes[i]
        known = by_session[parsed.rollcall_session[i]]
        return rollcalls[i][0], [known[mid] for mid in mids], options, codes

    votes = vote_rows(
        (members(i) for i in sorted(range(len(rollcalls)), key=lambda i: rollcalls[i][0])),
        None if injective else
        f"two member ids are mapped to one person (check {OVERRIDES_FILE}).")
    sponsors = sorted({(bid, ids[(mid, ch, s)], role) for bid, mid, role, ch, s in
                       parsed.sponsors})
    primary = {(b, lid) for b, lid, role in sponsors if role == "primary"}
    sponsors = [r for r in sponsors if r[2] == "primary" or (r[0], r[1]) not in primary]
    from_votes = ledger.unresolved_rows() + ledger.gap_rows(resolver)
    terms: list[tuple[str, ...]] = []
    if roster.people:
        first = min(session_span(s)[0] for s in parsed.sessions) if parsed.sessions else None
        last = max(session_span(s)[1] for s in parsed.sessions) if parsed.sessions else None
        referenced = {lid for lid in ledger.ids.values() if lid in roster.people}
        terms = roster.rows(first, last, referenced, leave_out=resolver.duplicates)

    def frame(name: str, rows: list[Any], more: tuple[str, ...] = ()) -> pd.DataFrame:
        return pd.DataFrame(rows, columns=[*TABLES[name], *more], dtype=object)

    legislators = pd.concat([frame("legislators", terms).assign(**{FROM_VOTES: False}),
                             frame("legislators", from_votes).assign(**{FROM_VOTES: True})],
                            ignore_index=True)
    return {
        "legislators": legislators,
        "bills": frame("bills", sorted(set(parsed.bills)), BILL_STATUS),
        "rollcalls": frame("rollcalls", parsed.rollcalls),
        "votes": votes,
        "sponsors": frame("sponsors", sponsors),
    }


SOURCE = "nysenate"
KEY_ENV = "NYSENATE_API_KEY"
API = "https://legislation.nysenate.gov/api/3/bills/{year}/{number}"


def _answered(what: str, data: Any) -> None:
    """A bill answer, checked before it is cached (an invalid key is JSON too)."""
    if not isinstance(data, dict) or data.get("success") is False:
        message = data.get("message") if isinstance(data, dict) else None
        raise SourceError(f"Fetching {what}: the API answered "
                          f"{message or 'with something that is not a bill'}.")


def _items(node: Any, what: str, path: str) -> list[Any]:
    """``node["items"]`` of a v3 list wrapper (``{"items": [...], "size": n}``)."""
    if node is None:
        return []
    items = node.get("items") if isinstance(node, dict) else None
    if items is None:
        return []
    if not isinstance(items, list | dict):
        raise SourceError(f"{what}: {path}.items is not a list; is this an Open Legislation "
                          "v3 bill response?")
    return list(items.values()) if isinstance(items, dict) else items


def _member_of(entry: Any, what: str, path: str) -> tuple[int, str, str, str]:
    member = entry.get("member", entry) if isinstance(entry, dict) else None
    if not isinstance(member, dict) or not isinstance(member.get("memberId"), int):
        raise SourceError(f"{what}: {path} has no memberId ({entry!r:.80}).")
    district = member.get("districtCode")
    return (member["memberId"], str(member.get("fullName") or ""),
            str(member.get("shortName") or ""), "" if district is None else str(district))


def _passed(result: dict[str, Any], date: str) -> str:
    for a in _items(result.get("actions"), "", "actions"):
        if isinstance(a, dict) and a.get("date") == date and str(a.get("text", "")).upper(
                ).startswith(("PASSED SENATE", "REPASSED SENATE")):
            return "pass"
    return ""


def parse_result(parsed: Parsed, result: Any, what: str, used: set[str],
                 districts: dict[tuple[int, str], str]) -> list[tuple[int, str]]:
    """Add one bill's rows to ``parsed``; returns its same-as companions (year, number)."""
    if not isinstance(result, dict) or not result.get("basePrintNo") or not isinstance(
            result.get("session"), int):
        raise SourceError(f"{what}: the answer lacks result.basePrintNo or result.session; "
                          "is it an Open Legislation v3 bill response?")
    year, number = result["session"], base_print(result["basePrintNo"])
    session = ny_session(year)
    parsed.sessions.add(session)
    parsed.files += 1
    bid, url = bill_id(session, number), BILL_URL.format(year=year, number=number)
    chamber = "lower" if (result.get("billType") or {}).get("chamber") == "ASSEMBLY" else "upper"
    amendments = {str(a.get("version", "")): a for a in _items(result.get("amendments"), what,
                                                                 "amendments")
                  if isinstance(a, dict)}
    active = amendments.get(str(result.get("activeVersion") or ""), {})
    same = {(int(s.get("session") or year), base_print(s["basePrintNo"]))
            for a in ([active] if _items(active.get("sameAs"), what, "sameAs")
                      else amendments.values())
            for s in _items(a.get("sameAs"), what, "amendments.sameAs")
            if isinstance(s, dict) and s.get("basePrintNo")}
    same_as = ";".join(sorted({n for y, n in same if ny_session(y) == session} - {number}))
    status = result.get("status")
    status = status if isinstance(status, dict) else {}
    parsed.bills.append((bid, session, number, str(result.get("title") or "").strip(),
                         same_as, url, *bill_status(
                             status.get("statusType"), status.get("committeeName"),
                             [(a.get("date"), a.get("text")) for a in _items(
                                 result.get("actions"), what, "actions")
                              if isinstance(a, dict)])))

    sponsor = result.get("sponsor") or {}
    people = []
    if isinstance(sponsor, dict) and sponsor.get("member"):
        people.append(("primary", _member_of(sponsor, what, "sponsor.member")))
    for path, node in (("additionalSponsors", result.get("additionalSponsors")),
                       ("coSponsors", active.get("coSponsors")),
                       ("multiSponsors", active.get("multiSponsors"))):
        people += [("cosponsor", _member_of(m, what, path)) for m in _items(node, what, path)]
    done: set[int] = set()
    for role, (mid, name, short, district) in people:
        if mid in done:
            continue
        done.add(mid)
        parsed.sponsors.append((bid, mid, role, chamber, session))
        see_member(parsed, (mid, chamber, session), "", name, short)
        districts.setdefault((mid, session), district)

    for i, vote in enumerate(_items(result.get("votes"), what, "votes")):
        _parse_vote(parsed, result, vote, f"{what}: votes.items[{i}]", used, districts,
                    (year, number, session, bid, url))
    return sorted(same)


def _parse_vote(parsed: Parsed, result: dict[str, Any], vote: Any, where: str, used: set[str],
                districts: dict[tuple[int, str], str],
                bill: tuple[int, str, str, str, str]) -> None:
    year, number, session, bid, url = bill
    if not isinstance(vote, dict):
        raise SourceError(f"{where} is not a vote.")
    kind, date = vote.get("voteType"), vote.get("voteDate")
    committee = str((vote.get("committee") or {}).get("name") or "").strip()
    if (vote.get("committee") or {}).get("chamber") == "ASSEMBLY":
        parsed.skipped_assembly += 1
        return
    if kind not in ("FLOOR", "COMMITTEE"):
        raise SourceError(f"{where} has the unknown voteType {kind!r} (FLOOR or COMMITTEE).")
    if not isinstance(date, str) or not ISO_DATE.match(date[:10]):
        raise SourceError(f"{where} ({kind}) has no voteDate.")
    date = date[:10]
    member_votes = vote.get("memberVotes")
    groups = member_votes.get("items") if isinstance(member_votes, dict) else None
    if not isinstance(groups, dict):
        raise SourceError(f"{where} ({kind} {date}) lacks memberVotes.items.")
    ids: list[int] = []
    options: list[str] = []
    codes: list[str] = []
    for code, group in groups.items():
        if code not in CODES:
            raise SourceError(f"{where} ({kind} {date}) has the unknown vote code {code!r}; "
                              f"known: {', '.join(CODES)}.")
        for m in _items(group, where, f"memberVotes.items.{code}"):
            mid, name, short, district = _member_of(m, where, f"memberVotes.items.{code}")
            ids.append(mid)
            options.append(CODES[code])
            codes.append(code)
            see_member(parsed, (mid, "upper", session), date, name, short)
            districts.setdefault((mid, session), district)
    if len(set(ids)) != len(ids):
        raise SourceError(f"{where} ({kind} {date}) lists a member twice.")
    what = "floor" if kind == "FLOOR" else "committee"
    rid = unique_id(rollcall_base(year, number, what, date, committee if kind == "COMMITTEE"
                                  else ""), used)
    version = str(vote.get("version") or "")
    motion = ("Senate floor vote" if kind == "FLOOR" else
              f"Senate {committee or 'committee'} committee vote") + f" on {number}{version}"
    yes, no = options.count("yes"), options.count("no")
    parsed.rollcalls.append((rid, bid, "upper", date, motion, "passage" if kind == "FLOOR"
                             else "committee", committee if kind == "COMMITTEE" else "",
                             _passed(result, date) if kind == "FLOOR" else "", str(yes),
                             str(no), str(len(ids) - yes - no), url))
    parsed.rollcall_session.append(session)
    parsed.votes.append((ids, options, codes))
    parsed.n_votes += len(ids)
    parsed.days.setdefault((session, date), set()).update(ids)
    parsed.latest = max(parsed.latest, date)


def fetch_bills(req: FetchRequest, wanted: Iterable[tuple[int, str]], key: str
                ) -> tuple[Parsed, dict[tuple[int, str], str], int]:
    """Fetch every bill (and its companions); nothing is written here."""
    from ..core.http import get_json, make_session  # requests: only when fetching

    session = make_session(Path(req.into) / ".cache")
    parsed = Parsed()
    used: set[str] = set()
    districts: dict[tuple[int, str], str] = {}
    todo = list(wanted)
    seen = set(todo)
    companions = 0
    progress = None
    if req.progress:
        from rich.progress import Progress

        progress = Progress(transient=True)
        progress.start()
        task = progress.add_task("Fetching bills", total=len(todo))
    try:
        while todo:
            year, number = todo.pop(0)
            what = f"bill {number} of the {ny_session(year)} session"
            data = get_json(session, API.format(year=year, number=number), what,
                            params={"view": "default", "key": key}, secrets=[key],
                            validate=partial(_answered, what))
            for more in parse_result(parsed, data.get("result"), what, used, districts):
                if more not in seen:
                    seen.add(more)
                    todo.append(more)
                    companions += 1
            if progress is not None:
                progress.update(task, advance=1, total=len(seen))
    finally:
        if progress is not None:
            progress.stop()
    return parsed, districts, companions


def fetch_nysenate(req: FetchRequest) -> ImportReport:
    """``scorecard fetch nysenate --into DIR [--session S] [--bill N]... [--platform F]``."""
    wanted = targets(req)
    people = People(SOURCE, Path(req.into), list(req.rosters), required=True, cache=True)
    from ..core.http import api_key  # requests: only when fetching

    key = api_key(KEY_ENV, "The NY Senate Open Legislation API")
    parsed, districts, companions = fetch_bills(req, wanted, key)
    resolve_members(parsed, people, districts)
    ledger = people.ledger
    notes = [
        f"{SOURCE}: NY Senate floor (passage) and Senate committee roll calls, sponsors and "
        "same-as companions fetched from the NY Senate Open Legislation API v3; yes/no/other "
        "are counted from its member votes (AYE and AYEWR are yes, ABS absent, ABD abstain, "
        "EXC excused). Open Legislation has no Assembly floor votes.",
        f"{SOURCE}: result is 'pass' when the bill's actions record PASSED SENATE on the "
        "vote's date, else empty.",
    ]
    if parsed.skipped_assembly:
        notes.append(f"{SOURCE}: Assembly committee votes in the answers are skipped (only "
                     "Senate votes are imported from this API).")
    n = len({(r[0], r[3]) for r in merged_unresolved(req.into, ledger)})
    if n:
        notes.append(f"{SOURCE}: members could not be matched to the roster: {n} keep their "
                     f"Open Legislation id (nysenate:<memberId>): see {UNRESOLVED_FILE}, map "
                     f"them in {OVERRIDES_FILE}.")
    meta = {
        "source": "NY Senate Open Legislation API v3",
        "jurisdiction": "NY",
        "sessions": sorted(parsed.sessions),
        "fetched_at": dt.datetime.now(dt.UTC).date().isoformat(),
        "notes": notes,
        "recomputed_notes": [f"{SOURCE}: members could not be matched"],
    }
    summary = (f"{parsed.files} bills fetched ({companions} of them same-as companions), "
               f"{len(parsed.rollcalls)} Senate roll calls, {parsed.n_votes} member votes")
    return finish(req.into, Converted(build_tables(parsed, people), source=SOURCE,
                                      label="the NY Senate Open Legislation answers",
                                      meta=meta, people=people, notes=[summary]))
