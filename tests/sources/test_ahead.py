"""sources/core/ahead.py: work done in a forked child, the same result or error as without."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from scorecard.errors import SourceError
from scorecard.sources.core import ahead as ahead_module
from scorecard.sources.core.ahead import ahead
from scorecard.sources.core.request import ImportRequest
from scorecard.sources.nyopenleg.mirror import import_ny_mirror

from .test_nymirror import MIRROR, ROSTER

forks = pytest.mark.skipif((os.cpu_count() or 1) < 2 or not hasattr(os, "fork"),
                           reason="no second core or no fork: the work runs in the caller")


@forks
def test_the_result_comes_from_the_child() -> None:
    parent = os.getpid()
    with ahead(lambda: (os.getpid(), list(range(100_000)))) as job:
        assert job.parallel
        pid, numbers = job.result()
    assert pid != parent and numbers == list(range(100_000))


@forks
def test_an_error_in_the_child_is_raised_by_the_caller_running_the_work_again() -> None:
    parent = os.getpid()
    calls: list[int] = []

    def work() -> int:
        calls.append(os.getpid())  # the child's append is not seen here
        where = "the caller" if os.getpid() == parent else "a child"
        raise SourceError(f"bad file (raised in {where})")

    with ahead(work) as job, pytest.raises(SourceError, match=r"^bad file \(raised in the "
                                           r"caller\)$"):
        job.result()
    assert calls == [parent]


@forks
def test_a_killed_child_is_replaced_by_the_work_done_here() -> None:
    parent = os.getpid()

    def work() -> str:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return "done here"

    with ahead(work) as job:
        assert job.result() == "done here"


@forks
def test_a_result_never_asked_for_stops_the_child() -> None:
    with ahead(lambda: time.sleep(60)) as job:
        process = job._process
    assert process is None or not process.is_alive()


def test_without_a_second_core_the_work_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ahead_module.os, "cpu_count", lambda: 1)
    with ahead(os.getpid) as job:
        assert not job.parallel and job.result() == os.getpid()


def mirror_files(tmp_path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}


def test_the_mirror_imports_the_same_files_with_and_without_a_child(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import_ny_mirror(ImportRequest([MIRROR], tmp_path / "child", [ROSTER]))
    monkeypatch.setattr(ahead_module.os, "cpu_count", lambda: 1)
    import_ny_mirror(ImportRequest([MIRROR], tmp_path / "here", [ROSTER]))
    assert mirror_files(tmp_path / "child") == mirror_files(tmp_path / "here")
    assert (tmp_path / "child" / ".cache").is_dir()  # the roster's copy, written on success


def test_a_bad_file_is_said_before_a_bad_roster_and_nothing_is_written(tmp_path: Path) -> None:
    bad = tmp_path / "S1.json"
    bad.write_text('{"PrintNo": "S1", "Sess', encoding="utf-8")
    roster = tmp_path / "roster"
    roster.mkdir()
    (roster / "x.yml").write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"S1.json: is not valid JSON"):
        import_ny_mirror(ImportRequest([MIRROR, bad], tmp_path / "votes", [roster]))
    with pytest.raises(SourceError, match=r"Roster file .*x.yml is not valid YAML"):
        import_ny_mirror(ImportRequest([MIRROR], tmp_path / "votes", [roster]))
    assert not (tmp_path / "votes").exists()
