"""LegiScan: dataset ZIPs (JSON and CSV) and the API (``LEGISCAN_API_KEY``)."""

from ..core.request import STATE, Command

COMMANDS = (
    Command("import", "legiscan", "legiscan.dataset:import_legiscan",
            "LegiScan JSON dataset (ZIP or folder: bill/, vote/, people/)"),
    Command("import", "legiscan-csv", "legiscan.csv_dataset:import_legiscan_csv",
            "LegiScan CSV dataset (ZIP or folder: bills.csv, votes.csv...)"),
    Command("fetch", "legiscan", "legiscan.api:fetch_legiscan",
            "LegiScan API (LEGISCAN_API_KEY)", options=(STATE,)),
)
