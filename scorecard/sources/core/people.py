"""Source people -> legislator ids: the one way a source resolves the people it names.

A person the source already identifies by an Open States person id (``ocd-person/...``)
keeps it. Anyone else gets a source id (``legiscan:8641``, ``openstates:jane-smith``)
and, with a roster (``--roster``), is resolved to a roster id by chamber, dates, name
and district through :mod:`scorecard.sources.core.identity` (``identity_overrides.csv`` in
the dataset folder wins). Whoever cannot be resolved keeps the source id and is reported.

legislators.csv must name everyone who votes. With a roster, the import writes every
roster role overlapping the dates imported (seat-holders who did not vote are "no
record", not missing) and every role of the people seen. Anyone neither in the roster
nor already in the dataset gets a row with what the source says (name, party, chamber,
district, first and last date seen), and a warning says so.

A source either notes each person with :meth:`People.see` and leaves its rows' ids to
:func:`~.finish.finish` (votes and sponsors rows with the private ``_chamber`` and
``_session`` columns), or, when it must know the ids while building its tables (the NY
Open Legislation importers), calls :meth:`People.resolve` itself and reads
:meth:`People.id_of`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ...errors import SourceError
from ...model import TABLES
from ...rows import FROM_VOTES
from .identity import OVERRIDES_FILE, Resolver, load_overrides
from .ledger import UNRESOLVED_FILE, Ledger, write_unresolved
from .normalise import party as party_name
from .normalise import sort_name
from .roster import Roster, load_roster, prepare_roster_cache, save_roster_cache

NEED_ROSTER = ("Give the roster with --roster (the data/ny folder of an openstates/people "
               "clone): without it no member can be matched to a party or district.")


@dataclass
class _Info:
    name: str
    party: str
    chamber: str
    district: str
    first: str
    last: str


@dataclass
class People:
    """The people of one import: seen, resolved, then turned into legislators.csv rows."""

    source: str
    into: Path
    rosters: list[Path] = field(default_factory=list)
    roster: Roster | None = None
    #: refuse without a roster (before any work), for sources that cannot do without one
    required: bool = False
    #: keep the parsed roster under ``into/.cache`` (a large roster read at every import)
    cache: bool = False
    ledger: Ledger = field(default_factory=Ledger)
    info: dict[str, _Info] = field(default_factory=dict)
    resolver: Resolver | None = None
    resolved: bool = False
    #: the resolver to use: a source whose names need more than the shared rules gives
    #: its own subclass (the NY Assembly's short names)
    resolver_type: type[Resolver] = Resolver
    #: read by :meth:`load_roster`, not yet kept in the cache
    _unsaved: bool = field(default=False, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.required and not self.rosters and self.roster is None:
            raise SourceError(NEED_ROSTER)

    def load_roster(self) -> None:
        """Read the roster now, while the source still reads its files (:meth:`resolve`
        reads it otherwise). A source's own errors come first: one that calls this must
        report a roster error after them; and the roster's cache copy is written only by
        :meth:`resolve`, so that an import refused for its files leaves nothing behind."""
        if self.rosters and self.roster is None:
            cache = self._cache_dir()
            self.roster = load_roster(self.rosters, cache_dir=cache, save=False)
            if cache is not None:
                prepare_roster_cache(self.roster, cache)
            self._unsaved = True

    def _cache_dir(self) -> Path | None:
        return Path(self.into) / ".cache" if self.cache else None

    def _load(self) -> None:
        """Read the roster (once, when resolving: a source's own errors come first)."""
        if self.rosters and self.roster is None:
            self.roster = load_roster(self.rosters, cache_dir=self._cache_dir())
        cache = self._cache_dir()
        if self._unsaved and self.roster is not None and cache is not None:
            save_roster_cache(self.roster, cache)
            self._unsaved = False

    def note(self, pid: str, name: str, chamber: str, first: str, last: str,
             party: str = "", district: str = "") -> None:
        """Remember what the source says of a person (for a row if the roster lacks them)."""
        party = party_name(party)
        got = self.info.get(pid)
        if got is None:
            self.info[pid] = _Info(name or pid, party, chamber, district, first, last)
            return
        got.name = got.name if got.name != pid else (name or pid)
        got.party = got.party or party
        got.chamber = got.chamber or chamber
        got.district = got.district or district
        if first and (not got.first or first < got.first):
            got.first = first
        got.last = max(got.last, last)

    def see(self, source_id: str, chamber: str, session: str, first: str, last: str,
            name: str, party: str = "", district: str = "") -> None:
        """A source person (no roster id of its own) seen in ``chamber`` in ``session``."""
        self.ledger.see(source_id, chamber, session, first, last, names=[name],
                        district=district)
        self.note(source_id, name, chamber, first, last, party, district)

    def resolve(self) -> None:
        """Resolve everyone seen (after every :meth:`see`); without a roster, nobody.
        Resolving again does nothing."""
        if self.resolved:
            return
        self._load()
        if self.roster is not None:
            overrides = load_overrides(Path(self.into) / OVERRIDES_FILE, self.roster)
            self.resolver = self.resolver_type(self.roster, overrides)
            self.ledger.resolve(self.resolver)
        else:
            self.ledger.ids = {key: key[0] for key in self.ledger.seen}
            self.ledger.unresolved = []
        self.resolved = True

    def id_of(self, source_id: str, chamber: str, session: str) -> str:
        """The legislator_id of a person seen (a roster id, or the source id)."""
        return self.ledger.ids.get((source_id, chamber, session), source_id)

    @property
    def unresolved(self) -> list[str]:
        """One line per person left with a source id, for the report."""
        if self.roster is not None:
            return self.ledger.unresolved_lines()
        return sorted(f"{s.source_id} {max(s.names, default=s.source_id)} ({s.chamber}, "
                      f"{s.first}..{s.last}): no roster given"
                      for s in self.ledger.seen.values())

    @property
    def warnings(self) -> list[str]:
        return list(self.ledger.warnings)

    @property
    def notes(self) -> list[str]:
        """Where the unresolved are listed and how to map them, when there are any."""
        if self.roster is None or not self.ledger.unresolved:
            return []
        into = Path(self.into)
        return [f"unresolved members are listed in {into / UNRESOLVED_FILE}; map them in "
                f"{into / OVERRIDES_FILE}"]

    def legislators(self, ids: set[str], known: set[str], first: str,
                    last: str) -> tuple[pd.DataFrame, list[str]]:
        """legislators.csv rows for an import that saw ``ids`` between ``first`` and
        ``last``, and warnings (see the module docstring)."""
        rows: list[tuple[str, ...]] = []
        if self.roster is not None:
            in_roster = [i for i in ids if i in self.roster.people]
            rows = list(self.roster.rows(first=first or None, last=last or None,
                                         ids=in_roster))
        # the people the roster lacks: a row from what the source says, whose dates
        # widen (never shorten) the row an earlier import gave them
        unknown = ids - {r[0] for r in rows}
        missing = unknown - known
        made = []
        for pid in sorted(unknown):
            i = self.info.get(pid, _Info(pid, "", "", "", "", ""))
            made.append((pid, i.name, sort_name(i.name), i.party, i.chamber, i.district,
                         i.first, i.last, ""))
        warnings = []
        if missing:
            shown = ", ".join(
                f"{self.info[i].name} ({i})" if i in self.info and self.info[i].name != i else i
                for i in sorted(missing)[:5]) + (" ..." if len(missing) > 5 else "")
            hint = ("import the roster first (scorecard import roster PATH) or pass --roster"
                    if self.roster is None else "they are not in the roster given")
            warnings.append(
                f"{len(missing)} legislator(s) got a row in legislators.csv with only what "
                f"the source says (name, party, chamber; dates = the first and last seen) "
                f"({shown}): {hint}.")
        cols = list(TABLES["legislators"])
        table = pd.concat([pd.DataFrame(rows, columns=cols).assign(**{FROM_VOTES: False}),
                           pd.DataFrame(made, columns=cols).assign(**{FROM_VOTES: True})],
                          ignore_index=True)
        return table.drop_duplicates().reset_index(drop=True), warnings

    def write_unresolved(self, folder: Path | None = None) -> Path | None:
        """``unresolved.csv`` in the dataset, or in ``folder`` (its staging copy), with a
        roster only: it lists match failures."""
        if self.roster is None or not self.resolved:
            return None
        return write_unresolved(Path(folder or self.into), self.ledger)

