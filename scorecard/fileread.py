"""What reading a table file gave, and when a file's status says it is unchanged since.

A table is keyed by the SHA-256 of its bytes (:mod:`scorecard.loadcache`); hashing the
real four-session New York tables (100 MB) costs 0.15 s on every build. A file's
:func:`file_signature` (size, times, inode, device) taken as it was read tells, as git's
index and make do, that it has not been written since: any write changes its times, and
the status-change time cannot be set back. A file changed within :data:`RACY_NS` of
being read could change again without its times showing it, so its signature is not
kept, and it is hashed again next time.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

#: A file changed this recently may change again within its timestamps' granularity
#: without its times showing it: its signature is not trusted ("racy git").
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class FileRead:
    """What reading a table file gave: the SHA-256 of its bytes, and its
    :func:`signature` as it was read (None when it cannot be trusted)."""

    sha256: str
    signature: tuple[int, ...] | None


def file_signature(st: os.stat_result) -> tuple[int, ...]:
    """A file's size, modification and status-change times (ns), inode and device: any
    write changes its times, and the status-change time cannot be set back."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def signature(before: os.stat_result, after: os.stat_result) -> tuple[int, ...] | None:
    """The :func:`file_signature` of a file read between the two stats, when it did not
    change while it was read and last changed over :data:`RACY_NS` ago; else None."""
    sig = file_signature(after)
    if file_signature(before) != sig:
        return None
    if max(after.st_mtime_ns, after.st_ctime_ns) > time.time_ns() - RACY_NS:
        return None
    return sig
