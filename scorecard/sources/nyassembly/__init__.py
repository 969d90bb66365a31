"""The NY Assembly's own website: per-member Assembly floor (and committee) votes, no key.

Open Legislation has no Assembly floor votes, and Open States' NY Assembly votes of March
2024 to August 2026 repeat one roll call's members on every roll call of a bill voted
more than once (openstates-scrapers issue #5748). The Assembly publishes every roll call,
member by member, on its bill pages; this source reads them:

* ``scorecard fetch nyassembly --into DIR --roster ROSTER [--platform FILE]
  [--session S] [--bill NUMBER]... [--committee] [--delay SECONDS]`` (:mod:`.fetch`)
  fetches the pages politely and keeps them in ``DIR/pages/`` (``A03675-2019.html``);
* ``scorecard import nyassembly PAGE... --into DIR --roster ROSTER [--session S]``
  (:mod:`.convert`) imports saved pages (files or folders).

:mod:`.pages` parses both page layouts, :mod:`.names` resolves the Assembly's short
names to the roster, :mod:`.convert` builds the tables and checks them.
"""

from __future__ import annotations

from ..core.request import Command, Option

__all__ = ["COMMANDS", "DEFAULT_DELAY", "FETCH_OPTIONS"]

# COMMANDS name their functions as strings: the registry reads this file for
# `scorecard --help`, so it imports nothing of the source's own (see adding-a-source.md).
DEFAULT_DELAY = 2.0
FETCH_OPTIONS = (
    Option("--committee", "committee", "Committee votes too.", type=bool, is_flag=True),
    Option("--delay", "delay", f"Seconds between requests (default {DEFAULT_DELAY:g}).",
           type=float),
    Option("--refresh", "refresh", "Fetch every page again (votes taken since), past the "
           "pages kept and the cache.", type=bool, is_flag=True),
)

COMMANDS = (
    Command("import", "nyassembly", "nyassembly.importer:import_nyassembly",
            "NY Assembly bill pages saved as HTML (files or a folder)",
            options=(Option("--session", "sessions", "The session of pages not named "
                            "<PRINT>-<YEAR>.html (e.g. 2019).", multiple=True),)),
    Command("fetch", "nyassembly", "nyassembly.fetch:fetch_nyassembly",
            "NY Assembly bill pages (no key): floor votes, kept in DIR/pages/",
            options=FETCH_OPTIONS),
)
