"""Files a build may copy from the previous build's output instead of making them again.

``build.write_outputs`` writes into a staging folder; the folder it replaces holds what the
last build wrote, and its :data:`RECORD` (``.scorecard-reuse.json``, a tool file beside the
build's ``.scorecard-build`` marker) says, for each costly file (the share cards,
:mod:`.share`), a key of everything it was made from and the SHA-256 of its bytes. A
writer asks :meth:`Reuse.place` for a file by its path and key: it gets the old file only
when the key is the same *and* the old file still has the recorded hash (a file edited,
truncated or removed since is made again). Every file found or made is recorded for the
next build. The previous output is only ever read, and what is copied is byte for byte
what making it again would give, so builds stay byte-identical and atomic.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from ..staging import link_or_copy

#: The record of a build's reusable files, at the root of its output.
RECORD = ".scorecard-reuse.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_record(folder: Path) -> dict[str, tuple[str, str]]:
    """``folder``'s record: path -> (key, sha256); empty when there is none or it is not
    one this module wrote (it is only a hint: every file is checked before it is used)."""
    try:
        data = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        return {str(f): (str(r["key"]), str(r["sha256"])) for f, r in data["files"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


class Reuse:
    """The files of ``previous`` (a previous build's output, or None) that may be reused,
    and the record of the build being written."""

    def __init__(self, previous: Path | None) -> None:
        self.previous = previous
        self.old = read_record(previous) if previous is not None else {}
        self.new: dict[str, tuple[str, str]] = {}

    def place(self, path: str, key: str, out: Path) -> bool:
        """Put the previous output's ``path`` at ``out / path`` if it was made from ``key``
        and is unchanged since (its bytes still have the recorded hash), and record it;
        False when it must be made again. The file is hard-linked, not rewritten (a
        tenth of the time; copied where links are refused): the previous output is
        removed when the new one is swapped in, and nothing writes into a reused file."""
        record = self.old.get(path)
        if record is None or record[0] != key or self.previous is None:
            return False
        old = self.previous / path
        try:
            if sha256(old.read_bytes()) != record[1]:
                return False
            link_or_copy(old, out / path)
        except OSError:
            return False
        self.new[path] = record
        return True

    def record(self, path: str, key: str, digest: str) -> None:
        """``path`` (relative to the output) was made from ``key``; its bytes hash to
        ``digest``."""
        self.new[path] = (key, digest)

    def write(self, out: Path) -> None:
        """Write the record of this build into its output ``out`` (nothing when empty)."""
        if not self.new:
            return
        files = {p: {"key": k, "sha256": d} for p, (k, d) in sorted(self.new.items())}
        (out / RECORD).write_text(json.dumps({"files": files}, indent=1, sort_keys=True)
                                  + "\n", encoding="utf-8", newline="\n")


_CURRENT: ContextVar[Reuse | None] = ContextVar("reuse", default=None)


@contextmanager
def reusing(previous: Path | None) -> Iterator[Reuse]:
    """While the block runs, writers reuse files from ``previous`` through the returned
    :class:`Reuse` (``current()``); write its record into the new output at the end."""
    reuse = Reuse(previous)
    token = _CURRENT.set(reuse)
    try:
        yield reuse
    finally:
        _CURRENT.reset(token)


def current() -> Reuse | None:
    """The reuse of the build being written; None outside ``write_outputs`` (tests that
    call a writer directly): then everything is made and nothing is recorded."""
    return _CURRENT.get()
