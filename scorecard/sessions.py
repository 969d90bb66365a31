"""The platform's sessions, checked against the dataset's (``period.sessions``, a bill's
``session``).

A session is written as the dataset writes it (``2023-2024``). A single year that falls
in exactly one of the dataset's sessions is read as that session (``2023`` or ``2024`` ->
``2023-2024``, the form ``scorecard fetch --session 2023`` takes), and the platform is
scored as if it said so. Anything else that names no session of the dataset is an
error naming the dataset's sessions, with the file and line; except that a bill's
``session`` written like the dataset's sessions (``2013-2014``) is a bill the data does
not cover (a warning, as for any bill missing from the data). A ``period.sessions``
value the data does not cover is an error: it would score nobody.
"""

from __future__ import annotations

import re

from .dataset import Dataset
from .errors import Problems
from .platform import Platform


def dataset_sessions(ds: Dataset) -> list[str]:
    """The sessions of the dataset: those dataset.yaml lists (importers list the sessions
    they imported), else those of its bills."""
    listed = ds.meta.get("sessions") or []
    listed = [listed] if isinstance(listed, str | int) else list(listed)
    if listed:
        return sorted({str(s) for s in listed})
    return sorted({str(s) for s in ds.bills["session"] if str(s)})


def _shape(session: str) -> str:
    return re.sub(r"\d", "9", session)


def _years(session: str) -> tuple[int, int] | None:
    m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", session)
    return (int(m[1]), int(m[2] or m[1])) if m else None


def spelled(value: str, known: list[str]) -> str | None:
    """The dataset session ``value`` names (itself, or the one session a year falls in)."""
    if value in known:
        return value
    if re.fullmatch(r"\d{4}", value):
        year = int(value)
        hits = [s for s in known if (y := _years(s)) and y[0] <= year <= y[1] and s != value]
        if len(hits) == 1:
            return hits[0]
    return None


def resolve_sessions(platform: Platform, ds: Dataset, problems: Problems) -> None:
    """Rewrite year spellings to the dataset's sessions; record an error for a value that
    names no session of the dataset (see the module docstring)."""
    known = dataset_sessions(ds)
    if not known:
        return
    shapes = {_shape(s) for s in known}
    file = str(platform.path)
    listing = ", ".join(known)
    period = platform.model.period
    for i, value in enumerate(list(period.sessions)):
        got = spelled(str(value), known)
        if got is not None:
            period.sessions[i] = got
            continue
        problems.error(file, f"period.sessions names the session {value!r}, which is not in "
                       f"the data ({ds.folder}); its sessions are {listing}. Write one of "
                       "them (a year such as 2023 also names the session it falls in)",
                       platform.where(("period", "sessions", i)))
    for pe in platform.bill_entries():
        if not pe.entry.session:
            continue
        value = str(pe.entry.session)
        got = spelled(value, known)
        if got is not None:
            pe.entry.session = got
        elif _shape(value) not in shapes:
            problems.error(file, f"bill {pe.entry.number} has the session {value!r}, which "
                           f"names no session of the data ({ds.folder}): its sessions are "
                           f"{listing}. Write the session as the data does (e.g. {known[-1]})",
                           platform.where((*pe.path, "session")))
