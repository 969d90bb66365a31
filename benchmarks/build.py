"""Time ``scorecard build`` on the demo and on a synthetic dataset 10x larger.

Prints wall time (excluding Python start-up and imports) and peak memory (RSS) for each
case, each measured in a fresh process:  python benchmarks/build.py [--only scoring]
The last column is the score-sensitivity variants' share of the build (part of score s;
target: under 10%).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, resource, sys, time, shutil
from pathlib import Path
from scorecard.build import default_writers, score_platform, write_outputs
import scorecard.render.data, scorecard.render.html, scorecard.render.xlsx
platform, data, out, only = sys.argv[1:5]
t0 = time.perf_counter()
card = score_platform(platform, data)
t1 = time.perf_counter()
writers = None if only == "all" else [w for w in default_writers() if w[0] == only]
write_outputs(card, Path(out), writers=writers)
t2 = time.perf_counter()
from scorecard.sensitivity import sensitivity
sensitivity(card.platform.scoring, card.scores)  # as score_platform ran it: timed again
t3 = time.perf_counter()
print(json.dumps({"legislators": len(card.scores.table), "votes": len(card.dataset.votes),
                  "score_s": t1 - t0, "write_s": t2 - t1, "total_s": t2 - t0,
                  "sens_s": t3 - t2,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(platform: Path, data: Path, out: Path, only: str) -> dict[str, float]:
    res = subprocess.run([sys.executable, "-c", CHILD, str(platform), str(data), str(out), only],
                         capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(res.stdout.strip().splitlines()[-1])


def synthetic(folder: Path, states: int) -> Path:
    from scorecard.demo import generate_demo
    from scorecard.platform import load_platform
    from scorecard.tables import write_dataset

    tables = generate_demo(load_platform(REPO / "platform.yaml"), states=states)
    write_dataset(folder, tables, {"source": "synthetic benchmark", "fictional": True},
                  merge=False)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="all",
                        help="all | data | site | workbook: which outputs to write")
    parser.add_argument("--states", type=int, default=10,
                        help="size of the synthetic set, in demo-sized legislatures")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        cases = [("demo (213 legislators)", REPO / "votes" / "demo")]
        cases.append((f"synthetic x{args.states}", synthetic(tmpdir / "synth", args.states)))
        print(f"{'case':28} {'legislators':>11} {'votes':>9} {'score s':>8} {'write s':>8} "
              f"{'total s':>8} {'peak MB':>8} {'sensitivity s':>14}")
        for label, data in cases:
            r = measure(REPO / "platform.yaml", data, tmpdir / "out", args.only)
            print(f"{label:28} {r['legislators']:>11} {r['votes']:>9} {r['score_s']:>8.2f} "
                  f"{r['write_s']:>8.2f} {r['total_s']:>8.2f} {r['peak_mb']:>8.0f} "
                  f"{r['sens_s']:>7.3f} ({100 * r['sens_s'] / r['total_s']:.1f}%)")


if __name__ == "__main__":
    main()
