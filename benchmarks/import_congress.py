"""Time importing and scoring a year of Congress roll calls (synthetic, same formats).

    python benchmarks/import_congress.py [--house 900] [--senate 50] [--runs 3] [--keep DIR]

Writes, in a temporary folder: the congress-legislators roster CSVs (435 representatives,
6 delegates, 100 senators, real column header), ``--house`` House and ``--senate`` Senate
roll calls in the unitedstates/congress format (``data/116/votes/2020/h<n>/data.json``,
indented and key-sorted like the real files; by default 950 files and 396,500 member
votes, the issue's "about 950 files, 400k member votes"), and a platform.yaml that scores
every one of them (passage votes through bill entries with ``votes: all``, the others as
``rollcalls:`` entries). Then, each in a fresh process (wall time excludes Python start-up
and imports; peak memory is that process's maximum RSS):

* ``bare``: ``json.load`` every roll-call file (standard library, for reference);
* ``import``: ``scorecard import congress`` into a new dataset folder, as the command runs
  it (read, parse, map ids, build the tables, write the CSVs);
* ``score``: ``score_platform`` on that dataset (load and check the tables, apply
  overrides, select, score; no rendering);
* ``import + score``: both in one process (the target: under 5 seconds).

Each line gives wall time (best and median) and the process's CPU time (best): on a
machine shared with other work, CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STATES = ["AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN",
          "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV",
          "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN",
          "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY"]
HEADER = ["last_name", "first_name", "middle_name", "suffix", "nickname", "full_name",
          "birthday", "gender", "type", "state", "district", "senate_class", "party", "url",
          "address", "phone", "contact_form", "rss_url", "twitter", "twitter_id", "facebook",
          "youtube", "youtube_id", "mastodon", "bioguide_id", "thomas_id", "opensecrets_id",
          "lis_id", "fec_ids", "cspan_id", "govtrack_id", "votesmart_id", "ballotpedia_id",
          "washington_post_id", "icpsr_id", "wikipedia_id"]

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
mode, root, into = sys.argv[1:4]
root, into = Path(root), Path(into)
import scorecard.sources.congress.source
from scorecard.build import score_platform
from scorecard.sources import ImportRequest, run_import
t0, c0 = time.perf_counter(), time.process_time()
result = {}
if mode == "bare":
    n = 0
    for p in sorted((root / "data").rglob("data.json")):
        with p.open("rb") as fh:
            n += sum(len(v) for v in json.load(fh)["votes"].values())
    result["votes"] = n
if mode in ("import", "both"):
    rep = run_import("congress", ImportRequest(
        paths=[root / "data"], into=into,
        rosters=[root / "legislators-current.csv", root / "legislators-historical.csv"]))
    result["votes"] = rep.counts["votes"][1]
    result["import_s"] = time.perf_counter() - t0
    result["import_cpu"] = time.process_time() - c0
if mode in ("score", "both"):
    t1, c1 = time.perf_counter(), time.process_time()
    card = score_platform(root / "platform.yaml", into)
    result["score_s"] = time.perf_counter() - t1
    result["score_cpu"] = time.process_time() - c1
    result["scored"] = int(card.scores.table["score"].notna().sum())
result["total_s"] = time.perf_counter() - t0
result["total_cpu"] = time.process_time() - c0
result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
"""


def _roster(root: Path, rng: random.Random) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    reps, sens = [], []
    for i in range(441):
        state = STATES[i % 50] if i < 435 else ["DC", "PR", "GU", "VI", "AS", "MP"][i - 435]
        reps.append({"last_name": f"Rep{i}", "first_name": "Pat", "type": "rep", "state": state,
                     "district": str(i // 50 + 1) if i < 435 else "0",
                     "party": rng.choice(["Democrat", "Republican"]),
                     "bioguide_id": f"H{i:06d}"})
    for i in range(100):
        sens.append({"last_name": f"Sen{i}", "first_name": "Sam", "type": "sen",
                     "state": STATES[i // 2], "senate_class": str(i % 3 + 1),
                     "party": rng.choice(["Democrat", "Republican"]),
                     "bioguide_id": f"S{i:06d}", "lis_id": f"S{300 + i}"})
    for name, rows in (("legislators-current.csv", reps[:420] + sens[:95]),
                       ("legislators-historical.csv", reps[420:] + sens[95:])):
        with (root / name).open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, HEADER)
            writer.writeheader()
            writer.writerows(rows)
    return reps, sens


def _file(chamber: str, n: int, members: list[dict[str, str]], rng: random.Random,
          bill: int) -> dict[str, object]:
    options = ("Yea", "Nay") if chamber == "s" or n % 3 else ("Aye", "No")
    votes: dict[str, list[object]] = {options[0]: [], options[1]: [], "Not Voting": [],
                                      "Present": []}
    for m in members:
        r = rng.random()
        cast = options[0] if r < 0.5 else options[1] if r < 0.95 else (
            "Not Voting" if r < 0.995 else "Present")
        member = {"display_name": m["last_name"], "id": m.get("lis_id") or m["bioguide_id"],
                  "party": m["party"][0], "state": m["state"]}
        if chamber == "s":
            member.update(display_name=f"{m['last_name']} ({m['party'][0]}-{m['state']})",
                          first_name=m["first_name"], last_name=m["last_name"])
        votes[cast].append(member)
    month, day = divmod(n * 11 // 30, 28)
    kind = ("passage", "On Passage") if n % 4 == 0 else ("amendment", "On Agreeing to the "
                                                                      "Amendment")
    return {
        "bill": {"congress": 116, "number": bill, "type": "hr" if chamber == "h" else "s"},
        "category": kind[0], "chamber": chamber, "congress": 116,
        "date": f"2020-{month % 12 + 1:02d}-{day + 1:02d}T12:{n % 60:02d}:00-05:00",
        "number": n, "question": f"{kind[1]}: bill {bill}", "requires": "1/2",
        "result": "Passed", "result_text": "Passed", "session": "2020",
        "source_url": f"https://example.invalid/{chamber}{n}", "type": kind[1],
        "updated_at": "2021-07-07T09:14:57-04:00", "vote_id": f"{chamber}{n}-116.2020",
        "votes": votes,
    }


def generate(root: Path, house: int, senate: int, seed: int = 2020) -> int:
    """Write the roster, the roll calls and the platform; return the member votes written."""
    rng = random.Random(seed)
    reps, sens = _roster(root, rng)
    base = root / "data" / "116" / "votes" / "2020"
    total = 0
    entries: list[str] = []
    for chamber, count, members in (("h", house, reps[:435]), ("s", senate, sens)):
        by_bill: dict[int, list[int]] = {}
        for n in range(1, count + 1):
            bill = n // 3 + 1
            data = _file(chamber, n, members, rng, bill)
            folder = base / f"{chamber}{n}"
            folder.mkdir(parents=True)
            (folder / "data.json").write_text(json.dumps(data, indent=2, sort_keys=True))
            total += len(members)
            by_bill.setdefault(bill, []).append(n)
        word, prefix = ("house", "HR") if chamber == "h" else ("senate", "S")
        for bill, rolls in by_bill.items():
            position = "support" if bill % 5 else "oppose"
            # passage roll calls through the bill (votes: all), the others named directly
            if any(n % 4 == 0 for n in rolls):
                entries.append(f"          - number: {prefix}{bill}\n            session: '116'\n"
                               f"            votes: all\n            position: {position}\n")
            others = [f"us-{word}-2020-{n}" for n in rolls if n % 4]
            if others:
                entries.append(f"          - rollcalls: [{', '.join(others)}]\n"
                               f"            position: {position}\n")
    demands = []
    for i in range(0, len(entries), 50):
        demands.append(f"      - id: d{i // 50}\n        title: Demand {i // 50}\n"
                       f"        bills:\n" + "".join(entries[i:i + 50]))
    (root / "platform.yaml").write_text(
        "title: Benchmark\njurisdiction: US\ndata: votes\nsections:\n  - id: all\n"
        "    title: All\n    demands:\n" + "".join(demands), encoding="utf-8")
    return total


def measure(mode: str, root: Path, into: Path) -> dict[str, float]:
    res = subprocess.run([sys.executable, "-c", CHILD, mode, str(root), str(into)],
                         capture_output=True, text=True, cwd=REPO)
    if res.returncode:
        raise SystemExit(f"{mode} failed:\n{res.stdout}{res.stderr}")
    return json.loads(res.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--house", type=int, default=900, help="House roll calls (900)")
    parser.add_argument("--senate", type=int, default=50, help="Senate roll calls (50)")
    parser.add_argument("--runs", type=int, default=3, help="measurements of each (3)")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        votes = generate(root, args.house, args.senate)
        files = args.house + args.senate
        size = sum(p.stat().st_size for p in (root / "data").rglob("data.json")) / 1e6
        print(f"{files} roll-call files ({args.house} House, {args.senate} Senate), {votes:,} "
              f"member votes, {size:.0f} MB of JSON; best and median of {args.runs} runs, each "
              "in a fresh process:")
        for mode in ("bare", "import", "score", "both"):
            runs = []
            for i in range(args.runs):
                into = root / f"votes-{mode}-{i}"
                if mode == "score":
                    into = root / "votes-import-0"
                runs.append(measure(mode, root, into))
            key = {"bare": "total", "import": "import", "score": "score", "both": "total"}[mode]
            wall = [r[f"{key}_s"] for r in runs]
            cpu = [r[f"{key}_cpu"] for r in runs]
            label = {"both": "import + score"}.get(mode, mode)
            extra = f", {runs[0]['scored']} legislators scored" if "scored" in runs[0] else ""
            print(f"  {label:15s} wall {min(wall):5.2f} s best, {statistics.median(wall):5.2f} s "
                  f"median; CPU {min(cpu):5.2f} s best; peak "
                  f"{max(r['peak_mb'] for r in runs):4.0f} MB{extra}")


if __name__ == "__main__":
    main()
