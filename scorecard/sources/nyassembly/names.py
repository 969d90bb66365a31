"""Who the Assembly's short names are: ``Abbate``, ``Miller MG``, ``Mr. Speaker``.

The Assembly prints each member by surname, with initials when surnames are shared
(``Miller B``, ``Miller MG``, ``Miller ML``, ``Rosenthal D``, ``Rosenthal L``), and the
Speaker as ``Mr. Speaker`` (``Mr Spkr`` before 2024). :class:`AssemblyResolver` matches
them to the Open States roster by chamber (``lower``), date and name, and never guesses:

1. an override in the dataset's ``identity_overrides.csv`` wins (source id
   ``nyassembly:<name as printed>``; the Speaker is ``nyassembly:Mr. Speaker``);
2. the candidates are the people the roster seats in the Assembly on those dates whose
   surname matches (accents, case, hyphens, apostrophes and spaces do not matter:
   ``DenDekker``, ``D'Urso``, ``Pheffer Amato``, ``Peoples-Stokes``);
3. initials must agree with what the roster knows of the person: an Assembly e-mail
   address (``MillerMG@nyassembly.gov``: the Assembly's own surname + initials), a short
   form among ``other_names`` (``Rosenthal L``), or initials of the names
   (``L.B. Rosenthal``, ``Linda B. Rosenthal``). A known set of initials that differs
   (``ML`` for ``MG``) rules the person out; exact agreement beats a first initial alone;
4. exactly one person must remain at the best level, else the name is *ambiguous*
   (or *missing*) and keeps its ``nyassembly:<name>`` id, listed in ``unresolved.csv``;
5. the roster's older terms are often missing (a member since 1995 may have a role from
   2023 only): a name matching nobody seated is then matched among everyone who ever sat
   in the Assembly, only if exactly one person fits *and* the roster does not record
   that person's service as ended before the vote. The import warns about each.

The Speaker: the roster's roles carry no leadership titles, so the Speaker is taken from
:data:`SPEAKERS_FILE` (``speakers.csv`` in this package: start, end, name; documented
there), resolved by full name like any member; ``nyassembly:Mr. Speaker`` in
``identity_overrides.csv`` overrides it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..core.identity import OVERRIDES_FILE, Resolution, Resolver, fold, squash
from ..core.roster import NO_END, Person

SPEAKERS_FILE = "speakers.csv"
SPEAKER_ID = "nyassembly:Mr. Speaker"
_SPEAKER = re.compile(r"(?:mr\.?|madam|madame|ms\.?)?\s*(?:speaker|spkr\.?)", re.I)
_EMAIL_DOMAINS = ("nyassembly.gov", "assembly.state.ny.us")


def is_speaker(name: str) -> bool:
    """``Mr. Speaker``, ``Mr Spkr``, ``Speaker``."""
    return bool(_SPEAKER.fullmatch(name.strip()))


@lru_cache(maxsize=65536)
def source_id(name: str) -> str:
    """``nyassembly:<name as printed>``; both spellings of the Speaker are one id."""
    return SPEAKER_ID if is_speaker(name) else f"nyassembly:{' '.join(name.split())}"


@dataclass(frozen=True)
class Speaker:
    start: str
    end: str  # "" = still in office
    name: str


@lru_cache(maxsize=1)
def speakers() -> tuple[Speaker, ...]:
    """The Speakers of the Assembly, from :data:`SPEAKERS_FILE`."""
    text = resources.files(__package__).joinpath(SPEAKERS_FILE).read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return tuple(Speaker(r["start_date"].strip(), (r["end_date"] or "").strip(),
                         r["name"].strip()) for r in rows)


def speaker_on(date: str) -> Speaker | None:
    """The Speaker in office on ``date`` (ISO), if :data:`SPEAKERS_FILE` knows one."""
    for s in speakers():
        if s.start <= date <= (s.end or NO_END):
            return s
    return None


@dataclass(frozen=True)
class ShortName:
    surname: str  # squashed
    initials: str  # folded letters, "" when the page prints none


@lru_cache(maxsize=8192)
def parse_short(name: str) -> ShortName:
    """``Miller MG`` -> (miller, mg); ``De La Rosa`` -> (delarosa, ""); ``Rosenthal L``."""
    tokens = name.split()
    initials = ""
    if len(tokens) > 1:
        last = tokens[-1].rstrip(".")
        # initials are printed in capitals: "Miller MG"; an all-capitals name needs
        # the short form's length instead ("MILLER MG")
        if last.isalpha() and last.isupper() and (len(last) <= 3 and (
                not name.isupper() or len(last) <= 2)):
            initials = last.lower()
            tokens = tokens[:-1]
    return ShortName(squash(" ".join(tokens)), initials)


def _surnames(person: Person) -> set[str]:
    names = {person.family_name} if person.family_name else set()
    names.add(person.name.split()[-1] if person.name.split() else "")
    keys = {squash(n) for n in names if n}
    for other in person.other_names:  # "Rosenthal L", "Bichotte Hermelyn, R."
        head = other.split(",")[0]
        keys.add(squash(parse_short_or_plain(head)))
    return {k for k in keys if k}


def parse_short_or_plain(text: str) -> str:
    """The surname part of ``Rosenthal L`` / ``L. Rosenthal`` / ``Linda B. Rosenthal``."""
    tokens = [t for t in fold(text).split() if t]
    if len(tokens) > 1 and len(tokens[-1]) <= 2 and text.split()[-1].isupper():
        return " ".join(tokens[:-1])
    return tokens[-1] if tokens else ""


def known_initials(person: Person) -> tuple[set[str], set[str]]:
    """(exact forms, first initials): the initials the roster shows for a person.

    Exact forms come from an Assembly e-mail address (surname + initials) and from short
    forms and dotted initials in ``other_names``; first initials from given names.
    """
    exact: set[str] = set()
    first: set[str] = set()
    surnames = _surnames(person)
    if person.email:
        local, _, domain = person.email.lower().partition("@")
        if domain in _EMAIL_DOMAINS:
            letters = re.sub(r"[^a-z]", "", local)
            for s in surnames:
                if letters.startswith(s) and 0 < len(letters) - len(s) <= 3:
                    exact.add(letters[len(s):])
    for text in (person.name, *person.other_names,
                 f"{person.given_name} {person.family_name}"):
        if "," in text:  # "Rosenthal, L." -> a first initial
            tail = fold(text.split(",", 1)[1]).split()
            if tail:
                first.add(tail[0][0])
            continue
        raw = text.split()
        tokens = fold(text).split()
        if len(tokens) < 2:
            continue
        if raw[-1].isupper() and len(tokens[-1]) <= 3 and squash(" ".join(tokens[:-1])) in \
                surnames:
            exact.add(tokens[-1])  # "Rosenthal L", "MILLER B"
            continue
        head = tokens[:-1]
        if re.fullmatch(r"(?:[A-Za-z]\.){2,}", raw[0]):  # "L.B. Rosenthal"
            exact.add(raw[0].replace(".", "").lower())
        elif len(head) >= 2 and len(head[1]) == 1:  # "Linda B. Rosenthal"
            exact.add(head[0][0] + head[1])
        first.add(head[0][0])
    return exact, first


def _fits(query: str, exact: set[str], first: set[str]) -> str | None:
    """'exact', 'first' (a first initial agrees, the rest is not known) or None."""
    if query in exact:
        return "exact"
    # the roster knows initials of this length or longer, and none agree
    if any(len(k) >= len(query) or len(query) == 1 for k in exact) and not any(
            k.startswith(query) for k in exact):
        return None
    if query[0] in first or any(k[0] == query[0] for k in exact):
        return "first"
    return None


@dataclass
class AssemblyResolver(Resolver):
    """:class:`~scorecard.sources.core.identity.Resolver` that also reads the Assembly's
    short names (see the module docstring); full names go the shared way."""

    #: squashed surname -> the people of the roster with it (built on first use)
    _surname_index: dict[str, list[Person]] = field(default_factory=dict, repr=False)
    _initials: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict, repr=False)

    def _named(self, surname: str) -> list[Person]:
        if not self._surname_index:
            for p in self.roster.people.values():
                for key in _surnames(p):
                    self._surname_index.setdefault(key, []).append(p)
            self._surname_index.setdefault("", [])
        return self._surname_index.get(surname, [])

    def _known(self, person: Person) -> tuple[set[str], set[str]]:
        if person.id not in self._initials:
            self._initials[person.id] = known_initials(person)
        return self._initials[person.id]

    def resolve(self, chamber: str, first_date: str, last_date: str | None = None, *,
                name: str = "", short_name: str = "", source_id: str = "",
                district: str = "") -> Resolution:
        if name.strip() or not short_name.strip():
            return super().resolve(chamber, first_date, last_date, name=name,
                                   short_name=short_name, source_id=source_id,
                                   district=district)
        if source_id and source_id in self.overrides:
            return Resolution(self.overrides[source_id], "override",
                              f"mapped in {OVERRIDES_FILE}")
        last_date = last_date or first_date
        if is_speaker(short_name):
            return Resolution(None, "missing", f"no Speaker is known on {first_date}.."
                              f"{last_date} (see {SPEAKERS_FILE} in scorecard/sources/"
                              f"nyassembly); map {SPEAKER_ID} in {OVERRIDES_FILE}")
        query = parse_short(short_name)
        people = [p for p in self._named(query.surname)
                  if any(r.chamber == chamber for r in p.roles)]
        seated = [p for p in people if p.roles_in(chamber, first_date, last_date)]
        found = self._pick(seated, query, chamber, first_date, last_date)
        if found.ok or found.status == "ambiguous":
            return found
        # the roster's older terms are often missing: everyone who ever sat there, unless
        # the roster records their service as over before these dates
        later = [p for p in people if p not in seated and not any(
            r.chamber == chamber and r.end and r.end < first_date for r in p.roles)]
        gap = self._pick(later, query, chamber, first_date, last_date)
        when = f"the roster gives no seat on {first_date}..{last_date}"
        if gap.ok:
            return Resolution(gap.legislator_id, "resolved",
                              f"{gap.detail} among all {chamber} members ({when})", gap=True)
        if gap.status == "ambiguous":
            return Resolution(None, "ambiguous", f"{gap.detail}, none seated then ({when})",
                              gap.candidates)
        return Resolution(None, "missing", f"no {chamber} member the Assembly would print as "
                          f"{short_name!r} in the roster on {first_date}..{last_date}")

    def _pick(self, people: list[Person], query: ShortName, chamber: str, first_date: str,
              last_date: str) -> Resolution:
        levels: dict[str, list[Person]] = {"exact": [], "first": [], "surname": []}
        for p in people:
            if not query.initials:
                levels["surname"].append(p)
                continue
            level = _fits(query.initials, *self._known(p))
            if level:
                levels[level].append(p)
        for level, matches in levels.items():
            if len(matches) == 1:
                how = {"exact": "surname and initials", "first": "surname and first initial",
                       "surname": "surname"}[level]
                return Resolution(matches[0].id, "resolved", f"{how} (Assembly short name)")
            if len(matches) > 1:
                kept = self._same_seat(matches, chamber, first_date, last_date)
                if kept is not None:
                    return Resolution(kept.id, "resolved", "surname (Assembly short name; the "
                                      "roster holds this person twice, see the warnings)")
                ids = tuple(sorted(p.id for p in matches))
                names = ", ".join(sorted(p.name for p in matches))
                return Resolution(None, "ambiguous", f"matches {names}", ids)
        return Resolution(None, "missing", "no match")
