"""Compiling the site's templates: from source, and from Jinja2's bytecode cache.

    python benchmarks/templates.py [--runs 5]

Each run is a fresh process that loads every template of scorecard/templates; the figure
is the CPU time of loading them (start-up and imports excluded). ``cold`` compiles from
source (an empty cache folder), ``cached`` loads the compiled code the previous run left.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = r"""
import sys, tempfile, time
tempfile.tempdir = sys.argv[1]
from scorecard.render.templates import environment
env = environment()
t = time.process_time()
for name in env.list_templates():
    env.get_template(name)
print(time.process_time() - t)
"""


def load(cache_root: str) -> float:
    done = subprocess.run([sys.executable, "-c", CHILD, cache_root], cwd=REPO, text=True,
                          capture_output=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    cold, cached = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as root:
            cold.append(load(root))
            cached.append(load(root))
    print(f"templates compiled from source: median {statistics.median(cold):.3f} s CPU; "
          f"from the cache: {statistics.median(cached):.3f} s CPU ({args.runs} pairs)")


if __name__ == "__main__":
    main()
