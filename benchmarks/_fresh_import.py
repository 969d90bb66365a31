"""``scorecard import ny-mirror TARBALL --into <a new folder under BASE> --roster ROSTER``.

One process, as the command runs it (benchmarks/targets.py times it whole): each run
imports into a folder that does not exist yet, as a user's first import does.
    python benchmarks/_fresh_import.py TARBALL ROSTER BASE
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

tarball, roster, base = sys.argv[1:4]
into = Path(base) / uuid.uuid4().hex
sys.argv = ["scorecard", "import", "ny-mirror", tarball, "--into", str(into), "--roster", roster]
from scorecard.cli import main  # noqa: E402

main()
