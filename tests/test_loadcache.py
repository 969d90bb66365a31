"""The dataset cache a build keeps in the user's cache folder (scorecard.loadcache; the
tests' own: SCORECARD_CACHE_DIR): a rebuild of the same files reads the tables from it,
prints the same problems and writes the same bytes; anything changed, damaged or foreign
is a miss that reads the files as if there were no cache."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from scorecard import tables as tables_module
from scorecard.cli import cli
from scorecard.dataset import load_dataset
from scorecard.loadcache import CACHE_ENV, DatasetCache, cache_file, dataset_key, decode

from .builders import make_dataset, make_platform

VOTES = {"rc-a1-final": {"s1": "yes", "s2": "no", "s3": "yes"},
         "rc-a1-lower": {"a1": "yes", "a2": "no"}, "rc-s2": {"s1": "no", "s2": "yes"}}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))  # this test's own
    data = make_dataset(tmp_path / "votes", VOTES)
    # a cell with a control character and one with spaces: warnings reading the tables
    text = (data / "legislators.csv").read_text(encoding="utf-8")
    (data / "legislators.csv").write_text(
        text.replace("Ada Senator", "Ada\u202e Senator", 1).replace(",Bo Senator,",
                                                                     ", Bo Senator ,", 1),
        encoding="utf-8")
    # an optional column and a user's own one (kept, with a warning)
    lines = (data / "bills.csv").read_text(encoding="utf-8").splitlines()
    (data / "bills.csv").write_text("\n".join(
        [lines[0] + ",status,our_note"] + [f"{line},In committee,note {i}"
                                          for i, line in enumerate(lines[1:])]) + "\n",
        encoding="utf-8")
    make_platform(tmp_path / "platform.yaml")
    return tmp_path


def build(project: Path, out: str = "output") -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["build", "--platform", str(project / "platform.yaml"),
                                      "--out", str(project / out)], catch_exceptions=False)
    return result.exit_code, result.output.replace(str(project / out), "OUT")


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture
def no_reading(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every table read from the files (none on a cache hit)."""
    read: list[str] = []
    real = tables_module.read_table

    def spy(folder, name, *args, **kwargs):  # type: ignore[no-untyped-def]
        read.append(name)
        return real(folder, name, *args, **kwargs)

    monkeypatch.setattr("scorecard.dataset.read_table", spy)
    return read


def test_a_rebuild_reads_the_tables_from_the_cache_and_gives_the_same_bytes(
        project: Path, no_reading: list[str]) -> None:
    code, first = build(project)
    assert code == 0 and "removed invisible control character(s) U+202E" in first
    assert "'our_note' are not columns of bills.csv" in first
    assert cache_file(project / "votes").is_file()
    assert cache_file(project / "votes").parent == project / "cache" / "datasets"
    # never in the dataset folder, nor in the output (which is published)
    assert not any("cache" in p.name for p in (project / "votes").iterdir())
    assert not any("cache" in p.name for p in (project / "output").iterdir())
    assert no_reading  # the first build read the files
    before = tree(project / "output")
    no_reading.clear()
    code, second = build(project)
    assert code == 0 and no_reading == []  # a hit: no table read from the files
    assert second == first  # the same warnings, in the same order
    assert tree(project / "output") == before  # byte-identical
    no_reading.clear()
    code, fresh = build(project, "fresh")  # another output of the same dataset: a hit too
    assert code == 0 and no_reading == [] and fresh == first
    assert tree(project / "fresh") == before


def test_the_cached_tables_are_the_tables_read(project: Path) -> None:
    assert build(project)[0] == 0
    fresh = load_dataset(project / "votes")
    cache = DatasetCache()
    cached = load_dataset(project / "votes", cache=cache)
    assert cache.blob is None  # it was a hit: nothing new to write
    for name in ("legislators", "bills", "rollcalls", "votes", "sponsors", "overrides",
                 "replies", "corrections", "contacts"):
        a, b = getattr(fresh, name), getattr(cached, name)
        pd.testing.assert_frame_equal(a, b, check_exact=True)
        assert list(a.dtypes) == list(b.dtypes), name
    assert fresh.warnings == cached.warnings
    assert fresh.warnings  # the fixture's control character and spaces


def test_an_edited_table_is_read_again(project: Path, no_reading: list[str]) -> None:
    assert build(project)[0] == 0
    votes = project / "votes" / "votes.csv"
    votes.write_text(votes.read_text(encoding="utf-8").replace("rc-s2,s1,no", "rc-s2,s1,yes"),
                     encoding="utf-8")
    no_reading.clear()
    code, _ = build(project)
    assert code == 0 and "votes" in no_reading  # a miss
    assert build(project, "fresh")[0] == 0
    assert tree(project / "output") == tree(project / "fresh")  # the edit, not the cache


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty", "folder"])
def test_a_damaged_cache_is_a_miss(project: Path, no_reading: list[str], damage: str) -> None:
    assert build(project)[0] == 0
    cache = cache_file(project / "votes")
    data = cache.read_bytes()
    if damage == "truncate":
        cache.write_bytes(data[: len(data) - 7])
    elif damage == "flip":
        cache.write_bytes(data[:-3] + bytes([data[-3] ^ 1]) + data[-2:])
    elif damage == "garbage":
        cache.write_bytes(b'{"format": 1, "key": [1, 2]}\n\x00\x01')
    elif damage == "empty":
        cache.write_bytes(b"")
    else:
        cache.unlink()
        cache.mkdir()
    no_reading.clear()
    code, output = build(project)
    assert code == 0 and "votes" in no_reading
    assert "Traceback" not in output
    assert build(project, "fresh")[0] == 0
    assert tree(project / "output") == tree(project / "fresh")


def test_a_cache_of_other_files_or_another_folder_is_not_used(project: Path) -> None:
    assert build(project)[0] == 0
    blob = (cache_file(project / "votes")).read_bytes()
    assert decode(blob, dataset_key(project / "votes") or "") is not None
    moved = project / "moved"
    shutil.copytree(project / "votes", moved)  # the same files elsewhere: other messages
    assert decode(blob, dataset_key(moved) or "") is None
    (project / "votes" / "replies.csv").write_text("legislator_id\n", encoding="utf-8")
    assert decode(blob, dataset_key(project / "votes") or "") is None  # a table added


def test_a_failed_build_leaves_the_previous_cache(project: Path) -> None:
    assert build(project)[0] == 0
    before = (cache_file(project / "votes")).read_bytes()
    votes = project / "votes" / "votes.csv"
    votes.write_text(votes.read_text(encoding="utf-8") + "rc-s2,nobody,yes,AYE\n",
                     encoding="utf-8")
    code, output = build(project)
    assert code == 1 and "names no legislator in legislators.csv" in output
    assert (cache_file(project / "votes")).read_bytes() == before


def test_only_the_most_recently_used_caches_are_kept(project: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("scorecard.loadcache.KEEP", 2)
    folder = cache_file(project / "votes").parent
    folder.mkdir(parents=True)
    theirs = folder / "notes.txt"  # a file the tool did not write is never removed
    theirs.write_text("mine", encoding="utf-8")
    for i, name in enumerate(("a" * 24, "b" * 24)):
        (folder / f"{name}.cache").write_bytes(b"old")
        os.utime(folder / f"{name}.cache", (1_000_000 + i, 1_000_000 + i))
    assert build(project)[0] == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [cache_file(project / "votes").name, "b" * 24 + ".cache", "notes.txt"])


def test_a_cache_folder_that_cannot_be_written_is_no_reason_to_fail(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = project / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(blocked))
    code, output = build(project)
    assert code == 0 and "Traceback" not in output
    assert (project / "output" / "index.html").is_file()
