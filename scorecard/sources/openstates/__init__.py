"""Open States: bulk session CSV exports and the API v3 (``OPENSTATES_API_KEY``)."""

from ..core.request import STATE, Command
from .api import fetch_openstates
from .bulk import import_openstates_csv

COMMANDS = (
    Command("import", "openstates-csv", import_openstates_csv,
            "Open States bulk session CSV export (ZIP or folder)"),
    Command("fetch", "openstates", fetch_openstates, "Open States API v3 (OPENSTATES_API_KEY)",
            options=(STATE,)),
)
