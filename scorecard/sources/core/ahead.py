"""Work done ahead, in a second process, while this one goes on with its own.

An importer reads and parses its files (the bare reading floor of an import) while the
main process loads pandas and the roster, which need nothing from the files: on a
machine with two cores or more the two overlap. :func:`ahead` forks a child that runs
``work()`` and sends back its result; :meth:`Ahead.result` waits for it.

Nothing of the result is trusted blindly, and nothing is lost: if the child fails in
any way (an error in the files, a kill, a result it cannot send), the parent runs
``work()`` itself, so errors are raised by the parent exactly as without a child, with
the same messages. The child writes no file. It exits with the parent (a daemon).

Only where ``fork`` is available (Linux and other Unixes) and on more than one core; else
``work()`` runs in the caller when its result is asked for.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def _child(work: Callable[[], Any], send: Connection) -> None:
    try:
        gc.disable()  # the child makes no cycles and exits when done
        result = work()
    except BaseException:  # the parent runs it again and reports what goes wrong
        send.close()
        return
    try:
        send.send(result)
    finally:
        send.close()


class Ahead(Generic[T]):
    """``work()``, computed in a forked child when possible (see the module docstring)."""

    def __init__(self, work: Callable[[], T]) -> None:
        self.work = work
        self._recv: Connection | None = None
        self._process: Any = None
        if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return
        ctx = multiprocessing.get_context("fork")
        recv, send = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_child, args=(work, send), daemon=True)
        try:
            process.start()
        except OSError:  # no more processes: do the work here
            recv.close()
            send.close()
            return
        send.close()
        self._recv, self._process = recv, process

    @property
    def parallel(self) -> bool:
        """Whether the work was started in a child process."""
        return self._process is not None

    def result(self) -> T:
        """The child's result, or ``work()`` run here if the child had none to give."""
        if self._recv is None:
            return self.work()
        paused = gc.isenabled()
        gc.disable()  # unpickling builds millions of small containers and no cycles
        try:
            return self._recv.recv()
        except Exception:  # noqa: BLE001 - failed, killed or unpicklable: do it here
            pass
        finally:
            if paused:
                gc.enable()
            self._close()
        return self.work()

    def __enter__(self) -> Ahead[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        """A result never asked for (the caller failed first): stop the child."""
        if self._process is not None and self._process.is_alive():
            self._process.kill()
        self._close()

    def _close(self) -> None:
        if self._recv is not None:
            self._recv.close()
            self._recv = None
        if self._process is not None:
            self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()
            self._process = None


def ahead(work: Callable[[], T]) -> Ahead[T]:
    """Start ``work()`` in a child process; ``.result()`` gives what it returns. Use it
    as a context manager, so that a child whose result is not wanted is stopped."""
    return Ahead(work)
