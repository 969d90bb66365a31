"""The dataset's tables as read and checked, kept in the user's cache folder for the next build.

Reading and checking the tables of a large dataset (the real four-session New York data:
932,000 member votes) costs seconds, and the next build reads the same files again. So
a build keeps, in :func:`cache_dir` (``$SCORECARD_CACHE_DIR``, else the user's cache
folder: ``$XDG_CACHE_HOME/scorecard`` or ``~/.cache/scorecard``), one file per dataset
folder: every table as read (each column as the codes of its distinct values) and every
problem reading and checking them found, under a key of everything they were made from:
each table file's SHA-256, the dataset folder as named, the source of the modules that
read and check them, and the Python, pandas and numpy versions. The next build of the
same folder (into any output) uses it only when its key is the same *and* its contents
hash to what it records (a table file not written since it was read, as its status
tells, :mod:`scorecard.fileread`, is not hashed again: its recorded SHA-256 is used);
anything else (a table edited, a file damaged or from another version) is a miss, and
the tables are read and checked as if there were no cache. So a
hit gives the same tables and the same problems, in the same order, as reading the
files: the cache changes how long a build takes, never what it prints or writes. It is
only written for a dataset that loaded without errors, holds no code (no pickle: JSON
and integer arrays), and is never written into the dataset folder or the output (which
is published: the NY data's cache is 11 MB). The :data:`KEEP` most recently used files
are kept; a cache folder that cannot be written is no reason to fail.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pandas as pd

from .columns import Coded
from .errors import Problem
from .fileread import FileRead, file_signature
from .model import TABLES

#: The environment variable naming the cache folder (tests and CI set it).
CACHE_ENV = "SCORECARD_CACHE_DIR"
#: How many datasets' caches are kept (the most recently used ones).
KEEP = 8
FORMAT = 2
#: The modules whose code decides what reading and checking the tables gives.
_MODULES = ("columns", "checks", "dataset", "datasetmeta", "errors", "fileread", "loadcache",
            "model", "safetext", "tables")


@dataclass
class Loaded:
    """What reading and checking a dataset's tables gave (no errors)."""

    tables: dict[str, pd.DataFrame]
    codes: dict[str, dict[str, Coded]]  # every column of every table
    read: list[Problem]  # the problems reading the tables reported, in order
    checked: list[Problem]  # check_tables'


@cache
def _code_version() -> str:
    h = hashlib.sha256()
    for name in _MODULES:
        h.update((Path(__file__).parent / f"{name}.py").read_bytes())
    h.update(f"{sys.version}|{pd.__version__}|{np.__version__}|{FORMAT}".encode())
    return h.hexdigest()


def dataset_key(folder: Path, digests: dict[str, str] | None = None,
                known: Recorded | None = None) -> str | None:
    """The key of ``folder``'s tables: of the files as they are now, or of the bytes that
    were read (``digests``: SHA-256 by table name, a table absent when not named); None
    when a table file cannot be read as bytes (reading the tables reports why). A file
    whose signature is the one ``known`` records for it (:mod:`scorecard.fileread`: not
    written since it was read) is not read again: its recorded SHA-256 is used."""
    h = hashlib.sha256(f"{_code_version()}\n{folder}\n".encode())
    for name in TABLES:
        digest = (digests.get(name, "absent") if digests is not None
                  else _digest(folder / f"{name}.csv", (known or {}).get(name)))
        if digest is None:
            return None
        h.update(f"{name}={digest}\n".encode())
    return h.hexdigest()


def _digest(path: Path, known: tuple[str, tuple[int, ...] | None] | None) -> str | None:
    """``path``'s SHA-256 ("absent" when there is no such file; None when it cannot be
    read), taken from ``known`` when the file's signature is the recorded one."""
    try:
        if known is not None and known[1] is not None and (
                file_signature(path.stat()) == known[1]):
            return known[0]
        with path.open("rb") as fh:  # in chunks: never held whole beside the cache
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except FileNotFoundError:
        return "absent"
    except OSError:
        return None


def _problem(p: Problem) -> list[str]:
    return [p.file, p.message, p.where, p.severity]


def encode(key: str, loaded: Loaded, files: dict[str, FileRead] | None = None) -> bytes:
    """The cache file's bytes: a JSON header line (with ``files``: each table file's
    SHA-256 and signature as read), then the columns' codes."""
    body = bytearray()
    tables: list[dict[str, Any]] = []
    for name, df in loaded.tables.items():
        columns = []
        for col in df.columns:
            coded = loaded.codes[name].get(col) or Coded.of(df[col])
            n = len(coded.uniques)
            dtype = "<u1" if n <= 0xFF else "<u2" if n <= 0xFFFF else "<u4"
            data = coded.codes.astype(dtype).tobytes()
            columns.append({"name": col, "dtype": str(df[col].dtype), "codes": dtype,
                            "offset": len(body), "values": coded.uniques.tolist()})
            body += data + b"\0" * (-len(data) % 8)
        tables.append({"name": name, "rows": len(df), "columns": columns})
    header = {"format": FORMAT, "key": key, "tables": tables,
              "files": {name: [f.sha256, list(f.signature) if f.signature else None]
                        for name, f in (files or {}).items()},
              "read": [_problem(p) for p in loaded.read],
              "checked": [_problem(p) for p in loaded.checked],
              "body": {"size": len(body), "sha256": hashlib.sha256(body).hexdigest()}}
    return orjson.dumps(header) + b"\n" + bytes(body)


def decode(blob: bytes, key: str) -> Loaded | None:
    """The tables and problems in ``blob`` if it is a whole cache file of ``key``."""
    found = read_blob(blob)
    return found[1] if found is not None and found[0] == key else None


#: A table file as a cache recorded it: (SHA-256, signature or None).
Recorded = dict[str, tuple[str, tuple[int, ...] | None]]


def read_blob(blob: bytes) -> tuple[str, Loaded, Recorded] | None:
    """(key, tables and problems, the table files as read) of ``blob`` if it is a whole
    cache file."""
    try:
        end = blob.index(b"\n")
        header = orjson.loads(blob[:end])
        body = memoryview(blob)[end + 1:]
        if (header["format"] != FORMAT or not isinstance(header["key"], str)
                or header["body"]["size"] != len(body)
                or header["body"]["sha256"] != hashlib.sha256(body).hexdigest()):
            return None
        tables: dict[str, pd.DataFrame] = {}
        codes: dict[str, dict[str, Coded]] = {}
        for table in header["tables"]:
            name, rows = table["name"], table["rows"]
            series, coded = {}, {}
            for col in table["columns"]:
                uniques = np.empty(len(col["values"]), dtype=object)
                uniques[:] = col["values"]
                if pd.api.types.infer_dtype(uniques, skipna=False) not in ("string", "empty"):
                    return None  # every value is text (one C pass over them)
                c = Coded(np.frombuffer(body, dtype=col["codes"], count=rows,
                                        offset=col["offset"]).astype(np.int64), uniques)
                series[col["name"]] = pd.Series(c.values(), dtype=col["dtype"], copy=False)
                coded[col["name"]] = c
            df = pd.DataFrame(series, columns=list(series)) if series else None
            own = list(TABLES[name])  # then any optional or user's columns
            if df is None or list(df.columns)[:len(own)] != own or len(df) != rows:
                return None
            tables[name], codes[name] = df, coded
        if list(tables) != [n for n in TABLES if n in tables]:
            return None
        files: Recorded = {str(n): (str(d), tuple(int(x) for x in sig) if sig else None)
                           for n, (d, sig) in header["files"].items()}
        return header["key"], Loaded(tables, codes, [Problem(*p) for p in header["read"]],
                                     [Problem(*p) for p in header["checked"]]), files
    except Exception:  # noqa: BLE001 - a damaged cache is a miss, never an error
        return None


def cache_dir() -> Path:
    """The folder of the dataset caches (see the module docstring)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "scorecard"


def cache_file(folder: Path) -> Path:
    """The cache file of the dataset ``folder`` (named by its resolved path's hash)."""
    name = hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:24]
    return cache_dir() / "datasets" / f"{name}.cache"


class DatasetCache:
    """The dataset cache of one build: :meth:`fetch` before loading, :meth:`keep` what a
    load read, :meth:`write` it when the build is done."""

    def __init__(self) -> None:
        self.blob: bytes | None = None  # what to write (None: nothing new)
        self.path: Path | None = None

    def fetch(self, folder: Path) -> Loaded | None:
        """``folder``'s tables and problems from its cache file, when they are there for
        the files as they are now."""
        self.blob, self.path = None, cache_file(folder)
        try:
            blob = self.path.read_bytes()
        except OSError:
            return None
        found = read_blob(blob)
        if found is None:
            return None
        current = dataset_key(folder, known=found[2])  # hashes only the files written since
        if current is None or found[0] != current:
            return None
        with contextlib.suppress(OSError):  # used: the last to be removed
            os.utime(self.path)
        return found[1]

    def keep(self, folder: Path, files: dict[str, FileRead], loaded: Loaded) -> None:
        """Keep what was just read (``files``: the tables' bytes' SHA-256 and signatures)
        and checked, without errors, for :meth:`write`."""
        self.path = cache_file(folder)
        digests = {name: f.sha256 for name, f in files.items()}
        self.blob = encode(dataset_key(folder, digests) or "", loaded, files)

    def write(self) -> None:
        """Write the kept tables to the cache file (whole: a new file renamed over it),
        and remove all but the :data:`KEEP` most recently used caches; nothing on error."""
        if self.blob is None or self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(self.blob)
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            _prune(self.path.parent)
        except OSError:
            return


def _prune(folder: Path) -> None:
    """Remove the caches beyond the :data:`KEEP` most recently used (only files this
    module names: 24 hex digits and ``.cache``)."""
    mine = [p for p in folder.glob("*.cache") if len(p.stem) == 24
            and all(c in "0123456789abcdef" for c in p.stem)]
    mine.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in mine[KEEP:]:
        old.unlink(missing_ok=True)
