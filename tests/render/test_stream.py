"""Legislator pages and briefings written in chunks, by a pool of worker processes or
in the build's own process: the same bytes either way; a bad link fails the chunk; the
workers never outlive a killed build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from scorecard.build import score_platform
from scorecard.render import stream
from scorecard.render.context import RosterRow
from scorecard.render.html import gather
from scorecard.render.templates import environment

from .site_fixture import make_site_inputs
from .test_site import build_site

REPO = Path(__file__).resolve().parents[2]


def tree(out: Path) -> dict[Path, bytes]:
    return {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_pool_and_in_process_write_the_same_bytes(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream, "CHUNK", 2)  # the fixture's 12 legislators: 6 chunks
    pools: list[int] = []
    real = stream.processes
    monkeypatch.setattr(stream, "processes", lambda n: pools.append(real(n)) or pools[-1])
    _, pooled = build_site(tmp_path / "pooled")
    assert pools == [min(6, len(os.sched_getaffinity(0)))] and pools[0] >= 1
    monkeypatch.setattr(stream, "processes", lambda n: 0)
    _, alone = build_site(tmp_path / "alone")
    first, second = tree(pooled), tree(alone)
    assert len([p for p in first if p.parts[0] == "legislators"]) == 12
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_a_chunk_with_a_link_to_no_page_writes_nothing(tmp_path: Path) -> None:
    card = score_platform(make_site_inputs(tmp_path))
    pages = gather(card)
    known = pages.all_paths()
    gone = next(p for p in sorted(known) if p.startswith("demands/"))
    out = tmp_path / "out"
    writer = stream.LegislatorWriter(
        stream.Job(pages.legislators, pages.ctx, environment(), out,
                   frozenset(known - {gone})), pages.ctx.roster, chunk=100)
    writer.start()
    bad = writer.finish()
    assert bad and all(b.endswith(f" -> {gone}") for b in bad)
    assert not out.exists()


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in "ZX"  # exited, not yet reaped by its new parent


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to see the workers")
def test_workers_exit_when_the_build_is_killed(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    script = textwrap.dedent(f"""
        import os, signal, sys, time
        from pathlib import Path
        from scorecard.render import stream
        stream.CHUNK = 1
        pids = Path({str(pids)!r})
        def slow(rows):
            with pids.open("a") as f:
                f.write(f"{{os.getpid()}}\\n")
            time.sleep(60)
        stream.write_chunk = slow
        real_start = stream.LegislatorWriter.start
        def start(self):
            real_start(self)
            while len(pids.read_text().split()) < 2 if pids.exists() else True:
                time.sleep(0.05)
            os.kill(os.getpid(), signal.SIGKILL)
        stream.LegislatorWriter.start = start
        from scorecard.cli import cli
        cli(sys.argv[1:])
    """)
    platform = make_site_inputs(tmp_path / "site")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one CPU: the pool would have one worker")
    proc = subprocess.run([sys.executable, "-c", script, "build", "--platform",
                           str(platform), "--out", str(tmp_path / "out")],
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    workers = [int(p) for p in pids.read_text().split()]
    deadline = time.monotonic() + 5
    while not all(gone(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(gone(p) for p in workers), workers


@pytest.mark.parametrize(("rows", "cpus", "expected"), [
    (214, 2, 24),     # the demo: 9 chunks, 3 for each worker and 3 for the build
    (12, 2, 2),       # 6 chunks
    (7490, 2, 200),   # national scale: the cap holds a chunk's memory
    (3, 8, 1),
    (0, 2, 1),
])
def test_chunks_are_small_enough_to_share_out(rows: int, cpus: int, expected: int,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, 214 legislators made a chunk of 200 and one of 14: one worker wrote
    nearly every page while the other, and the build, waited."""
    monkeypatch.setattr(stream, "cpus", lambda: cpus)
    assert stream.chunk_size(rows) == expected


#: Where :func:`_logged_chunk` writes which process wrote which chunk.
_LOG: dict[str, object] = {}


def _logged_chunk(rows: list[RosterRow]) -> list[str]:
    """A chunk "written" slowly by a worker, at once by the build: the process and the
    chunk's first legislator, logged; one link to no page, named after the chunk."""
    if os.getpid() != _LOG["build"]:
        time.sleep(0.3)
    with Path(str(_LOG["file"])).open("a", encoding="utf-8") as f:
        f.write(f"{os.getpid()} {rows[0].slug}\n")
    return [f"{rows[0].slug} -> nowhere"]


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="the pool needs fork")
def test_the_build_takes_back_the_chunks_no_worker_started(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build's own process writes the chunks still waiting when its other pages are
    done (the one worker here is slow), each chunk once, and the links that point at no
    page come back in the chunks' order, wherever each was written."""
    card = score_platform(make_site_inputs(tmp_path))
    pages = gather(card)
    log = tmp_path / "chunks.log"
    monkeypatch.setitem(_LOG, "file", str(log))
    monkeypatch.setitem(_LOG, "build", os.getpid())
    monkeypatch.setattr(stream, "write_chunk", _logged_chunk)
    monkeypatch.setattr(stream, "processes", lambda n: 1)
    writer = stream.LegislatorWriter(
        stream.Job(pages.legislators, pages.ctx, environment(), tmp_path / "out",
                   frozenset(pages.all_paths())), pages.ctx.roster, chunk=2)
    writer.start()
    bad = writer.finish()
    firsts = [c[0].slug for c in writer.chunks]
    assert len(firsts) == 6
    assert bad == [f"{s} -> nowhere" for s in firsts]
    done = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    assert sorted(s for _, s in done) == sorted(firsts)  # each chunk exactly once
    pids = {pid for pid, _ in done}
    assert str(os.getpid()) in pids and len(pids) == 2, done  # the build and the worker
