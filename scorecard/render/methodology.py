"""The methodology as structured plain text: the rules as applied, and the data they ran on.

One source for the site's ``methodology.html`` and the workbook's Methodology sheet, so
the two always say the same thing. Everything is built from platform.yaml, dataset.yaml,
the dataset's overrides and the scoring result; nothing here is HTML or Excel-specific.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .formats import join_words, number, plural, verb

if TYPE_CHECKING:
    from ..card import Scorecard
    from ..platform import Entry

FICTIONAL_NOTICE = ("Sample data: fictional legislators. Every name, vote and sponsorship in "
                    "this dataset is invented; it shows how the scorecard works and says "
                    "nothing about any real person.")


@dataclass(frozen=True)
class Section:
    """One heading of the methodology: paragraphs of plain text and an optional table."""

    id: str  # stable anchor, e.g. "votes"
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # table header; empty = no table
    rows: list[list[str]] = field(default_factory=list)

    @property
    def has_table(self) -> bool:
        return bool(self.columns)


RULE_WORDS = {
    "against": "count as votes against the platform (no credit, counted)",
    "exclude": "are not counted: they neither raise nor lower the score",
    "half": "count for half credit (0.5, counted)",
}

SPONSOR_RULE = ("A legislator sponsors a platform bill when the data lists them as its primary "
                "sponsor or a cosponsor, of the bill or of a companion bill, in the bill's "
                "session; each platform bill counts once per legislator.")


def votes_rule(entry: Entry) -> str:
    """Which roll calls an entry scores, in words."""
    if not entry.number:
        return "the roll calls named: " + ", ".join(entry.rollcalls)
    if isinstance(entry.votes, list):
        words = "the roll calls named: " + ", ".join(entry.votes)
    elif entry.votes == "all":
        words = "every passage vote"
    else:
        words = "the final passage vote in each chamber"
    if entry.committee:
        words += ", and committee votes"
    return words


def _meta_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value).strip()


# ---- sections ------------------------------------------------------------------------


def _listing(id: str, heading: str, columns: list[str], rows: list[list[str]], none: str,
             some: str) -> Section:
    """A section that introduces its table with ``some``, or says ``none`` when it is empty."""
    if not rows:
        return Section(id, heading, [none])
    return Section(id, heading, [some], columns, rows)


def _scope(card: Scorecard) -> Section:
    p = card.platform.model
    period = p.period
    paras = []
    if period.sessions:
        paras.append(f"The score covers the {join_words(period.sessions)} "
                     f"{'session' if len(period.sessions) == 1 else 'sessions'}: only platform "
                     "bills of those sessions are scored.")
    else:
        paras.append("The score covers every session in the data.")
    if period.start or period.end:
        lo = period.start.isoformat() if period.start else "the first vote"
        hi = period.end.isoformat() if period.end else "the last vote"
        paras.append(f"Only roll calls from {lo} to {hi} are counted.")
    paras.append("The lifetime score pools every session in the data (it ignores the period "
                 "above); it is one score over all those votes, not an average of yearly "
                 "scores.")
    sel = card.scores.period.selection.rows
    chambers = [card.platform.chamber_name(c) for c in ("upper", "lower")
                if (sel["chamber"] == c).any()]
    n_entries = sum(len(d.bills) for s in p.sections for d in s.demands)
    n_rc = int(sel["rollcall_id"].nunique())
    paras.append(
        f"The platform has {plural(len(p.sections), 'section')}, "
        f"{plural(sum(len(s.demands) for s in p.sections), 'demand')} and "
        f"{plural(n_entries, 'scored entry', 'scored entries')}. In the period, "
        f"{plural(n_rc, 'roll call')} {verb(n_rc, 'is', 'are')} scored"
        + (f" ({join_words(chambers)})." if chambers else "."))
    paras.append(
        "For each platform bill, a roll call on the bill or on any of its companion bills "
        "(the same bill introduced in the other chamber, listed as 'same as') counts. Unless "
        "the platform says otherwise, the vote scored is the final passage vote in each "
        "chamber: the last passage roll call on any of those numbers. Some entries score every "
        "passage vote, a list of named roll calls, or committee votes as well; some name roll "
        "calls directly (nominations, amendments, procedural votes). The table of scored "
        "entries below says which rule each entry uses.")
    return Section("scope", "What is scored", paras)


def _votes(card: Scorecard) -> Section:
    s = card.platform.scoring
    paras = [
        "A yes vote on a bill the platform supports, or a no vote on a bill it opposes, is "
        "aligned with the platform: full credit. The reverse is a vote against the platform: "
        "no credit.",
        f"Absent, not voting and abstaining {RULE_WORDS[s.absent]}.",
        f"Excused, paired and other votes {RULE_WORDS[s.excused]}.",
    ]
    if s.forgive_absences > 0:
        if s.absent == "exclude" and s.excused == "exclude":
            paras.append(f"The first {plural(s.forgive_absences, 'absence')} of each legislator "
                         "would be forgiven, but absences are not counted anyway.")
        else:
            paras.append(f"Each legislator's first {plural(s.forgive_absences, 'absence')} (by "
                         "date) that would otherwise count are forgiven: not counted.")
    paras.append("A legislator who held a seat but has no recorded vote on a roll call is shown "
                 "as 'no record' for it, which is not counted. Corrections recorded by hand "
                 "(overrides, listed below) are applied before scoring.")
    return Section("votes", "How each vote counts", paras)


def _weights(card: Scorecard) -> Section:
    rows = [[pe.demand.title, pe.entry.label, number(pe.entry.weight)]
            for pe in card.platform.entries() if pe.entry.weight != 1]
    return _listing(
        "weights", "Weights", ["Demand", "Bill or roll call", "Weight"], rows,
        "Every scored vote has the same weight (1).",
        f"Most votes have weight 1. {verb(len(rows), 'This entry', 'These entries')} "
        f"{verb(len(rows), 'weighs', 'weigh')} more (key votes): each of "
        f"{verb(len(rows), 'its', 'their')} votes counts that many times in the score.")


def _score(card: Scorecard) -> Section:
    s = card.platform.scoring
    paras = [
        "Score = 100 x (sum of weight x credit) / (sum of weight), over the legislator's counted "
        "votes. It is computed overall, per section and per demand, for the period and for the "
        "lifetime. Scores are stored unrounded and shown rounded half up (72.5 shows as 73).",
        f"A legislator with fewer than {plural(max(s.min_votes, 1), 'counted vote')} gets no "
        "score ('insufficient record'); a legislator who was not in office for any scored vote "
        "has none either. The reason is given beside every missing score.",
        "Participation = votes cast (yes or no) / roll calls scored for the legislator. "
        f"A participation below {round(s.incomplete_below * 100, 6):g}% flags the score "
        "'incomplete': it is shown, but left out of the party averages.",
    ]
    return Section("score", "Score, minimum record and participation", paras)


def _sponsorship(card: Scorecard) -> Section:
    sp = card.platform.scoring.sponsorship
    if sp.mode == "off":
        paras = ["Sponsorship is not counted and not shown."]
    elif sp.mode == "separate":
        paras = ["Sponsorship does not change the score. Beside it, two tallies: the platform "
                 "bills the legislator sponsored that the platform supports, and those it "
                 "opposes.", SPONSOR_RULE]
    elif sp.mode == "bonus":
        paras = [f"Sponsorship adjusts the score: {number(sp.points)} points added for each "
                 f"sponsored bill the platform supports, {number(sp.points)} taken off for each "
                 f"sponsored bill it opposes. The net adjustment is at most {number(sp.cap)} "
                 "points either way, and the score stays between 0 and 100.", SPONSOR_RULE]
    else:
        paras = ["Sponsorship counts as a vote: each sponsored platform bill counts as one vote "
                 "of the bill's weight, aligned when the platform supports the bill and against "
                 "when it opposes it.", SPONSOR_RULE]
    return Section("sponsorship", "Sponsorship", paras)


def _grades(card: Scorecard) -> Section:
    grades = sorted(card.platform.scoring.grades.items(), key=lambda kv: -kv[1])
    rows = []
    upper: float | None = None
    for name, threshold in grades:
        span = f"{number(threshold)} or more" if upper is None else (
            f"{number(threshold)} to below {number(upper)}")
        rows.append([name, span])
        upper = threshold
    return Section("grades", "Grades", [
        "A score earns the highest grade whose threshold it reaches (the unrounded score is "
        "compared)."], ["Grade", "Score"], rows)


def _ranks(card: Scorecard) -> Section:
    return Section("ranks", "Rank and party averages", [
        "Rank is within each chamber, highest score first; tied scores share the better rank "
        "(1, 2, 2, 4). Scores are never compared across chambers. A legislator who served in "
        "both chambers is listed under the latest one.",
        "Party means and medians are computed per chamber over members with a score who are not "
        "flagged incomplete.",
    ])


def _entries(card: Scorecard) -> Section:
    sel = card.scores.period.selection.rows.sort_values(["date", "rc_order"], kind="stable")
    by_entry: dict[str, list[str]] = {}
    for r in sel[["entry", "chamber", "date", "rollcall_id"]].to_dict("records"):
        by_entry.setdefault(r["entry"], []).append(
            f"{card.platform.chamber_name(str(r['chamber']))} {r['date']} ({r['rollcall_id']})")
    rows = []
    for pe in card.platform.entries():
        e = pe.entry
        scored = "; ".join(by_entry.get(pe.key, [])) or "none in the period"
        rows.append([pe.section.title, pe.demand.title, e.label, e.session or "",
                     e.position, number(e.weight), votes_rule(e), scored])
    return Section("entries", "Scored entries", [
        "Every bill and roll call the platform scores, the rule that picks its votes, and the "
        "roll calls scored in the period. Most bills never reach a floor vote; they score "
        "nothing but may still count as sponsorships."],
        ["Section", "Demand", "Bill or roll call", "Session", "Position", "Weight",
         "Votes scored", "Roll calls in the period"], rows)


def _data(card: Scorecard) -> Section:
    meta = card.dataset.meta
    paras = []
    if card.dataset.fictional:
        paras.append(FICTIONAL_NOTICE)
    facts = [("Source", _meta_text(meta.get("source"))),
             ("Jurisdiction", _meta_text(meta.get("jurisdiction"))
              or card.platform.model.jurisdiction),
             ("Sessions", _meta_text(meta.get("sessions"))),
             ("Fetched", _meta_text(meta.get("fetched_at"))),
             ("Data as of", card.dataset.as_of),
             ("Notes", _meta_text(meta.get("notes")))]
    ds = card.dataset
    paras.append(
        f"The dataset holds {plural(ds.legislators['legislator_id'].nunique(), 'legislator')}, "
        f"{plural(len(ds.bills), 'bill')}, {plural(len(ds.rollcalls), 'roll call')} and "
        f"{plural(len(ds.votes), 'member vote')}.")
    if not meta:
        paras.append("The dataset has no dataset.yaml, so its source and date are not known.")
    return Section("data", "Data sources", paras, ["About the data", ""],
                   [[k, v] for k, v in facts if v])


def _overrides(card: Scorecard) -> Section:
    ov = card.dataset.overrides
    if ov.empty:
        return Section("overrides", "Corrections (overrides)",
                       ["No vote was corrected by hand: every vote is as the source recorded it."])
    ds = card.dataset
    names = ds.legislators.drop_duplicates("legislator_id").set_index("legislator_id")["name"]
    rc = ds.rollcalls.merge(ds.bills[["bill_id", "number"]], on="bill_id", how="left")
    rc = rc.set_index("rollcall_id")
    hit = ds.votes[ds.votes["overridden"].astype(bool)]
    raw = dict(zip(zip(hit["rollcall_id"], hit["legislator_id"], strict=True), hit["raw"],
                   strict=True))
    rows = []
    ov = ov.sort_values(["rollcall_id", "legislator_id"], kind="stable")
    for r in ov.itertuples(index=False):
        info = rc.loc[r.rollcall_id] if r.rollcall_id in rc.index else None
        bill = "" if info is None or not isinstance(info["number"], str) else info["number"]
        date = "" if info is None else str(info["date"])
        source = raw.get((r.rollcall_id, r.legislator_id), "")
        rows.append([r.rollcall_id, bill, date, str(names.get(r.legislator_id, r.legislator_id)),
                     source if isinstance(source, str) and source else "(no row)", r.option,
                     r.note])
    return Section("overrides", "Corrections (overrides)", [
        f"{plural(len(rows), 'vote')} {verb(len(rows), 'was', 'were')} corrected by hand "
        "(overrides.csv) before scoring. Each is marked in the receipts."],
        ["Roll call", "Bill", "Date", "Legislator", "Source recorded", "Counted as", "Note"], rows)


def _missing(card: Scorecard) -> Section:
    entries = {pe.key: pe for pe in card.platform.entries()}
    rows = []
    for key, label, session in card.scores.lifetime.selection.missing:
        pe = entries.get(key)
        rows.append([label, session, pe.demand.title if pe else ""])
    return _listing(
        "missing", "Platform bills missing from the data", ["Bill", "Session", "Demand"], rows,
        "Every platform bill is in the data.",
        f"{plural(len(rows), 'platform bill')} {verb(len(rows), 'is', 'are')} not in the data, "
        "so nothing is scored for them (they are not counted as zero).")


def _no_bill(card: Scorecard) -> Section:
    rows = [[s.title, d.title, d.note or ""] for s in card.platform.model.sections
            for d in s.demands if not d.bills]
    return _listing(
        "no-bill", "Demands with no bill yet", ["Section", "Demand", "Note"], rows,
        "Every demand has at least one bill or roll call scored for it.",
        f"{plural(len(rows), 'demand')} of the platform {verb(len(rows), 'has', 'have')} no "
        "bill yet; listed so that the platform is shown whole, they do not affect any score.")


def _audit(card: Scorecard) -> Section:
    a = card.audit
    c = a.counts()
    paras = [
        "Before publication the data is audited: the member votes of every scored roll call "
        "are reconciled with the totals the source declared and with the seats of the chamber "
        "that day (from the roster); roll calls of one bill or one day with identical "
        "member-by-member votes, members who held a seat but have no recorded vote, votes "
        "from someone who held no seat, one person voting twice under two ids, and rows two "
        "sources disagree on are looked for; so are platform bills with no roll call and no "
        "sponsor, legislators without a party or district, names the import could not match "
        "to the roster, and corrections that change nothing. The audit reports; it never "
        "changes the data.",
        f"{a.summary()}. Errors and warnings are listed below; every finding, notes "
        "included, is in data/audit.csv with the rows behind it.",
    ]
    shown = [f for f in a.findings if f.severity != "note"]
    if not shown:
        paras.append("No error or warning was found" + (
            f"; {plural(c['note'], 'note')} {verb(c['note'], 'is', 'are')} in data/audit.csv."
            if c["note"] else "."))
        return Section("audit", "Audit", paras)
    rows = [[f.severity, f.message, "; ".join(f.rows)] for f in shown]
    return Section("audit", "Audit", paras, ["Severity", "Finding", "Rows"], rows)


def _sensitivity(card: Scorecard) -> Section:
    sens = card.sensitivity
    ours = {"against": "count against", "exclude": "are not counted",
            "half": "count half"}[card.platform.scoring.absent]
    paras = [
        "A score rests on rules that reasonable people could set differently. To show how "
        "much each one matters, every legislator's score is also computed, with the same "
        f"scoring rules otherwise, under each absence rule (our rule: absences {ours}; "
        "the others: against, not counted, half credit; the excused rule held), with every "
        "vote weighing the same, and without sponsorship. Each legislator's page and briefing "
        "say in one line whether the grade changes; data/sensitivity.csv has every score "
        "(columns score, absent_against, absent_exclude, absent_half, unweighted, "
        "no_sponsorship, min, max, grade_changes).",
    ]
    if sens is None:
        return Section("sensitivity", "How much the rules matter", paras)
    t = sens.table.merge(card.scores.table[["legislator_id", "name", "chamber", "grade"]],
                         on="legislator_id")
    changed = t[t["grade_changes"].astype(bool)]
    n = len(changed)
    whose = "1 legislator's grade" if n == 1 else f"{n} legislators' grades"
    paras.append(f"{whose} {verb(n, 'depends', 'depend')} on these choices; every other grade is "
                 "the same under all of them." if n else
                 "No legislator's grade depends on these choices.")
    rows = [[str(r.name), card.platform.chamber_name(str(r.chamber)),
             sens.lines.get(str(r.legislator_id), "")]
            for r in changed.itertuples(index=False)]
    if not rows:
        return Section("sensitivity", "How much the rules matter", paras)
    return Section("sensitivity", "How much the rules matter", paras,
                   ["Legislator", "Chamber", "Score under the rules"], rows)


def _corrections(card: Scorecard) -> Section:
    c = card.dataset.corrections.sort_values(["date", "legislator_id"], kind="stable")
    if c.empty:
        return Section("corrections", "Corrections log", [
            "No correction has been made to the published scorecard."])
    ds = card.dataset
    names = ds.legislators.drop_duplicates("legislator_id").set_index("legislator_id")["name"]
    rows = [[str(r.date), str(names.get(r.legislator_id, r.legislator_id)) if r.legislator_id
             else "(the scorecard)", str(r.what), str(r.why)] for r in c.itertuples(index=False)]
    return Section("corrections", "Corrections log", [
        "Every change made to the scorecard after publication, dated, with the reason "
        "(corrections.csv). A correction to a vote is also recorded as an override."],
        ["Date", "Legislator", "What changed", "Why"], rows)


def methodology(card: Scorecard) -> list[Section]:
    """The methodology, in reading order."""
    return [_scope(card), _votes(card), _weights(card), _score(card), _sponsorship(card),
            _grades(card), _ranks(card), _sensitivity(card), _entries(card), _data(card),
            _overrides(card), _corrections(card), _audit(card), _missing(card), _no_bill(card)]


__all__ = ["FICTIONAL_NOTICE", "Section", "methodology", "votes_rule"]
