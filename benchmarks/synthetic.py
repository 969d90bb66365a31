"""A synthetic national-scale dataset and its platform, for the speed benchmarks.

    python benchmarks/synthetic.py --into /tmp/synth --states 35 --sessions 10

Writes ``DIR/platform.yaml`` and the canonical tables in ``DIR/votes/`` (fictional: every
legislator and vote is made up). The shape is stated, not implied:

* ``--states N`` legislatures shaped like New York's (63 upper, 150 lower seats), each with
  its OWN bills and roll calls: state ``k`` votes only on its own prints (``S0301747`` is
  state 3's copy of the platform's S1747), so no roll call has more voters than one chamber
  of one state (at most 150), as in real data;
* ``--sessions N`` two-year sessions ending with 2025-2026 (10: 2007-2008 to 2025-2026);
  each session's platform entries are the repository platform's entries of that session,
  or, for a session it has none of, those of the platform's sessions in turn;
* per state and session: a committee vote, then floor votes in one or both chambers on
  most platform bills (the demo's mix of fates), primary and cosponsors, and
  ``--background`` floor roll calls per chamber on bills the platform does not name
  (real datasets are mostly such roll calls: loaded, checked, never scored);
* ``--turnover`` of the seats change hands at each election between sessions.

The platform is the repository's (sections, demands, scoring rules, period) with each
demand's bills replaced by the states' copies. Same arguments -> the same bytes.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from scorecard.model import TABLES, base_print  # noqa: E402

SEATS = {"upper": 63, "lower": 150}
PARTIES = {"upper": (("Democratic", 41), ("Republican", 22)),
           "lower": (("Democratic", 101), ("Republican", 48), ("Independent", 1))}
COMMITTEE_SIZE = {"upper": 13, "lower": 21}
FATES = ("sponsor_only", "committee_only", "origin_floor", "both_floors")
RAW = {"yes": "AYE", "no": "NAY", "excused": "EXC", "absent": "ABS"}


@dataclass(slots=True)
class Member:
    legislator_id: str
    name: str
    party: str
    chamber: str
    district: str
    start: str
    end: str
    lean: float
    attendance: float


def sessions_ending_2026(n: int) -> list[str]:
    """The last ``n`` two-year sessions, ending with 2025-2026."""
    return [f"{y}-{y + 1}" for y in range(2025 - 2 * (n - 1), 2026, 2)]


def _state_number(number: str, k: int) -> str:
    """State ``k``'s copy of a print number: S1747 -> S0301747 for state 3."""
    n = base_print(number)
    return f"{n[0]}{k:02d}{int(n[1:]):05d}"


def _template_entries(platform: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The platform's bill entries by session, each with its demand's id."""
    by_session: dict[str, list[dict[str, Any]]] = {}
    for section in platform.get("sections") or []:
        for demand in section.get("demands") or []:
            for entry in demand.get("bills") or []:
                if entry.get("number") and entry.get("session"):
                    by_session.setdefault(str(entry["session"]), []).append(
                        {**entry, "_demand": demand["id"]})
    return by_session


def _people(rng: random.Random, k: int, sessions: list[str],
            turnover: float) -> list[Member]:
    """Every seat-holder of state ``k`` over ``sessions`` (one row per term in a seat)."""
    members: list[Member] = []
    count = 0

    def new(chamber: str, d: int, party: str, start: str) -> Member:
        nonlocal count
        count += 1
        lean = (0.35 + 0.65 * rng.betavariate(2.5, 1.3) if party == "Democratic"
                else 0.55 * rng.betavariate(1.2, 3.0) if party == "Republican" else 0.5)
        m = Member(f"synth:s{k:02d}-p{count:05d}", f"Member {k}-{count}", party, chamber,
                   f"{k}-{d}", start, "", round(lean, 4), round(rng.uniform(0.9, 1.0), 4))
        members.append(m)
        return m

    seats: dict[tuple[str, int], Member] = {}
    first = f"{sessions[0][:4]}-01-01"
    for chamber, n in SEATS.items():
        parties = [p for p, m in PARTIES[chamber] for _ in range(m)]
        rng.shuffle(parties)
        for d in range(1, n + 1):
            seats[(chamber, d)] = new(chamber, d, parties[d - 1], first)
    for session in sessions[1:]:
        y = int(session[:4])
        for (chamber, d), old in sorted(seats.items()):
            if rng.random() < turnover:
                old.end = f"{y - 1}-12-31"
                seats[(chamber, d)] = new(chamber, d, old.party, f"{y}-01-01")
    return members


def _serving(members: list[Member], chamber: str, day: str) -> list[Member]:
    return [m for m in members if m.chamber == chamber and m.start <= day
            and (not m.end or day <= m.end)]


def _day(rng: random.Random, year: int, first: tuple[int, int], last: tuple[int, int]) -> str:
    a, b = dt.date(year, *first), dt.date(year, *last)
    return (a + dt.timedelta(rng.randrange((b - a).days + 1))).isoformat()


class Tables:
    """The rows of the canonical tables, as they are generated."""

    def __init__(self) -> None:
        self.rows: dict[str, list[list[str]]] = {name: [] for name in TABLES}

    def add(self, table: str, /, **cells: str) -> None:
        self.rows[table].append([cells.get(c, "") for c in TABLES[table]])

    def rollcall(self, rng: random.Random, voters: list[Member], rid: str, bill: str,
                 chamber: str, day: str, motion_type: str, committee: str = "") -> None:
        cut = rng.uniform(0.05, 0.2) if rng.random() < 0.3 else rng.uniform(0.35, 0.65)
        tally = {"yes": 0, "no": 0, "other": 0}
        for m in sorted(voters, key=lambda m: m.legislator_id):
            if rng.random() > m.attendance:
                option = "excused" if rng.random() < 0.6 else "absent"
            else:
                option = "yes" if m.lean + rng.gauss(0, 0.1) > cut else "no"
            tally[option if option in tally else "other"] += 1
            self.add("votes", rollcall_id=rid, legislator_id=m.legislator_id, option=option,
                     raw=RAW[option])
        motion = "Final passage" if motion_type == "passage" else f"{committee}: report"
        self.add("rollcalls", rollcall_id=rid, bill_id=bill, chamber=chamber, date=day,
                 motion=motion, motion_type=motion_type, committee=committee,
                 result="pass" if tally["yes"] > tally["no"] else "fail",
                 yes=str(tally["yes"]), no=str(tally["no"]), other=str(tally["other"]))


def _state_votes(rng: random.Random, k: int, members: list[Member], session: str,
                 entries: list[dict[str, Any]], background: int, t: Tables) -> None:
    """State ``k``'s bills, roll calls and sponsors in one session."""
    y1 = int(session[:4])
    committees = {c: rng.sample(_serving(members, c, f"{y1}-02-01"), COMMITTEE_SIZE[c])
                  for c in SEATS}
    for i, entry in enumerate(entries):
        numbers = [entry["number"], *entry.get("same_as", [])]
        for n in numbers:
            t.add("bills", bill_id=f"{session}/{n}", session=session, number=n,
                  title=str(entry.get("title") or f"Bill {n}"),
                  same_as=";".join(x for x in numbers if x != n))
            chamber = "upper" if n.startswith("S") else "lower"
            allies = [m for m in _serving(members, chamber, f"{y1}-02-01") if m.lean > 0.55]
            for j, m in enumerate(rng.sample(allies, min(len(allies), rng.randint(1, 12)))):
                t.add("sponsors", bill_id=f"{session}/{n}", legislator_id=m.legislator_id,
                      role="primary" if j == 0 else "cosponsor")
        fate = FATES[i % len(FATES)]
        if fate == "sponsor_only":
            continue
        origin = "upper" if entry["number"].startswith("S") else "lower"
        bill = f"{session}/{entry['number']}"
        day = _day(rng, y1, (2, 1), (3, 31))
        t.rollcall(rng, committees[origin], f"synth-{session}-{entry['number']}-committee",
                   bill, origin, day, "committee", "Codes")
        if fate == "committee_only":
            continue
        day = _day(rng, y1, (4, 1), (6, 12))
        t.rollcall(rng, _serving(members, origin, day), f"synth-{session}-{entry['number']}"
                   f"-{origin}", bill, origin, day, "passage")
        if fate == "both_floors":
            other = "lower" if origin == "upper" else "upper"
            day = _day(rng, y1 + 1, (3, 1), (6, 12))
            t.rollcall(rng, _serving(members, other, day), f"synth-{session}-"
                       f"{entry['number']}-{other}", bill, other, day, "passage")
    for chamber in SEATS:
        for j in range(background):
            n = f"{'S' if chamber == 'upper' else 'A'}{k:02d}{90000 + j:05d}"
            t.add("bills", bill_id=f"{session}/{n}", session=session, number=n,
                  title=f"Background bill {n}")
            day = _day(rng, y1 + j % 2, (1, 15), (6, 12))
            t.rollcall(rng, _serving(members, chamber, day), f"synth-{session}-{n}",
                       f"{session}/{n}", chamber, day, "passage")


def generate(platform_path: Path, into: Path, *, states: int, sessions: int,
             background: int = 25, turnover: float = 0.05, seed: int = 2026) -> dict[str, int]:
    """Write ``into/platform.yaml`` and ``into/votes/``; returns the rows of each table."""
    import pandas as pd

    from scorecard.tables import write_dataset

    if states < 1 or not 1 <= sessions <= 20:
        raise SystemExit("--states must be >= 1 and --sessions between 1 and 20")
    platform = yaml.safe_load(platform_path.read_text(encoding="utf-8"))
    by_session = _template_entries(platform)
    have = sorted(by_session)
    names = sessions_ending_2026(sessions)
    rng = random.Random(seed)
    t = Tables()
    demand_bills: dict[str, list[dict[str, Any]]] = {}
    for k in range(1, states + 1):
        members = _people(rng, k, names, turnover)
        for m in members:
            t.add("legislators", legislator_id=m.legislator_id, name=m.name,
                  sort_name=m.name, party=m.party, chamber=m.chamber, district=m.district,
                  start_date=m.start, end_date=m.end)
        for i, session in enumerate(names):
            template = by_session.get(session) or by_session[have[i % len(have)]]
            entries = []
            for e in template:
                copied = {key: v for key, v in copy.deepcopy(e).items()
                          if key not in ("url", "votes", "_demand")}
                copied["session"] = session
                copied["number"] = _state_number(e["number"], k)
                if e.get("same_as"):
                    copied["same_as"] = [_state_number(n, k) for n in e["same_as"]]
                entries.append(copied)
                demand_bills.setdefault(e["_demand"], []).append(copied)
            _state_votes(rng, k, members, session, entries, background, t)
    for section in platform.get("sections") or []:
        for demand in section.get("demands") or []:
            if demand.get("bills"):
                demand["bills"] = demand_bills.get(demand["id"], [])
    platform["data"] = "votes"
    platform["title"] = f"{platform.get('title', 'Scorecard')} (synthetic benchmark)"
    into.mkdir(parents=True, exist_ok=True)
    (into / "platform.yaml").write_text(yaml.safe_dump(platform, sort_keys=False,
                                                       allow_unicode=True), encoding="utf-8")
    bills = {tuple(r) for r in t.rows["bills"]}
    t.rows["bills"] = sorted(bills)
    frames = {name: pd.DataFrame(rows, columns=list(TABLES[name]), dtype=str)
              for name, rows in t.rows.items()}
    meta = {"source": "benchmarks/synthetic.py (fictional)", "jurisdiction": "NY",
            "sessions": names, "fetched_at": "2026-07-01", "fictional": True,
            "notes": f"Synthetic benchmark data: {states} fictional states, {sessions} sessions."}
    write_dataset(into / "votes", frames, meta, merge=False)
    return {name: len(rows) for name, rows in t.rows.items()}


def shape(counts: dict[str, int], states: int, sessions: int, background: int,
          turnover: float) -> str:
    """One line stating what was built."""
    return (f"{states} states x {sessions} sessions (own bills and roll calls per state; "
            f"{background} background roll calls per chamber and session; {turnover:.0%} "
            f"turnover per election): {counts['legislators']:,} legislator terms, "
            f"{counts['bills']:,} bills, {counts['rollcalls']:,} roll calls (at most 150 "
            f"voters each), {counts['votes']:,} member votes, {counts['sponsors']:,} sponsors")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--into", type=Path, required=True, help="folder to write (replaced)")
    ap.add_argument("--platform", type=Path, default=REPO / "platform.yaml")
    ap.add_argument("--states", type=int, default=35)
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--background", type=int, default=25)
    ap.add_argument("--turnover", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=2026)
    a = ap.parse_args()
    counts = generate(a.platform, a.into, states=a.states, sessions=a.sessions,
                      background=a.background, turnover=a.turnover, seed=a.seed)
    print(f"wrote {a.into}: " + shape(counts, a.states, a.sessions, a.background, a.turnover))


if __name__ == "__main__":
    main()
