"""Replacing a folder as a whole: stage beside it, swap it in, recover after a kill.

Both folders the tool writes, a build's ``output/`` and a dataset (``votes/ny``), are
written the same way, here and nowhere else:

1. A **staging folder** ``.<name>.<kind>-XXXX`` is made beside the target and marked as
   the tool's with a file :data:`MARK` (``kind`` is ``tmp`` for a build, ``import`` for a
   dataset). A dataset's staging folder starts as a copy of the dataset whose files are
   hard links (copies where links are refused), so the files the tool does not write
   (overrides.csv, identity_overrides.csv, replies.csv, pages/, the HTTP cache, a user's
   own files) are carried over unchanged. Writers write into it, each file by writing a
   new one and renaming it (never in place: a hard-linked file is shared with the live
   dataset).
2. When every writer succeeded the mark says ``ready`` and the staging folder is
   **exchanged** with the target in one step (Linux ``renameat2(RENAME_EXCHANGE)``:
   a reader sees the old folder or the new one, never a mix, never none); where that is
   unavailable, two renames. The mark is then removed from the new folder and the old
   folder (now at the staging path) is deleted.
3. On failure the staging folder is deleted and the target is as it was. An ``OSError``
   (disk full, permission denied, read-only file system) becomes a
   :class:`~scorecard.errors.ScorecardError` naming the path and what to do
   (:func:`write_error`).
4. A process killed midway leaves a staging folder. The next write of the same target
   (and the next load of a dataset) calls :func:`recover`: a ``ready`` staging folder is
   swapped in (the interrupted write had finished), an unfinished one is deleted (the
   target never changed), the old folder of an interrupted swap is deleted. Only folders
   bearing the mark, or the unmarked old folder of a swap whose new folder bears it, are
   ever deleted.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
import socket
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import ScorecardError

#: The file marking a staging folder as the tool's (JSON: tool, kind, state).
MARK = ".scorecard-staging"
_TOOL = "scorecard"
#: Staging folder kinds: a build's output, a dataset import.
KINDS = ("tmp", "import")


class WriteError(ScorecardError):
    """A folder could not be written (disk full, permission denied...)."""


def _write_mark(folder: Path, kind: str, state: str) -> None:
    tmp = folder / f"{MARK}.new"
    tmp.write_text(json.dumps({"tool": _TOOL, "kind": kind, "state": state,
                               "pid": os.getpid(), "host": socket.gethostname()}) + "\n",
                   encoding="utf-8")
    os.replace(tmp, folder / MARK)


def read_mark(folder: Path) -> dict[str, str] | None:
    """The mark of a staging folder, None when ``folder`` bears none (or a foreign one)."""
    try:
        data = json.loads((folder / MARK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("tool") != _TOOL:
        return None
    return {str(k): str(v) for k, v in data.items()}


def is_staging(folder: Path) -> bool:
    """Whether ``folder`` is a staging folder being written (writers write into it as is)."""
    mark = read_mark(Path(folder))
    return mark is not None and mark.get("state") == "writing"


def _alive(mark: dict[str, str]) -> bool:
    """Whether the process that made a staging folder still runs (then it is left alone:
    two builds may run at once)."""
    if mark.get("host") != socket.gethostname():
        return False
    try:
        pid = int(mark.get("pid", ""))
    except ValueError:
        return False
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def _prefix(target: Path, kind: str) -> str:
    return f".{target.name}.{kind}-"


# ---- the swap ----------------------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where that is unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # this file system cannot exchange: two renames instead
    raise OSError(code, os.strerror(code), str(b))


def _swap_in(stage: Path, target: Path, kind: str) -> None:
    """Make the staging folder the target, then delete the old target."""
    _write_mark(stage, kind, "ready")
    if not (target.exists() or target.is_symlink()):
        os.replace(stage, target)
    elif _exchange(stage, target):
        _remove(stage)  # the old target, unmarked: the new one's mark says it is ours
    else:
        old = stage.with_name(stage.name + ".old")
        os.replace(target, old)
        os.replace(stage, target)
        _remove(old)
    (target / MARK).unlink(missing_ok=True)


def _remove(folder: Path) -> None:
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder, ignore_errors=True)


def recover(target: Path) -> list[str]:
    """Finish or undo an interrupted write of ``target``; says what was done.

    A staging folder whose process still runs is left alone.
    """
    target = Path(target).absolute()
    done: list[str] = []
    if not target.parent.is_dir():
        return done
    swapped = target.is_dir() and read_mark(target) is not None
    for stage in stale_folders(target):
        if not stage.is_dir() or stage.is_symlink():
            continue
        mark = read_mark(stage)
        if mark is None:
            # the old target of an interrupted swap (the new one is marked, or this one
            # was renamed aside), or a staging folder killed before its mark was written
            if swapped or stage.name.endswith(".old") or not any(stage.iterdir()):
                _remove(stage)
            continue
        if _alive(mark):
            continue
        if mark.get("state") == "ready":
            if not target.exists():
                os.replace(stage, target)  # killed between the two renames
            else:
                _swap_in(stage, target, mark.get("kind", ""))
            done.append(f"{target}: an earlier write was interrupted after it had finished; "
                        "it was completed now.")
        else:
            _remove(stage)
            done.append(f"{target}: an earlier write was interrupted before it finished (it "
                        f"left {stage.name}); {target} was not changed by it and the "
                        "unfinished copy was removed. Run that command again.")
    if target.is_dir() and read_mark(target) is not None:
        (target / MARK).unlink(missing_ok=True)
    return done


def recover_dataset(folder: Path) -> list[str]:
    """Finish or undo an import into ``folder`` that was interrupted; what was done."""
    try:
        return recover(Path(folder))
    except OSError as exc:
        raise write_error(exc, Path(folder), "the dataset") from None


# ---- errors --------------------------------------------------------------------------------

def _advice(exc: OSError, target: Path) -> str:
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "The disk is full (or over quota): free some space and run the command again."
    if code == errno.EROFS:
        return "The file system is read-only: choose a folder on a writable disk."
    if code in (errno.EACCES, errno.EPERM):
        return (f"Permission denied: check that you may write to {target.parent} and to "
                f"{target} (and own them), or choose another folder.")
    if code == errno.EBUSY:
        return (f"{target} is in use (a mount point, or open elsewhere): choose another "
                "folder or close what uses it.")
    return "Check the folder and the disk, then run the command again."


def write_error(exc: OSError, target: Path, what: str) -> WriteError:
    """The one message for an OSError while writing ``target`` (``what``: "the dataset")."""
    where = exc.filename or target
    reason = exc.strerror or str(exc)
    return WriteError(f"Cannot write {what} {target}: {reason} ({where}). "
                      f"{_advice(exc, target)} Nothing was changed: {target} is as it was.")


# ---- the one way to write a folder ---------------------------------------------------------

def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def link_or_copy(src: str | Path, dst: str | Path) -> None:
    """``dst`` as a hard link to ``src``; a copy where links are refused (another file
    system, one without links). A linked file is shared: it must never be written in
    place afterwards (the tool's writers write a new file and rename it)."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _check_writable(target: Path, what: str) -> None:
    if target.is_dir() and not os.access(target, os.W_OK):
        raise WriteError(f"Cannot write {what} {target}: it is read-only (no write "
                         "permission). Make it writable (chmod u+w) or choose another "
                         f"folder. Nothing was changed: {target} is as it was.")


@contextmanager
def staged(target: Path, kind: str, what: str, carry: bool = False,
           skip: Callable[[str], bool] | None = None) -> Iterator[Path]:
    """Yield a marked staging folder for ``target``; swap it in when the block succeeds.

    ``carry`` starts the staging folder as a hard-linked copy of ``target`` (a dataset),
    leaving out the top-level names ``skip`` accepts (the tool's own temporary files);
    without it the folder starts empty (a build). Any OSError, here or in the block,
    becomes a :class:`WriteError`; on any failure the staging folder is removed. Messages
    of errors raised in the block name ``target``, not the staging folder.
    """
    assert kind in KINDS
    target = Path(target).absolute()
    stage: Path | None = None
    try:
        if target.is_symlink():
            target = target.resolve()
        recover(target)
        _check_writable(target, what)
        target.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=_prefix(target, kind), dir=target.parent))
        _write_mark(stage, kind, "writing")
        mode = stat.S_IMODE(target.stat().st_mode) if target.is_dir() else 0o777 & ~_umask()
        os.chmod(stage, mode)  # mkdtemp makes it private; a site or a dataset is not
        if carry and target.is_dir():
            top = str(target)

            def ignore(folder: str, names: list[str]) -> list[str]:
                if folder != top:
                    return []
                return [n for n in names if n == MARK or (skip is not None and skip(n))]

            shutil.copytree(target, stage, symlinks=True, copy_function=link_or_copy,
                            dirs_exist_ok=True, ignore=ignore)
        yield stage
        _swap_in(stage, target, kind)
    except OSError as exc:
        raise write_error(exc, target, what) from None
    except ScorecardError as exc:
        if stage is None or str(stage) not in exc.message:
            raise
        raise type(exc)(exc.message.replace(str(stage), str(target)), exc.problems) from None
    finally:
        if stage is not None and read_mark(stage) is not None:
            _remove(stage)


def pending(target: Path) -> list[str]:
    """What an interrupted write of ``target`` left, without touching it (for readers)."""
    left = [p for p in stale_folders(target)
            if p.is_dir() and not _alive(read_mark(p) or {})]
    if not left:
        return []
    return [f"an earlier write of {Path(target)} was interrupted and left "
            f"{', '.join(p.name for p in left)} beside it; {Path(target)} itself is complete "
            "(the old or the new version, never a mix). The next import or fetch into it "
            "finishes or removes what was left."]


def stale_folders(target: Path) -> list[Path]:
    """Staging folders of ``target`` left behind (for tests and messages)."""
    target = Path(target).absolute()
    return sorted(p for kind in KINDS for p in target.parent.glob(_prefix(target, kind) + "*"))
