"""U.S. Congress: unitedstates/congress JSON, House Clerk and Senate roll-call XML."""

from ..core.request import Command, Option

FETCH_OPTIONS = (
    Option("--chamber", "chamber", "Congress chamber.", choices=("house", "senate")),
    Option("--year", "year", "Congress: the year of the roll calls.", type=int),
    Option("--roll", "rolls", "Congress roll number (repeatable).", type=int, multiple=True),
)

COMMANDS = (
    Command("import", "congress", "congress.source:import_congress",
            "U.S. roll calls: unitedstates/congress JSON, House/Senate XML"),
    Command("fetch", "congress", "congress.source:fetch_congress",
            "House Clerk and Senate roll-call XML (no key)", options=FETCH_OPTIONS),
)
