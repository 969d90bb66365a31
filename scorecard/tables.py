"""Reading and writing the canonical tables of a dataset folder (CSV, UTF-8).

Reading keeps every cell as text (checks and typing happen in :mod:`scorecard.checks`);
row numbers in messages are spreadsheet rows, the header being row 1.
Writing is deterministic (sorted rows, fixed columns, ``\\n`` line ends), merges with
what the folder already holds, and replaces the dataset as a whole: every write goes
into a staging copy of the dataset that is swapped in when all of it is written
(:func:`dataset_stage`, built on :mod:`scorecard.staging`), so an interrupted or failed
import leaves the dataset as it was.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .columns import Coded
from .datasetmeta import merged_meta, meta_text
from .destinations import check_dataset_into
from .errors import DataError, Problems
from .fileread import FileRead, signature
from .model import DATASET_META, KEYS, OPTIONAL_COLUMNS, REQUIRED_TABLES, TABLES, columns
from .rows import FROM_VOTES, order_rollcalls, widen_terms
from .safetext import clean_cell, needs_cleaning, unsafe_characters
from .staging import is_staging, staged
from .staging import recover_dataset as recover_dataset  # its home: no pandas to load

_EMPTY: dict[str, pd.DataFrame] = {}


def empty_table(name: str) -> pd.DataFrame:
    """An empty table with the canonical columns of ``name`` (a copy of one made once:
    making a frame of text columns costs 2 ms, and an import asks for a dozen)."""
    if name not in _EMPTY:
        _EMPTY[name] = pd.DataFrame({c: pd.Series(dtype=str) for c in TABLES[name]})
    return _EMPTY[name].copy()


def _is_text(values: pd.Series) -> bool:
    """Whether every cell is a ``str`` (none missing): nothing for :func:`as_text` to do."""
    if values.dtype != object and not pd.api.types.is_string_dtype(values.dtype):
        return False
    # one C pass over the cells (a missing one makes it "mixed"), quicker than isna()
    return pd.api.types.infer_dtype(values.to_numpy(dtype=object),
                                    skipna=False) in ("string", "empty")


def as_text(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``df.reindex(columns=columns).fillna("").astype(str)``: the columns in order,
    missing ones empty, every cell text. Columns already all text are kept as they are
    (converting votes.csv's 600,000 cells to pandas' string type and back costs more
    than the rest of its merge)."""
    out = {}
    for col in columns:
        if col not in df.columns:
            out[col] = pd.Series([""] * len(df), index=df.index, dtype=object)
        elif _is_text(df[col]):
            out[col] = df[col]
        else:
            out[col] = df[col].fillna("").astype(str)
    return pd.DataFrame(out, index=df.index, columns=columns)


def _decode(path: Path, raw: bytes, problems: Problems) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(
            str(path),
            f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x}). Save the file as UTF-8 "
            "(in Excel: 'CSV UTF-8'; or convert with: iconv -f latin1 -t utf-8).",
            f"line {line}",
        )
        return None
    return text.removeprefix("\ufeff")


def read_table(folder: Path, name: str, problems: Problems,
               codes: dict[str, Coded] | None = None,
               digests: dict[str, FileRead] | None = None) -> pd.DataFrame | None:
    """Read ``folder/<name>.csv`` as text; report missing files and columns.

    Returns None when the table could not be read (the problem is recorded). A missing
    optional table reads as empty. ``codes``, when given, receives each column of the
    table read as :class:`~scorecard.columns.Coded` (made while cleaning it anyway), for
    :func:`scorecard.checks.check_tables`; ``digests``, the SHA-256 of the bytes read and
    the file's :func:`signature`, by table name (:mod:`scorecard.loadcache` keys what it
    keeps by them).
    """
    path = folder / f"{name}.csv"
    if not path.exists():
        if name in REQUIRED_TABLES:
            problems.error(
                str(path),
                "is missing. A dataset folder needs "
                f"{', '.join(f + '.csv' for f in REQUIRED_TABLES)} "
                "(see votes/README.md for their columns).",
            )
            return None
        return empty_table(name)
    try:
        with path.open("rb") as fh:
            before = os.fstat(fh.fileno())
            raw = fh.read()
            after = os.fstat(fh.fileno())
    except IsADirectoryError:
        problems.error(str(path), f"is a folder; it must be the {name} table, a CSV file "
                       "(see votes/README.md).")
        return None
    except OSError as exc:
        problems.error(str(path), f"cannot be read ({exc.strerror or exc}).")
        return None
    if digests is not None:
        digests[name] = FileRead(hashlib.sha256(raw).hexdigest(), signature(before, after))
    text = _decode(path, raw, problems)
    if text is None:
        return None
    if not text or text.isspace():  # (strip() would copy the whole text)
        problems.error(str(path), "is empty: it needs at least the header row "
                       f"({','.join(TABLES[name])}).", "row 1")
        return None
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw[:nul].count(b"\n") + 1
        problems.error(str(path), "holds a NUL byte (character 0), which no text table "
                       "has; the file is damaged or not a CSV file. Remove the character or "
                       "export the table again.", f"line {line}")
        return None
    try:  # header=None: a row with more fields than the header is an error, not an index
        df = pd.read_csv(  # the bytes (checked to be UTF-8 above) parse faster than text
            io.BytesIO(raw), dtype=object, keep_default_na=False, na_filter=False,
            skipinitialspace=False, encoding="utf-8-sig", header=None,
        )
    except pd.errors.ParserError as exc:
        problems.error(str(path), *_parser_problem(exc, len(_header(text))))
        return None
    except ValueError as exc:
        problems.error(str(path), f"could not be read as CSV: {exc}")
        return None
    header = [str(c).strip() for c in df.iloc[0]]
    df = df.iloc[1:].reset_index(drop=True)
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        problems.error(str(path), "column(s) " + ", ".join(repr(c) for c in twice)
                       + " appear twice in the header; keep one of each (which one is meant "
                       "cannot be guessed).", "row 1")
        return None
    df.columns = header
    missing = [c for c in TABLES[name] if c not in df.columns]
    if missing:
        problems.error(
            str(path),
            f"lacks column(s) {', '.join(missing)}; the header must name "
            f"{','.join(TABLES[name])}.",
            "row 1",
        )
        return None
    _warn_unknown(name, header, str(path), problems)
    df = df[columns(name, header)].copy()
    for col in df.columns:
        df[col], coded = _cleaned(df[col], str(path), col, problems)
        if codes is not None:
            codes[col] = coded
    return df


def _warn_unknown(name: str, header: list[str], file: str, problems: Problems) -> None:
    """A warning for the columns that are neither the table's own nor its optional ones:
    kept (imports write them back as they are) but never used, and perhaps a misspelling."""
    known = {*TABLES[name], *OPTIONAL_COLUMNS.get(name, ())}
    unknown = [c for c in header if c not in known]
    if not unknown:
        return
    optional = OPTIONAL_COLUMNS.get(name, ())
    also = f", and may have {', '.join(optional)}" if optional else ""
    problems.warn(file, f"column(s) {', '.join(repr(c) for c in unknown)} are not columns of "
                  f"{name}.csv, so the scorecard does not use them (imports keep them as they "
                  f"are). Its columns are {', '.join(TABLES[name])}{also} (votes/README.md); "
                  "check the spelling if one of them was meant.", "row 1")


_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_UNCLOSED = re.compile(r"EOF inside string starting at row (\d+)")


def _header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text)), [])


def _parser_problem(exc: pd.errors.ParserError, columns: int) -> tuple[str, str]:
    """(message, where) of a CSV the parser refused."""
    m = _FIELDS.search(str(exc))
    if m:
        row, saw = int(m.group(2)), int(m.group(3))
        return (f"has {saw} fields but the header names {columns}; a cell holding a comma "
                'must be quoted ("a, b"), and every row needs the header\'s columns.',
                f"row {row}")
    m = _UNCLOSED.search(str(exc))
    if m:
        return ('a quoted cell is never closed (a " with no closing "); close it, or double '
                'a quote inside a quoted cell ("").', f"row {int(m.group(1)) + 1}")
    return f"could not be read as CSV: {str(exc).removeprefix('Error tokenizing data. ')}", ""


def _cleaned(values: pd.Series, file: str, col: str, problems: Problems
             ) -> tuple[pd.Series, Coded]:
    """``values`` stripped of spaces, control characters and bidi controls, checked and
    done once per distinct value (a votes.csv column of 600,000 cells has a few thousand
    distinct ones, rarely with either), and the result coded. Removed characters are
    reported as warnings."""
    coded = Coded.of(values)
    distinct = coded.uniques
    if not needs_cleaning(distinct.tolist()):  # one scan of them all, the usual case
        return values, coded
    cleaned = [clean_cell(v).strip() for v in distinct]
    if all(c == v for c, v in zip(cleaned, distinct, strict=True)):
        return values, coded
    unsafe = np.fromiter((clean_cell(v) != v for v in distinct), dtype=bool,
                         count=len(distinct))
    if unsafe.any():
        hit = coded.rows(unsafe)
        rows = [int(i) + 2 for i in np.flatnonzero(hit)]
        for row in rows[:5]:
            chars = ", ".join(unsafe_characters(str(values.iat[row - 2])))
            problems.warn(file, f"{col}: removed invisible control character(s) {chars}, "
                          "which can disguise text or attack a terminal", f"row {row}")
        if len(rows) > 5:
            problems.warn(file, f"{col}: removed control characters from {len(rows) - 5} "
                          "more rows")
    recoded = Coded.of(np.asarray(cleaned, dtype=object))  # two values may clean alike
    coded = Coded(recoded.codes[coded.codes], recoded.uniques)
    # (map, as before: with pandas 3 its result is of pandas' string dtype, which the
    # rest of the build has always been given for a cleaned column)
    return values.map(dict(zip(distinct, cleaned, strict=True))), coded


_UMASK = os.umask(0)
os.umask(_UMASK)


def atomic_write(path: Path, data: str) -> None:
    """Write ``path`` by writing a new file beside it and renaming it over (never in
    place: in a staging copy the old file is a hard link shared with the dataset)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes files private; data files are not
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def to_csv_text(df: pd.DataFrame) -> str:
    """CSV text with ``\\n`` line ends, as every writer in the package uses."""
    return df.to_csv(index=False, lineterminator="\n")


def _special_characters() -> tuple[str, ...]:
    """Characters that make the csv module (which pandas writes with) quote a cell, with
    ``\n`` line ends: a lone ``\r`` is quoted by some Python versions and not others."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(["a\rb", "c"])
    return ('"', ",", "\n", "\r") if buf.getvalue().startswith('"') else ('"', ",", "\n")


_SPECIAL = _special_characters()
_NEEDS_QUOTES = re.compile("[" + re.escape("".join(_SPECIAL)) + "]")


def _quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def text_table_csv(df: pd.DataFrame, *, text: bool = False) -> str:
    """:func:`to_csv_text` of an all-text table, byte for byte, several times faster.

    The quoting is pandas' (the csv module's QUOTE_MINIMAL): a cell is quoted when it
    holds a quote, a comma or a line break, and quotes inside are doubled. A column is
    scanned once as a whole; only columns holding such a character are quoted cell by
    cell. (votes.csv of a state session has some 600,000 rows.) ``text``: every cell is
    known to be a ``str`` already (:func:`as_text` made the frame), so no column is
    tested again.
    """
    columns: list[list[str]] = []
    special = _NEEDS_QUOTES.search  # one C call per cell of a column holding one
    for col in df.columns:
        values = (df[col] if text or _is_text(df[col]) else df[col].astype(str)).tolist()
        joined = "".join(values)
        if any(ch in joined for ch in _SPECIAL):
            values = [_quoted(v) if special(v) else v for v in values]
        columns.append(values)
    header = ",".join(_quoted(str(c)) if any(ch in str(c) for ch in _SPECIAL) else str(c)
                      for c in df.columns)
    if len(df.columns) == 1:  # a lone empty cell must be written "" (not a blank line)
        columns = [[v if v else '""' for v in columns[0]]]
    rows = map(",".join, zip(*columns, strict=True)) if columns else iter(())
    body = "\n".join(rows)
    return "".join([header, "\n", body, "\n" if len(df) else ""])  # one copy of the body


def write_table(folder: Path, name: str, df: pd.DataFrame) -> None:
    """Write one canonical table exactly (columns in order, rows sorted by key)."""
    out = as_text(df, columns(name, df.columns))
    atomic_write(folder / f"{name}.csv", text_table_csv(out, text=True))


def merge_table(name: str, old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Upsert ``new`` into ``old`` by the table's key; new rows win; stable order.

    Rows are sorted by key so that importing the same source twice changes nothing;
    roll calls by date and id, and terms made from votes only widen (:mod:`.rows`).
    Votes and sponsors are replaced per roll call / per bill: a re-import of a roll call
    brings its complete member list, so stale rows for it are dropped.
    """
    cols = columns(name, [*old.columns, *new.columns])
    from_votes = empty_table(name)
    if FROM_VOTES in new.columns:  # legislators rows made from vote dates: widen only
        flag = new[FROM_VOTES].fillna(False).astype(bool)
        from_votes = as_text(new[flag], cols)
        new = new[~flag]
    new = _with_old_values(name, old, new)
    old = as_text(old, cols)
    new = as_text(new, cols)
    if name == "votes" and len(new) and len(old):
        old = old[~old["rollcall_id"].isin(new["rollcall_id"].unique())]
    if name == "sponsors" and len(new) and len(old):
        old = old[~old["bill_id"].isin(new["bill_id"].unique())]
    if name == "rollcalls":
        # Row order breaks same-date ties, so it must not depend on import order: a
        # re-imported roll call is updated, and the file is kept in date and natural id
        # order (importing A then B, B then A, or both at once gives the same file).
        new = new.drop_duplicates(subset=["rollcall_id"], keep="last")
        old = old.drop_duplicates(subset=["rollcall_id"], keep="last").reset_index(drop=True)
        updated = new.set_index("rollcall_id")
        hit = old["rollcall_id"].isin(updated.index)
        if hit.any():
            rows = updated.loc[old.loc[hit, "rollcall_id"]].reset_index()[cols]
            old.loc[hit, cols] = rows.to_numpy()
        added = new[~new["rollcall_id"].isin(set(old["rollcall_id"]))]
        return order_rollcalls(pd.concat([old, added], ignore_index=True))
    both = pd.concat([old, new], ignore_index=True) if len(old) else new
    if len(from_votes):
        both = widen_terms(dedupe_sorted(both, list(KEYS[name])), from_votes)
    return dedupe_sorted(both, list(KEYS[name]))


def _with_old_values(name: str, old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """``new`` with the optional and user-added columns it lacks taken from ``old``'s row
    of the same key: an import whose source does not give a column (a bill's status, a
    note a volunteer added) leaves the dataset's values of it as they were."""
    lacking = [c for c in columns(name, old.columns)[len(TABLES[name]):]
               if c not in new.columns]
    if not lacking or new.empty:
        return new
    key = list(KEYS[name])
    prior = as_text(old, [*key, *lacking]).drop_duplicates(key, keep="last")
    return new.merge(prior, on=key, how="left", sort=False).fillna(
        {c: "" for c in lacking}).set_axis(new.index)


def _strictly_sorted(df: pd.DataFrame, key: list[str]) -> bool:
    """Whether the rows are in increasing key order with no key twice (an importer that
    writes its rows sorted, as the Open States one does, skips the sort)."""
    if len(df) < 2:
        return True
    greater = np.zeros(len(df) - 1, dtype=bool)
    equal = np.ones(len(df) - 1, dtype=bool)
    for col in key:
        values = df[col].to_numpy(dtype=object)
        after, before = values[1:], values[:-1]
        greater |= equal & (after > before)
        equal &= after == before
        if greater.all():
            return True
    return bool(greater.all())


def dedupe_sorted(df: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """One row per key (the last), sorted by key: pandas' ``drop_duplicates`` and stable
    ``sort_values``. Rows already in strictly increasing key order (an importer that
    writes its rows sorted) are kept as they are: checking costs a quarter of sorting
    (400,000 votes: 0.26 s against 1.1 s); on unsorted rows pandas is as fast as the
    integer-code sort this replaced (0.55 s against 0.61 s)."""
    if df.empty or _strictly_sorted(df, key):  # nothing to drop, nothing to move
        return df.reset_index(drop=True)
    return df.drop_duplicates(subset=key, keep="last").sort_values(
        key, kind="stable").reset_index(drop=True)


#: The tool's own temporary files in a dataset (``.votes.csv.k3j2.tmp``): left out of the
#: staging copy, so an interrupted write's leftovers disappear with the next import.
_TEMP_FILE = re.compile(r"\.(?:[\w-]+\.csv|dataset\.yaml)\.(?:[\w-]+\.)?tmp")


@contextmanager
def dataset_stage(folder: Path) -> Iterator[Path]:
    """The folder to write a dataset's files into: ``folder`` itself when it is already a
    staging copy, else a new staging copy of it, swapped in when the block succeeds.

    Every writer of a dataset file goes through here; wrap several writes of one import
    in one ``with`` so that they are swapped in together.
    """
    folder = Path(folder)
    if is_staging(folder):
        yield folder
        return
    with staged(folder, "import", "the dataset", carry=True,
                skip=lambda name: bool(_TEMP_FILE.fullmatch(name))) as stage:
        yield stage


def write_dataset(
    folder: Path,
    tables: Mapping[str, pd.DataFrame],
    meta: Mapping[str, Any] | None = None,
    merge: bool = True,
) -> dict[str, tuple[int, int]]:
    """Write (merging by default) canonical tables and dataset.yaml into ``folder``.

    Returns, per table, (rows before, rows after). The dataset is replaced as a whole
    (:func:`dataset_stage`): an error or a kill leaves the folder as it was.
    """
    folder = Path(folder)
    if not is_staging(folder):
        check_dataset_into(folder)
    with dataset_stage(folder) as stage:
        return _write_dataset(stage, tables, meta, merge)


def _write_dataset(
    folder: Path,
    tables: Mapping[str, pd.DataFrame],
    meta: Mapping[str, Any] | None,
    merge: bool,
) -> dict[str, tuple[int, int]]:
    results: dict[str, pd.DataFrame] = {}
    counts: dict[str, tuple[int, int]] = {}
    for name, df in tables.items():
        if name not in TABLES:
            raise DataError(f"internal: unknown table {name!r}")
        old = empty_table(name)
        path = folder / f"{name}.csv"
        if merge and path.exists():
            problems = Problems()
            read = read_table(folder, name, problems)
            problems.raise_if_errors(DataError, f"Cannot merge into {path}")
            old = read if read is not None else old
        results[name] = merge_table(name, old, df) if merge else df
        counts[name] = (len(old), len(results[name]))
    for name in REQUIRED_TABLES:
        if name not in results and not (folder / f"{name}.csv").exists():
            results[name] = empty_table(name)
            counts[name] = (0, 0)
    if "sponsors" not in results and not (folder / "sponsors.csv").exists():
        results["sponsors"] = empty_table("sponsors")
    for name, df in results.items():
        write_table(folder, name, df)
    if meta is not None:
        _write_meta(folder, meta, merge)
    return counts


def write_meta(folder: Path, meta: Mapping[str, Any], merge: bool = True) -> None:
    """Write dataset.yaml; with ``merge``, sources and sessions accumulate."""
    with dataset_stage(Path(folder)) as stage:
        _write_meta(stage, meta, merge)


def _write_meta(folder: Path, meta: Mapping[str, Any], merge: bool) -> None:
    out = merged_meta(folder, meta) if merge else dict(meta)
    atomic_write(Path(folder) / DATASET_META, meta_text(out))
