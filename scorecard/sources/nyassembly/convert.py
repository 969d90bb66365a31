"""Saved Assembly bill pages -> the canonical tables: ids, checks, member resolution.

``scorecard import nyassembly PAGE... --into DIR --roster ROSTER [--session S]``: PAGE is
a saved bill page or a folder of them (``*.html``). A page named as ``fetch`` names
them, ``<PRINT>-<first year of session>.html`` (``A03675-2019.html``), gives its bill
and session; any other file needs ``--session`` (or a page whose links name its term)
and names its bill in its own links.

Ids, readable and the same on every import of the same page:

* bill_id ``<session>/<print>`` with the print as the rest of the tool writes it
  (``2019-2020/A3675``, not ``A03675``), so the Senate's votes on the same print (mirror
  or Open Legislation) and the Assembly's land on one bill, and same-as pairs join;
* rollcall_id ``ny-assembly-<first year>-<print>-floor-<date>``, committee votes
  ``ny-assembly-<first year>-<print>-committee-<committee>-<date>``, ``-2``, ``-3`` for
  further roll calls of one bill on one day (in page order), as the Senate's ids are.

Checks: a roll call whose member list is longer than the Assembly's 150 seats, or that
names a member twice, is an error; member counts that differ from the caption's
YEA/NAY, and two roll calls of one bill with identical member lists (names and votes:
what a scraping error looks like, see openstates-scrapers issue #5748; a genuine repeat
vote can do it too) are warnings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ...errors import SourceError
from ...model import TABLES, bill_id
from ..core.identity import OVERRIDES_FILE
from ..core.ledger import UNRESOLVED_FILE, Ledger
from ..core.normalise import slug
from ..core.nysessions import ny_session, session_year, unique_id
from ..core.people import People
from ..core.votes import vote_rows
from .names import SPEAKER_ID as SPEAKER_SOURCE
from .names import AssemblyResolver, source_id, speaker_on
from .pages import CODES, Page, RollCall, assembly_print, parse_page, print_number

SOURCE = "nyassembly"
SEATS = 150
PAGE_URL = ("https://nyassembly.gov/leg/?default_fld=&leg_video=&bn={print}&term={year}"
            "&Floor%26nbspVotes=Y")
_FILE = re.compile(r"([A-Za-z]+)(\d+)-(\d{4})\.html?", re.I)
MAX_LISTED = 20


def page_file_name(number: str, year: int) -> str:
    """``A3675``, 2019 -> ``A03675-2019.html`` (the print as the Assembly writes it)."""
    return f"{assembly_print(number)}-{year}.html"


def page_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Every saved page under ``paths`` (files, or folders searched for ``*.html``)."""
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower()
                           in (".html", ".htm") and not p.name.startswith("."))
            if not found:
                raise SourceError(f"{path} holds no saved pages (*.html). Give Assembly bill "
                                  "pages saved from nyassembly.gov/leg/, or the pages/ folder "
                                  "'scorecard fetch nyassembly' keeps.")
            yield from found
        elif path.is_file():
            yield path
        else:
            raise SourceError(f"{path} does not exist. Give saved Assembly bill pages or a "
                              "folder of them.")


def identify(page: Page, path: Path, sessions: list[str]) -> tuple[str, int]:
    """(print number, first year of session) of a page: from its file name, else from
    ``--session`` (or the page's links) and the bill the page names."""
    m = _FILE.fullmatch(path.name)
    if m:
        return print_number(m[1] + m[2]), session_year(m[3])
    if len(sessions) > 1:
        raise SourceError(f"{path} is not named <PRINT>-<YEAR>.html, and several --session "
                          "were given: import it with one --session, or rename it (e.g. "
                          "A03675-2019.html).")
    term = sessions[0] if sessions else page.term
    if not term:
        raise SourceError(f"{path}: cannot tell its session. Give --session (e.g. --session "
                          "2019) or name the file <PRINT>-<first year>.html (A03675-2019.html).")
    if not page.print_no:
        raise SourceError(f"{path}: cannot tell which bill it is (the page's links name no "
                          "single bill). Name the file <PRINT>-<first year>.html, e.g. "
                          "A03675-2019.html.")
    try:
        number = print_number(page.print_no)
    except ValueError:
        raise SourceError(f"{path}: the page names the bill {page.print_no!r}, which is not a "
                          "print number; rename the file <PRINT>-<YEAR>.html.") from None
    return number, session_year(term)


@dataclass
class Parsed:
    """Rows read from the pages, member names not yet resolved."""

    bills: list[tuple[str, ...]] = field(default_factory=list)
    rollcalls: list[tuple[str, ...]] = field(default_factory=list)
    #: per roll call: (source ids, options, raw codes), in rollcalls order
    votes: list[tuple[list[str], list[str], list[str]]] = field(default_factory=list)
    #: (source id, period) -> [first date, last date, printed name, speaker's name]
    members: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    #: per roll call: its (source id, period) keys, in member order
    keys: list[list[tuple[str, str]]] = field(default_factory=list)
    sessions: set[str] = field(default_factory=set)
    pages: int = 0
    empty_pages: list[str] = field(default_factory=list)
    remote: int = 0
    n_votes: int = 0
    latest: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: bill_id -> page shown in messages (one page per bill)
    bill_pages: dict[str, str] = field(default_factory=dict)


def _period(session: str, name: str, date: str) -> tuple[str, str]:
    """The ledger key of a member: its source id and session; the Speaker's period is
    the Speaker's term within the session (a Speaker may change mid-session)."""
    sid = source_id(name)
    if sid == SPEAKER_SOURCE:
        s = speaker_on(date)
        return sid, f"{session} speaker {s.start}" if s else f"{session} speaker unknown"
    return sid, session


def _check(parsed: Parsed, where: str, rc: RollCall) -> bool:
    """Checks of one roll call; False when it cannot be imported (an error)."""
    names = [m.name for m in rc.members]
    if len(names) > SEATS:
        parsed.errors.append(f"{where} lists {len(names)} members, more than the Assembly's "
                             f"{SEATS} seats: the page is not one roll call. Save it again.")
        return False
    twice = sorted({n for n in names if names.count(n) > 1}) if len(set(names)) < len(
        names) else []
    if twice:
        parsed.errors.append(f"{where} lists {', '.join(twice)} twice.")
        return False
    yes = sum(CODES[m.code] == "yes" for m in rc.members)
    no = sum(CODES[m.code] == "no" for m in rc.members)
    if (yes, no) != (rc.yea, rc.nay):
        parsed.warnings.append(f"{where}: its caption says YEA/NAY {rc.yea}/{rc.nay}, its "
                               f"member list has {yes} yes and {no} no; the caption's totals "
                               "are kept in rollcalls.csv, the members' votes in votes.csv.")
    return True


def add_page(parsed: Parsed, page: Page, number: str, year: int, used: set[str]) -> None:
    """Add one page's rows to ``parsed`` (problems are collected with the file name)."""
    session = ny_session(year)
    bid = bill_id(session, number)
    url = PAGE_URL.format(print=assembly_print(number), year=year)
    if bid in parsed.bill_pages:
        parsed.errors.append(f"{page.name} and {parsed.bill_pages[bid]} are both the page of "
                             f"{number} ({session}); give one of them.")
        return
    parsed.bill_pages[bid] = page.name
    parsed.pages += 1
    if not page.rollcalls:  # "There are no votes for this bill": nothing to import
        parsed.empty_pages.append(page.name)
        return
    parsed.sessions.add(session)
    parsed.bills.append((bid, session, number, "", "", url))
    lists: dict[tuple[tuple[str, str], ...], RollCall] = {}
    for rc in page.rollcalls:
        where = f"{page.name}: {rc.where}"
        if not _check(parsed, where, rc):
            continue
        members = tuple(sorted((m.name, m.code) for m in rc.members))
        if members in lists:
            first = lists[members]
            parsed.warnings.append(
                f"{page.name}: roll calls {first.index} ({first.date}) and {rc.index} "
                f"({rc.date}) of {number} list the same {len(members)} members with the "
                "same votes. A real repeat vote can do that, but it is also what a scraping "
                "error looks like (openstates-scrapers issue #5748): compare them with the "
                "Assembly's page.")
        else:
            lists[members] = rc
        kind = f"committee-{slug(rc.committee)}" if rc.committee else "floor"
        rid = unique_id(f"ny-assembly-{year}-{number}-{kind}-{rc.date}", used)
        keys = [(sid, session) if (sid := source_id(m.name)) != SPEAKER_SOURCE
                else _period(session, m.name, rc.date) for m in rc.members]
        for key, m in zip(keys, rc.members, strict=True):
            seen = parsed.members.get(key)
            if seen is None:
                s = speaker_on(rc.date) if key[0] == SPEAKER_SOURCE else None
                parsed.members[key] = [rc.date, rc.date, m.name, s.name if s else ""]
            else:
                seen[0], seen[1] = min(seen[0], rc.date), max(seen[1], rc.date)
        options = [CODES[m.code] for m in rc.members]
        yes, no = options.count("yes"), options.count("no")
        parsed.rollcalls.append((
            rid, bid, "lower", rc.date, rc.motion, "committee" if rc.committee else "passage",
            rc.committee, "", str(rc.yea), str(rc.nay), str(len(options) - yes - no), url))
        parsed.votes.append(([k[0] for k in keys], options, [m.raw for m in rc.members]))
        parsed.keys.append(keys)
        parsed.remote += sum(m.remote for m in rc.members)
        parsed.n_votes += len(options)
        parsed.latest = max(parsed.latest, rc.date)


def read_pages(paths: Iterable[Path], sessions: list[str]) -> Parsed:
    """Parse every page; raise once, listing the problems, when any page is bad."""
    parsed = Parsed()
    used: set[str] = set()
    for path in page_files(paths):
        page = parse_page(path.read_bytes(), str(path),
                          find_bill=not _FILE.fullmatch(path.name))
        number, year = identify(page, path, sessions)
        add_page(parsed, page, number, year, used)
        if len(parsed.errors) >= MAX_LISTED:
            break
    if parsed.errors:
        n = len(parsed.errors)
        raise SourceError(f"The Assembly pages have {n} problem{'s' if n > 1 else ''}; "
                          "nothing was written:\n" + "\n".join(f"  - {e}" for e in
                                                             parsed.errors))
    return parsed


def resolve(parsed: Parsed, people: People) -> None:
    """Resolve every member once per session (the Speaker once per term), with the
    Assembly's resolver (:class:`~.names.AssemblyResolver`)."""
    people.resolver_type = AssemblyResolver
    ledger = people.ledger
    for (sid, period), (first, last, printed, speaker) in sorted(parsed.members.items()):
        if speaker:
            ledger.see(sid, "lower", period, first, last, names=[speaker])
        else:
            ledger.see(sid, "lower", period, first, last, shorts=[printed])
    people.resolve()


def build_tables(parsed: Parsed, people: People) -> dict[str, pd.DataFrame]:
    """The canonical tables, members by resolved id (the unresolved by source id)."""
    ledger, resolver = people.ledger, people.resolver
    assert resolver is not None, "resolve first"
    ids = {(sid, period): lid for (sid, _chamber, period), lid in ledger.ids.items()}
    rows = parsed.rollcalls
    votes = vote_rows(
        ((rows[i][0], [ids[k] for k in parsed.keys[i]], parsed.votes[i][1], parsed.votes[i][2])
         for i in sorted(range(len(rows)), key=lambda i: rows[i][0])),
        f"two printed names resolved to one person (check {OVERRIDES_FILE}); nothing was "
        "written.")
    roster = resolver.roster
    legislators = ledger.unresolved_rows() + ledger.gap_rows(resolver)
    if roster.people and parsed.sessions:
        # the sessions' whole span, as the Senate importers write it
        first = min(s[:4] for s in parsed.sessions) + "-01-01"
        last = max(s[-4:] for s in parsed.sessions) + "-12-31"
        referenced = {lid for lid in ledger.ids.values() if lid in roster.people}
        legislators = roster.rows(first, last, referenced,
                                  leave_out=resolver.duplicates) + legislators

    def frame(name: str, data: list[tuple[str, ...]]) -> pd.DataFrame:
        return pd.DataFrame(data, columns=list(TABLES[name]), dtype=object)

    return {
        "legislators": frame("legislators", legislators),
        "bills": frame("bills", sorted(set(parsed.bills))),
        "rollcalls": frame("rollcalls", parsed.rollcalls),
        "votes": votes,
        "sponsors": frame("sponsors", []),
    }


def notes(parsed: Parsed, ledger: Ledger) -> list[str]:
    """dataset.yaml notes of this source (each starts with ``nyassembly:``)."""
    out = [
        f"{SOURCE}: NY Assembly floor roll calls (motion_type passage) and, where the pages "
        "show them, Assembly committee roll calls, read from the Assembly's bill pages "
        "(nyassembly.gov/leg/); yes/no are the caption's YEA/NAY totals, other is the count "
        "of the other members listed. result is left empty (the page does not state it).",
        f"{SOURCE}: codes Yes/Y -> yes, No/NO -> no, ER -> excused, AB -> absent, NV -> not "
        "voting, EL -> other; raw keeps the code as printed, with the page's \u2021 mark "
        "for a member voting by videoconference.",
        f"{SOURCE}: members are matched by the Assembly's short names (surname, initials "
        "for shared surnames); the Speaker ('Mr. Speaker', 'Mr Spkr') by the Speaker in "
        "office on the vote's date (speakers.csv of the importer; override with "
        f"{SPEAKER_SOURCE} in {OVERRIDES_FILE}).",
    ]
    if parsed.remote:
        out.append(f"{SOURCE}: {parsed.remote} member vote(s) were cast by videoconference "
                   "(raw ends with \u2021).")
    if ledger.gaps:
        out.append(
            f"{SOURCE}: {len({g[0] for g in ledger.gaps})} member(s) voted on dates the roster "
            "gives them no Assembly seat (its older role dates are incomplete); "
            "legislators.csv has rows for those dates made from the votes.")
    if ledger.unresolved:
        out.append(f"{SOURCE}: {len(ledger.unresolved)} printed name(s) could not be matched "
                   f"to the roster and keep a nyassembly:<name> id: see {UNRESOLVED_FILE} and "
                   f"map them in {OVERRIDES_FILE}.")
    return out
