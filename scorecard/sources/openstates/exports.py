"""Reading Open States' bulk session CSV export (format version 2.1) from a ZIP or folder.

An export holds one session of one state: ``{st}/{session}/{st}_{session}_bills.csv``,
``_votes.csv``, ``_vote_people.csv``, ``_vote_counts.csv``, ``_bill_sponsorships.csv``,
``_organizations.csv`` and more (``_bill_related_bills.csv``, ``_bill_sources.csv``,
``_vote_sources.csv`` are used when present). Every cell is read as text; the exporter's
Python list literals (``['passage']``) and booleans (``True``) are parsed later, safely.
This module only finds and reads the files; :mod:`.openstates` converts them.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pandas as pd

from ...errors import SourceError
from ..core.archives import open_zip

#: file kind -> columns the importer needs (the export may hold more).
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "bills": ("id", "identifier", "title", "session_identifier"),
    "votes": ("id", "identifier", "motion_text", "motion_classification", "start_date",
              "result", "organization_id", "bill_id", "bill_action_id", "jurisdiction",
              "session_identifier"),
    "vote_people": ("id", "vote_event_id", "option", "voter_name", "voter_id", "note"),
    "vote_counts": ("id", "vote_event_id", "option", "value"),
    "bill_sponsorships": ("id", "name", "entity_type", "organization_id", "person_id",
                          "bill_id", "primary", "classification"),
    "organizations": ("id", "name", "classification"),
    "bill_related_bills": ("bill_id", "identifier", "legislative_session", "relation_type"),
    "bill_sources": ("bill_id", "url"),
    "vote_sources": ("vote_event_id", "url"),
}
#: columns read when present
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "bills": ("classification", "organization_classification", "latest_action_date",
              "latest_action_description"),
    "organizations": ("parent_id",),
}
#: required columns the importer checks but does not read
UNUSED: dict[str, tuple[str, ...]] = {
    "votes": ("bill_action_id", "jurisdiction"),
    "vote_people": ("id", "note"),
    "vote_counts": ("id",),
    "bill_sponsorships": ("id", "organization_id", "classification"),
}
#: files an export must have to be imported
REQUIRED_FILES = ("bills", "votes", "vote_people", "organizations")
#: files read when present (the exporter skips a file that would be empty)
OPTIONAL_FILES = ("vote_counts", "bill_sponsorships", "bill_related_bills", "bill_sources",
                  "vote_sources")
#: longest suffix first, so that ``_bill_sources`` is not taken for ``_sources``
_KINDS = sorted(REQUIRED_FILES + OPTIONAL_FILES, key=len, reverse=True)


@dataclass
class Export:
    """One session's tables, as text, with the names of the files they came from."""

    state: str  # two-letter code, lower case
    origin: str  # the ZIP or folder, for messages
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    #: per-row labels for sources that are not files (the API); else None
    labels: dict[str, list[str]] | None = None

    #: fetched_at for dataset.yaml (the export's "Generated At"), when known
    generated: str = ""

    def where(self, kind: str, index: int) -> tuple[str, str]:
        """(file, place) of a row: ``("ny_2023-2024_votes.csv", "row 12")``; header = row 1."""
        if self.labels is not None:
            return self.files.get(kind, self.origin), self.labels[kind][index]
        return self.files[kind], f"row {index + 2}"


def parse_list(text: str) -> list[str]:
    """A list cell as the exporter writes it: ``['passage']``, ``[]``, ``{a,b}`` or empty.

    Raises ValueError for anything else (the caller names the file and row).
    """
    text = text.strip()
    if not text:
        return []
    if re.fullmatch(r'\{[\w\s",-]*\}', text):  # PostgreSQL array text: {a,b}
        return [p.strip().strip('"') for p in text[1:-1].split(",") if p.strip()]
    value = ast.literal_eval(text)  # literals only: never evaluates code
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{text!r} is not a list of strings")
    return list(value)


def parse_bool(text: str) -> bool:
    """``True``/``False`` as the exporter writes them (also true/t/1, false/f/0/empty)."""
    t = text.strip().lower()
    if t in ("true", "t", "1", "yes"):
        return True
    if t in ("false", "f", "0", "no", ""):
        return False
    raise ValueError(f"{text!r} is not True or False")


def _kind_of(name: str) -> tuple[str, str] | None:
    """``ny/2023-2024/ny_2023-2024_votes.csv`` -> (``ny_2023-2024``, ``votes``)."""
    base = name.rsplit("/", 1)[-1]
    if not base.lower().endswith(".csv"):
        return None
    stem = base[:-4]
    for kind in _KINDS:
        if stem.lower().endswith("_" + kind):
            prefix = stem[: -len(kind) - 1]
            if "_" in prefix:
                return prefix, kind
    return None


@contextmanager
def _opened(path: Path) -> Iterator[tuple[list[str], Callable[[str], IO[bytes]], str]]:
    """The member names of a ZIP or folder and a way to open each, as bytes."""
    if not path.exists():
        raise SourceError(f"{path}: no such file or folder. Give the Open States session "
                          "export (the .zip or the folder it unzips to).")
    if path.is_dir():
        names = sorted(str(p.relative_to(path)).replace("\\", "/") for p in path.rglob("*")
                       if p.is_file() and (p.suffix == ".csv" or p.name.upper() == "README"))
        yield names, lambda n: (path / n).open("rb"), str(path)
        return
    with open_zip(path, "the session's CSV export") as archive:
        yield archive.names(), archive.open, str(path)


def _read_csv(opener: Callable[[str], IO[bytes]], member: str, shown: str,
              kind: str) -> pd.DataFrame:
    """One file of the export as text; its header must hold the documented columns.

    Columns the importer does not use (ids of rows, notes) are checked but not parsed:
    vote_people has some 600,000 rows in a session.
    """
    required = REQUIRED_COLUMNS[kind]
    wanted = (set(required) | set(OPTIONAL_COLUMNS.get(kind, ()))) - set(UNUSED.get(kind, ()))
    try:
        with opener(member) as fh:
            header = list(pd.read_csv(fh, nrows=0, dtype=str, encoding="utf-8").columns)
        missing = [c for c in required if c not in header]
        if missing:
            raise SourceError(
                f"{shown}, row 1: column(s) {', '.join(missing)} missing. An Open States "
                f"{kind} file (CSV format version 2.1) has the columns {', '.join(required)}. "
                "Use the export as downloaded, without editing it.")
        with opener(member) as fh:
            return pd.read_csv(fh, dtype=str, keep_default_na=False, na_filter=False,
                               encoding="utf-8", usecols=[c for c in header if c in wanted])
    except UnicodeDecodeError:
        raise SourceError(f"{shown} is not valid UTF-8 text; download the export again."
                          ) from None
    except pd.errors.EmptyDataError:
        raise SourceError(f"{shown}, row 1: the file is empty; it needs its header row "
                          f"({','.join(required)}).") from None
    except (pd.errors.ParserError, ValueError, OSError) as exc:
        raise SourceError(f"{shown} could not be read as CSV: {exc}") from None


def _generated_at(names: list[str], opener: Callable[[str], IO[bytes]]) -> str:
    """The date in the export's README ("Generated At: 2024-06-30 ..."), or ""."""
    readme = next((n for n in names if n.rsplit("/", 1)[-1].upper() == "README"), None)
    if readme is None:
        return ""
    try:
        with opener(readme) as fh:
            text = fh.read(4096).decode("utf-8", "replace")
    except OSError:
        return ""
    m = re.search(r"Generated At:\s*(\d{4}-\d{2}-\d{2})", text)
    return m.group(1) if m else ""


def read_exports(path: Path) -> list[Export]:
    """Every session export in a ZIP or folder (normally one), read as text tables."""
    path = Path(path)
    with _opened(path) as (names, opener, origin):
        groups: dict[str, dict[str, str]] = {}
        for name in names:
            found = _kind_of(name)
            if found:
                groups.setdefault(found[0], {})[found[1]] = name
        if not groups:
            raise SourceError(
                f"{origin}: no Open States session CSV files found (expected names like "
                "ny_2023-2024_bills.csv, ny_2023-2024_votes.csv, ...). Download the session's "
                "CSV export from open.pluralpolicy.com/data/ and give the .zip or its folder.")
        generated = _generated_at(names, opener)
        exports = []
        for prefix, members in sorted(groups.items()):
            missing = [k for k in REQUIRED_FILES if k not in members]
            if missing:
                listing = ", ".join(f"{prefix}_{k}.csv" for k in missing)
                raise SourceError(
                    f"{origin}: {listing} missing. An Open States session export (CSV format "
                    f"version 2.1) has {', '.join(f'{prefix}_{k}.csv' for k in REQUIRED_FILES)}"
                    " and more; download the complete export again.")
            state = prefix.split("_", 1)[0].lower()
            export = Export(state=state, origin=origin, generated=generated)
            for kind, member in members.items():
                shown = f"{origin}: {member}" if not path.is_dir() else str(path / member)
                export.frames[kind] = _read_csv(opener, member, shown, kind)
                export.files[kind] = shown
            exports.append(export)
    return exports
