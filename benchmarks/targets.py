"""The speed targets of issue 15, measured side by side: one table, one command.

    python benchmarks/targets.py [--quick] [--runs N] [--only CASE ...]

Every figure is a whole process (Python start-up and imports included), run by this
script with the checkout's code (PYTHONPATH is set to it). For each case, ``ours`` and its
``floor`` run in pairs, alternating which goes first, after one unmeasured warm-up of each;
the table shows the median wall time of each, the median of the pair-by-pair ratios (so a
burst of load from other work hits both sides of a pair), and the peak memory (maximum
RSS, from ``/usr/bin/time -v``) of ``ours``. The machine is shared: rerun before trusting
a small difference.

Cases (``--only`` takes these names):

* ``demo``: ``scorecard build`` of the repository's demo against importing the libraries a
  build imports to do its work, read from the code: pandas, jinja2, the workbook library
  (openpyxl or XlsxWriter, from scorecard/render/xlsx*.py), the image library of the
  share cards (Pillow) and matplotlib only if the package still imports it (it does not
  since the charts became SVG text and the cards' font ships in scorecard/fonts). Target:
  ratio <= 2. The issue's own floor (``import pandas, matplotlib, jinja2`` and the workbook
  library) is also timed in the same pairs, when matplotlib is installed, and its ratio
  given in a note.
* ``import``: ``scorecard import ny-mirror`` of the 2023-24 tarball with the Open States
  roster into a new folder, against a bare standard-library ``json.load`` of every file in
  the same tarball. Target: ratio <= 1.5.
* ``ny4``: ``scorecard build`` with the repository's platform of the real four-session NY
  dataset (the four tarballs imported with the roster, once, before timing), against the
  import floor plus ``pandas.read_csv`` of the dataset's tables. Target: ratio <= 1.5.
* ``synthetic``: ``scorecard build`` of benchmarks/synthetic.py's 35 states x 10 sessions
  (its shape is printed), against copying the output it wrote (the cost of writing that
  many bytes). Target: <= 60 s and <= 1 GB peak. Run once (it takes minutes); skipped
  with ``--quick``.
* ``help``: ``scorecard --help`` against ``python -c pass``. Target: <= 0.3 s.
* ``audit``: the data audit (issue 14) of benchmarks/audit.py's synthetic dataset of about
  2M member votes, with ``--all`` (every roll call: the slower of the two scopes), timed
  inside the process (the audit alone, not loading the votes), against one pandas groupby
  of the votes by roll call and option. Target: <= 5 s. Run once; with ``--quick`` on a
  fifth of the votes (the row says so).

Timed commands run with Python's default bytecode caching (``PYTHONDONTWRITEBYTECODE``
is dropped from their environment, and the package is compiled once before timing), as
an installed package or a checkout that has run once is: otherwise a shell that sets it
makes each run of ours compile the package from source while the floor's libraries load
their installed bytecode.

Real-data cases are skipped, with the reason, when ../shared/realdata (or
$SCORECARD_REALDATA) is absent.
``--quick``: two pairs per case, no warm-up, no synthetic case.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REALDATA = Path(os.environ.get("SCORECARD_REALDATA", REPO.parent / "shared" / "realdata"))
MIRROR = REALDATA / "jehiah_ny_legislation"
ROSTER = REALDATA / "openstates_people_ny" / "data" / "ny"
YEARS = ("2019", "2021", "2023", "2025")
TABLES = ("legislators", "bills", "rollcalls", "votes", "sponsors")

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import generate, shape  # noqa: E402


@dataclass
class Run:
    wall: float
    peak_mb: float
    cpu: float = float("nan")  # user + system seconds, the build's worker processes too


@dataclass
class Case:
    name: str
    label: str
    ours: list[str]
    floor: list[str]
    floor_label: str
    target: str
    met: Callable[[float, float, float], bool]  # (ours s, ratio, peak MB) -> met
    runs: int | None = None  # None: the command line's --runs
    skipped: str = ""
    setup: Callable[[], None] | None = None
    notes: list[str] = field(default_factory=list)
    #: another floor timed in the same pairs, reported in a note: (label, command)
    also: tuple[str, list[str]] | None = None
    #: times measured inside the process: (ours s, floor s, peak MB) instead of whole runs
    inside: Callable[[], tuple[float, float, float]] | None = None


def timed(cmd: list[str], env: dict[str, str]) -> Run:
    """Run ``cmd`` as a whole process under /usr/bin/time -v; wall time and peak RSS."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        t0 = time.perf_counter()
        res = subprocess.run(["/usr/bin/time", "-v", "-o", report.name, *cmd], cwd=REPO,
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True)
        wall = time.perf_counter() - t0
        text = Path(report.name).read_text()
    if res.returncode:
        sys.exit(f"benchmark command failed ({' '.join(cmd)}):\n{res.stderr[-3000:]}")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)",
                                           text))
    return Run(wall, int(peak.group(1)) / 1024 if peak else float("nan"), cpu)


def workbook_library() -> str:
    """The workbook library the code imports: xlsxwriter once the rewrite lands."""
    text = "".join(p.read_text(encoding="utf-8") for p in (REPO / "scorecard" / "render")
                   .glob("xlsx*.py"))
    return "xlsxwriter" if re.search(r"^\s*(import|from) xlsxwriter", text, re.M) else "openpyxl"


def imports_matplotlib() -> bool:
    """Whether any module of the package imports matplotlib."""
    return any(re.search(r"^\s*(import|from) matplotlib", p.read_text(encoding="utf-8"), re.M)
               for p in (REPO / "scorecard").rglob("*.py"))


def build_libraries() -> str:
    """The libraries a build imports to do its work (the demo's floor)."""
    libs = ["pandas", *(["matplotlib"] if imports_matplotlib() else []), "jinja2",
            workbook_library(), "PIL.Image"]
    return ", ".join(libs)


def cases(tmp: Path, quick: bool) -> list[Case]:
    py = sys.executable
    libs = build_libraries()
    # the issue's floor, with the workbook library the code uses
    issue_floor = f"pandas, matplotlib, jinja2, {workbook_library()}"
    floor_import = [py, "-c", f"import {libs}"]
    out: list[Case] = []

    have_mpl = importlib.util.find_spec("matplotlib") is not None
    out.append(Case("demo", "demo `scorecard build` (site + workbook + data)",
                    [py, "-m", "scorecard", "build", "--out", str(tmp / "demo-out")],
                    floor_import, f"import {libs}", "<= 2x",
                    lambda s, r, m: r <= 2,
                    also=(f"import {issue_floor}", [py, "-c", f"import {issue_floor}"])
                    if have_mpl and libs != issue_floor else None))

    have_real = MIRROR.is_dir() and ROSTER.is_dir()
    why = f"skipped: {REALDATA} is absent (see ../shared/realdata/README.txt)"
    tarball = MIRROR / "bills_with_senate_floor_votes_2023.tar.gz"
    # Each import goes into a new folder, as a user's first import does.
    imp = Case("import", "`import ny-mirror` 2023-24 tarball + roster",
               [py, str(REPO / "benchmarks" / "_fresh_import.py"), str(tarball), str(ROSTER),
                str(tmp / "imports")],
               [py, "-c", "import json, sys, tarfile\n"
                "with tarfile.open(sys.argv[1], 'r:*') as tar:\n"
                "    for m in tar:\n"
                "        if m.isfile() and m.name.endswith('.json'):\n"
                "            json.load(tar.extractfile(m))", str(tarball)],
               "stdlib json.load of every file in the tarball", "<= 1.5x",
               lambda s, r, m: r <= 1.5, skipped="" if have_real else why)
    out.append(imp)

    ny4 = tmp / "ny4"
    read = "; ".join(f"pandas.read_csv({str(ny4 / (t + '.csv'))!r}, dtype=str, "
                     "keep_default_na=False)" for t in TABLES)

    def import_ny4() -> None:
        cmd = [py, "-m", "scorecard", "import", "ny-mirror",
               *(str(MIRROR / f"bills_with_senate_floor_votes_{y}.tar.gz") for y in YEARS),
               "--into", str(ny4), "--roster", str(ROSTER)]
        subprocess.run(cmd, cwd=REPO, env=child_env(), check=True, capture_output=True)

    out.append(Case("ny4", "build of the real four-session NY dataset",
                    [py, "-m", "scorecard", "build", "--data", str(ny4), "--out",
                     str(tmp / "ny4-out")],
                    [py, "-c", f"import {libs}; {read}"],
                    "import floor + pandas.read_csv of its tables", "<= 1.5x",
                    lambda s, r, m: r <= 1.5, skipped="" if have_real else why,
                    setup=import_ny4))

    synth = tmp / "synth"
    syn = Case("synthetic", "35x synthetic, 10 sessions",
               [py, "-m", "scorecard", "build", "--platform", str(synth / "platform.yaml"),
                "--out", str(tmp / "synth-out")],
               [py, "-c", "import shutil, sys; shutil.copytree(sys.argv[1], sys.argv[2])",
                str(tmp / "synth-out"), str(tmp / "synth-copy")],
               "copy of the output it wrote", "<= 60 s, <= 1 GB",
               lambda s, r, m: s <= 60 and m <= 1024, runs=1,
               skipped="skipped with --quick (takes minutes)" if quick else "")

    def make_synth() -> None:
        counts = generate(REPO / "platform.yaml", synth, states=35, sessions=10)
        syn.notes.append("synthetic shape: " + shape(counts, 35, 10, 25, 0.05))

    syn.setup = make_synth
    out.append(syn)

    out.append(Case("help", "`scorecard --help`", [py, "-m", "scorecard", "--help"],
                    [py, "-c", "pass"], "python -c pass", "<= 0.3 s",
                    lambda s, r, m: s <= 0.3))

    copies = 100 if quick else 500
    figures = tmp / "audit.json"
    audit = Case("audit", f"`scorecard audit --all`, the demo x{copies} (synthetic)",
                 [py, str(REPO / "benchmarks" / "audit.py"), "--copies", str(copies),
                  "--json", str(figures)], [], "one groupby of the votes by roll call and "
                 "option", "<= 5 s", lambda s, r, m: s <= 5, runs=1)

    def inside() -> tuple[float, float, float]:
        run = timed(audit.ours, child_env())
        got = json.loads(figures.read_text(encoding="utf-8"))
        audit.notes.append(f"audit: scored roll calls {got['scored']:.2f} s wall "
                           f"({got['scored_cpu']:.2f} s CPU), --all {got['all']:.2f} s wall "
                           f"({got['all_cpu']:.2f} s CPU) on {got['votes']:,} votes; peak is "
                           "the whole process (the synthetic dataset loaded and scored)")
        return got["all"], got["floor"], run.peak_mb

    audit.inside = inside
    out.append(audit)
    return out


def child_env() -> dict[str, str]:
    """The environment of every timed command: the checkout's code first, and Python's
    default bytecode caching (``PYTHONDONTWRITEBYTECODE`` dropped, so a shell that sets
    it does not make every run compile the package from source while the floor's
    libraries load their installed ``.pyc`` files: 0.15-0.3 s of CPU a run)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_package() -> None:
    """Write the package's ``__pycache__`` (git-ignored), as its first run or an install
    does, so that no timed run (``--quick`` has no warm-up) pays for compiling it."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "scorecard")],
                   cwd=REPO, env=child_env(), check=True, capture_output=True)


def measure(case: Case, runs: int, warm: bool
            ) -> tuple[list[Run], list[Run], list[Run]]:
    """(ours, floor, the other floor) runs: in pairs (triples), alternating the order."""
    env = child_env()
    ours: list[Run] = []
    floor: list[Run] = []
    also: list[Run] = []
    if case.name == "synthetic":  # the floor copies the output: build it first
        ours.append(timed(case.ours, env))
        shutil.rmtree(case.floor[-1], ignore_errors=True)
        floor.append(timed(case.floor, env))
        return ours, floor, also
    if warm:
        timed(case.ours, env)
        timed(case.floor, env)
    for i in range(runs):
        pair = [(case.ours, ours), (case.floor, floor)]
        if case.also:
            pair.append((case.also[1], also))
        for cmd, into in pair if i % 2 == 0 else reversed(pair):
            into.append(timed(cmd, env))
    return ours, floor, also


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="2 pairs, no warm-up, no synthetic")
    ap.add_argument("--runs", type=int, default=5, help="pairs per case (default 5)")
    ap.add_argument("--only", nargs="+", metavar="CASE",
                    help="demo | import | ny4 | synthetic | help | audit")
    args = ap.parse_args()
    runs = 2 if args.quick else args.runs
    head = ("case", "ours (median wall, CPU, peak)", "floor (wall, CPU)", "ratio",
            "CPU ratio", "target", "met")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head), flush=True)
    notes: list[str] = []
    compile_package()
    with tempfile.TemporaryDirectory(prefix="scorecard-bench-") as tmpdir:
        tmp = Path(tmpdir)
        # the builds' dataset caches (scorecard.loadcache) start empty, in this run's folder
        os.environ["SCORECARD_CACHE_DIR"] = str(tmp / "cache")
        for case in cases(tmp, args.quick):
            if args.only and case.name not in args.only:
                continue
            if case.skipped:
                row: tuple[str, ...] = (case.label, case.skipped, "", "", "", case.target,
                                        "-")
            else:
                if case.setup:
                    case.setup()
                if case.inside:  # measured in the process: no whole-process CPU pair
                    o, f, peak = case.inside()
                    ratio = o / f
                    row = (case.label, f"{o:.2f} s, {peak:.0f} MB", f"{f:.2f} s",
                           f"{ratio:.2f}x", "-", case.target,
                           "yes" if case.met(o, ratio, peak) else "NO")
                    notes += case.notes + [f"{case.name}: floor = {case.floor_label}; "
                                           "measured inside one process"]
                    print("| " + " | ".join(row) + " |", flush=True)
                    continue
                ours, floor, also = measure(case, case.runs or runs, warm=not args.quick)
                o = statistics.median(r.wall for r in ours)
                f = statistics.median(r.wall for r in floor)
                oc = statistics.median(r.cpu for r in ours)
                fc = statistics.median(r.cpu for r in floor)
                ratio = statistics.median(a.wall / b.wall
                                          for a, b in zip(ours, floor, strict=True))
                cpu_ratio = statistics.median(a.cpu / b.cpu if b.cpu else float("nan")
                                              for a, b in zip(ours, floor, strict=True))
                peak = max(r.peak_mb for r in ours)
                row = (case.label, f"{o:.2f} s, {oc:.2f} s CPU, {peak:.0f} MB",
                       f"{f:.2f} s, {fc:.2f} s CPU", f"{ratio:.2f}x", f"{cpu_ratio:.2f}x",
                       case.target, "yes" if case.met(o, ratio, peak) else "NO")
                notes += case.notes + [f"{case.name}: floor = {case.floor_label}; "
                                       f"{len(ours)} pair(s)"]
                if case.also and also:
                    r2 = statistics.median(a.wall / b.wall
                                           for a, b in zip(ours, also, strict=True))
                    c2 = statistics.median(a.cpu / b.cpu for a, b in zip(ours, also, strict=True))
                    notes.append(f"{case.name}: against the issue's floor `{case.also[0]}` "
                                 f"(median {statistics.median(r.wall for r in also):.2f} s, "
                                 f"{statistics.median(r.cpu for r in also):.2f} s CPU; "
                                 f"a library the build no longer imports is in it): "
                                 f"{r2:.2f}x wall, {c2:.2f}x CPU")
            print("| " + " | ".join(row) + " |", flush=True)
    for note in notes:
        print(f"- {note}")
    load = os.getloadavg()
    print(f"- load average when done: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
          f"on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
