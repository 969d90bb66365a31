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



@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every table file the cache hashes to check a hit."""
    import hashlib

    names: list[str] = []
    real = hashlib.file_digest

    def spy(fh, digest):  # type: ignore[no-untyped-def]
        names.append(Path(fh.name).stem)
        return real(fh, digest)

    monkeypatch.setattr(hashlib, "file_digest", spy)
    return names


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> None:
    """The clock ten seconds on: the fixture's files, written just now, are past the
    racy window (scorecard.fileread.RACY_NS), so their signatures are kept."""
    import time
    from types import SimpleNamespace

    from scorecard import fileread

    monkeypatch.setattr(fileread, "time",
                        SimpleNamespace(time_ns=lambda: time.time_ns() + 10 ** 10))


def test_tables_not_written_since_they_were_read_are_not_hashed_again(
        project: Path, no_reading: list[str], hashed: list[str], later: None) -> None:
    """Their signature (size, times, inode: scorecard.fileread) is the recorded one, so
    the recorded SHA-256 is used (hashing the real NY tables took 0.15 s a build)."""
    assert build(project)[0] == 0
    no_reading.clear()
    hashed.clear()
    assert build(project)[0] == 0
    assert no_reading == [] and hashed == []


def test_a_table_written_in_place_with_its_old_size_and_times_is_read_again(
        project: Path, no_reading: list[str], hashed: list[str], later: None) -> None:
    """The status-change time gives the write away, though size and modification time
    were put back: the file is hashed, the cache misses, the edit is what is read."""
    assert build(project)[0] == 0
    votes = project / "votes" / "votes.csv"
    before = votes.stat()
    text = votes.read_text(encoding="utf-8")
    edited = text.replace("rc-s2,s1,no", "rc-s2,s1,ye")  # same length
    assert edited != text and len(edited) == len(text)
    with votes.open("r+", encoding="utf-8") as fh:  # in place: same inode
        fh.write(edited)
    os.utime(votes, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = votes.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size, before.st_mtime_ns, before.st_ino)
    no_reading.clear()
    hashed.clear()
    code, _ = build(project)
    assert "votes" in hashed and "votes" in no_reading  # a miss: read again
    assert code == 1  # "ye" is no vote option: the edited file is what was checked


def test_a_table_rewritten_with_the_same_bytes_is_hashed_and_still_a_hit(
        project: Path, no_reading: list[str], hashed: list[str], later: None) -> None:
    assert build(project)[0] == 0
    bills = project / "votes" / "bills.csv"
    data = bills.read_bytes()
    bills.unlink()
    bills.write_bytes(data)  # a new file: another inode and times
    no_reading.clear()
    hashed.clear()
    assert build(project)[0] == 0
    assert hashed == ["bills"] and no_reading == []


def test_a_signature_is_kept_only_for_a_file_unchanged_while_read_and_not_just_written(
        ) -> None:
    import time
    from types import SimpleNamespace

    from scorecard.fileread import RACY_NS, signature

    now = time.time_ns()

    def st(mtime: int, ctime: int, size: int = 10) -> os.stat_result:
        return SimpleNamespace(st_size=size, st_mtime_ns=mtime, st_ctime_ns=ctime,  # type: ignore[return-value]
                               st_ino=7, st_dev=1)

    old = now - 2 * RACY_NS
    assert signature(st(old, old), st(old, old)) == (10, old, old, 7, 1)
    assert signature(st(old, old), st(old, old, size=11)) is None  # changed while read
    assert signature(st(old, now), st(old, now)) is None  # its status changed just now
    assert signature(st(now, now), st(now, now)) is None  # written just now
