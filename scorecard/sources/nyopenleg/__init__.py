"""NY Senate Open Legislation: the API v3 (``NYSENATE_API_KEY``) and the public mirror."""

from ..core.request import Command
from .api import fetch_nysenate
from .mirror import import_ny_mirror

COMMANDS = (
    Command("import", "ny-mirror", import_ny_mirror,
            "NY legislation mirror: clone, bills/<year>/*.json or .tar.gz"),
    Command("fetch", "nysenate", fetch_nysenate,
            "NY Senate Open Legislation API v3 (NYSENATE_API_KEY)"),
)
