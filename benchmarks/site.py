"""Time the build with the site on the demo and on a synthetic 50-state-sized dataset.

Each case runs in a fresh process and prints wall time (excluding Python start-up and
imports, as benchmarks/build.py does), its parts, the CPU time of the build and its
worker (less sensitive than wall time to other work on the machine), and peak memory
(RSS) of the main process and of the largest worker (charts and share cards).

    python benchmarks/site.py                 # demo + synthetic (35 demo legislatures)
    python benchmarks/site.py --states 0      # the demo only
    python benchmarks/site.py --repeat 3      # best of three runs per case

Targets (issue 3): demo build < 2 s; synthetic 7,400-legislator build < 60 s, < 2 GB.
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
import json, resource, sys, time
from pathlib import Path
from scorecard.build import default_writers, score_platform, write_outputs
import scorecard.render.data, scorecard.render.html
try:
    import scorecard.render.xlsx
except ImportError:
    pass
from scorecard.render import html

platform, data, out = sys.argv[1:4]
cpu = lambda: sum(getattr(resource.getrusage(who), f)
                  for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                  for f in ("ru_utime", "ru_stime"))
c0 = cpu()
t0 = time.perf_counter()
card = score_platform(platform, data)
t1 = time.perf_counter()
parts = {}

def timed(label, writer):
    def run(card, folder):
        start = time.perf_counter()
        writer(card, folder)
        parts[label] = time.perf_counter() - start
    return run

gather = html.gather
def timed_gather(card):
    start = time.perf_counter()
    pages = gather(card)
    parts["site.gather"] = time.perf_counter() - start
    return pages
html.gather = timed_gather

writers = [(label, timed(label, w)) for label, w in default_writers()]
write_outputs(card, Path(out), writers=writers)
t2 = time.perf_counter()
rss = lambda who: resource.getrusage(who).ru_maxrss / 1024
print(json.dumps({"legislators": len(card.scores.table), "votes": len(card.dataset.votes),
                  "score_s": t1 - t0, "total_s": t2 - t0, "parts": parts, "cpu_s": cpu() - c0,
                  "main_mb": rss(resource.RUSAGE_SELF),
                  "worker_mb": rss(resource.RUSAGE_CHILDREN),
                  "pages": sum(1 for _ in Path(out).rglob("*.html")),
                  "cards": sum(1 for _ in Path(out).rglob("*.png"))}))
"""


def measure(platform: Path, data: Path, out: Path) -> dict[str, object]:
    res = subprocess.run([sys.executable, "-c", CHILD, str(platform), str(data), str(out)],
                         capture_output=True, text=True, cwd=REPO)
    if res.returncode:
        sys.exit(res.stderr)
    return json.loads(res.stdout.strip().splitlines()[-1])


def synthetic(folder: Path, states: int, sessions: int) -> Path:
    """benchmarks/synthetic.py's dataset (each state its own bills); its platform file."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from synthetic import generate, shape

    counts = generate(REPO / "platform.yaml", folder, states=states, sessions=sessions)
    print("synthetic: " + shape(counts, states, sessions, 25, 0.05))
    return folder / "platform.yaml"


def report(label: str, r: dict[str, object]) -> None:
    parts = r["parts"]
    assert isinstance(parts, dict)
    detail = "  ".join(f"{k} {v:.2f}" for k, v in parts.items())
    print(f"{label:24} {r['legislators']:>6} legislators {r['pages']:>6} pages "
          f"{r['cards']:>6} cards | total {r['total_s']:6.2f} s (score {r['score_s']:.2f}  "
          f"{detail}) | CPU {r['cpu_s']:.2f} s | peak main {r['main_mb']:.0f} MB, "
          f"worker {r['worker_mb']:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--states", type=int, default=35,
                        help="synthetic states (0: demo only)")
    parser.add_argument("--sessions", type=int, default=2, help="synthetic sessions")
    parser.add_argument("--repeat", type=int, default=1, help="runs per case; the best counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        cases = [("demo", REPO / "platform.yaml", REPO / "votes" / "demo")]
        if args.states:
            platform = synthetic(tmpdir / "synth", args.states, args.sessions)
            cases.append((f"synthetic {args.states}x{args.sessions}", platform,
                          platform.parent / "votes"))
        for label, platform_file, data in cases:
            runs = [measure(platform_file, data, tmpdir / "out")
                    for _ in range(args.repeat)]
            report(label, min(runs, key=lambda r: float(r["total_s"])))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
