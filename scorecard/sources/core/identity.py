"""Who is who: resolving the names a source gives to people of the roster.

Sources name legislators their own way: Open Legislation gives a member id, a full
name (``Joseph P. Addabbo Jr.``) and an LBDC short name (``ADDABBO``, ``RYAN S``);
LegiScan gives its own ids and names. :class:`Resolver` matches them to roster people
(:mod:`scorecard.sources.core.roster`) by chamber, date and name, never by name alone:

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
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from ...errors import SourceError
from .roster import NO_END, NO_START, Person, Roster

OVERRIDES_FILE = "identity_overrides.csv"
OVERRIDES_COLUMNS = ("source_id", "legislator_id", "note")

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
            elif len(form.first) == 1 < len(query.first):
                continue  # "J. Giglio" says too little to match "Jodi": Joe is a J. too
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

