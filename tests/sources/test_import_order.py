"""An import is idempotent and order-independent, for every importer.

Importing A and B in one call, A then B, B then A (and A+B again) gives byte-identical
dataset files. A and B overlap (they share an input), as a clone and an archive of the
same mirror do.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from scorecard.errors import SourceError
from scorecard.sources import ImportRequest, run_import
from tests.conftest import FIXTURES
from tests.sources.replay import snapshot

CONGRESS = FIXTURES / "congress"
VOTES = CONGRESS / "data" / "116" / "votes" / "2020"
NY_ROSTER = [FIXTURES / "nymirror" / "roster"]
OS_ROSTER = [FIXTURES / "openstates" / "roster"]
US_ROSTER = [CONGRESS / "roster" / "legislators-current.csv",
             CONGRESS / "roster" / "legislators-historical.csv"]
LEGISCAN = FIXTURES / "legiscan" / "ny_2023-2024" / "NY" / "2023-2024_General_Assembly"


def _copy(files: list[Path], folder: Path, root: Path) -> Path:
    for f in files:
        dest = folder / f.relative_to(root)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(f, dest)
    return folder


def _mirror(tmp: Path) -> tuple[list[Path], list[Path], list[Path]]:
    bills = FIXTURES / "nymirror" / "bills"
    files = sorted(bills.rglob("*.json"))
    a = _copy(files, tmp / "a" / "bills", bills)
    return [a], [files[-1]], NY_ROSTER


def _openstates(tmp: Path) -> tuple[list[Path], list[Path], list[Path]]:
    export = FIXTURES / "openstates" / "ny_2023-2024"
    zipped = shutil.make_archive(str(tmp / "export"), "zip", export)
    return [export], [Path(zipped)], OS_ROSTER


def _legiscan(tmp: Path) -> tuple[list[Path], list[Path], list[Path]]:
    files = sorted(p for p in LEGISCAN.rglob("*.json"))
    part = [p for p in files if p.parent.name == "people" or p.stem in (
        "S01001", "1300001")]
    return [LEGISCAN], [_copy(part, tmp / "b" / LEGISCAN.name, LEGISCAN)], OS_ROSTER


def _congress(tmp: Path) -> tuple[list[Path], list[Path], list[Path]]:
    return [VOTES / "h11", VOTES / "s36"], [VOTES / "h13", VOTES / "s36", VOTES / "s40"], \
        US_ROSTER


ROLLCALLS = ("rollcall_id,bill_id,chamber,date,motion,motion_type,committee,result,yes,no,"
             "other,source_url\n")


def _csv(tmp: Path) -> tuple[list[Path], list[Path], list[Path]]:
    def tables(name: str, rcs: list[str]) -> Path:
        folder = tmp / name
        folder.mkdir()
        (folder / "rollcalls.csv").write_text(ROLLCALLS + "".join(
            f"{rc},,upper,2023-05-02,Motion {rc},procedural,,pass,1,0,0,\n" for rc in rcs))
        (folder / "votes.csv").write_text("rollcall_id,legislator_id,option,raw\n" + "".join(
            f"{rc},ocd-person/00000000-0000-4000-8000-000000000101,yes,AYE\n" for rc in rcs))
        return folder
    return [tables("a", ["m-1", "m-10"])], [tables("b", ["m-2", "m-10"])], []


def _roster(tmp: Path) -> tuple[list[Path], list[Path], list[Path]]:
    files = sorted((FIXTURES / "openstates" / "roster").glob("*.yml"))
    a = _copy(files[:6], tmp / "ra", files[0].parent)
    b = _copy(files[4:], tmp / "rb", files[0].parent)
    return [a], [b], []


CASES: dict[str, Callable[[Path], tuple[list[Path], list[Path], list[Path]]]] = {
    "ny-mirror": _mirror, "openstates-csv": _openstates, "legiscan": _legiscan,
    "congress": _congress, "csv": _csv, "roster": _roster,
}


def _base(source: str, into: Path) -> None:
    """The tables ``import csv`` and ``import roster`` add to: an Open States import."""
    if source in ("csv", "roster"):
        run_import("openstates-csv", ImportRequest(
            [FIXTURES / "openstates" / "ny_2023-2024"], into, OS_ROSTER))


def _run(source: str, paths: list[Path], into: Path, roster: list[Path]) -> None:
    if source == "roster":
        run_import(source, ImportRequest([], into, paths))
    else:
        run_import(source, ImportRequest(paths, into, roster))


@pytest.mark.parametrize("source", sorted(CASES))
def test_import_is_idempotent_and_order_independent(source: str, tmp_path: Path) -> None:
    a, b, roster = CASES[source](tmp_path)
    results = {}
    orders = {"a+b": [a + b], "a,b": [a, b], "b,a": [b, a], "a+b twice": [a + b, a + b],
              "a,b,a": [a, b, a]}
    if source == "csv":  # one call takes one file per table (row numbers name the file)
        with pytest.raises(SourceError, match="gives the rollcalls table a second time"):
            _run(source, a + b, tmp_path / "refused", roster)
        orders = {"a,b": [a, b], "b,a": [b, a], "a,b,a": [a, b, a], "b,a,b": [b, a, b]}
    for name, steps in orders.items():
        into = tmp_path / name.replace(",", "-").replace(" ", "-")
        _base(source, into)
        for paths in steps:
            _run(source, paths, into, roster)
        results[name] = snapshot(into)
    first = results[next(iter(orders))]
    assert "rollcalls.csv" in first or "legislators.csv" in first
    for name, files in results.items():
        differ = sorted(f for f in first.keys() | files.keys()
                        if first.get(f) != files.get(f))
        assert not differ, f"{source}: {name} differs from a+b in {differ}"
