"""The Open States people roster: legislators, their dated roles and parties.

Reads the YAML files of the openstates/people repository (``data/<state>/legislature``
and ``retired``, one person per file) into a :class:`Roster`, which gives the rows of
``legislators.csv`` (one per term in a chamber and district) and the people that
:mod:`scorecard.sources.core.identity` matches source names against.

``scorecard import roster PATH... --into DIR`` (:mod:`scorecard.sources.roster`) writes
the whole roster's legislative roles into ``legislators.csv``; the vote importers take
``--roster PATH`` instead and write the roles of the sessions they import. The U.S.
Congress roster (congress-legislators CSVs) is read into the same :class:`Roster` by
:mod:`.roster_csv`.

Party: Open States gives a list of parties, each optionally dated. The row of a role
carries the party in force during it; a role crossed by a dated party change is split
in two rows at the change. The party is normalised by :func:`.normalise.party` (New
York's fusion ballot lines ``Democratic/Working Families`` -> ``Democratic``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from ...errors import ScorecardError, SourceError
from ...model import TABLES
from ...yamlfile import load_yaml
from .normalise import party as party_name
from .normalise import sort_name

#: People files are read with every scalar as text (``load_yaml(plain=True)``: no implicit
#: dates, numbers or booleans: a district "07" or a name "No" stays as written); these
#: texts mean no value.
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})

LEGISLATIVE = ("upper", "lower")
#: before and after every real date: the bounds of an open-ended role
NO_START = "0000-00-00"
NO_END = "9999-99-99"
CACHE_VERSION = "roster-cache-4"


def _date(value: Any) -> str:
    """A YAML date (parsed or text) as ``YYYY-MM-DD``; empty when absent."""
    if value is None or value in _NULLS:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None


@dataclass(frozen=True)
class Role:
    """One term of a person in a chamber and district; dates are ISO text, "" if unknown."""

    chamber: str
    district: str
    start: str
    end: str

    def overlaps(self, first: str, last: str) -> bool:
        """Whether the role covers any day of ``first``..``last`` (inclusive)."""
        return (self.start or NO_START) <= last and first <= (self.end or NO_END)


@dataclass(frozen=True)
class Party:
    name: str
    start: str = ""
    end: str = ""


@dataclass
class Person:
    """A roster person: names for matching, dated roles and parties."""

    id: str
    name: str
    given_name: str = ""
    family_name: str = ""
    other_names: tuple[str, ...] = ()
    roles: list[Role] = field(default_factory=list)
    parties: list[Party] = field(default_factory=list)
    url: str = ""
    file: str = ""
    #: the person's e-mail address (the NY Assembly's spell surname and initials)
    email: str = ""
    #: an office address (the capitol office's, else the first listed), for letters
    address: str = ""

    @property
    def sort_name(self) -> str:
        if self.family_name:
            return (f"{self.family_name}, {self.given_name}" if self.given_name
                    else self.family_name)
        return sort_name(self.name)

    def party_on(self, first: str, last: str | None = None) -> str:
        """The party in force over ``first``..``last`` (the latest one that overlaps)."""
        last = last or first
        found = [p for p in self.parties
                 if (p.start or NO_START) <= last and first <= (p.end or NO_END)]
        if not found:
            return ""
        return party_name(max(found, key=lambda p: p.start or NO_START).name)

    def roles_in(self, chamber: str, first: str, last: str) -> list[Role]:
        return [r for r in self.roles if r.chamber == chamber and r.overlaps(first, last)]

    def rows(self) -> Iterator[tuple[str, ...]]:
        """legislators.csv rows: one per role, split where a dated party change falls."""
        for role in self.roles:
            start, end = role.start, role.end
            cuts = sorted({p.start for p in self.parties
                           if p.start and (start or NO_START) < p.start <= (end or NO_END)})
            bounds = [start, *cuts]
            for i, lo in enumerate(bounds):
                hi = end
                if i + 1 < len(bounds):
                    hi = (dt.date.fromisoformat(bounds[i + 1]) - dt.timedelta(days=1)).isoformat()
                party = self.party_on(lo or NO_START, hi or NO_END)
                yield (self.id, self.name, self.sort_name, party, role.chamber, role.district,
                       lo, hi, self.url)


@dataclass
class Roster:
    """Everyone in the roster files, by Open States person id."""

    people: dict[str, Person] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    #: another id a source uses for a person (a senator's LIS id) -> the roster id
    aliases: dict[str, str] = field(default_factory=dict)
    #: the cache copy's name and bytes, made ahead by :func:`prepare_roster_cache`
    _cache: tuple[str, bytes] | None = field(default=None, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.people)

    def serving(self, chamber: str, first: str, last: str | None = None) -> list[Person]:
        """People with a role in ``chamber`` overlapping ``first``..``last``."""
        last = last or first
        return [p for p in self.people.values() if p.roles_in(chamber, first, last)]

    def rows(self, first: str | None = None, last: str | None = None,
             ids: Iterable[str] = (), leave_out: Iterable[str] = ()) -> list[tuple[str, ...]]:
        """legislators.csv rows of every role overlapping ``first``..``last`` (all when
        no dates are given), plus every role of the people in ``ids``; none of the people
        in ``leave_out`` (duplicate records)."""
        wanted, skip = set(ids), set(leave_out)
        out = []
        for person in self.people.values():
            if person.id in skip:
                continue
            for row in person.rows():
                start, end = row[6] or NO_START, row[7] or NO_END
                if person.id in wanted or first is None or (
                        start <= (last or NO_END) and first <= end):
                    out.append(row)
        return sorted(out)

    def table(self, **kwargs: Any) -> pd.DataFrame:
        return pd.DataFrame(self.rows(**kwargs), columns=list(TABLES["legislators"]))

    def contacts(self) -> pd.DataFrame:
        """contacts.csv: each person's e-mail and office address, where the roster has one."""
        rows = [(p.id, p.email, p.address) for p in self.people.values()
                if p.email or p.address]
        return pd.DataFrame(sorted(rows), columns=list(TABLES["contacts"]))


def _text(value: Any) -> str:
    return "" if value is None or value in _NULLS else str(value).strip()


def _person(data: Any, file: Path) -> Person | None:
    """A Person from one YAML document, or None when it holds no legislative role."""
    if not isinstance(data, dict):
        raise ValueError("is not a person (a mapping with id, name and roles)")
    roles = []
    for i, r in enumerate(data.get("roles") or []):
        if not isinstance(r, dict) or r.get("type") not in LEGISLATIVE:
            continue
        try:
            roles.append(Role(r["type"], _text(r.get("district")), _date(r.get("start_date")),
                              _date(r.get("end_date"))))
        except ValueError as exc:
            raise ValueError(f"roles[{i}]: {exc}") from None
    if not roles:
        return None
    pid, name = _text(data.get("id")), _text(data.get("name"))
    if not pid or not name:
        raise ValueError("lacks its id or name")
    parties = []
    for i, p in enumerate(data.get("party") or []):
        if isinstance(p, dict) and p.get("name"):
            try:
                parties.append(Party(_text(p["name"]), _date(p.get("start_date")),
                                     _date(p.get("end_date"))))
            except ValueError as exc:
                raise ValueError(f"party[{i}]: {exc}") from None
    links = [_text(x.get("url")) for x in data.get("links") or [] if isinstance(x, dict)]
    others = tuple(_text(x.get("name")) for x in data.get("other_names") or []
                   if isinstance(x, dict) and x.get("name"))
    roles.sort(key=lambda r: (r.start or NO_START, r.chamber, r.district))
    return Person(pid, name, _text(data.get("given_name")), _text(data.get("family_name")),
                  others, roles, parties, next((u for u in links if u), ""), str(file),
                  email=_text(data.get("email")), address=_office(data.get("offices")))


def _office(offices: Any) -> str:
    """The capitol office's address, else the first office's ("" when none is listed)."""
    listed = [o for o in offices or [] if isinstance(o, dict) and _text(o.get("address"))]
    capitol = [o for o in listed if o.get("classification") == "capitol"]
    return _text((capitol or listed or [{}])[0].get("address"))


def _yaml_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in (".yml", ".yaml")
                           and p.is_file() and not p.name.startswith("."))
            if not found:
                raise SourceError(f"Roster folder {path} holds no .yml files. Give the "
                                  "data/<state>/ folder of an openstates/people clone.")
            files += found
        elif path.is_file():
            files.append(path)
        else:
            raise SourceError(f"Roster {path} does not exist. Give the data/<state>/ folder "
                              "of an openstates/people clone (or its .yml files).")
    return files


def _signature(files: list[Path]) -> str:
    h = hashlib.sha256(CACHE_VERSION.encode())
    for f in files:
        st = f.stat()
        h.update(f"{f.resolve()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:24]


def _to_json(roster: Roster) -> bytes:
    return json.dumps([asdict(p) for p in roster.people.values()], ensure_ascii=False).encode()


def _from_json(raw: bytes, files: list[Path]) -> Roster:
    roster = Roster(files=files)
    for d in json.loads(raw):
        d["roles"] = [Role(**r) for r in d["roles"]]
        d["parties"] = [Party(**p) for p in d["parties"]]
        d["other_names"] = tuple(d["other_names"])
        roster.people[d["id"]] = Person(**d)
    return roster


def load_roster(paths: Iterable[Path | str], cache_dir: Path | None = None,
                save: bool = True) -> Roster:
    """Read Open States people YAML files and folders (searched recursively).

    People with no upper or lower role (mayors, governors) are left out. A file that is
    not YAML, or a person without id or name, is an error naming the file.
    With ``cache_dir``, the parsed roster is kept there as JSON, keyed by the files' paths,
    sizes and modification times, so that the next import skips the YAML parsing;
    ``save=False`` reads that copy but leaves writing it to :func:`save_roster_cache`.
    """
    files = _yaml_files(Path(p) for p in paths)
    name = _cache_name(files) if cache_dir is not None else ""
    if cache_dir is not None:
        cached = Path(cache_dir) / name
        if cached.exists():
            try:
                hit = _from_json(cached.read_bytes(), files)
                hit._cache = (name, b"")
                return hit
            except (ValueError, TypeError, KeyError):
                cached.unlink(missing_ok=True)
    roster = _parse_files(files)
    if cache_dir is not None:
        roster._cache = (name, b"")  # its name, to be made once: the files' stat is read once
        if save:
            save_roster_cache(roster, cache_dir)
    return roster


def _cache_name(files: list[Path]) -> str:
    return f"roster-{_signature(files)}.json"


def prepare_roster_cache(roster: Roster, cache_dir: Path) -> None:
    """Make the bytes :func:`save_roster_cache` will write, unless a copy is already kept:
    an importer calls this while another process reads its files (it costs about a tenth
    of a second for a state's roster), so that saving is only the write."""
    name = roster._cache[0] if roster._cache else _cache_name(roster.files)
    if not (Path(cache_dir) / name).exists():
        roster._cache = (name, _to_json(roster))


def save_roster_cache(roster: Roster, cache_dir: Path) -> None:
    """Keep ``roster`` (as :func:`load_roster` read it) under ``cache_dir``, unless there."""
    name, made = roster._cache if roster._cache else (_cache_name(roster.files), b"")
    cached = Path(cache_dir) / name
    if cached.exists():
        return
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        for old in cached.parent.glob("roster-*.json"):
            old.unlink(missing_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_bytes(made or _to_json(roster))
        tmp.replace(cached)
    except OSError:  # a cache that cannot be written is no reason to fail
        pass


def _parse_files(files: list[Path]) -> Roster:
    roster = Roster()
    for file in files:
        try:
            data = load_yaml(file, "roster file", SourceError, plain=True)[0]
        except ScorecardError as exc:
            where = "; ".join(f"{p.where}: {p.message}" if p.where else p.message
                              for p in exc.problems) or exc.message
            raise SourceError(f"Roster file {file} is not valid YAML: {where}.") from None
        try:
            person = _person(data, file)
        except ValueError as exc:
            raise SourceError(f"Roster file {file}: {exc}.") from None
        if person is None:
            continue
        if person.id in roster.people:
            if replace(roster.people[person.id], file="") == replace(person, file=""):
                continue  # the same file given twice (two overlapping folders): read once
            raise SourceError(f"Roster files {roster.people[person.id].file} and {file} "
                              f"both hold {person.id}; give each person once.")
        roster.people[person.id] = person
    if not roster.people:
        raise SourceError("The roster holds no legislators (no upper or lower roles) in "
                          + ", ".join(str(f) for f in files[:3]) + ("..." if len(files) > 3
                                                                     else ""))
    roster.files = files
    return roster
