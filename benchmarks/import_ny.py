"""Time importing the NY legislation mirror against a bare ``json.load`` of the same files.

    python benchmarks/import_ny.py [--runs 5] [--tarball PATH] [--roster PATH]

Default input: ``../shared/realdata/jehiah_ny_legislation/bills_with_senate_floor_votes_2023
.tar.gz`` (2,813 bills, 3,454 Senate floor roll calls, 216k floor member votes; the files
also hold Senate committee votes, which are imported too) with the Open States roster
``../shared/realdata/openstates_people_ny/data/ny``. Skipped, with a message, when absent.

Each measurement runs in a fresh process (wall time excludes Python start-up and imports;
peak memory is that process's maximum RSS):

* ``bare``: open the archive and ``json.load`` every bill file (standard library);
* ``import``: ``scorecard import ny-mirror TARBALL --into <new folder> --roster ROSTER``
  as the command runs it (read, parse, resolve identities, merge and write the CSVs);
  ``import (warm)`` is the same into a folder that already holds the roster cache
  (``.cache/roster-*.json``), as on any import after the first one.

The figures are the fastest of ``--runs`` runs (the machine is shared; the minimum is the
least disturbed), with the median beside it, and the process CPU time (less sensitive to
other work on the machine). Phases of one in-process run follow.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REALDATA = REPO.parent / "shared" / "realdata"
TARBALL = REALDATA / "jehiah_ny_legislation" / "bills_with_senate_floor_votes_2023.tar.gz"
ROSTER = REALDATA / "openstates_people_ny" / "data" / "ny"

BARE = r"""
import json, resource, sys, tarfile, time
t0, c0 = time.perf_counter(), time.process_time()
n = 0
with tarfile.open(sys.argv[1], "r:*") as tar:
    for member in tar:
        if member.isfile() and member.name.endswith(".json"):
            json.load(tar.extractfile(member))
            n += 1
t1, c1 = time.perf_counter(), time.process_time()
print(json.dumps({"files": n, "total_s": t1 - t0, "cpu_s": c1 - c0,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

IMPORT = r"""
import json, resource, sys, time
from pathlib import Path
from scorecard.sources import ImportRequest
from scorecard.sources.nyopenleg.mirror import import_ny_mirror
import scorecard.sources.core.merge, scorecard.tables  # imports are not part of the figure
t0, c0 = time.perf_counter(), time.process_time()
report = import_ny_mirror(ImportRequest([Path(sys.argv[1])], Path(sys.argv[3]),
                                        [Path(sys.argv[2])]))
t1, c1 = time.perf_counter(), time.process_time()
print(json.dumps({"total_s": t1 - t0, "cpu_s": c1 - c0, "counts": report.counts,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

PHASES = r"""
import json, sys, time
from pathlib import Path
from scorecard.checks import check_tables
from scorecard.sources.nyopenleg import mirror as nm
from scorecard.sources.nyopenleg.api import build_tables, resolve_members
from scorecard.sources.core.merge import merge_import, write_merged
from scorecard.sources.core.people import People
from scorecard.sources.core.roster import load_roster
tarball, roster_dir, into = map(Path, sys.argv[1:4])
T = time.perf_counter
t0 = T(); people = People("ny-mirror", into, roster=load_roster([roster_dir]))
t1 = T(); files = list(nm.bill_files([tarball]))
t2 = T(); parsed = nm.parse_files(files)
t3 = T(); resolve_members(parsed, people)
t4 = T(); tables = build_tables(parsed, people)
t5 = T(); merged = merge_import(into, tables, {}, "ny-mirror")
t6 = T(); check_tables(merged.tables, into, unique_keys=True, totals=False)
t7 = T(); write_merged(into, merged)
t8 = T()
print(json.dumps({"roster (YAML)": t1 - t0, "read archive": t2 - t1, "parse JSON + rows": t3 - t2,
                  "resolve identities": t4 - t3, "build tables": t5 - t4, "merge": t6 - t5,
                  "check": t7 - t6, "write CSV": t8 - t7,
                  "rows": {k: len(v) for k, v in tables.items()}}))
"""


def run(code: str, *args: str) -> dict:
    res = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         cwd=REPO)
    if res.returncode:
        sys.exit(f"benchmark child failed:\n{res.stderr}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tarball", type=Path, default=TARBALL)
    ap.add_argument("--roster", type=Path, default=ROSTER)
    args = ap.parse_args()
    if not args.tarball.exists() or not args.roster.exists():
        print(f"skipped: real data not found ({args.tarball} and {args.roster}); "
              "see ../shared/realdata/README.txt")
        return
    bare, cold, warm = [], [], []
    cpu: dict[str, list[float]] = {"bare": [], "import": [], "import (warm)": []}
    peaks: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.runs):
            b = run(BARE, str(args.tarball))
            bare.append(b["total_s"])
            cpu["bare"].append(b["cpu_s"])
            peaks["bare"] = max(peaks.get("bare", 0), b["peak_mb"])
            into = Path(tmp) / f"run{i}"
            c = run(IMPORT, str(args.tarball), str(args.roster), str(into))
            cold.append(c["total_s"])
            cpu["import"].append(c["cpu_s"])
            peaks["import"] = max(peaks.get("import", 0), c["peak_mb"])
            for name in ("legislators", "bills", "rollcalls", "votes", "sponsors"):
                (into / f"{name}.csv").unlink()
            w = run(IMPORT, str(args.tarball), str(args.roster), str(into))
            warm.append(w["total_s"])
            cpu["import (warm)"].append(w["cpu_s"])
            peaks["import (warm)"] = max(peaks.get("import (warm)", 0), w["peak_mb"])
        phases = run(PHASES, str(args.tarball), str(args.roster), str(Path(tmp) / "phases"))
    base = min(bare)
    print(f"input: {args.tarball.name} ({b['files']} bill files), roster {args.roster}")
    print(f"rows written: {c['counts']}")
    base_cpu = min(cpu["bare"])
    print(f"{'case':<16}{'best s':>8}{'median s':>10}{'x bare':>8}{'CPU s':>7}{'x bare':>8}"
          f"{'peak MB':>9}")
    for label, times in (("bare json.load", bare), ("import", cold), ("import (warm)", warm)):
        key = "bare" if label.startswith("bare") else label
        print(f"{label:<16}{min(times):>8.2f}{statistics.median(times):>10.2f}"
              f"{min(times) / base:>8.2f}{min(cpu[key]):>7.2f}{min(cpu[key]) / base_cpu:>8.2f}"
              f"{peaks[key]:>9.0f}")
    print("phases of one run (s): " + ", ".join(
        f"{k} {v:.2f}" for k, v in phases.items() if isinstance(v, float)))
    ok = min(cold) < 3 and min(cold) < 1.5 * base
    print(f"target (< 3 s and < 1.5x bare): {'met' if ok else 'NOT met'} "
          f"({min(cold):.2f} s, {min(cold) / base:.2f}x)")


if __name__ == "__main__":
    main()
