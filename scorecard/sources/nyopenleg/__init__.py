"""NY Senate Open Legislation: the API v3 (``NYSENATE_API_KEY``) and the public mirror."""

from ..core.request import Command

COMMANDS = (
    Command("import", "ny-mirror", "nyopenleg.mirror:import_ny_mirror",
            "NY legislation mirror: clone, bills/<year>/*.json or .tar.gz"),
    Command("fetch", "nysenate", "nyopenleg.api:fetch_nysenate",
            "NY Senate Open Legislation API v3 (NYSENATE_API_KEY)"),
)
