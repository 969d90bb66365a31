"""Time ``scorecard build`` on the demo and on a synthetic dataset (benchmarks/synthetic.py).

Prints wall time (excluding Python start-up and imports) and peak memory (RSS) for each
case, each measured in a fresh process:  python benchmarks/build.py [--only scoring]
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
print(json.dumps({"legislators": len(card.scores.table), "votes": len(card.dataset.votes),
                  "score_s": t1 - t0, "write_s": t2 - t1, "total_s": t2 - t0,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(platform: Path, data: Path, out: Path, only: str) -> dict[str, float]:
    res = subprocess.run([sys.executable, "-c", CHILD, str(platform), str(data), str(out), only],
                         capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(res.stdout.strip().splitlines()[-1])


def synthetic(folder: Path, states: int, sessions: int) -> Path:
    """Write a synthetic platform and dataset (each state its own bills); its platform."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from synthetic import generate, shape

    counts = generate(REPO / "platform.yaml", folder, states=states, sessions=sessions)
    print("synthetic: " + shape(counts, states, sessions, 25, 0.05))
    return folder / "platform.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="all",
                        help="all | data | site | workbook: which outputs to write")
    parser.add_argument("--states", type=int, default=10,
                        help="synthetic states (legislatures shaped like New York's)")
    parser.add_argument("--sessions", type=int, default=2, help="synthetic sessions")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        cases = [("demo (213 legislators)", REPO / "platform.yaml", REPO / "votes" / "demo")]
        platform = synthetic(tmpdir / "synth", args.states, args.sessions)
        cases.append((f"synthetic {args.states}x{args.sessions}", platform,
                      platform.parent / "votes"))
        print(f"{'case':28} {'legislators':>11} {'votes':>9} {'score s':>8} {'write s':>8} "
              f"{'total s':>8} {'peak MB':>8}")
        for label, platform_file, data in cases:
            r = measure(platform_file, data, tmpdir / "out", args.only)
            print(f"{label:28} {r['legislators']:>11} {r['votes']:>9} {r['score_s']:>8.2f} "
                  f"{r['write_s']:>8.2f} {r['total_s']:>8.2f} {r['peak_mb']:>8.0f}")


if __name__ == "__main__":
    main()
