"""U.S. Congress: unitedstates/congress JSON, House Clerk and Senate roll-call XML."""

from ..core.request import Command
from .source import FETCH_OPTIONS, fetch_congress, import_congress

COMMANDS = (
    Command("import", "congress", import_congress,
            "U.S. roll calls: unitedstates/congress JSON, House/Senate XML"),
    Command("fetch", "congress", fetch_congress,
            "House Clerk and Senate roll-call XML (no key)", options=FETCH_OPTIONS),
)
