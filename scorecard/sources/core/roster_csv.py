"""The U.S. Congress roster: congress-legislators CSVs read into a :class:`~.roster.Roster`.

``legislators-current.csv`` and ``legislators-historical.csv`` (github.com/unitedstates/
congress-legislators) give each person's bioguide id, LIS id (senators), name, party,
state and district: their current or last one, with no term history. Each person gets
one undated role: a representative ``lower`` in ``<ST>-<NN>`` (``<ST>-AL`` at large, the
state when the roster gives no district), a senator ``upper`` in the state. The LIS id
is an alias of the bioguide id (:attr:`~.roster.Roster.aliases`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from ...errors import SourceError
from .roster import Party, Person, Role, Roster

COLUMNS = ("bioguide_id", "lis_id", "last_name", "first_name", "state", "district",
           "party", "type")
BIOGUIDE_URL = "https://bioguide.congress.gov/search/bio/{id}"


def _person(row: dict[str, str]) -> Person:
    def get(key: str) -> str:
        return (row.get(key) or "").strip()

    first = get("nickname") or get("first_name")
    last, suffix, state = get("last_name"), get("suffix"), get("state")
    name = get("full_name") or " ".join(p for p in (first, last, suffix) if p)
    bioguide = get("bioguide_id")
    if get("type") == "rep" and get("district") != "":
        district = f"{state}-" + ("AL" if get("district") == "0" else get("district").zfill(2))
        role = Role("lower", district, "", "")
    else:
        role = Role("upper" if get("type") == "sen" else "lower", state, "", "")
    return Person(bioguide, name, first, last, roles=[role],
                  parties=[Party(get("party"))] if get("party") else [],
                  url=get("url") or BIOGUIDE_URL.format(id=bioguide))


def state_of(person: Person) -> str:
    """The state of a congress-legislators person (from its role's district)."""
    return person.roles[0].district.split("-")[0] if person.roles else ""


def read_csv_roster(files: Iterable[tuple[str, str]]) -> Roster:
    """The roster from (name, CSV text) pairs; an earlier file wins for a repeated id."""
    roster = Roster()
    for name, text in files:
        reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise SourceError(
                f"{name}: not a congress-legislators roster CSV (it lacks column(s) "
                f"{', '.join(missing)}). Use legislators-current.csv and "
                "legislators-historical.csv from github.com/unitedstates/congress-legislators.")
        for row in reader:
            if not (row.get("bioguide_id") or "").strip():
                continue
            person = _person(row)
            roster.people.setdefault(person.id, person)
            lis = (row.get("lis_id") or "").strip()
            if lis:
                roster.aliases.setdefault(lis, person.id)
        roster.files.append(Path(name))
    return roster


def load_csv_roster(paths: Iterable[Path]) -> Roster:
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
    return read_csv_roster(files)
