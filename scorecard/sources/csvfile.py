"""``scorecard import csv``: hand-made canonical tables, validated, then merged in.

For votes no source has (committee votes from minutes, a roll call the sources missed)
and corrections. PATH is a folder holding any of the canonical tables (``bills.csv``,
``rollcalls.csv``, ``votes.csv``, ``legislators.csv``, ``sponsors.csv``,
``overrides.csv``) or such files themselves; each needs the table's header row.

Every table is checked with :func:`scorecard.checks.check_tables` against the dataset as
it will be after the import (a hand-made vote may name a roll call already there), and
every problem is reported with its file and row before anything is written. Rows replace
the dataset's rows with the same key (a correction); a hand-made roll call that repeats
another source's under a new id is dropped like any other duplicate (see :mod:`.merge`):
give it that roll call's rollcall_id to correct it, or use overrides.csv.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problems, SourceError
from ..model import KEYS, TABLES, columns
from .core.request import Command, ImportReport, ImportRequest

if TYPE_CHECKING:
    import pandas as pd

# The registry imports this module for COMMANDS: pandas and the checks load only when
# the import runs, so `scorecard --help` stays light.

SOURCE = "csv"
_ROW = re.compile(r"^row (\d+)$")


def _files(paths: list[Path], problems: Problems) -> dict[str, Path]:
    """table name -> the file holding it."""
    found: dict[str, Path] = {}
    for path in paths:
        path = Path(path)
        if path.is_dir():
            candidates = sorted(path.glob("*.csv"))
            if not candidates:
                problems.error(str(path), "holds no CSV files; expected any of "
                               + ", ".join(f"{t}.csv" for t in TABLES))
        elif path.is_file():
            candidates = [path]
        else:
            problems.error(str(path), "does not exist")
            continue
        for file in candidates:
            name = file.stem
            if name not in TABLES:
                problems.error(str(file), "is not a canonical table: name the file after its "
                               "table (" + ", ".join(f"{t}.csv" for t in TABLES) + ")")
            elif name in found:
                problems.error(str(file), f"gives the {name} table a second time (also "
                               f"{found[name]}); put its rows in one file")
            else:
                found[name] = file
    return found


def _combined(new: dict[str, pd.DataFrame], into: Path) -> dict[str, pd.DataFrame]:
    """Every table as it will be: the new rows first (so row numbers are the file's),
    then the dataset's rows that they do not replace."""
    import pandas as pd

    from ..tables import as_text, empty_table, read_table

    out: dict[str, pd.DataFrame] = {}
    for name in TABLES:
        old = empty_table(name)
        if (into / f"{name}.csv").exists():
            problems = Problems()
            read = read_table(into, name, problems)
            if read is None:
                raise SourceError(f"Cannot read the dataset's {into / (name + '.csv')}: "
                                  + "; ".join(str(p) for p in problems.errors))
            old = read
        rows = new.get(name, empty_table(name))
        if len(rows) and len(old):
            key = list(KEYS[name])
            if name == "votes":  # a roll call's member list is replaced whole
                old = old[~old["rollcall_id"].isin(set(rows["rollcall_id"]))]
            kept = old.set_index(key).index.isin(rows.set_index(key).index)
            old = old[~kept]
        both = pd.concat([rows, old], ignore_index=True)
        out[name] = as_text(both, columns(name, both.columns))  # a column one side lacks: ""
    return out


def import_csv(req: ImportRequest) -> ImportReport:
    """``scorecard import csv PATH... --into DIR``: check hand-made tables and merge them."""
    from ..checks import check_tables
    from ..tables import read_table
    from .core.finish import Converted, finish

    if not req.paths:
        raise SourceError("Give a folder of hand-made tables (or the files): scorecard "
                          "import csv corrections/ --into votes/ny")
    into = Path(req.into)
    problems = Problems()
    files = _files(list(req.paths), problems)
    new: dict[str, pd.DataFrame] = {}
    for name, file in files.items():
        df = read_table(file.parent, name, problems)
        if df is not None:
            new[name] = df
    problems.raise_if_errors(SourceError, "Cannot import the hand-made tables")
    if not any(len(df) for df in new.values()):
        raise SourceError("The hand-made tables hold no rows (only headers); nothing was "
                          "written.")
    found = check_tables(_combined(new, into), into)
    rows = {name: len(df) for name, df in new.items()}
    for p in found.items:
        name = Path(p.file).stem
        m = _ROW.match(p.where)
        if name in files and (m is None or int(m.group(1)) <= rows.get(name, 0) + 1):
            # a problem of a hand-made file: name that file and its row
            (problems.error if p.severity == "error" else problems.warn)(
                str(files[name]), p.message, p.where)
        else:  # a problem the dataset already had: `scorecard validate` reports it
            problems.warn(str(into / f"{name}.csv"), f"{p.message} (already in the "
                          "dataset)")
    problems.raise_if_errors(SourceError, "Cannot import the hand-made tables")
    sessions = sorted(set(new["bills"]["session"])) if "bills" in new else []
    meta = {"source": "hand-made CSV", "sessions": sessions,
            "notes": [f"Hand-made tables: {f}" for f in files.values()]}
    if not sessions:
        del meta["sessions"]
    conv = Converted(new, source=SOURCE, label="the hand-made tables", meta=meta,
                     corrections=True)
    return finish(into, conv, problems)


COMMANDS = (
    Command("import", SOURCE, "csvfile:import_csv",
            "hand-made canonical tables (checked, then merged)"),
)
