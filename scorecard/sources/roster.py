"""``scorecard import roster PATH... --into DIR``: the Open States people roster as
legislators.csv (every legislative role of every person; see :mod:`.core.roster`), and
contacts.csv (e-mail and office address, for the right of reply's letters)."""

from __future__ import annotations

from pathlib import Path

from ..errors import SourceError
from .core.request import Command, ImportReport, ImportRequest

SOURCE = "roster"


def import_roster(req: ImportRequest) -> ImportReport:
    """Every legislative role of the roster's people into legislators.csv."""
    # imported here: the registry imports this module for COMMANDS (keep --help light)
    from .core.finish import Converted, finish
    from .core.roster import load_roster

    paths = [*req.paths, *req.rosters]
    if not paths:
        raise SourceError("Give the roster folder: scorecard import roster "
                          "people/data/ny --into votes/ny")
    roster = load_roster(paths)
    table = roster.table()
    conv = Converted({"legislators": table, "contacts": roster.contacts()}, source=SOURCE,
                     label=", ".join(map(str, paths)),
                     meta={"notes": [
                         "roster: legislators.csv from the Open States people roster; fusion "
                         "party labels (Democratic/Working Families) reduced to the first "
                         "party."]})
    conv.notes.append(f"{len(roster)} legislators, {len(table)} roles "
                      f"from {len(roster.files)} files")
    return finish(Path(req.into), conv)


COMMANDS = (
    Command("import", SOURCE, "roster:import_roster",
            "Open States people YAML folder -> legislators.csv"),
)
