"""Time the data audit on a synthetic dataset of about 2 million member votes.

The synthetic legislature is the demo's (scorecard.demo) repeated ``--copies`` times with
fresh legislator ids and names (replicated with pandas: the Python generator of benchmarks/build.py
takes minutes at this size), declared totals scaled to match. The audit runs on the
scored roll calls (as every build does) and on every roll call (``scorecard audit
--all``). Target: under 5 seconds each (wall; CPU is printed too, the machine is shared).
The floor, for the ratio benchmarks/targets.py shows: one pandas groupby of the votes by
roll call and option, the least any reconciliation of the member votes must do.

    python benchmarks/audit.py [--copies 500] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TARGET_S = 5.0


def synthetic(folder: Path, copies: int) -> Path:
    """The demo's tables, each legislature ``copies`` times (ids suffixed ``~k``)."""
    from scorecard.demo import generate_demo
    from scorecard.platform import load_platform
    from scorecard.tables import write_dataset

    t = generate_demo(load_platform(REPO / "platform.yaml"))

    def many(df: pd.DataFrame) -> pd.DataFrame:
        out = [df.assign(legislator_id=df["legislator_id"] + f"~{k}") for k in range(copies)]
        if "name" in df:  # one person per id: names differ too
            out = [o.assign(name=o["name"] + f" {k}") for k, o in enumerate(out)]
        return pd.concat(out, ignore_index=True)

    rc = t["rollcalls"].copy()
    for col in ("yes", "no", "other"):
        rc[col] = (pd.to_numeric(rc[col]) * copies).astype(str)
    tables = {"legislators": many(t["legislators"]), "bills": t["bills"], "rollcalls": rc,
              "votes": many(t["votes"]), "sponsors": many(t["sponsors"])}
    write_dataset(folder, tables, {"source": "synthetic benchmark", "fictional": True},
                  merge=False)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=500,
                        help="copies of the demo legislature (500: about 2M votes)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    from scorecard.audit import run_audit
    from scorecard.build import score_platform

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        data = synthetic(Path(tmp) / "synth", args.copies)
        t1 = time.perf_counter()
        card = score_platform(REPO / "platform.yaml", data)
        t2 = time.perf_counter()
        print(f"synthetic x{args.copies}: {len(card.dataset.votes):,} votes, "
              f"{len(card.dataset.rollcalls)} roll calls, {len(card.scores.table):,} "
              f"legislators (written in {t1 - t0:.1f} s, loaded, scored and audited in "
              f"{t2 - t1:.1f} s)")
        figures: dict[str, float] = {"votes": len(card.dataset.votes)}
        for everything in (False, True):
            start, cpu = time.perf_counter(), time.process_time()
            audit = run_audit(card.platform, card.dataset, card.scores, everything=everything)
            took, cpu = time.perf_counter() - start, time.process_time() - cpu
            what = "all" if everything else "scored"
            figures |= {what: took, f"{what}_cpu": cpu}
            verdict = "OK" if took < TARGET_S else "OVER TARGET"
            print(f"audit ({'all roll calls' if everything else 'scored roll calls'}): "
                  f"{took:.2f} s wall, {cpu:.2f} s CPU (target {TARGET_S:.0f} s) {verdict}; "
                  f"{audit.summary()}")
        votes = card.dataset.votes
        start = time.perf_counter()
        votes.groupby(["rollcall_id", "option"]).size()
        figures["floor"] = time.perf_counter() - start
        print(f"floor (one groupby of the votes by roll call and option): "
              f"{figures['floor']:.2f} s")
        if args.json:
            args.json.write_text(json.dumps(figures), encoding="utf-8")


if __name__ == "__main__":
    main()
