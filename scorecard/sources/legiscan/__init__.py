"""LegiScan: dataset ZIPs (JSON) and the API (``LEGISCAN_API_KEY``)."""

from ..core.request import STATE, Command
from .api import fetch_legiscan
from .dataset import import_legiscan

COMMANDS = (
    Command("import", "legiscan", import_legiscan,
            "LegiScan JSON dataset (ZIP or folder: bill/, vote/, people/)"),
    Command("fetch", "legiscan", fetch_legiscan, "LegiScan API (LEGISCAN_API_KEY)",
            options=(STATE,)),
)
