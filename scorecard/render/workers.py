"""Worker processes that never outlive the build that started them.

A build forks workers (share cards, charts). When the build is killed (SIGKILL, the
out-of-memory killer), nothing tells them: they would wait on their queue, or go on
rendering, for ever. :func:`watch_parent`, run in each worker as it starts, makes it
exit as soon as its parent is gone (it is then adopted by another process, so
``os.getppid()`` changes).
"""

from __future__ import annotations

import os
import threading
import time

#: How often a worker checks that its parent is alive (seconds).
INTERVAL = 0.5


def watch_parent(parent: int, interval: float = INTERVAL) -> None:
    """In a worker: exit (status 1) within ``interval`` seconds of ``parent``'s death."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()
