"""Time the data audit on a synthetic dataset of about 2 million member votes.

The synthetic legislature is the demo's, repeated (benchmarks/build.py's generator); the
audit runs on the scored roll calls (as every build does) and on every roll call
(``scorecard audit --all``). Target: under 5 seconds each.

    python benchmarks/audit.py [--states 500]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TARGET_S = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--states", type=int, default=500,
                        help="size, in demo-sized legislatures (500: about 2M votes)")
    args = parser.parse_args()
    from benchmarks.build import synthetic
    from scorecard.audit import run_audit
    from scorecard.build import score_platform

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        data = synthetic(Path(tmp) / "synth", args.states)
        t1 = time.perf_counter()
        card = score_platform(REPO / "platform.yaml", data)
        t2 = time.perf_counter()
        print(f"synthetic x{args.states}: {len(card.dataset.votes):,} votes, "
              f"{len(card.dataset.rollcalls)} roll calls, {len(card.scores.table):,} "
              f"legislators (generated in {t1 - t0:.1f} s, loaded and scored in "
              f"{t2 - t1:.1f} s)")
        for everything in (False, True):
            start = time.perf_counter()
            audit = run_audit(card.platform, card.dataset, card.scores, everything=everything)
            took = time.perf_counter() - start
            verdict = "OK" if took < TARGET_S else "OVER TARGET"
            print(f"audit ({'all roll calls' if everything else 'scored roll calls'}): "
                  f"{took:.2f} s (target {TARGET_S:.0f} s) {verdict}; {audit.summary()}")


if __name__ == "__main__":
    main()
