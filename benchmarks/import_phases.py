"""Where the CPU of ``scorecard import ny-mirror`` goes, phase by phase (issue 15).

    python benchmarks/import_phases.py [--runs 3] [TARBALL ROSTER]

Runs the import of the 2023-24 tarball with the Open States roster (default: from
../shared/realdata) into a new folder, in this one process, each phase timed on its own
with ``time.process_time`` (the fastest of ``--runs``; the package's imports once, first).
The command runs the same phases, but reads and parses the files in a forked child
(:mod:`scorecard.sources.core.ahead`) while the main process imports pandas and reads the
roster; so the line "critical path" adds up what a machine with two free cores waits for:
the longer of the two sides, then everything after the child's result. Compare it with
the floor of ``benchmarks/targets.py`` (a bare ``json.load`` of every file in the tarball).
"""

from __future__ import annotations

import argparse
import gc
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
TARBALL = REALDATA / "jehiah_ny_legislation" / "bills_with_senate_floor_votes_2023.tar.gz"
ROSTER = REALDATA / "openstates_people_ny" / "data" / "ny"


def cpu(work: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    start = time.process_time()
    result = work(*args)
    return time.process_time() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="TARBALL ROSTER")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tarball, roster = args.paths if len(args.paths) == 2 else (TARBALL, ROSTER)
    if not tarball.is_file() or not roster.is_dir():
        sys.exit(f"skipped: {tarball} or {roster} is absent (see ../shared/realdata)")
    phases: dict[str, float] = {}

    def best(name: str, seconds: float) -> None:
        phases[name] = min(phases.get(name, seconds), seconds)

    from scorecard.sources.nyopenleg import mirror  # what the command imports before the fork

    t, _ = cpu(lambda: __import__("scorecard.sources.nyopenleg.api"))
    best("imports: pandas and the tables modules", t)
    from scorecard.sources.core import finish as fin
    from scorecard.sources.core.people import People
    from scorecard.sources.nyopenleg.api import build_tables, resolve_members

    timed: dict[str, float] = {}

    def clock(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def run(*a: Any, **k: Any) -> Any:
            t, out = cpu(lambda: real(*a, **k))
            timed[name] = t
            return out
        return run

    fin.merge_import = clock("merge (merge_import)", fin.merge_import)
    fin._check = clock("check (check_tables)", fin._check)
    fin.write_merged = clock("write the CSVs (write_merged)",
                             fin.write_merged)
    with tempfile.TemporaryDirectory(prefix="import-phases-") as tmp:
        for run in range(args.runs):
            t, files = cpu(lambda: list(mirror.bill_files([tarball])))
            best("child: read the tarball", t)
            paused = gc.isenabled()
            gc.disable()  # as the child runs
            t, parsed = cpu(mirror.parse_files, files)
            if paused:
                gc.enable()
            best("child: parse the files", t)
            t, sent = cpu(pickle.dumps, parsed, pickle.HIGHEST_PROTOCOL)
            best("child: pickle the rows", t)
            into = Path(tmp) / f"run{run}"
            people = People(mirror.SOURCE, into, [roster], required=True, cache=True)
            t, _ = cpu(people.load_roster)
            best("main: the roster (YAML, its cache copy made)", t)
            gc.disable()
            t, parsed = cpu(pickle.loads, sent)
            gc.enable()
            best("after: unpickle the rows", t)
            t, _ = cpu(resolve_members, parsed, people)
            best("after: resolve the members", t)
            meta = {"source": "NY legislation mirror", "jurisdiction": "NY",
                    "sessions": sorted(parsed.sessions), "fetched_at": parsed.latest or None,
                    "notes": mirror.mirror_notes(parsed, people.ledger)}
            t, tables = cpu(build_tables, parsed, people)
            best("after: build the tables", t)
            conv = fin.Converted(tables, source=mirror.SOURCE, meta=meta, people=people,
                                 label=str(tarball))
            t, _ = cpu(fin.finish, into, conv)
            best("after: finish (all of it)", t)
            for name, seconds in timed.items():
                best(f"after:   {name}", seconds)
    width = max(map(len, phases))
    for name, seconds in phases.items():
        print(f"{name:<{width}}  {seconds:6.3f} s CPU")
    child = sum(s for n, s in phases.items() if n.startswith("child:"))
    ahead = sum(s for n, s in phases.items() if n.startswith(("imports", "main:")))
    after = sum(s for n, s in phases.items() if n.startswith("after: ") and
                not n.startswith("after:   ") and "all of it" not in n)
    after += phases["after: finish (all of it)"]
    print(f"critical path on two free cores, after Python starts: max(child {child:.2f}, "
          f"main {ahead:.2f}) + after the child {after:.2f} = {max(child, ahead) + after:.2f} s")


if __name__ == "__main__":
    main()
