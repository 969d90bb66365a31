"""Time importing 1,000 saved NY Assembly pages of 150 members each (target: under 5 s).

    python benchmarks/import_nyassembly.py [--pages 1000] [--layout current|earlier] [--runs 3]

The pages are synthetic (fictional members, ``tests/sources/assembly_pages.py``), one
floor roll call each, in one session, with a fictional roster of the 150 members. Each
run imports them into a new dataset folder as ``scorecard import nyassembly PAGES --into
DIR --roster ROSTER`` does (read, parse, resolve, check, merge, write), in this process;
parsing alone is timed too. The fastest run is reported (the machine is shared), as wall
time and as this process's CPU time (less disturbed by other work on the machine).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scorecard.sources import ImportRequest  # noqa: E402
from scorecard.sources.nyassembly.convert import page_files  # noqa: E402
from scorecard.sources.nyassembly.importer import import_nyassembly  # noqa: E402
from scorecard.sources.nyassembly.pages import parse_page  # noqa: E402
from tests.sources import assembly_pages as ap  # noqa: E402

TARGET = 5.0
CODES = ["Yes"] * 8 + ["No"] * 3 + ["ER", "AB", "NV"]


def make_pages(folder: Path, n: int, layout: str) -> Path:
    surnames = ap.fictional_surnames(150)
    ap.fictional_roster(folder / "roster", surnames)
    pages = folder / "pages"
    pages.mkdir()
    rng = random.Random(1)
    make = ap.current_page if layout == "current" else ap.earlier_page
    for i in range(1, n + 1):
        day = f"{1 + i % 12:02d}/{1 + i % 28:02d}/2020"
        members = [(rng.choice(CODES), s) for s in surnames]
        (pages / f"A{i:05d}-2019.html").write_bytes(
            make([ap.Vote(day, members)], bill=f"A{i:05d}", term=2019))
    return folder


def main() -> None:
    ap_ = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap_.add_argument("--pages", type=int, default=1000)
    ap_.add_argument("--layout", choices=["current", "earlier"], default="current")
    ap_.add_argument("--runs", type=int, default=3)
    args = ap_.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = make_pages(Path(tmp), args.pages, args.layout)
        size = sum(p.stat().st_size for p in (base / "pages").iterdir())
        print(f"{args.pages} pages ({args.layout} layout), 150 members each, "
              f"{size / 1e6:.1f} MB")
        parse_cpu, import_wall, import_cpu = [], [], []
        for run in range(args.runs):
            c0 = time.process_time()
            for path in page_files([base / "pages"]):
                parse_page(path.read_bytes(), str(path))
            parse_cpu.append(time.process_time() - c0)
            t0, c0 = time.perf_counter(), time.process_time()
            report = import_nyassembly(ImportRequest([base / "pages"], base / f"ds{run}",
                                                     [base / "roster"]))
            import_wall.append(time.perf_counter() - t0)
            import_cpu.append(time.process_time() - c0)
        votes = report.counts["votes"][1]
        wall, cpu = min(import_wall), min(import_cpu)
        print(f"parse only : CPU {min(parse_cpu):.2f} s (best of {args.runs})")
        print(f"import     : wall {wall:.2f} s, CPU {cpu:.2f} s (best of {args.runs}; "
              f"{votes} member votes); target < {TARGET:.0f} s: "
              f"{'met' if wall < TARGET else 'NOT met'}")
        if wall >= TARGET > cpu:
            print("             (CPU time is under the target: the machine is busy)")


if __name__ == "__main__":
    main()
