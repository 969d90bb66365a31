"""Open States: bulk session CSV exports and the API v3 (``OPENSTATES_API_KEY``)."""

from ..core.request import STATE, Command

COMMANDS = (
    Command("import", "openstates-csv", "openstates.bulk:import_openstates_csv",
            "Open States bulk session CSV export (ZIP or folder)"),
    Command("fetch", "openstates", "openstates.api:fetch_openstates",
            "Open States API v3 (OPENSTATES_API_KEY)", options=(STATE,)),
)
