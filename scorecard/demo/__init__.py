"""The demo dataset: a fictional legislature shaped like New York's, voting on real bills.

``generate_demo`` builds the canonical tables (DESIGN.md section 2) of a made-up
legislature (63 upper, 150 lower seats) over two sessions, 2023-2024 and 2025-2026.
Every legislator, vote and sponsorship is invented; only the bill numbers and titles are
real (the platform's bill entries). The data exercise every rule: final and earlier
passage votes, committee votes, final votes on the substituted companion print, absences
and excused votes, a mid-session replacement, a member who moves from the lower to the
upper chamber, sponsorships of bills that never reach a vote, low participation.
Same platform and seed -> byte-identical CSV files. Regenerate the committed demo with
``python -m scorecard.demo``. (Benchmarks at national scale use benchmarks/synthetic.py,
which gives each synthetic state its own bills and roll calls.)
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..model import TABLES, bill_id
from ..platform import Platform, PlatformEntry, load_platform
from ..tables import write_dataset
from ..yamlfile import load_yaml

SESSIONS: tuple[str, ...] = ("2023-2024", "2025-2026")
#: when the demo's fictional member replied to the review letter
REPLY_DATE = "2026-06-15"
SEATS: dict[str, int] = {"upper": 63, "lower": 150}
PARTY_SEATS: dict[str, tuple[tuple[str, int], ...]] = {
    "upper": (("Democratic", 41), ("Republican", 22)),
    "lower": (("Democratic", 101), ("Republican", 48), ("Independent", 1)),
}
COMMITTEE_SEATS: dict[str, tuple[int, int]] = {"upper": (9, 4), "lower": (15, 6)}  # (maj, min)
FETCHED_AT = "2026-07-01"  # fixed "as of" date: after the last demo vote, never now()
SOURCE = "scorecard demo generator (fictional)"
DEFAULT_SEED = 2026

#: Raw codes, as the NY Senate's Open Legislation writes them, per option.
RAW: dict[str, str] = {"yes": "AYE", "no": "NAY", "excused": "EXC", "absent": "ABS",
                       "abstain": "ABD"}

# Names are built from whimsical parts so that no one can mistake them for real people.
FIRST_NAMES = (
    "Avery", "Morgan", "Rowan", "Quinn", "Emerson", "Harper", "Sage", "Jules", "Reese", "Robin",
    "Casey", "Jordan", "Taylor", "Riley", "Alex", "Sam", "Jamie", "Drew", "Finley", "Blair",
    "Ellis", "Marlowe", "Hollis", "Wren", "Indigo", "Remy", "Skyler", "Dakota", "Parker",
    "Kendall", "Linden", "Arden", "Tatum", "Lennox", "Oakley", "Peyton", "Briar", "Camden",
    "Darcy", "Eden", "Frankie", "Greer", "Hayden", "Jesse", "Kai", "Lane", "Micah", "Noel",
)
SURNAME_HEADS = (
    "Quill", "Thistle", "Bramble", "Lantern", "Thimble", "Marmalade", "Periwinkle", "Fiddle",
    "Snapdragon", "Bumble", "Dandelion", "Pinecone", "Moonbeam", "Nutmeg", "Toadstool", "Hedgehog",
    "Gooseberry", "Mistletoe", "Huckleberry", "Parsnip", "Pumpernickel", "Sassafras", "Marigold",
    "Wombat",
)
SURNAME_TAILS = (
    "feather", "wood", "whistle", "wick", "button", "nettle", "thorn", "bloom", "hollow",
    "whisker", "kettle", "moss", "brook", "gale",
)

#: Committee by words in the bill's or demand's title; the first match wins.
COMMITTEES: tuple[tuple[str, str], ...] = (
    (r"health|coverage", "Health"), (r"voting|election|poll", "Elections"),
    (r"language", "Governmental Operations"), (r"labor|work|wage|home care|farm", "Labor"),
    (r"bank|financ|prison", "Banks"), (r"court|counsel|representation", "Judiciary"),
    (r"sanctuary|\bice\b|detention|citizenship|status", "Codes"))

#: What happens to each platform bill of a demo session, in turn (see _schedule_entry).
FATES = ("both_substituted", "sponsor_only", "origin_twice", "committee_only",
         "both_amended", "origin_once", "sponsor_only")


@dataclass(slots=True)
class Person:
    legislator_id: str
    first: str
    last: str
    party: str
    lean: float  # 0..1: how far the member leans towards the platform
    attendance: float  # chance of casting a vote on any roll call


@dataclass(slots=True)
class Role:
    person: Person
    chamber: str
    district: str
    start: dt.date
    end: dt.date | None = None

    def serves(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class Legislature:
    """Every seat-holder (all state copies), and the seats of each (chamber, session, committee)."""

    roles: list[Role] = field(default_factory=list)
    committees: dict[tuple[str, str, str], set[str]] = field(default_factory=dict)

    def members(self, chamber: str, day: dt.date, districts: set[str] | None = None) -> list[Role]:
        return [r for r in self.roles if r.chamber == chamber and r.serves(day)
                and (districts is None or r.district in districts)]


@dataclass(slots=True)
class RollCall:
    rollcall_id: str
    bill_id: str
    chamber: str
    date: dt.date
    motion: str
    motion_type: str
    committee: str
    cutpoint: float  # members leaning above it vote yes (below, for an amendment)
    votes: list[tuple[str, str, str]] = field(default_factory=list)  # (legislator, option, raw)


NameDraw = Callable[[], tuple[str, str]]


def _names(rng: random.Random) -> NameDraw:
    used: set[str] = set()

    def draw() -> tuple[str, str]:
        for attempt in range(200):
            first = rng.choice(FIRST_NAMES)
            last = rng.choice(SURNAME_HEADS) + rng.choice(SURNAME_TAILS)
            if attempt > 50:  # the plain combinations are used up: add a middle initial
                first = f"{first} {rng.choice('ABCDEFGHJKLMNPRSTVW')}."
            if f"{first} {last}" not in used:
                used.add(f"{first} {last}")
                return first, last
        raise RuntimeError("demo: ran out of fictional names")

    return draw


def _person(rng: random.Random, draw: NameDraw, pid: str, party: str) -> Person:
    first, last = draw()
    if party == "Democratic":
        lean = 0.35 + 0.65 * rng.betavariate(2.5, 1.3)
    else:
        lean = 0.55 * rng.betavariate(1.2, 3.0) if party == "Republican" else 0.5
    return Person(pid, first, last, party, round(lean, 4), round(rng.uniform(0.95, 1.0), 4))


def _state(rng: random.Random, draw: NameDraw, leg: Legislature) -> None:
    """Seat the legislature for both sessions."""
    prefix = "demo:p"
    count = 0

    def district(n: int) -> str:
        return str(n)

    def new(party: str) -> Person:
        nonlocal count
        count += 1
        return _person(rng, draw, f"{prefix}{count:04d}", party)

    s1, s2 = (dt.date(int(s[:4]), 1, 1) for s in SESSIONS)
    end1 = s2 - dt.timedelta(days=1)
    seats: dict[tuple[str, int], Role] = {}
    for chamber, n in SEATS.items():
        parties = [p for p, m in PARTY_SEATS[chamber] for _ in range(m)]
        rng.shuffle(parties)
        for d in range(1, n + 1):
            seats[(chamber, d)] = Role(new(parties[d - 1]), chamber, district(d), s1)
    roles = list(seats.values())

    def hand_over(chamber: str, d: int, last_day: dt.date, successor: Person) -> None:
        old = seats[(chamber, d)]
        old.end = last_day
        seats[(chamber, d)] = Role(successor, chamber, district(d), last_day + dt.timedelta(1))
        roles.append(seats[(chamber, d)])

    dems = {c: [d for d in range(1, n + 1) if seats[(c, d)].person.party == "Democratic"]
            for c, n in SEATS.items()}
    # One member moves from the lower to the upper chamber between the sessions.
    lower_d, upper_d = rng.choice(dems["lower"]), rng.choice(dems["upper"])
    mover = seats[("lower", lower_d)].person
    mover.lean, mover.attendance = max(mover.lean, 0.8), max(mover.attendance, 0.95)
    hand_over("lower", lower_d, end1, new("Democratic"))
    hand_over("upper", upper_d, end1, mover)
    # One lower seat changes hands in the middle of the second session.
    mid_d = rng.choice([d for d in dems["lower"] if d != lower_d])
    hand_over("lower", mid_d, dt.date(s2.year, 6, 30), new("Democratic"))
    # Ordinary turnover at the election between the sessions.
    for chamber, n, changes in (("upper", 63, 5), ("lower", 150, 12)):
        taken = {upper_d} if chamber == "upper" else {lower_d, mid_d}
        for d in rng.sample([d for d in range(1, n + 1) if d not in taken], changes):
            hand_over(chamber, d, end1, new(seats[(chamber, d)].person.party))
    # A few members miss many votes (flagged incomplete).
    current = [r.person for r in seats.values() if r.person is not mover]
    for person in rng.sample([p for p in current if p.party != "Independent"], 6):
        person.attendance = round(rng.uniform(0.45, 0.65), 4)
    leg.roles.extend(roles)
    # Committees: the same district seats serve on each committee for a session.
    names = sorted({name for _, name in COMMITTEES} | {"Rules"})
    for session, day in zip(SESSIONS, (s1, s2), strict=True):
        for chamber in SEATS:
            sitting = [r for r in roles if r.chamber == chamber and r.serves(day)]
            majority = sorted((r.district for r in sitting if r.person.party != "Republican"),
                              key=_district_key)
            minority = sorted((r.district for r in sitting if r.person.party == "Republican"),
                              key=_district_key)
            n_maj, n_min = COMMITTEE_SEATS[chamber]
            for name in names:
                chosen = rng.sample(majority, n_maj) + rng.sample(minority, n_min)
                leg.committees.setdefault((chamber, session, name), set()).update(chosen)


def _district_key(district: str) -> tuple[int, ...]:
    return tuple(int(x) for x in district.split("-"))


def _committee_for(pe: PlatformEntry) -> str:
    text = " ".join(filter(None, (pe.entry.title, pe.demand.title, pe.section.title))).lower()
    for pattern, name in COMMITTEES:
        if re.search(pattern, text):
            return name
    return "Rules"


def _weekday(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A random Monday-Thursday (session days) between two dates, inclusive."""
    days = [first + dt.timedelta(i) for i in range((last - first).days + 1)]
    weekdays = [d for d in days if d.weekday() < 4] or days
    return rng.choice(weekdays)


def _prints(pe: PlatformEntry) -> dict[str, str]:
    """The print each chamber votes on: its own (S upper, A lower), else the other's."""
    numbers = pe.entry.numbers
    own = {"upper": next((n for n in numbers if n.startswith("S")), None),
           "lower": next((n for n in numbers if n.startswith("A")), None)}
    return {c: own[c] or numbers[0] for c in own}


def _schedule_entry(pe: PlatformEntry, fate: str, rng: random.Random) -> list[RollCall]:
    """The roll calls of one platform bill in its session, following its fate."""
    session = pe.entry.session or ""
    y1 = int(session[:4])
    y2 = y1 + 1
    prints = _prints(pe)
    origin = "upper" if (pe.entry.number or "").startswith("S") else "lower"
    other = "lower" if origin == "upper" else "upper"
    committee = _committee_for(pe)
    bipartisan = rng.random() < 0.3
    cut = rng.uniform(0.05, 0.2) if bipartisan else rng.uniform(0.35, 0.65)
    out: list[RollCall] = []

    def add(chamber: str, number: str, day: dt.date, kind: str, motion: str) -> dt.date:
        cmte = committee if kind == "committee" else ""
        label = {"committee": re.sub(r"\W+", "-", committee.lower()) + "-",
                 "amendment": "amendment-"}.get(kind, "")
        rid = f"demo-{y1}-{number}-{chamber}-{label}{day.isoformat()}"
        cutpoint = cut + rng.uniform(-0.05, 0.05)
        out.append(RollCall(rid, bill_id(session, number), chamber, day, motion, kind, cmte,
                            cutpoint))
        return day

    def cmte(chamber: str, year: int) -> dt.date:
        day = _weekday(rng, dt.date(year, 2, 1) if year == y1 else dt.date(year, 1, 15),
                       dt.date(year, 3, 31))
        return add(chamber, prints[chamber], day, "committee",
                   f"{committee} committee: report favorably")

    def floor(chamber: str, after: dt.date, last: dt.date, number: str | None = None,
              motion: str = "Final passage") -> dt.date:
        day = _weekday(rng, after + dt.timedelta(1), max(last, after + dt.timedelta(1)))
        return add(chamber, number or prints[chamber], day, "passage", motion)

    if fate == "sponsor_only":
        return out
    day = cmte(origin, y1)
    if fate == "committee_only":
        return out
    june = dt.date(y1, 6, 12)
    day = floor(origin, max(day, dt.date(y1, 4, 14)), june)
    if fate == "origin_twice":
        day = cmte(origin, y2)
        floor(origin, max(day, dt.date(y2, 3, 31)), dt.date(y2, 5, 31))
    elif fate == "both_amended":
        # The other chamber rejects a minority amendment, then passes its own print.
        amend = _weekday(rng, dt.date(y1, 4, 1), dt.date(y1, 5, 15))
        add(other, prints[other], amend, "amendment", "Motion to amend (minority amendment)")
        out[-1].cutpoint = 0.3
        floor(other, amend, dt.date(y1, 6, 10))
    elif fate == "both_substituted":
        # The other chamber passes its print in the second year; the origin chamber then
        # substitutes it for its own print and passes it: the final vote is on the companion.
        day = cmte(other, y2)
        day = floor(other, max(day, dt.date(y2, 3, 31)), dt.date(y2, 5, 20))
        substituted = prints[other]
        motion = (f"Final passage ({substituted} substituted for {prints[origin]})"
                  if substituted != prints[origin] else "Final passage")
        floor(origin, day, dt.date(y2, 6, 12), number=substituted, motion=motion)
    return out


def _vote(rng: random.Random, role: Role, rc: RollCall) -> tuple[str, str, str]:
    p = role.person
    if rng.random() > p.attendance:
        option = rng.choices(("excused", "absent", "abstain"), weights=(55, 40, 5))[0]
        return p.legislator_id, option, RAW[option]
    leaning = p.lean + rng.gauss(0, 0.1)
    yes = leaning < rc.cutpoint if rc.motion_type == "amendment" else leaning > rc.cutpoint
    if not yes:
        return p.legislator_id, "no", RAW["no"]
    raw = "AYEWR" if rng.random() < 0.04 else RAW["yes"]  # aye with reservations
    return p.legislator_id, "yes", raw


def _sponsors(pe: PlatformEntry, leg: Legislature,
              rng: random.Random) -> list[tuple[str, str, str]]:
    """Primary and cosponsors of each print of an entry, from members of its chamber."""
    session = pe.entry.session or ""
    day = dt.date(int(session[:4]), 2, 1)
    rows: list[tuple[str, str, str]] = []
    for number in pe.entry.numbers:
        chamber = "upper" if number.startswith("S") else "lower"
        members = leg.members(chamber, day)
        allies = [r.person for r in members if r.person.lean > 0.55]
        if not allies:
            continue
        primary = rng.choice(allies)
        rows.append((bill_id(session, number), primary.legislator_id, "primary"))
        pool = [p for p in allies if p is not primary]
        k = min(len(pool), rng.randint(3, 18))
        for p in rng.sample(pool, k):
            rows.append((bill_id(session, number), p.legislator_id, "cosponsor"))
    return rows


def _bills(platform: Platform) -> pd.DataFrame:
    rows: dict[str, dict[str, str]] = {}
    for pe in platform.bill_entries():
        e = pe.entry
        for number in e.numbers:
            bid = bill_id(e.session or "", number)
            rows.setdefault(bid, {
                "bill_id": bid, "session": e.session or "", "number": number,
                "title": e.title or "", "same_as": ";".join(n for n in e.numbers if n != number)})

    def key(r: dict[str, str]) -> tuple[str, str, int]:
        return r["session"], r["number"][:1], int(re.sub(r"\D", "", r["number"]) or 0)

    return _frame("bills", sorted(rows.values(), key=key))


def _frame(name: str, rows: Sequence[dict[str, str]]) -> pd.DataFrame:
    cols = list(TABLES[name])
    return pd.DataFrame([[r.get(c, "") for c in cols] for r in rows], columns=cols, dtype=str)


def generate_demo(platform: Platform, *, seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """The demo's canonical tables (every table of ``model.TABLES``, all cells text)."""
    rng = random.Random(seed)  # people, sponsors and votes
    calendar = random.Random(seed + 1)  # roll calls
    draw = _names(rng)
    leg = Legislature()
    _state(rng, draw, leg)
    entries = [pe for pe in platform.bill_entries() if pe.entry.session in SESSIONS]
    rollcalls: list[RollCall] = []
    sponsors: list[tuple[str, str, str]] = []
    for session in SESSIONS:
        of_session = [pe for pe in entries if pe.entry.session == session]
        for i, pe in enumerate(of_session):
            fate = FATES[i % len(FATES)]
            if fate == "sponsor_only" and pe.entry.committee:
                fate = "committee_only"  # committee votes are what such an entry scores
            rollcalls += _schedule_entry(pe, fate, calendar)
            sponsors += _sponsors(pe, leg, rng)
    order = sorted(range(len(rollcalls)), key=lambda i: (rollcalls[i].date, i))
    rollcalls = [rollcalls[i] for i in order]
    if len({rc.rollcall_id for rc in rollcalls}) != len(rollcalls):
        raise RuntimeError("demo: two roll calls got the same id")
    for rc in rollcalls:
        session = rc.bill_id.split("/")[0]
        districts = (leg.committees[(rc.chamber, session, rc.committee)]
                     if rc.motion_type == "committee" else None)
        members = sorted(leg.members(rc.chamber, rc.date, districts),
                         key=lambda r: r.person.legislator_id)
        rc.votes = [_vote(rng, r, rc) for r in members]

    rc_rows, vote_rows = [], []
    for rc in rollcalls:
        yes, no = (sum(1 for _, opt, _ in rc.votes if opt == o) for o in ("yes", "no"))
        # passage needs a majority of the seats, as in New York; a committee, of those voting
        passed = yes > (SEATS[rc.chamber] // 2 if rc.motion_type == "passage" else no)
        rc_rows.append({
            "rollcall_id": rc.rollcall_id, "bill_id": rc.bill_id, "chamber": rc.chamber,
            "date": rc.date.isoformat(), "motion": rc.motion, "motion_type": rc.motion_type,
            "committee": rc.committee, "result": "pass" if passed else "fail",
            "yes": str(yes), "no": str(no), "other": str(len(rc.votes) - yes - no),
            "source_url": ""})
        vote_rows += [{"rollcall_id": rc.rollcall_id, "legislator_id": lid, "option": opt,
                       "raw": raw} for lid, opt, raw in rc.votes]

    legislators = sorted(leg.roles, key=lambda r: (r.chamber != "upper",
                                                   _district_key(r.district), r.start))
    leg_rows = [{
        "legislator_id": r.person.legislator_id, "name": f"{r.person.first} {r.person.last}",
        "sort_name": f"{r.person.last}, {r.person.first}", "party": r.person.party,
        "chamber": r.chamber, "district": r.district, "start_date": r.start.isoformat(),
        "end_date": r.end.isoformat() if r.end else "", "url": "",
    } for r in legislators]
    overrides = _overrides(rollcalls, leg)
    role_order = {"primary": 0, "cosponsor": 1}
    sponsor_rows = [{"bill_id": b, "legislator_id": lid, "role": role} for b, lid, role in
                    sorted(set(sponsors), key=lambda s: (s[0], role_order[s[2]], s[1]))]
    return {"legislators": _frame("legislators", leg_rows), "bills": _bills(platform),
            "rollcalls": _frame("rollcalls", rc_rows), "votes": _frame("votes", vote_rows),
            "sponsors": _frame("sponsors", sponsor_rows),
            "overrides": _frame("overrides", overrides),
            **_right_of_reply(overrides)}


def _right_of_reply(overrides: list[dict[str, str]]) -> dict[str, pd.DataFrame]:
    """The member whose absence was corrected replied to the review letter, and the
    correction is logged (replies.csv, corrections.csv); no contact details (contacts.csv
    stays empty: the demo's people are fictional)."""
    replies, corrections = [], []
    for o in overrides:
        replies.append({"legislator_id": o["legislator_id"], "rollcall_id": o["rollcall_id"],
                        "bill": "", "date": REPLY_DATE, "decision": "corrected", "reply": (
                            "Fictional example of a reply: I was on medical leave that day; "
                            "the leave is on the record.")})
        corrections.append({"date": REPLY_DATE, "legislator_id": o["legislator_id"],
                            "what": f"Vote on roll call {o['rollcall_id']} counted as excused "
                                    "instead of absent",
                            "why": "Fictional example: the member's reply showed a "
                                   "documented medical leave."})
    return {"replies": _frame("replies", replies),
            "corrections": _frame("corrections", corrections),
            "contacts": _frame("contacts", [])}


def _overrides(rollcalls: list[RollCall], leg: Legislature) -> list[dict[str, str]]:
    """One correction, as an organiser would record it: an absence that was excused."""
    low = {r.person.legislator_id for r in leg.roles if r.person.attendance < 0.7}
    for rc in reversed(rollcalls):
        if rc.motion_type != "passage":
            continue
        for lid, option, _ in rc.votes:
            if option == "absent" and lid in low:
                return [{"rollcall_id": rc.rollcall_id, "legislator_id": lid,
                         "option": "excused", "note": (
                             "Fictional example of a correction: the member was on documented "
                             "medical leave, which the source recorded as ABS (absent).")}]
    return []


def demo_meta(platform: Platform, seed: int = DEFAULT_SEED) -> dict[str, object]:
    """dataset.yaml of the demo: provenance, and that every person in it is fictional."""
    return {
        "source": SOURCE, "jurisdiction": platform.model.jurisdiction,
        "sessions": list(SESSIONS), "fetched_at": FETCHED_AT, "fictional": True,
        "notes": (
            "Sample data: fictional legislators. Every legislator, vote and sponsorship in "
            "this folder is made up, by `python -m scorecard.demo` (seed "
            f"{seed}), to show how the scorecard works. Only the bill numbers and titles are "
            "real: they come from platform.yaml. Nothing here describes how any real "
            "New York legislator voted. bills.csv also lists the platform's bills of earlier "
            "sessions, with no votes."
        ),
    }


def write_demo(platform_path: Path | str, into: Path | str, *,
               seed: int = DEFAULT_SEED) -> dict[str, tuple[int, int]]:
    """Generate the demo from a platform file and write it (replacing) into ``into``.

    Refuses to overwrite a folder whose dataset.yaml does not say ``fictional: true``,
    so real data can never be replaced by sample data.
    """
    into = Path(into)
    meta_path = into / "dataset.yaml"
    current = load_yaml(meta_path, "dataset.yaml", DataError)[0] if meta_path.exists() else None
    holds_data = meta_path.exists() or any(into.glob("*.csv"))
    if holds_data and not (isinstance(current, dict) and current.get("fictional") is True):
        raise DataError(f"{into} holds a dataset that is not fictional sample data (its "
                        "dataset.yaml does not say 'fictional: true'); the demo will not "
                        "overwrite it. Choose another folder with --into.")
    platform = load_platform(platform_path)
    tables = generate_demo(platform, seed=seed)
    return write_dataset(into, tables, demo_meta(platform, seed), merge=False)
