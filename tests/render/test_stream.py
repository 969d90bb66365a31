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
