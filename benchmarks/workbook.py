"""Benchmark the Excel workbook: wall time and peak memory of ``write_workbook``.

    python benchmarks/workbook.py            # the demo and the synthetic set (states=35)
    python benchmarks/workbook.py --states 1 --states 10

Each case runs in its own process (so peak memory is that case's own): the dataset is
generated with benchmarks/synthetic.py (each state its own bills, 2 sessions) into a
temporary folder (the demo itself is the
committed ``votes/demo`` when present), scored, then the workbook is written and timed.
Targets (issue 4): the 213-seat demo under 1 s; the ~7,400-legislator synthetic set
under 30 s and 2 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_case(platform: Path, states: int) -> dict[str, float | int]:
    """Generate (or reuse) the data, score it, write the workbook; return the figures."""
    from scorecard.build import score_platform
    from scorecard.render.xlsx import FILENAME, write_workbook

    sys.path.insert(0, str(REPO / "benchmarks"))
    from synthetic import generate

    with tempfile.TemporaryDirectory(prefix="bench-workbook-") as tmp:
        data = REPO / "votes" / "demo"
        if states != 1 or not (data / "votes.csv").is_file():
            generate(platform, Path(tmp) / "synth", states=states, sessions=2)
            platform, data = Path(tmp) / "synth" / "platform.yaml", Path(tmp) / "synth" / "votes"
        t0 = time.perf_counter()
        card = score_platform(platform, data)
        t1 = time.perf_counter()
        write_workbook(card, Path(tmp) / "out")
        t2 = time.perf_counter()
        size = (Path(tmp) / "out" / FILENAME).stat().st_size
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {"states": states, "legislators": len(card.scores.table),
            "receipts": len(card.scores.receipts), "score_s": round(t1 - t0, 3),
            "workbook_s": round(t2 - t1, 3), "peak_mb": round(peak_kb / 1024, 1),
            "size_kb": round(size / 1024, 1)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--platform", default=str(REPO / "platform.yaml"))
    parser.add_argument("--states", type=int, action="append",
                        help="1: the demo; more: synthetic states (default: 1 and 35)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_case(Path(args.platform), args.states[0])))
        return
    print(f"{'states':>6} {'legislators':>11} {'receipts':>8} {'score s':>8} "
          f"{'workbook s':>10} {'peak MB':>8} {'xlsx KB':>8}")
    for states in args.states or [1, 35]:
        done = subprocess.run([sys.executable, __file__, "--child", "--platform",
                               args.platform, "--states", str(states)],
                              capture_output=True, text=True, check=False)
        if done.returncode:
            sys.exit(f"states={states} failed:\n{done.stderr}")
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{r['states']:>6} {r['legislators']:>11} {r['receipts']:>8} {r['score_s']:>8} "
              f"{r['workbook_s']:>10} {r['peak_mb']:>8} {r['size_kb']:>8}")
    print("peak MB: the whole process (scoring included). Targets: demo < 1 s; "
          "~7,400 legislators < 30 s and < 2 GB.")


if __name__ == "__main__":
    main()
