"""Legislator pages and their briefings, gathered, rendered and written in chunks.

A site has one legislator page and one briefing per legislator: thousands at national
scale, most of the site's work. They are made a chunk of at most ``CHUNK`` legislators at
a time (gather the chunk's contexts, check their links, render, write, let them go), so
memory stays bounded however large the legislature and its history; with more than one
chunk, the chunks go through a pool of forked processes sized to the machine (the workers
inherit the prepared contexts and templates, so nothing is pickled but the rows of a
chunk) while the build's own process writes the other pages, then takes back the chunks
no worker has started (:func:`chunk_size` makes enough of them to share out). Every
page's bytes depend only on its own context, so the pages are the same whatever the
number of processes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from .briefings import gather_briefings
from .context import RosterRow, SiteContext
from .legislators import LegislatorPage, LegislatorPages
from .workers import watch_parent

#: Most legislators per chunk (a chunk's contexts are held while it is written).
CHUNK = 200
#: Chunks per process at least, so that the work can be shared out evenly (see
#: :func:`chunk_size`).
SHARES = 3


@dataclass
class Job:
    """What every chunk needs: prepared once, inherited by forked workers."""

    pages: LegislatorPages
    ctx: SiteContext
    env: Environment
    out: Path
    known: frozenset[str]  # every page the site writes, for the link check


_JOB: Job | None = None  # the job of this process (set before the workers fork)


def legislator_links(lp: LegislatorPage) -> Iterable[tuple[str, str]]:
    """(page, target) for every internal link of a legislator page and its briefing."""
    for s in lp.demands:
        if s.link:
            yield lp.page.path, s.link.href
    for b in lp.sessions:
        for v in b.votes:
            yield lp.page.path, v.demand.href
            if v.bill_link:
                yield lp.page.path, v.bill_link.href


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def write_chunk(rows: list[RosterRow]) -> list[str]:
    """Gather, check, render and write the pages of ``rows``; the links that point at no
    page (and then nothing of the chunk is written)."""
    job = _JOB
    assert job is not None, "write_chunk runs in a process with a job"
    pages = [job.pages.page(row) for row in rows]
    briefs = gather_briefings(job.ctx, pages)
    links = [link for lp in pages for link in legislator_links(lp)]
    links += [(b.page.path, b.p.page.path) for b in briefs]
    links += [(b.p.page.path, b.page.path) for b in briefs]
    bad = sorted({f"{src} -> {dst}" for src, dst in links if dst not in job.known})
    if bad:
        return bad
    legislator = job.env.get_template("legislator.html")
    briefing = job.env.get_template("briefing.html")
    for lp, brp in zip(pages, briefs, strict=True):
        write(job.out / lp.page.path, legislator.render(page=lp.page, p=lp))
        write(job.out / brp.page.path, briefing.render(page=brp.page, b=brp, p=brp.p))
    return []


def cpus() -> int:
    """The CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def processes(chunks: int) -> int:
    """Worker processes for ``chunks`` chunks: one per CPU this process may use, none
    for a single chunk or where processes cannot be forked."""
    if chunks < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return min(chunks, cpus())


def chunk_size(rows: int, limit: int | None = None) -> int:
    """Legislators per chunk: at most ``limit`` (:data:`CHUNK`), and small enough that
    every process (the workers and the build's own, which takes back the chunks no worker
    has started when its other pages are done) gets :data:`SHARES` chunks or more. With
    200 per chunk, the demo's 214 legislators made a chunk of 200 and one of 14: one
    worker wrote nearly all of them while the other, and the build, waited."""
    limit = limit or CHUNK
    return max(1, min(limit, -(-rows // ((cpus() + 1) * SHARES))))


class LegislatorWriter:
    """Writes every legislator's page and briefing; ``start`` hands the chunks to the
    workers (or keeps them, with none), ``finish`` waits for them (or writes them)."""

    def __init__(self, job: Job, rows: list[RosterRow], chunk: int | None = None) -> None:
        self.job = job
        chunk = chunk or chunk_size(len(rows))
        self.chunks = [rows[i:i + chunk] for i in range(0, len(rows), chunk)]
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list[Future[list[str]]] = []

    def start(self) -> None:
        global _JOB
        _JOB = self.job
        n = processes(len(self.chunks))
        if n:
            self.pool = ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork"),
                                            initializer=watch_parent,
                                            initargs=(os.getpid(),))
            self.futures = [self.pool.submit(write_chunk, c) for c in self.chunks]

    def finish(self) -> list[str]:
        """Every chunk written (those no worker has started, here, last first, so the
        workers and this process finish together); the links that point at no page, if
        any, in the order of the chunks."""
        if self.pool is None:
            bad = [b for c in self.chunks for b in write_chunk(c)]
        else:
            here = {i: write_chunk(self.chunks[i])
                    for i in reversed(range(len(self.futures))) if self.futures[i].cancel()}
            bad = [b for i, f in enumerate(self.futures)
                   for b in (here[i] if i in here else f.result())]
        self.close()
        return bad

    def close(self) -> None:
        global _JOB
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        _JOB = None


__all__ = ["CHUNK", "Job", "LegislatorWriter", "chunk_size", "legislator_links"]
