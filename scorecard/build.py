"""The pipeline: load -> check -> score -> render, and the atomic swap of the output folder.

Everything is gathered and checked before anything is written; the outputs are written
into a temporary folder beside ``out`` and swapped in only when all writers succeeded.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .audit import run_audit
from .card import Scorecard
from .dataset import Dataset, load_dataset
from .destinations import BUILD, OutFolder, check_build_out
from .errors import DataError, PlatformError, Problem, Problems, ScorecardError
from .loadcache import DatasetCache
from .platform import Platform, load_platform
from .scoring import Scores, score
from .selection import check_selection
from .sensitivity import sensitivity
from .sessions import resolve_sessions
from .staging import staged

Writer = Callable[[Scorecard, Path], None]


def _coverage_warnings(platform: Platform, ds: Dataset, sc: Scores) -> list[Problem]:
    """Platform bills absent from the data (the vote checks are the audit's)."""
    file = str(platform.path)
    problems = Problems()
    missing = sc.lifetime.selection.missing
    if missing:
        listed = "; ".join(f"{label} ({session})" for _, label, session in missing)
        problems.warn(file, f"{len(missing)} platform bill(s) are not in the data "
                      f"({ds.folder}), so nothing is scored for them: {listed}. Import them, "
                      "or check the numbers and sessions.")
    partly = sc.lifetime.selection.absent_prints
    if partly:
        problems.warn(file, f"{len(partly)} platform bill(s) are in the data by one print "
                      "only (their votes are scored); not in the data: "
                      + ", ".join(sorted({n for prints in partly.values() for n in prints}))
                      + ".")
    return problems.items


def audit_problems(card: Scorecard) -> list[Problem]:
    """The audit's errors and warnings as problems, for ``validate`` to print."""
    folder = card.dataset.folder
    return [Problem(str(folder / f.rows[0].split(" ")[0]) if f.rows else str(folder),
                    f"audit {f.severity}: {f.message}",
                    f.rows[0].split(" ", 1)[1] if f.rows and " " in f.rows[0] else "",
                    "error" if f.severity == "error" else "warning")
            for f in card.audit.findings if f.severity != "note"]


def score_platform(platform_path: Path | str, data_dir: Path | str | None = None,
                   strict: bool = False, cache: DatasetCache | None = None) -> Scorecard:
    """Load and check the platform and its dataset, then score. Raises ScorecardError.

    ``cache``: an earlier build's tables (:mod:`scorecard.loadcache`), for a build."""
    platform = load_platform(platform_path, strict=strict)
    try:
        ds = load_dataset(Path(data_dir) if data_dir else platform.data_dir, strict=strict,
                          cache=cache)
    except ScorecardError as exc:
        if not platform.warnings:
            raise
        # every problem of the run at once: the platform's warnings too
        raise type(exc)("\n".join(
            [exc.message, f"Also {len(platform.warnings)} warning(s) in the platform file:"]
            + [f"  - {w}" for w in platform.warnings]), exc.problems) from None
    problems = Problems(list(platform.warnings))
    resolve_sessions(platform, ds, problems)
    check_selection(platform, ds, problems)
    problems.raise_if_errors(PlatformError, f"{platform.path} does not match its data")
    scores = score(platform, ds)
    warnings = list(platform.warnings)
    warnings += ds.warnings + _coverage_warnings(platform, ds, scores)
    if strict and warnings:
        raise PlatformError("\n".join(
            [f"{len(warnings)} warning(s) with --strict (nothing was written):"]
            + [f"  - {w}" for w in warnings]))
    audit = run_audit(platform, ds, scores)
    if strict and audit.errors:
        raise DataError("\n".join(
            [f"{audit.summary()}; --strict stops at audit errors (nothing was written):"]
            + [f"  - {f}" for f in audit.errors]
            + ["  (scorecard audit lists every finding; drop --strict to build anyway.)"]))
    return Scorecard(platform, ds, scores, warnings, audit,
                     sensitivity(platform.scoring, scores))


def validate(platform_path: Path | str, data_dir: Path | str | None = None,
             strict: bool = False) -> tuple[Scorecard, list[Problem]]:
    """Everything ``build`` checks, and the audit's errors and warnings, without writing."""
    card = score_platform(platform_path, data_dir, strict=strict)
    return card, card.warnings + audit_problems(card)


def _write_data(card: Scorecard, out: Path) -> None:
    from .render.data import write_data

    write_data(card, out)


def _write_site(card: Scorecard, out: Path) -> None:
    from .render.html import write_site

    write_site(card, out)


def _write_workbook(card: Scorecard, out: Path) -> None:
    from .render.xlsx import write_workbook  # XlsxWriter: imported where it is used

    write_workbook(card, out)


def default_writers() -> list[tuple[str, Writer]]:
    """The outputs of a build, in order: (label, writer). Each imports its renderer when
    it runs, so the process that writes the site never imports the workbook's."""
    return [("data", _write_data), ("site", _write_site), ("workbook", _write_workbook)]


#: Writers that may run in a second process while this one writes the rest (the site):
#: they need nothing but the scored card and write files of their own.
BESIDE = frozenset({"data", "workbook"})
#: Of those, the ones written by whichever process is done with its own first (when
#: both have work of their own): the data is small, and which of the site and the
#: workbook ends first depends on the dataset (the workbook on the demo, the site on a
#: real legislature's history).
EITHER = frozenset({"data"})


class Shared:
    """Writers that either process may run, each run once: by the first process whose
    :meth:`run` reaches it. The claims live in memory shared by the forked processes."""

    def __init__(self, writers: list[Writer]) -> None:
        import multiprocessing

        self.writers = writers
        self.claims = multiprocessing.get_context("fork").Array("b", len(writers))

    def run(self, card: Scorecard, out: Path) -> None:
        """Run every writer no process has claimed yet."""
        for i, writer in enumerate(self.writers):
            with self.claims.get_lock():
                mine = not self.claims[i]
                self.claims[i] = 1
            if mine:
                writer(card, out)


#: What the second process runs: set just before it is forked, read in it.
_BESIDE_WORK: tuple[Scorecard, Path, list[Writer], Shared | None] | None = None


def _run_beside() -> None:
    """In the forked process: the writers :func:`write_outputs` left for it, then the
    shared ones not yet taken."""
    assert _BESIDE_WORK is not None
    card, tmp, writers, shared = _BESIDE_WORK
    for writer in writers:
        writer(card, tmp)
    if shared is not None:
        shared.run(card, tmp)


def _fork_beside(card: Scorecard, tmp: Path, writers: list[Writer],
                 shared: Shared | None = None) -> Any:
    """Start ``writers`` (then the ``shared`` ones left) in a forked process, which
    inherits the card: nothing is copied or pickled; return its future. It exits when
    this process dies."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    from .render.workers import watch_parent

    global _BESIDE_WORK
    _BESIDE_WORK = (card, tmp, writers, shared)
    try:
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                                   initializer=watch_parent, initargs=(os.getpid(),))
        future = pool.submit(_run_beside)  # the fork happens here
        pool.shutdown(wait=False)
        return future
    finally:
        _BESIDE_WORK = None


def split_writers(writers: list[tuple[str, Writer]], parallel: bool | None
                  ) -> tuple[list[tuple[str, Writer]], list[tuple[str, Writer]]]:
    """(writers run here, writers run beside). Beside only with two CPUs or more, a
    ``fork`` start method, and work left for both processes; ``parallel`` forces it on
    or off (None: decide)."""
    import multiprocessing
    import os

    if parallel is None:
        parallel = (os.cpu_count() or 1) >= 2
    if not parallel or "fork" not in multiprocessing.get_all_start_methods():
        return writers, []
    beside = [w for w in writers if w[0] in BESIDE]
    here = [w for w in writers if w[0] not in BESIDE]
    return (here, beside) if here and beside else (writers, [])


@contextmanager
def frozen() -> Iterator[None]:
    """Every object alive now (the modules, the dataset, the scores) moved out of the
    garbage collector's reach while the outputs are written, then given back: they live
    for the whole build, so collecting them is wasted work, and in a forked process it
    writes to every one of them, copying the pages it shares with this one (the advice
    of Python's ``gc.freeze`` documentation)."""
    import gc

    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def write_outputs(card: Scorecard, out: Path,
                  writers: list[tuple[str, Writer]] | None = None,
                  on_step: Callable[[str], None] | None = None,
                  kind: OutFolder = BUILD, parallel: bool | None = None,
                  cache: DatasetCache | None = None) -> None:
    """Render every output into a staging folder beside ``out``, then swap it in
    (:mod:`scorecard.staging`: what a killed build left is removed first; a failure to
    write, such as a full disk, is a clear error and leaves ``out`` as it was).

    The data and the workbook (:data:`BESIDE`) are written in a forked process while this
    one writes the site (see :func:`split_writers`; docs/performance.md measures it); the
    data (:data:`EITHER`) by whichever of the two is done first. The
    staging folder is swapped in only when both processes succeeded; this one always
    waits for the other before leaving, so nothing writes into a removed folder. ``kind``:
    the command whose folder rules and marker apply (the build's, or the review's);
    ``cache``: the dataset's tables as loaded, kept for the next build once the output is
    in place (:mod:`scorecard.loadcache`)."""
    from .render.reuse import reusing

    out = Path(out).resolve()
    check_build_out(out, [card.platform.path, card.dataset.folder], kind)
    # a previous build's output: writers may reuse its unchanged files (the share cards)
    previous = out if (out / kind.marker).is_file() else None
    here, beside = split_writers(writers or default_writers(), parallel)
    own = [w for label, w in beside if label not in EITHER]
    either = [w for label, w in beside if label in EITHER]
    if not own:  # the second process has nothing of its own: it writes them all
        own, either = either, []
    with staged(out, "tmp", "the output") as tmp, reusing(previous) as reuse, frozen():
        side = shared = None
        if beside:
            if on_step:
                on_step(" + ".join(label for label, _ in beside))
            shared = Shared(either) if either else None
            side = _fork_beside(card, tmp, own, shared)
        try:
            for label, writer in here:
                if on_step:
                    on_step(label)
                writer(card, tmp)
            if shared is not None:
                shared.run(card, tmp)
        finally:
            if side is not None:
                error = side.exception()  # waits: the other process is done after this
        if side is not None and error is not None:
            raise error
        reuse.write(tmp)
        old_readme = out / "README.md"  # a README the user put there is kept
        if old_readme.is_file() and not (tmp / "README.md").exists():
            shutil.copy2(old_readme, tmp / "README.md")
        (tmp / kind.marker).write_text(kind.marker_text, encoding="utf-8")
    if cache is not None:
        cache.write()


def protected_paths(platform_path: Path | str, data_dir: Path | str | None) -> list[Path]:
    """The platform file and its dataset folder (as far as they can be known before
    loading them: a platform that does not load is reported by the build itself)."""
    paths = [Path(platform_path)]
    if data_dir:
        return [*paths, Path(data_dir)]
    try:
        return [*paths, load_platform(platform_path).data_dir]
    except (PlatformError, OSError):
        return paths


def build(platform_path: Path | str, data_dir: Path | str | None = None,
          out: Path | str = "output", strict: bool = False,
          on_step: Callable[[str], None] | None = None) -> Scorecard:
    """``scorecard build``: score, then write the site, workbook and data atomically."""
    check_build_out(Path(out), protected_paths(platform_path, data_dir))
    if on_step:
        on_step("scoring")
    cache = DatasetCache()
    card = score_platform(platform_path, data_dir, strict=strict, cache=cache)
    write_outputs(card, Path(out), on_step=on_step, cache=cache)
    return card


__all__ = ["Scorecard", "build", "score_platform", "validate", "write_outputs"]
