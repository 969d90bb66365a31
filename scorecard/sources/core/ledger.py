"""The people one import names: gathered once each, resolved together, reported.

Importers call :meth:`Ledger.see` once per distinct (source id, chamber, period), not
once per vote, then :meth:`Ledger.resolve` with a :class:`~.identity.Resolver`. The ledger
keeps who resolved to whom, who did not (``unresolved.csv`` in the dataset folder), and
the roster's gaps: people who voted on dates the roster gives them no seat
(:meth:`Ledger.gap_rows` makes legislators.csv rows for those dates).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ...model import UNRESOLVED_FILE
from ...safetext import for_spreadsheet, from_spreadsheet
from ...tables import atomic_write, dataset_stage
from .identity import OVERRIDES_FILE, Resolution, Resolver
from .normalise import sort_name
from .roster import NO_END, NO_START, Role


def _shift(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def _uncovered(first: str, last: str, held: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The parts of ``first``..``last`` outside the (sorted) intervals ``held``."""
    out, cur = [], first
    for start, end in held:
        if end < cur:
            continue
        if start > last:
            break
        if start > cur:
            out.append((cur, min(last, _shift(start, -1))))
        if end >= last:
            return out
        cur = max(cur, _shift(end, 1))
    out.append((cur, last))
    return out


def _union(spans: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for start, end in sorted(spans):
        if out and start <= _shift(out[-1][1], 1):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


@dataclass
class Seen:
    """One source person in one chamber and period (a session), as a source shows them."""

    source_id: str
    chamber: str
    period: str
    first: str
    last: str
    names: set[str] = field(default_factory=set)
    shorts: set[str] = field(default_factory=set)
    district: str = ""
    #: days the source shows the person in the chamber (votes), checked against the roster
    days: set[str] = field(default_factory=set)


@dataclass
class Ledger:
    """The people a source names, gathered once each, then resolved together.

    Importers call :meth:`see` once per distinct (source id, chamber, period), not once
    per vote, then :meth:`resolve`, then read :attr:`ids` to write their rows.
    """

    seen: dict[tuple[str, str, str], Seen] = field(default_factory=dict)
    #: (source id, chamber, period) -> legislator_id (a roster id, or the source id)
    ids: dict[tuple[str, str, str], str] = field(default_factory=dict)
    unresolved: list[tuple[Seen, Resolution]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: (legislator_id, chamber, start, end) voted with no roster seat (see gap_rows)
    gaps: list[tuple[str, str, str, str]] = field(default_factory=list)

    def see(self, source_id: str, chamber: str, period: str, first: str, last: str,
            names: Iterable[str] = (), shorts: Iterable[str] = (), district: str = "",
            exact: bool = True) -> None:
        """Record a person; ``exact``: seen on ``first`` and ``last`` (a vote), not just
        somewhere in that span (a sponsorship in a session)."""
        key = (source_id, chamber, period)
        s = self.seen.get(key)
        if s is None:
            s = self.seen[key] = Seen(source_id, chamber, period, first, last)
        s.first, s.last = min(s.first, first), max(s.last, last)
        s.names.update(n for n in names if n)
        s.shorts.update(n for n in shorts if n)
        s.district = s.district or district
        if exact:
            s.days = {min([first, *s.days]), max([last, *s.days])}

    def _one(self, resolver: Resolver, s: Seen) -> Resolution:
        names = sorted(s.names, key=lambda n: (-len(n), n)) or [""]
        shorts = sorted(s.shorts) or [""]
        found: dict[str, Resolution] = {}
        failed: Resolution | None = None
        for name in names:
            for short in shorts:
                r = resolver.resolve(s.chamber, s.first, s.last, name=name, short_name=short,
                                     source_id=s.source_id, district=s.district)
                if r.ok and r.legislator_id:
                    found[r.legislator_id] = r
                else:
                    failed = failed or r
        if len(found) == 1:
            return next(iter(found.values()))
        if len(found) > 1:
            return Resolution(None, "ambiguous", "its names match different people: " + ", ".join(
                _label(resolver, i) for i in sorted(found)), tuple(sorted(found)))
        return failed or Resolution(None, "missing", "no name given")

    def resolve(self, resolver: Resolver) -> None:
        """Resolve everyone seen; the unresolved keep their source id."""
        by_source: dict[tuple[str, str], set[str]] = {}
        spans: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for key, s in sorted(self.seen.items()):
            r = self._one(resolver, s)
            if r.ok and r.legislator_id:
                self.ids[key] = r.legislator_id
                by_source.setdefault((s.source_id, s.chamber), set()).add(r.legislator_id)
                if s.days:
                    spans.setdefault((r.legislator_id, s.chamber), []).append(
                        (min(s.days), max(s.days)))
            else:
                self.ids[key] = s.source_id
                self.unresolved.append((s, r))
        for (sid, _chamber), ids in sorted(by_source.items()):
            if len(ids) > 1:
                names = ", ".join(_label(resolver, i) for i in sorted(ids))
                self.warnings.append(
                    f"{sid} is {len(ids)} roster people in different sessions: {names}; the "
                    "roster may hold one person twice. Map the id in "
                    f"{OVERRIDES_FILE} to keep them as one.")
        self._find_gaps(resolver, spans)
        for dup, kept in sorted(resolver.duplicates.items()):
            self.warnings.append(
                f"The roster holds {_label(resolver, kept)} twice, also as {dup}, in the same "
                f"seat at the same time; {kept} is used and {dup} left out of legislators.csv."
                " Remove the duplicate from the roster, or map ids in " + OVERRIDES_FILE + ".")

    def _find_gaps(self, resolver: Resolver,
                   spans: dict[tuple[str, str], list[tuple[str, str]]]) -> None:
        """Dates on which resolved people voted without a roster seat in that chamber."""
        names = []
        for (lid, chamber), seen in sorted(spans.items()):
            person = resolver.person(lid)
            if person is None:
                continue
            held = sorted((r.start or NO_START, r.end or NO_END) for r in person.roles
                          if r.chamber == chamber)
            found = [g for a, b in sorted(seen) for g in _uncovered(a, b, held)]
            for start, end in _union(found):
                self.gaps.append((lid, chamber, start, end))
            if found:
                names.append(f"{person.name} ({chamber}, {found[0][0]}..{found[-1][1]})")
        if names:
            shown = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12
                                             else "")
            self.warnings.append(
                f"{len(names)} member(s) voted on dates when the roster gives them no seat in "
                f"that chamber (its role dates are incomplete): {shown}. legislators.csv gets "
                "a row for those dates (no district), from the votes.")

    def gap_rows(self, resolver: Resolver) -> list[tuple[str, ...]]:
        """legislators.csv rows covering the dates found by :meth:`_find_gaps`.

        A gap that continues a roster term of the same chamber without a break, within
        one two-year session (``2023-2024``: a seat changes only at an election), is in
        that term's district; any other gap has no district (none is guessed)."""
        rows: list[tuple[str, ...]] = []
        for lid, chamber, start, end in self.gaps:
            p = resolver.person(lid)
            if p is not None:
                rows.append((lid, p.name, p.sort_name, p.party_on(start, end), chamber,
                             _adjacent_district(p.roles, chamber, start, end), start, end,
                             p.url))
        return rows

    def unresolved_lines(self) -> list[str]:
        """One line per unresolved person, for the report."""
        return [f"{s.source_id} {display_name(s)} ({s.chamber}, {s.first}..{s.last}): "
                f"{r.status}, {r.detail}" for s, r in self.unresolved]

    def unresolved_rows(self) -> list[tuple[str, ...]]:
        """legislators.csv rows for the unresolved: source id, name, dates seen."""
        spans: dict[tuple[str, str], Seen] = {}
        for s, _ in self.unresolved:
            key = (s.source_id, s.chamber)
            if key in spans:
                spans[key].first = min(spans[key].first, s.first)
                spans[key].last = max(spans[key].last, s.last)
                spans[key].names |= s.names
            else:
                spans[key] = Seen(s.source_id, s.chamber, "", s.first, s.last, set(s.names),
                                  set(s.shorts), s.district)
        rows: list[tuple[str, ...]] = []
        for (sid, chamber), s in sorted(spans.items()):
            name = display_name(s)
            rows.append((sid, name, sort_name(name), "", chamber, s.district, s.first,
                         s.last, ""))
        return rows


def _same_session(a: str, b: str) -> bool:
    """Whether two dates fall in one two-year session starting in an odd year."""
    ya, yb = int(a[:4]), int(b[:4])
    return ya - (1 - ya % 2) == yb - (1 - yb % 2)


def _adjacent_district(roles: Iterable[Role], chamber: str, start: str, end: str) -> str:
    """The district of a role in ``chamber`` that ends the day before (or on) ``start``
    or starts the day after (or on) ``end``, in the same session; "" if none (or two)."""
    found = set()
    for r in roles:
        if r.chamber != chamber or not r.district:
            continue
        if r.end and _shift(start, -1) <= r.end <= start and _same_session(r.end, start):
            found.add(r.district)
        if r.start and end <= r.start <= _shift(end, 1) and _same_session(end, r.start):
            found.add(r.district)
    return found.pop() if len(found) == 1 else ""


def _label(resolver: Resolver, legislator_id: str) -> str:
    person = resolver.person(legislator_id)
    return f"{person.name} ({legislator_id})" if person else legislator_id


def display_name(s: Seen) -> str:
    if s.names:
        return max(s.names, key=lambda n: (len(n), n))
    return min(s.shorts) if s.shorts else s.source_id


UNRESOLVED_COLUMNS = ("source_id", "name", "short_name", "chamber", "first_seen",
                      "last_seen", "status", "detail", "candidates")


def unresolved_table(ledger: Ledger) -> list[tuple[str, ...]]:
    return [(s.source_id, display_name(s), ";".join(sorted(s.shorts)), s.chamber, s.first,
             s.last, r.status, r.detail, ";".join(r.candidates)) for s, r in ledger.unresolved]


def write_unresolved(folder: Path, ledger: Ledger) -> Path | None:
    """Write ``unresolved.csv`` (merged with what earlier imports left there).

    Rows of people this import resolved are dropped; returns the path, or None when
    nothing is unresolved and there was no file.
    """
    rows = merged_unresolved(folder, ledger)
    if not rows and not (Path(folder) / UNRESOLVED_FILE).exists():
        return None
    with dataset_stage(Path(folder)) as stage:
        path = stage / UNRESOLVED_FILE
        if not rows:
            path.unlink(missing_ok=True)
            return None
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(UNRESOLVED_COLUMNS)
        # a file people open in a spreadsheet: formula-leading names are written as text
        writer.writerows([for_spreadsheet(c) for c in v] for v in rows)
        atomic_write(path, buf.getvalue())
    return Path(folder) / UNRESOLVED_FILE


def merged_unresolved(folder: Path, ledger: Ledger) -> list[tuple[str, ...]]:
    """The rows ``unresolved.csv`` will hold after this import (see write_unresolved)."""
    path = Path(folder) / UNRESOLVED_FILE
    rows: dict[tuple[str, str, str], tuple[str, ...]] = {}
    if path.exists():
        with open(path, encoding="utf-8", newline="") as fh:
            for rec in csv.DictReader(fh):
                row = tuple(from_spreadsheet(rec.get(c, "") or "") for c in UNRESOLVED_COLUMNS)
                rows[(row[0], row[3], row[4])] = row
    resolved = {(sid, chamber) for (sid, chamber, _), lid in ledger.ids.items() if lid != sid}
    rows = {k: v for k, v in rows.items() if (k[0], k[1]) not in resolved}
    for row in unresolved_table(ledger):
        rows[(row[0], row[3], row[4])] = row
    return [v for _, v in sorted(rows.items())]
