"""Who is who: resolving the names a source gives to people of the roster.

Sources name legislators their own way: Open Legislation gives a member id, a full
name (``Joseph P. Addabbo Jr.``) and an LBDC short name (``ADDABBO``, ``RYAN S``);
LegiScan gives its own ids and names. :class:`Resolver` matches them to roster people
(:mod:`scorecard.sources.roster`) by chamber, date and name, never by name alone:

1. an override (``identity_overrides.csv``, see :func:`load_overrides`) wins;
2. the candidates are the people holding a seat in that chamber on those dates;
3. names are compared after folding accents, case, apostrophes, periods and suffixes
   (``Sepúlveda`` = ``SEPULVEDA``, ``O'Mara`` = ``OMARA``, ``Jr.`` dropped), against the
   person's name, given + family name and every ``other_names`` entry (``Bores, A.``);
   a first name must agree (``Fred``/``Fredrick``, ``Bob``/``Robert``, ``J.``/``James``);
   a short name compares surname and initials (``RYAN S``), a compound surname in part
   (``HOYLMAN`` = ``Hoylman-Sigal``);
4. the best level of agreement that names exactly one person wins; a district, when the
   source gives one, breaks a tie. Otherwise the name is *ambiguous* or *missing*: it is
   never guessed, and the importer keeps the source's id and reports the name.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from ..errors import SourceError
from .roster import NO_END, NO_START, Person, Roster

OVERRIDES_FILE = "identity_overrides.csv"
OVERRIDES_COLUMNS = ("source_id", "legislator_id", "note")
UNRESOLVED_FILE = "unresolved.csv"

SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "esq", "md", "phd"})
_NICKNAMES = [
    "robert bob rob bobby", "william bill will billy", "james jim jimmy jamie",
    "joseph joe joey", "thomas tom tommy", "michael mike mickey", "christopher chris",
    "frederick fredrick fred", "peter pete", "daniel dan danny", "edward ed eddie ted",
    "elizabeth liz beth betsy", "patricia pat patty tricia", "patrick pat",
    "samuel sam", "stephen steven steve", "anthony tony", "andrew andy drew",
    "albert al", "alfred al", "richard rich rick dick", "kenneth ken kenny",
    "jennifer jen jenny", "katherine kathy kate katie", "kathleen kathy kate",
    "catherine cathy kate", "catharine cathy", "susan sue suzi", "john jack",
    "theodore ted", "timothy tim", "matthew matt", "gregory greg", "philip phil",
    "phillip phil", "ronald ron", "donald don", "jeffrey jeff", "jonathan jon",
    "nicholas nick", "alexander alex", "alexandra alex", "jacob jake", "benjamin ben",
    "charles charlie chuck", "lawrence larry", "gerald jerry", "vincent vinny vince",
    "kimberly kim", "margaret peggy maggie", "deborah debbie deb", "douglas doug",
    "raymond ray", "eugene gene", "leonard len lenny", "harold harry",
    "frances fran", "francis frank", "victoria vicky", "zellnor zellnor",
]
NICKNAMES: dict[str, frozenset[str]] = {}
for _group in _NICKNAMES:
    _names = _group.split()
    for _n in _names:
        NICKNAMES[_n] = NICKNAMES.get(_n, frozenset()) | frozenset(_names)

_APOSTROPHES = str.maketrans({"’": "", "‘": "", "`": "", "´": "", "'": ""})
_SEPARATORS = re.compile(r"[.,;:()\"/]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, no accents, no apostrophes, periods or commas; hyphens kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.translate(_APOSTROPHES).lower().replace("‐", "-").replace("–", "-")
    plain = _SEPARATORS.sub(" ", plain)
    plain = re.sub(r"\s*-\s*", "-", plain)
    return _SPACES.sub(" ", plain).strip()


@lru_cache(maxsize=65536)
def squash(surname: str) -> str:
    """A surname as one key: ``Bichotte Hermelyn`` / ``Peoples-Stokes`` -> letters only."""
    return re.sub(r"[^a-z0-9]", "", fold(surname))


@dataclass(frozen=True)
class NameForm:
    """A name reduced to what matching compares: first name and surname keys."""

    first: str  # folded first name or initial ("" for a bare surname)
    surnames: frozenset[str]  # squashed surname keys (whole, and each part)
    initials: str = ""  # initials of a short name ("s" of "RYAN S"), else ""


@lru_cache(maxsize=65536)
def _surname_keys(surname: str) -> frozenset[str]:
    whole = squash(surname)
    parts = [squash(p) for p in re.split(r"[-\s]+", fold(surname)) if p]
    return frozenset([whole, *(p for p in parts if len(p) > 2)]) - {""}


@lru_cache(maxsize=65536)
def parse_name(name: str) -> NameForm | None:
    """``Joseph P. Addabbo Jr.``, ``Addabbo, J.``, ``Hoylman-Sigal`` -> NameForm."""
    if "," in name:
        head, _, tail = name.partition(",")
        tail_tokens = [t for t in fold(tail).split() if t not in SUFFIXES]
        if tail_tokens:  # "Bores, A." / "Bichotte Hermelyn, Rodneyse": Last, First
            surname = " ".join(t for t in fold(head).split() if t not in SUFFIXES)
            return NameForm(tail_tokens[0], _surname_keys(surname)) if surname else None
        name = head  # "Addabbo Jr., " or "X, Jr."
    tokens = [t for t in fold(name).split() if t not in SUFFIXES]
    if not tokens:
        return None
    if len(tokens) == 1:
        return NameForm("", _surname_keys(tokens[0]))
    return NameForm(tokens[0], _surname_keys(tokens[-1]))


@lru_cache(maxsize=65536)
def parse_short_name(short: str) -> NameForm | None:
    """An LBDC short name: ``ADDABBO``, ``RYAN S``, ``GIGLIO JM``, ``BICHOTTE HERMELYN``."""
    tokens = fold(short).split()
    if not tokens:
        return None
    initials = ""
    if len(tokens) > 1 and len(tokens[-1]) <= 2:
        initials = tokens.pop()
    surname = " ".join(tokens)
    return NameForm("", frozenset([squash(surname)]) | _surname_keys(surname), initials)


def firsts_agree(a: str, b: str) -> bool:
    """Whether two first names can be the same person's (initials, prefixes, nicknames)."""
    if not a or not b:
        return False
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    a0, b0 = a.split("-")[0], b.split("-")[0]
    if (a0.startswith(b0) or b0.startswith(a0)) and min(len(a0), len(b0)) >= 3:
        return True  # Fred/Fredrick, Chris/Christopher
    return b in NICKNAMES.get(a, ())


def _surnames_agree(query: frozenset[str], person: frozenset[str], short: bool) -> bool:
    if query & person:
        return True
    if short:  # LBDC short names are cut at 13 characters: PEOPLES-STOKE
        return any(len(q) >= 11 and p.startswith(q) for q in query for p in person)
    return False


Level = Literal["full", "first", "surname"]
_LEVELS: tuple[Level, ...] = ("full", "first", "surname")


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one source person."""

    legislator_id: str | None
    status: Literal["override", "resolved", "ambiguous", "missing"]
    detail: str = ""  # how it matched, or why not
    candidates: tuple[str, ...] = ()  # roster ids that matched equally well
    #: matched by full name among the chamber's members at any time, because the roster
    #: gives nobody of that name a seat on these dates (its older role dates are incomplete)
    gap: bool = False

    @property
    def ok(self) -> bool:
        return self.legislator_id is not None


@dataclass
class Resolver:
    """Resolves (source id, chamber, dates, names, district) to roster person ids."""

    roster: Roster
    overrides: Mapping[str, str] = field(default_factory=dict)
    _forms: dict[str, list[NameForm]] = field(default_factory=dict, repr=False)
    _by_surname: dict[str, set[str]] = field(default_factory=dict, repr=False)
    #: roster ids found to duplicate another record of the same person -> the id kept
    duplicates: dict[str, str] = field(default_factory=dict)

    def _candidates(self, query: NameForm, short: bool) -> list[Person]:
        """The people with a surname key of ``query`` (any chamber or date)."""
        if not self._by_surname:
            for person in self.roster.people.values():
                for form in self.forms(person):
                    for key in form.surnames:
                        self._by_surname.setdefault(key, set()).add(person.id)
        ids: set[str] = set()
        for key in query.surnames:
            ids |= self._by_surname.get(key, set())
            if short and len(key) >= 11:  # cut short names: PEOPLES-STOKE
                for known, people in self._by_surname.items():
                    if known.startswith(key):
                        ids |= people
        return [self.roster.people[i] for i in sorted(ids)]

    def forms(self, person: Person) -> list[NameForm]:
        """Every way the roster writes this person's name."""
        if person.id not in self._forms:
            names = [person.name, *person.other_names]
            if person.family_name:
                names.append(f"{person.given_name} {person.family_name}".strip())
            forms = [f for f in map(parse_name, names) if f]
            if person.family_name:
                keys = _surname_keys(person.family_name)
                forms.append(NameForm(fold(person.given_name).split(" ")[0]
                                      if person.given_name else "", keys))
            for other in person.other_names:  # "Rosenthal L", "SEPULVEDA" short forms
                short = parse_short_name(other)
                if short and short.initials and " " in other.strip():
                    forms.append(NameForm(short.initials, short.surnames))
            self._forms[person.id] = forms
        return self._forms[person.id]

    def _level(self, person: Person, query: NameForm, short: bool) -> Level | None:
        best: Level | None = None
        for form in self.forms(person):
            if not _surnames_agree(query.surnames, form.surnames, short):
                continue
            if short:
                if query.initials:
                    if form.first and form.first[0] == query.initials[0]:
                        return "first"
                    continue
                best = "surname"
                continue
            if not query.first:
                best = best or "surname"
            elif form.first == query.first:
                return "full"
            elif firsts_agree(form.first, query.first):
                best = "first"
        return best

    def resolve(
        self,
        chamber: str,
        first_date: str,
        last_date: str | None = None,
        *,
        name: str = "",
        short_name: str = "",
        source_id: str = "",
        district: str = "",
    ) -> Resolution:
        """Resolve one person seen in ``chamber`` between ``first_date`` and ``last_date``.

        ``name`` is a full name (any order, ``Last, First`` too), ``short_name`` an LBDC
        short name; give what the source has. Never guesses: see the module docstring.
        """
        if source_id and source_id in self.overrides:
            return Resolution(self.overrides[source_id], "override",
                              f"mapped in {OVERRIDES_FILE}")
        last_date = last_date or first_date
        full = parse_name(name) if name.strip() else None
        short = parse_short_name(short_name) if short_name.strip() else None
        if not full and not short:
            return Resolution(None, "missing", "no name given")
        tied: set[str] | None = None
        ambiguous: Resolution | None = None
        near: list[Person] = []
        # a full name decides; a short name only stands in for a missing full name or
        # breaks a tie between the people a full name matched equally well
        for query, is_short in ((full, False), (short, True)):
            if query is None:
                continue
            pool = [p for p in self._candidates(query, is_short)
                    if (tied is None or p.id in tied)
                    and p.roles_in(chamber, first_date, last_date)]
            outcome = self._match(pool, query, is_short, chamber, first_date, last_date,
                                  district)
            if outcome.ok:
                return outcome
            if outcome.status == "ambiguous":
                ambiguous = outcome
                tied = set(outcome.candidates)
            elif full is not None:
                near = pool
                break
        if ambiguous:
            return ambiguous
        if full is not None:
            gap = self._roster_gap(full, chamber, first_date, last_date)
            if gap is not None:
                return gap
        shown = name or short_name
        detail = f"no {chamber} member named {shown!r} in the roster on {first_date}..{last_date}"
        if near:
            detail += (" (same surname, another first name: "
                       + ", ".join(sorted(p.name for p in near)) + ")")
        return Resolution(None, "missing", detail)

    def _roster_gap(self, full: NameForm, chamber: str, first_date: str,
                    last_date: str) -> Resolution | None:
        """A full name matched among everyone who ever sat in ``chamber``.

        The roster's role dates are incomplete (Open States often records only the
        current term), so a senator of 2019 may have a role from 2023 only. The name must
        agree with its first name and name one person of the chamber across all dates.
        """
        ever = [p for p in self._candidates(full, False)
                if any(r.chamber == chamber for r in p.roles)]
        outcome = self._match(ever, full, False, chamber, first_date, last_date, "")
        when = f"the roster gives no seat on {first_date}..{last_date}"
        if outcome.ok:
            return Resolution(outcome.legislator_id, "resolved",
                              f"{outcome.detail} among all {chamber} members ({when})",
                              gap=True)
        if outcome.status == "ambiguous":
            return Resolution(None, "ambiguous", f"{outcome.detail}, none seated then ({when})",
                              outcome.candidates)
        return None

    def _match(self, people: list[Person], query: NameForm, is_short: bool, chamber: str,
               first_date: str, last_date: str, district: str) -> Resolution:
        found: dict[Level, list[Person]] = {lv: [] for lv in _LEVELS}
        for person in people:
            level = self._level(person, query, is_short)
            if level:
                found[level].append(person)
        for level in _LEVELS:
            matches = found[level]
            if district and len(matches) > 1:
                matches = [p for p in matches if any(
                    r.district == district
                    for r in p.roles_in(chamber, first_date, last_date))] or matches
            if len(matches) == 1:
                how = f"{level} name match" + (" (short name)" if is_short else "")
                return Resolution(matches[0].id, "resolved", how)
            if len(matches) > 1:
                kept = self._same_seat(matches, chamber, first_date, last_date)
                if kept is not None:
                    return Resolution(kept.id, "resolved", f"{level} name match (the roster "
                                      "holds this person twice, see the warnings)")
                ids = tuple(sorted(p.id for p in matches))
                names = ", ".join(sorted(p.name for p in matches))
                return Resolution(None, "ambiguous", f"matches {names}", ids)
        return Resolution(None, "missing", "no match")

    def _same_seat(self, matches: list[Person], chamber: str, first_date: str,
                   last_date: str) -> Person | None:
        """One person recorded twice: the same name holding the same seat at the same time.

        A seat has one holder at a time, so people of one name whose roles in the same
        chamber and district overlap each other and the dates are one person. The record
        with the longest known service is kept; the others are remembered in
        :attr:`duplicates` (their rows are left out of legislators.csv).
        """
        spans = []
        for p in matches:
            roles = p.roles_in(chamber, first_date, last_date)
            if not roles:
                return None
            spans.append({r.district: r for r in roles})
        for district in set.intersection(*(set(x) for x in spans)):
            roles = [x[district] for x in spans]
            if all(a.overlaps(b.start or NO_START, b.end or NO_END)
                   for a in roles for b in roles):
                break
        else:
            return None

        def service(p: Person) -> tuple[int, str]:
            days = sum((dt.date.fromisoformat(r.end or last_date)
                        - dt.date.fromisoformat(r.start or first_date)).days
                       for r in p.roles)
            return (days, p.id)

        kept = max(matches, key=service)
        for p in matches:
            if p is not kept:
                self.duplicates[p.id] = kept.id
        return kept

    def person(self, legislator_id: str) -> Person | None:
        return self.roster.people.get(legislator_id)


def load_overrides(path: Path, roster: Roster | None = None) -> dict[str, str]:
    """Read ``identity_overrides.csv`` (source_id,legislator_id,note); absent: empty.

    Each row maps a source's id (``nysenate:1236``) to a roster person id
    (``ocd-person/...``). Every problem is an error naming the file and row.
    """
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError(f"{path} is not UTF-8 text; save it as CSV UTF-8.") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in OVERRIDES_COLUMNS[:2] if c not in (reader.fieldnames or [])]
    if missing:
        raise SourceError(f"{path}, row 1: the header must name "
                          f"{','.join(OVERRIDES_COLUMNS)} (missing {', '.join(missing)}).")
    out: dict[str, str] = {}
    errors = []
    for row_no, row in enumerate(reader, start=2):
        sid = (row.get("source_id") or "").strip()
        lid = (row.get("legislator_id") or "").strip()
        if not sid and not lid:
            continue
        if not sid or not lid:
            errors.append(f"row {row_no}: needs both source_id and legislator_id")
        elif sid in out and out[sid] != lid:
            errors.append(f"row {row_no}: {sid} is mapped twice ({out[sid]} and {lid})")
        elif roster is not None and lid not in roster.people:
            errors.append(f"row {row_no}: {lid} is not a person of the roster")
        else:
            out[sid] = lid
    if errors:
        raise SourceError(f"{path}: " + "; ".join(errors) + ". Fix the file and run the "
                          "import again (nothing was written).")
    return out


def _shift(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def _uncovered(first: str, last: str, held: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The parts of ``first``..``last`` outside the (sorted) intervals ``held``."""
    out, cur = [], first
    for start, end in held:
        if end < cur:
            continue
        if start > last:
            break
        if start > cur:
            out.append((cur, min(last, _shift(start, -1))))
        if end >= last:
            return out
        cur = max(cur, _shift(end, 1))
    out.append((cur, last))
    return out


def _union(spans: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for start, end in sorted(spans):
        if out and start <= _shift(out[-1][1], 1):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def date_span(dates: Iterable[str]) -> tuple[str, str]:
    """The first and last of some ISO dates."""
    ordered = sorted(d for d in dates if d)
    return (ordered[0], ordered[-1]) if ordered else ("", NO_END)


@dataclass
class Seen:
    """One source person in one chamber and period (a session), as a source shows them."""

    source_id: str
    chamber: str
    period: str
    first: str
    last: str
    names: set[str] = field(default_factory=set)
    shorts: set[str] = field(default_factory=set)
    district: str = ""
    #: days the source shows the person in the chamber (votes), checked against the roster
    days: set[str] = field(default_factory=set)


@dataclass
class Ledger:
    """The people a source names, gathered once each, then resolved together.

    Importers call :meth:`see` once per distinct (source id, chamber, period), not once
    per vote, then :meth:`resolve`, then read :attr:`ids` to write their rows.
    """

    seen: dict[tuple[str, str, str], Seen] = field(default_factory=dict)
    #: (source id, chamber, period) -> legislator_id (a roster id, or the source id)
    ids: dict[tuple[str, str, str], str] = field(default_factory=dict)
    unresolved: list[tuple[Seen, Resolution]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: (legislator_id, chamber, start, end) voted with no roster seat (see gap_rows)
    gaps: list[tuple[str, str, str, str]] = field(default_factory=list)

    def see(self, source_id: str, chamber: str, period: str, first: str, last: str,
            names: Iterable[str] = (), shorts: Iterable[str] = (), district: str = "",
            exact: bool = True) -> None:
        """Record a person; ``exact``: seen on ``first`` and ``last`` (a vote), not just
        somewhere in that span (a sponsorship in a session)."""
        key = (source_id, chamber, period)
        s = self.seen.get(key)
        if s is None:
            s = self.seen[key] = Seen(source_id, chamber, period, first, last)
        s.first, s.last = min(s.first, first), max(s.last, last)
        s.names.update(n for n in names if n)
        s.shorts.update(n for n in shorts if n)
        s.district = s.district or district
        if exact:
            s.days = {min([first, *s.days]), max([last, *s.days])}

    def _one(self, resolver: Resolver, s: Seen) -> Resolution:
        names = sorted(s.names, key=lambda n: (-len(n), n)) or [""]
        shorts = sorted(s.shorts) or [""]
        found: dict[str, Resolution] = {}
        failed: Resolution | None = None
        for name in names:
            for short in shorts:
                r = resolver.resolve(s.chamber, s.first, s.last, name=name, short_name=short,
                                     source_id=s.source_id, district=s.district)
                if r.ok and r.legislator_id:
                    found[r.legislator_id] = r
                else:
                    failed = failed or r
        if len(found) == 1:
            return next(iter(found.values()))
        if len(found) > 1:
            return Resolution(None, "ambiguous", "its names match different people: " + ", ".join(
                _label(resolver, i) for i in sorted(found)), tuple(sorted(found)))
        return failed or Resolution(None, "missing", "no name given")

    def resolve(self, resolver: Resolver) -> None:
        """Resolve everyone seen; the unresolved keep their source id."""
        by_source: dict[tuple[str, str], set[str]] = {}
        spans: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for key, s in sorted(self.seen.items()):
            r = self._one(resolver, s)
            if r.ok and r.legislator_id:
                self.ids[key] = r.legislator_id
                by_source.setdefault((s.source_id, s.chamber), set()).add(r.legislator_id)
                if s.days:
                    spans.setdefault((r.legislator_id, s.chamber), []).append(
                        (min(s.days), max(s.days)))
            else:
                self.ids[key] = s.source_id
                self.unresolved.append((s, r))
        for (sid, _chamber), ids in sorted(by_source.items()):
            if len(ids) > 1:
                names = ", ".join(_label(resolver, i) for i in sorted(ids))
                self.warnings.append(
                    f"{sid} is {len(ids)} roster people in different sessions: {names}; the "
                    "roster may hold one person twice. Map the id in "
                    f"{OVERRIDES_FILE} to keep them as one.")
        self._find_gaps(resolver, spans)
        for dup, kept in sorted(resolver.duplicates.items()):
            self.warnings.append(
                f"The roster holds {_label(resolver, kept)} twice, also as {dup}, in the same "
                f"seat at the same time; {kept} is used and {dup} left out of legislators.csv."
                " Remove the duplicate from the roster, or map ids in " + OVERRIDES_FILE + ".")

    def _find_gaps(self, resolver: Resolver,
                   spans: dict[tuple[str, str], list[tuple[str, str]]]) -> None:
        """Dates on which resolved people voted without a roster seat in that chamber."""
        names = []
        for (lid, chamber), seen in sorted(spans.items()):
            person = resolver.person(lid)
            if person is None:
                continue
            held = sorted((r.start or NO_START, r.end or NO_END) for r in person.roles
                          if r.chamber == chamber)
            found = [g for a, b in sorted(seen) for g in _uncovered(a, b, held)]
            for start, end in _union(found):
                self.gaps.append((lid, chamber, start, end))
            if found:
                names.append(f"{person.name} ({chamber}, {found[0][0]}..{found[-1][1]})")
        if names:
            shown = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12
                                             else "")
            self.warnings.append(
                f"{len(names)} member(s) voted on dates when the roster gives them no seat in "
                f"that chamber (its role dates are incomplete): {shown}. legislators.csv gets "
                "a row for those dates (no district), from the votes.")

    def gap_rows(self, resolver: Resolver) -> list[tuple[str, ...]]:
        """legislators.csv rows covering the dates found by :meth:`_find_gaps`."""
        rows: list[tuple[str, ...]] = []
        for lid, chamber, start, end in self.gaps:
            p = resolver.person(lid)
            if p is not None:
                rows.append((lid, p.name, p.sort_name, p.party_on(start, end), chamber, "",
                             start, end, p.url))
        return rows

    def unresolved_lines(self) -> list[str]:
        """One line per unresolved person, for the report."""
        return [f"{s.source_id} {display_name(s)} ({s.chamber}, {s.first}..{s.last}): "
                f"{r.status}, {r.detail}" for s, r in self.unresolved]

    def unresolved_rows(self) -> list[tuple[str, ...]]:
        """legislators.csv rows for the unresolved: source id, name, dates seen."""
        spans: dict[tuple[str, str], Seen] = {}
        for s, _ in self.unresolved:
            key = (s.source_id, s.chamber)
            if key in spans:
                spans[key].first = min(spans[key].first, s.first)
                spans[key].last = max(spans[key].last, s.last)
                spans[key].names |= s.names
            else:
                spans[key] = Seen(s.source_id, s.chamber, "", s.first, s.last, set(s.names),
                                  set(s.shorts), s.district)
        rows: list[tuple[str, ...]] = []
        for (sid, chamber), s in sorted(spans.items()):
            name = display_name(s)
            family = name.rsplit(" ", 1)
            sort_name = f"{family[1]}, {family[0]}" if len(family) == 2 else name
            rows.append((sid, name, sort_name, "", chamber, s.district, s.first, s.last, ""))
        return rows


def _label(resolver: Resolver, legislator_id: str) -> str:
    person = resolver.person(legislator_id)
    return f"{person.name} ({legislator_id})" if person else legislator_id


def display_name(s: Seen) -> str:
    if s.names:
        return max(s.names, key=lambda n: (len(n), n))
    return min(s.shorts) if s.shorts else s.source_id


UNRESOLVED_COLUMNS = ("source_id", "name", "short_name", "chamber", "first_seen",
                      "last_seen", "status", "detail", "candidates")


def unresolved_table(ledger: Ledger) -> list[tuple[str, ...]]:
    return [(s.source_id, display_name(s), ";".join(sorted(s.shorts)), s.chamber, s.first,
             s.last, r.status, r.detail, ";".join(r.candidates)) for s, r in ledger.unresolved]


def write_unresolved(folder: Path, ledger: Ledger) -> Path | None:
    """Write ``unresolved.csv`` (merged with what earlier imports left there).

    Rows of people this import resolved are dropped; returns the path, or None when
    nothing is unresolved and there was no file.
    """
    path = Path(folder) / UNRESOLVED_FILE
    rows: dict[tuple[str, str, str], tuple[str, ...]] = {}
    if path.exists():
        with open(path, encoding="utf-8", newline="") as fh:
            for rec in csv.DictReader(fh):
                row = tuple(rec.get(c, "") or "" for c in UNRESOLVED_COLUMNS)
                rows[(row[0], row[3], row[4])] = row
    resolved = {(sid, chamber) for (sid, chamber, _), lid in ledger.ids.items() if lid != sid}
    rows = {k: v for k, v in rows.items() if (k[0], k[1]) not in resolved}
    for row in unresolved_table(ledger):
        rows[(row[0], row[3], row[4])] = row
    if not rows:
        path.unlink(missing_ok=True)
        return None
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(UNRESOLVED_COLUMNS)
    writer.writerows(v for _, v in sorted(rows.items()))
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(buf.getvalue(), encoding="utf-8")
    tmp.replace(path)
    return path
