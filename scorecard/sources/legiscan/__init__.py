"""LegiScan: dataset ZIPs (JSON and CSV) and the API (``LEGISCAN_API_KEY``)."""

from ..core.request import STATE, Command
from .api import fetch_legiscan
from .csv_dataset import import_legiscan_csv
from .dataset import import_legiscan

COMMANDS = (
    Command("import", "legiscan", import_legiscan,
            "LegiScan JSON dataset (ZIP or folder: bill/, vote/, people/)"),
    Command("import", "legiscan-csv", import_legiscan_csv,
            "LegiScan CSV dataset (ZIP or folder: bills.csv, votes.csv...)"),
    Command("fetch", "legiscan", fetch_legiscan, "LegiScan API (LEGISCAN_API_KEY)",
            options=(STATE,)),
)
