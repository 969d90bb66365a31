"""The dataset's tables as read and checked, kept in a build's output for the next build.

Reading and checking the tables of a large dataset (the real four-session New York data:
932,000 member votes) costs seconds, and the next build reads the same files again. So
a build writes, beside its ``.scorecard-build`` marker, :data:`FILE`: every table as read
(each column as the codes of its distinct values) and every problem reading and checking
them found, under a key of everything they were made from: each table file's SHA-256,
the dataset folder as named, the source of the modules that read and check them, and the
Python, pandas and numpy versions. The next build into the same folder uses it only when
its key is the same *and* its contents hash to what it records; anything else (a table
edited, a file damaged or from another version) is a miss, and the tables are read and
checked as if there were no cache. So a hit gives the same tables and the same problems,
in the same order, as reading the files: the cache changes how long a build takes, never
what it prints or writes. It is only written for a dataset that loaded without errors,
holds no code (no pickle: JSON and integer arrays), and is only ever read from the
previous output, never from the dataset folder.
"""

from __future__ import annotations

import hashlib
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pandas as pd

from .columns import Coded
from .errors import Problem
from .model import TABLES

#: The cache file, at the root of a build's output (a tool file, like the marker).
FILE = ".scorecard-dataset.cache"
FORMAT = 1
#: The modules whose code decides what reading and checking the tables gives.
_MODULES = ("columns", "checks", "dataset", "errors", "loadcache", "model", "safetext",
            "tables")


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


def dataset_key(folder: Path, digests: dict[str, str] | None = None) -> str | None:
    """The key of ``folder``'s tables: of the files as they are now, or of the bytes that
    were read (``digests``: SHA-256 by table name, a table absent when not named); None
    when a table file cannot be read as bytes (reading the tables reports why)."""
    h = hashlib.sha256(f"{_code_version()}\n{folder}\n".encode())
    for name in TABLES:
        if digests is not None:
            digest = digests.get(name, "absent")
        else:
            try:  # in chunks: the file is never held whole beside the decoded cache
                with (folder / f"{name}.csv").open("rb") as fh:
                    digest = hashlib.file_digest(fh, "sha256").hexdigest()
            except FileNotFoundError:
                digest = "absent"
            except OSError:
                return None
        h.update(f"{name}={digest}\n".encode())
    return h.hexdigest()


def _problem(p: Problem) -> list[str]:
    return [p.file, p.message, p.where, p.severity]


def encode(key: str, loaded: Loaded) -> bytes:
    """The cache file's bytes: a JSON header line, then the columns' codes."""
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
              "read": [_problem(p) for p in loaded.read],
              "checked": [_problem(p) for p in loaded.checked],
              "body": {"size": len(body), "sha256": hashlib.sha256(body).hexdigest()}}
    return orjson.dumps(header) + b"\n" + bytes(body)


def decode(blob: bytes, key: str) -> Loaded | None:
    """The tables and problems in ``blob`` if it is a whole cache file of ``key``."""
    found = read_blob(blob)
    return found[1] if found is not None and found[0] == key else None


def read_blob(blob: bytes) -> tuple[str, Loaded] | None:
    """(key, tables and problems) of ``blob`` if it is a whole cache file."""
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
        return header["key"], Loaded(tables, codes, [Problem(*p) for p in header["read"]],
                                     [Problem(*p) for p in header["checked"]])
    except Exception:  # noqa: BLE001 - a damaged cache is a miss, never an error
        return None


class DatasetCache:
    """The cache of one build: read from ``previous`` (the output being replaced, None
    for a first build), written into the new output."""

    def __init__(self, previous: Path | None) -> None:
        self.previous = previous
        self.blob: bytes | None = None

    def fetch(self, folder: Path) -> Loaded | None:
        """``folder``'s tables and problems from the previous output, when they are there
        for the files as they are now."""
        self.blob = None
        if self.previous is None:
            return None
        try:
            blob = (self.previous / FILE).read_bytes()
        except OSError:
            return None
        # hashing the tables (hashlib and reading release the GIL) runs beside decoding
        with ThreadPoolExecutor(max_workers=1) as pool:
            key = pool.submit(dataset_key, folder)
            found = read_blob(blob)
            current = key.result()
        loaded = found[1] if found is not None and current is not None and \
            found[0] == current else None
        if loaded is not None:
            self.blob = blob  # the next build gets the same file
        return loaded

    def keep(self, folder: Path, digests: dict[str, str], loaded: Loaded) -> None:
        """Keep what was just read (the bytes hashing to ``digests``) and checked, without
        errors, for the new output."""
        self.blob = encode(dataset_key(folder, digests) or "", loaded)

    def write(self, out: Path) -> None:
        """Write the cache file into the new output ``out`` (nothing when none is kept)."""
        if self.blob is not None:
            (out / FILE).write_bytes(self.blob)
