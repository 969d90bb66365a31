"""Corpus, faults: a full disk, a refused permission or a kill while writing a dataset or a
build. Each case checks the exact message, exit 1, no traceback, the previous dataset or
output byte for byte, no debris beside it, and (after a kill) that the next run cleans up.

Faults are injected by patching the functions that write (we run as root, so chmod
cannot refuse us); kills run the real command in a child process that SIGKILLs itself
at the chosen moment.
"""

from __future__ import annotations

import errno
import importlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from scorecard import staging, tables
from scorecard.cli import cli
from scorecard.dataset import load_dataset
from tests.builders import make_dataset, make_platform
from tests.conftest import FIXTURES, REPO
from tests.sources.replay import snapshot

MIRROR = FIXTURES / "nymirror"
ROSTER = MIRROR / "roster"
FIRST = MIRROR / "bills" / "2019" / "S100.json"
#: Files the tool did not write: every import must carry them over untouched.
USER_FILES = {
    "overrides.csv": "rollcall_id,legislator_id,option,note\n",
    "replies.csv": "legislator_id,rollcall_id,bill,date,reply,decision\n",
    "pages/about.md": "# About\n",
    "notes-of-mine.txt": "keep me\n",
}


def cli_run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=True)


def ny_import(into: Path, path: Path = MIRROR) -> list[str | Path]:
    return ["import", "ny-mirror", path, "--into", into, "--roster", ROSTER]


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """An existing dataset (one bill imported) holding a user's own files."""
    into = tmp_path / "votes" / "ny"
    assert cli_run(*ny_import(into, FIRST)).exit_code == 0
    for name, text in USER_FILES.items():
        (into / name).parent.mkdir(parents=True, exist_ok=True)
        (into / name).write_text(text, encoding="utf-8")
    return into


@pytest.fixture
def expected(tmp_path: Path, dataset: Path) -> dict[str, bytes]:
    """The dataset after a clean import of the whole mirror into a copy of it."""
    copy = tmp_path / "expected" / "ny"
    shutil.copytree(dataset, copy)
    assert cli_run(*ny_import(copy)).exit_code == 0
    return snapshot(copy)


def debris(folder: Path) -> list[str]:
    """What a write left beside or inside ``folder``: staging folders, temp files."""
    beside = [p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}.")]
    inside = [p.name for p in folder.rglob("*.tmp")] if folder.exists() else []
    return beside + inside


def failing(result: Result, *fragments: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.output, result.output


# ---- imports are atomic ------------------------------------------------------------------

def _fail_on(monkeypatch: pytest.MonkeyPatch, name: str, code: int) -> None:
    """Every dataset file is written as a temporary file ``.<name>.XXXX.tmp`` first."""
    real = tempfile.mkstemp

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if kwargs.get("prefix") == f".{name}.":
            raise OSError(code, os.strerror(code), str(Path(kwargs["dir"]) / name))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


@pytest.mark.parametrize("table", ["votes.csv", "dataset.yaml", "unresolved.csv"])
def test_disk_full_during_import_changes_nothing(monkeypatch: pytest.MonkeyPatch,
                                                 dataset: Path, table: str) -> None:
    before = snapshot(dataset)
    _fail_on(monkeypatch, table, errno.ENOSPC)
    result = cli_run(*ny_import(dataset))
    failing(result, f"Cannot write the dataset {dataset}: No space left on device",
            "The disk is full (or over quota): free some space and run the command again.",
            f"Nothing was changed: {dataset} is as it was.")
    assert snapshot(dataset) == before
    assert debris(dataset) == []


def test_import_keeps_the_files_it_did_not_write(dataset: Path, expected: dict[str, bytes]
                                                 ) -> None:
    (dataset / ".votes.csv.k3j2x.tmp").write_text("left by an older version")
    assert cli_run(*ny_import(dataset)).exit_code == 0
    after = snapshot(dataset)
    assert after == expected
    for name, text in USER_FILES.items():
        assert after[name] == text.encode()
    assert debris(dataset) == []  # the stale temp file went with the swap


def test_read_only_dataset(monkeypatch: pytest.MonkeyPatch, dataset: Path) -> None:
    before = snapshot(dataset)
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if (
        Path(p) == dataset and mode & os.W_OK) else real(p, mode, **kw))
    # the --into check (destinations) refuses it before the staging writer is reached
    failing(cli_run(*ny_import(dataset)),
            f"--into {dataset}: cannot write there ({dataset} is not a folder you can write "
            "to). Choose another --into; nothing was written.")
    assert snapshot(dataset) == before and debris(dataset) == []


def test_dataset_parent_not_writable(monkeypatch: pytest.MonkeyPatch, dataset: Path) -> None:
    before = snapshot(dataset)

    def refuse(*args: object, **kwargs: object) -> str:
        raise PermissionError(errno.EACCES, "Permission denied", str(dataset.parent))

    monkeypatch.setattr(staging.tempfile, "mkdtemp", refuse)
    failing(cli_run(*ny_import(dataset)),
            f"Cannot write the dataset {dataset}: Permission denied ({dataset.parent}). "
            f"Permission denied: check that you may write to {dataset.parent}")
    assert snapshot(dataset) == before


def _killed(args: list[str | Path], when: str) -> subprocess.CompletedProcess[str]:
    """Run ``scorecard ARGS`` in a child that SIGKILLs itself at ``when``: "write votes.csv"
    (mid-write) or "swap" (everything written, just before the swap)."""
    script = textwrap.dedent(f"""
        import os, signal, sys, tempfile
        from scorecard import staging
        when = {when!r}
        real_mkstemp, real_exchange = tempfile.mkstemp, staging._exchange
        def mkstemp(*args, **kwargs):
            if when == "write votes.csv" and kwargs.get("prefix") == ".votes.csv.":
                os.kill(os.getpid(), signal.SIGKILL)
            return real_mkstemp(*args, **kwargs)
        def exchange(a, b):
            if when == "swap":
                os.kill(os.getpid(), signal.SIGKILL)
            return real_exchange(a, b)
        tempfile.mkstemp, staging._exchange = mkstemp, exchange
        from scorecard.cli import cli
        cli(sys.argv[1:])
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-c", script, *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=120)


def test_killed_mid_import(dataset: Path, expected: dict[str, bytes]) -> None:
    before = snapshot(dataset)
    proc = _killed(ny_import(dataset), "write votes.csv")
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(dataset) == before  # nothing replaced, nothing half-written
    left = debris(dataset)
    assert len(left) == 1 and left[0].startswith(".ny.import-"), left
    # the next reader says so, without touching anything
    warnings = [str(w) for w in load_dataset(dataset).warnings]
    assert any(f"an earlier write of {dataset} was interrupted and left {left[0]} beside it"
               in w for w in warnings), warnings
    assert snapshot(dataset) == before
    # the next import removes the unfinished copy, says so, and imports
    result = cli_run(*ny_import(dataset))
    assert result.exit_code == 0, result.output
    assert (f"{dataset}: an earlier write was interrupted before it finished (it left "
            f"{left[0]}); {dataset} was not changed by it and the unfinished copy was removed."
            ) in result.output
    assert snapshot(dataset) == expected and debris(dataset) == []


def test_killed_just_before_the_swap(dataset: Path, expected: dict[str, bytes]) -> None:
    before = snapshot(dataset)
    assert _killed(ny_import(dataset), "swap").returncode == -signal.SIGKILL
    assert snapshot(dataset) == before
    result = cli_run(*ny_import(dataset))
    assert result.exit_code == 0, result.output
    assert (f"{dataset}: an earlier write was interrupted after it had finished; it was "
            "completed now.") in result.output
    assert snapshot(dataset) == expected and debris(dataset) == []


def test_swap_without_exchange(monkeypatch: pytest.MonkeyPatch, dataset: Path,
                               expected: dict[str, bytes]) -> None:
    """Where the file system cannot exchange two folders, two renames do."""
    monkeypatch.setattr(staging, "_exchange", lambda a, b: False)
    assert cli_run(*ny_import(dataset)).exit_code == 0
    assert snapshot(dataset) == expected and debris(dataset) == []


def test_killed_between_the_two_renames(dataset: Path, expected: dict[str, bytes]) -> None:
    """The dataset is renamed aside, the new one not yet in: the next run puts it in."""
    copy = dataset.parent / "done"
    shutil.copytree(dataset, copy)
    assert cli_run(*ny_import(copy)).exit_code == 0
    stage = dataset.parent / ".ny.import-abc123"
    shutil.copytree(copy, stage)
    staging._write_mark(stage, "import", "ready")
    (stage / staging.MARK).write_text((stage / staging.MARK).read_text().replace(
        f'"pid": {os.getpid()}', '"pid": 999999999'))
    os.replace(dataset, stage.with_name(stage.name + ".old"))
    assert tables.recover_dataset(dataset) == [
        f"{dataset}: an earlier write was interrupted after it had finished; it was "
        "completed now."]
    assert snapshot(dataset) == expected and debris(dataset) == []


def test_a_running_import_is_left_alone(dataset: Path) -> None:
    """Another process's staging folder, still being written, is not ours to remove."""
    stage = dataset.parent / ".ny.import-running"
    stage.mkdir()
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]) as other:
        try:
            staging._write_mark(stage, "import", "writing")
            mark = (stage / staging.MARK).read_text()
            (stage / staging.MARK).write_text(mark.replace(f'"pid": {os.getpid()}',
                                                           f'"pid": {other.pid}'))
            assert tables.recover_dataset(dataset) == [] and stage.is_dir()
        finally:
            other.kill()
    other.wait()
    assert len(tables.recover_dataset(dataset)) == 1 and not stage.exists()


def test_foreign_folders_beside_are_kept(dataset: Path) -> None:
    mine = dataset.parent / ".ny.import-notes"  # the name of ours, but not marked as ours
    mine.mkdir()
    (mine / "x.txt").write_text("mine")
    assert cli_run(*ny_import(dataset)).exit_code == 0
    assert (mine / "x.txt").read_text() == "mine"


# ---- builds ----------------------------------------------------------------------------

def project(root: Path) -> Path:
    """A tiny platform and dataset (a build takes a second); returns platform.yaml."""
    make_dataset(root / "votes", {"rc-a1-final": {"s1": "yes", "s2": "no"},
                                  "rc-a1-lower": {"a1": "yes", "a2": "no"}})
    return make_platform(root / "platform.yaml")


def build_args(out: Path) -> list[str | Path]:
    return ["build", "--platform", out.parent / "platform.yaml", "--out", out]


@pytest.fixture
def output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A previous build's output beside a tiny project; builds write data/ only (the
    writers do not matter to these cases, the folder they write into does)."""
    from scorecard.render import data

    build = importlib.import_module("scorecard.build")  # the package exports build()
    monkeypatch.setattr(build, "default_writers", lambda: [("data", data.write_data)])
    project(tmp_path / "site")
    out = tmp_path / "site" / "output"
    out.mkdir(parents=True)
    (out / "index.html").write_text("previous build")
    from scorecard.destinations import BUILD_MARKER, BUILD_MARKER_TEXT
    (out / BUILD_MARKER).write_text(BUILD_MARKER_TEXT)  # a previous build's mark
    return out


def _fail_build(monkeypatch: pytest.MonkeyPatch, exc: OSError) -> None:
    from scorecard.render import data

    def write(card: object, folder: Path) -> None:
        raise exc

    monkeypatch.setattr(data, "write_data", write)


@pytest.mark.parametrize(("code", "advice"), [
    (errno.ENOSPC, "The disk is full (or over quota): free some space and run the command "
                   "again."),
    (errno.EROFS, "The file system is read-only: choose a folder on a writable disk."),
    (errno.EACCES, "Permission denied: check that you may write to"),
])
def test_build_write_fails(monkeypatch: pytest.MonkeyPatch, output: Path, code: int,
                           advice: str) -> None:
    before = snapshot(output)
    _fail_build(monkeypatch, OSError(code, os.strerror(code), str(output.parent / "x.csv")))
    result = cli_run(*build_args(output))
    failing(result, f"Cannot write the output {output}: {os.strerror(code)}", advice,
            f"Nothing was changed: {output} is as it was.")
    assert snapshot(output) == before and debris(output) == []


def test_build_out_parent_read_only(monkeypatch: pytest.MonkeyPatch, output: Path) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise PermissionError(errno.EACCES, "Permission denied", str(output.parent))

    monkeypatch.setattr(staging.tempfile, "mkdtemp", refuse)
    failing(cli_run(*build_args(output)),
            f"Cannot write the output {output}: Permission denied ({output.parent}).")
    assert (output / "index.html").read_text() == "previous build"


def test_build_output_owned_by_another_user(monkeypatch: pytest.MonkeyPatch,
                                            output: Path) -> None:
    """The swap is refused (a sticky parent, another owner): the old output stays."""
    def refuse(a: Path, b: Path) -> bool:
        raise PermissionError(errno.EPERM, "Operation not permitted", str(b))

    monkeypatch.setattr(staging, "_exchange", refuse)
    failing(cli_run(*build_args(output)),
            f"Cannot write the output {output}: Operation not permitted ({output}).")
    assert (output / "index.html").read_text() == "previous build" and debris(output) == []


def test_killed_build_leaves_nothing_the_next_build_keeps(output: Path) -> None:
    stale = output.parent / ".output.tmp-k1ll3d"  # what a killed build leaves
    stale.mkdir()
    (stale / "index.html").write_text("half a build")
    staging._write_mark(stale, "tmp", "writing")
    (stale / staging.MARK).write_text((stale / staging.MARK).read_text().replace(
        f'"pid": {os.getpid()}', '"pid": 999999999'))
    foreign = output.parent / ".output.tmp-not-ours"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("a folder the tool did not make")
    assert cli_run(*build_args(output)).exit_code == 0
    assert not stale.exists()
    assert (foreign / "keep.txt").read_text() == "a folder the tool did not make"
    assert staging.MARK not in os.listdir(output)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the workers")
def test_worker_exits_when_the_build_is_killed(tmp_path: Path) -> None:
    """SIGKILL a build while its card workers run: no worker outlives it."""
    from scorecard.render import workers as workers_module

    script = textwrap.dedent("""
        import os, sys, time
        from scorecard.render import share
        real = share._warm
        def slow(style):
            real(style)
            time.sleep(60)  # a worker busy when the build dies
            return 0
        share._warm = slow
        from scorecard.cli import cli
        cli(sys.argv[1:])
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    project(tmp_path)
    with subprocess.Popen([sys.executable, "-c", script, *map(str, build_args(
            tmp_path / "output"))], env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL) as proc:
        deadline = time.monotonic() + 90
        workers: list[int] = []
        while time.monotonic() < deadline and not workers:
            time.sleep(0.2)
            workers = _children(proc.pid)
        assert workers, "the build started no worker"
        time.sleep(0.5)
        workers = _children(proc.pid)
        proc.kill()
    deadline = time.monotonic() + 10 * workers_module.INTERVAL
    alive = workers
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [w for w in workers if _running(w)]
    assert alive == [], f"worker(s) {alive} outlived the killed build"
