"""Where the tool may write: never over a file or folder it did not write itself.

* ``build --out DIR`` replaces DIR whole, so DIR must not exist, be empty, hold only a
  README.md (which the build keeps), or hold the :data:`BUILD_MARKER` a previous build
  wrote. It must not be a file, nor be or contain the platform file or the dataset.
  ``review --out DIR`` (the letters) follows the same rules with its own marker
  (:data:`REVIEW`), so that neither command replaces the other's folder.
* ``brief --out FILE`` replaces FILE, so FILE must not exist or be a briefing that
  ``scorecard brief`` wrote (its :data:`BRIEF_MARKER`); it must not be a folder, the
  platform file, or inside the dataset.
* An importer's ``--into DIR`` adds to a dataset, so DIR must not exist, be empty, or
  already be a dataset folder (dataset.yaml or a canonical table); it must not be a file.

Each refusal is one paragraph naming the path and what to do; nothing is touched.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import ScorecardError
from .model import DATASET_META, TABLES

#: The file a build leaves in its output folder; the next build may replace that folder.
BUILD_MARKER = ".scorecard-build"
BUILD_MARKER_TEXT = ("This folder was written by `scorecard build`; the next build replaces "
                     "it whole. Do not keep your own files here.\n")


@dataclass(frozen=True)
class OutFolder:
    """A command that replaces its ``--out`` folder whole, and the marker it leaves there."""

    command: str  # "build": messages say "the build", "scorecard build"
    marker: str
    marker_text: str
    holds: str  # what the folder is for, in "Choose a folder for ..."
    example: str  # a folder name to suggest


BUILD = OutFolder("build", BUILD_MARKER, BUILD_MARKER_TEXT, "the site, workbook and data",
                  "output/")
REVIEW = OutFolder("review", ".scorecard-review",
                   "This folder was written by `scorecard review`; the next review replaces "
                   "it whole. Do not keep your own files (or the replies) here.\n",
                   "the letters", "letters/")

#: The generator tag of a briefing written by ``scorecard brief --out``.
BRIEF_MARKER = '<meta name="generator" content="scorecard brief">'


class DestinationError(ScorecardError):
    """A destination the tool refuses to write to (nothing was touched)."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _writable(path: Path, option: str) -> None:
    """Refuse a destination whose nearest existing folder cannot be written to."""
    parent = path
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise DestinationError(
            f"{option} {path}: cannot write there ({parent} is not a folder you can write "
            f"to). Choose another {option}; nothing was written.")


def check_build_out(out: Path, protected: Iterable[Path], kind: OutFolder = BUILD) -> None:
    """Refuse an ``--out`` folder that the build (or ``kind``'s command) must not replace
    (see the module)."""
    out = Path(out).resolve()
    c = kind.command
    for p in protected:
        p = Path(p).resolve()
        if _inside(p, out):
            what = "the dataset" if p.is_dir() else "the platform file"
            raise DestinationError(
                f"--out {out}: the {c} replaces this folder whole, and it "
                f"{'is' if p == out else 'contains'} {what} ({p}). Choose a folder of its "
                f"own, such as {kind.example}; nothing was written.")
    if out.exists() and not out.is_dir():
        raise DestinationError(f"--out {out} is a file, not a folder. Choose a folder for "
                               f"{kind.holds}, such as {kind.example}; nothing was written.")
    if out.is_dir() and not (out / kind.marker).is_file():
        others = sorted(p.name for p in out.iterdir() if p.name != "README.md")
        if others:
            shown = ", ".join(others[:5]) + (" ..." if len(others) > 5 else "")
            raise DestinationError(
                f"--out {out} holds files that scorecard {c} did not write ({shown}): the "
                f"{c} replaces its --out folder whole, so it only replaces an empty folder "
                f"or one a previous {c} wrote (marked by {kind.marker}). Choose another "
                "folder, or empty this one; nothing was written.")
    _writable(out, "--out")


def check_brief_out(path: Path, protected: Iterable[Path]) -> None:
    """Refuse a ``brief --out`` file that is not ours to replace (see the module)."""
    path = Path(path).resolve()
    for p in protected:
        p = Path(p).resolve()
        if _inside(path, p):
            what = "in the dataset" if p.is_dir() else "the platform file"
            raise DestinationError(f"--out {path} is {what} ({p}). Choose another file, such "
                                   "as briefing.html; nothing was written.")
    if path.is_dir():
        raise DestinationError(f"--out {path} is a folder; give a file name such as "
                               f"{path / 'briefing.html'}. Nothing was written.")
    if path.exists():
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:4096]
        except OSError:
            head = ""
        if BRIEF_MARKER not in head:
            raise DestinationError(
                f"--out {path} exists and is not a briefing written by scorecard brief; it is "
                "left as it is. Choose another file name, or remove it first; nothing was "
                "written.")
    _writable(path.parent, "--out")


def check_dataset_into(into: Path) -> None:
    """Refuse an importer's ``--into`` that is not a dataset folder (see the module)."""
    into = Path(into)
    if into.exists() and not into.is_dir():
        raise DestinationError(f"--into {into} is a file, not a dataset folder. Choose a folder "
                               "such as votes/ny; nothing was written.")
    if into.is_dir():
        names = {p.name for p in into.iterdir() if not p.name.startswith(".")}
        # the files importers keep beside the tables (votes/README.md)
        ours = {DATASET_META, *(f"{t}.csv" for t in TABLES), "identity_overrides.csv",
                "unresolved.csv", "pages"}
        if names and not names & ours:
            shown = ", ".join(sorted(names)[:5]) + (" ..." if len(names) > 5 else "")
            raise DestinationError(
                f"--into {into} is neither empty nor a dataset folder (it holds {shown}, and "
                f"no {DATASET_META} or canonical table). Choose a folder of its own, such as "
                "votes/ny; nothing was written.")
    _writable(into, "--into")


@contextmanager
def dataset_folder(into: Path) -> Iterator[Path]:
    """Check ``--into`` and create it for an import; a folder created here is removed
    again if the import fails before writing anything into it."""
    into = Path(into)
    check_dataset_into(into)
    created = not into.exists()
    try:
        into.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DestinationError(f"--into {into}: cannot write there ({exc.strerror}). Choose "
                               "another folder; nothing was written.") from None
    try:
        yield into
    except BaseException:
        if created and into.is_dir() and not any(into.iterdir()):
            into.rmdir()
        raise
