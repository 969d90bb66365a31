"""The scoring rules (DESIGN.md section 4) as pure functions over DataFrames.

``score(platform, dataset)`` returns a :class:`Scores` holding the per-legislator table
(the columns of ``data/scores.csv`` and more), per-section, per-demand and per-session
scores, receipts (every scored vote) and chamber x party statistics. No I/O here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .dataset import Dataset, seats_held
from .model import ABSENT_LIKE, CAST, EXCUSED_LIKE, session_years
from .platform import Platform, Scoring
from .selection import (
    Scope,
    Selection,
    entry_in_period,
    in_period_dates,
    period_entries,
    select,
)

#: The columns of data/scores.csv before the per-section ones (DESIGN.md section 4).
SCORE_COLUMNS = [
    "legislator_id", "name", "chamber", "district", "party", "score", "lifetime_score",
    "grade", "rank", "votes_counted", "participation", "incomplete", "sponsored_support",
    "sponsored_oppose",
]

RECEIPT_COLUMNS = [
    "legislator_id", "name", "section_id", "demand_id", "entry", "bill_id", "number",
    "rollcall_id", "chamber", "date", "motion", "position", "option", "raw", "credit",
    "weight", "counted", "note", "overridden", "source_url",
]

EPS = 1e-9


def round_half_up(x: float) -> int:
    """Display rounding: 72.5 -> 73 (never banker's rounding)."""
    return int(math.floor(round(x, 9) + 0.5))


def grade_for(score: float, grades: dict[str, float]) -> str:
    """The highest grade whose threshold the (unrounded) score reaches."""
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return ""
    for name, threshold in sorted(grades.items(), key=lambda kv: -kv[1]):
        if score + EPS >= threshold:
            return name
    return ""


# ---- credits -------------------------------------------------------------------------


def _rule_credit(rule: str) -> float:
    return {"against": 0.0, "half": 0.5, "exclude": np.nan}[rule]


def credit_votes(rows: pd.DataFrame, rules: Scoring) -> pd.DataFrame:
    """Add credit (1, 0, 0.5 or NaN = not counted), counted and note to scored vote rows."""
    opt = rows["option"]
    support = rows["position"] == "support"
    aligned = ((opt == "yes") & support) | ((opt == "no") & ~support)
    credit = pd.Series(np.nan, index=rows.index, dtype=float)
    credit[opt.isin(CAST)] = 0.0
    credit[aligned] = 1.0
    absent = opt.isin(ABSENT_LIKE)
    excused = opt.isin(EXCUSED_LIKE)
    credit[absent] = _rule_credit(rules.absent)
    credit[excused] = _rule_credit(rules.excused)
    note = pd.Series("", index=rows.index, dtype=object)
    note[absent & credit.isna()] = "not counted (absent rule: exclude)"
    note[excused & credit.isna()] = "not counted (excused rule: exclude)"
    rows = rows.assign(credit=credit, counted=credit.notna(), note=note)
    if rules.forgive_absences > 0:
        candidates = rows[absent & rows["counted"]].sort_values(
            ["legislator_id", "date", "rc_order", "order"], kind="stable")
        first = candidates.groupby("legislator_id").cumcount() < rules.forgive_absences
        forgiven = first[first].index
        rows.loc[forgiven, "credit"] = np.nan
        rows.loc[forgiven, "counted"] = False
        rows.loc[forgiven, "note"] = "forgiven absence"
    return rows


def sponsorship_rows(platform: Platform, ds: Dataset, scope: Scope) -> pd.DataFrame:
    """One row per (legislator, bill entry) sponsored: any role, any of its numbers."""
    entries = [pe for pe in platform.bill_entries()
               if scope == "lifetime" or entry_in_period(platform, pe)]
    spec = pd.DataFrame(
        [(pe.key, pe.order, pe.section.id, pe.demand.id, pe.entry.position,
          float(pe.entry.weight), pe.entry.session or "", n)
         for pe in entries for n in pe.entry.numbers],
        columns=["entry", "order", "section_id", "demand_id", "position", "weight", "session",
                 "number"])
    bills = ds.bills_named(zip(spec["session"], spec["number"], strict=True))
    sp = ds.sponsors[ds.sponsors["bill_id"].isin(set(bills["bill_id"])).to_numpy(dtype=bool)]
    sp = sp.merge(bills[["bill_id", "session", "number"]], on="bill_id")
    hit = spec.merge(sp, on=["session", "number"])
    hit = hit.assign(primary_first=hit["role"] != "primary").sort_values(
        ["order", "legislator_id", "primary_first", "bill_id"], kind="stable")
    hit = hit.drop_duplicates(["legislator_id", "entry"]).drop(columns=["primary_first"])
    return hit.reset_index(drop=True)


# ---- aggregation ---------------------------------------------------------------------


def _group_codes(columns: list[pd.Series]) -> tuple[np.ndarray, pd.Index]:
    """Integer group codes for the key ``columns`` and the index of the groups."""
    parts = [pd.factorize(c) for c in columns]
    names = [c.name for c in columns]
    if len(parts) == 1:
        codes, uniques = parts[0]
        return codes, pd.Index(uniques, name=names[0])
    combined = np.ravel_multi_index([c for c, _ in parts], [len(u) for _, u in parts])
    groups, codes = np.unique(combined, return_inverse=True)
    levels = np.unravel_index(groups, [len(u) for _, u in parts])
    index = pd.MultiIndex.from_arrays(
        [np.asarray(u)[lv] for (_, u), lv in zip(parts, levels, strict=True)], names=names)
    return codes, index


def aggregate(rows: pd.DataFrame, keys: list[str], min_votes: int) -> pd.DataFrame:
    """Score = 100 x sum(weight x credit) / sum(weight) over counted rows, per group."""
    counted = rows["counted"].to_numpy(dtype=bool)
    codes, index = _group_codes([rows[k][counted] for k in keys])  # the key columns only
    n = len(index)
    weight = rows["weight"].to_numpy(dtype=float)[counted]
    num = np.bincount(codes, weights=weight * rows["credit"].to_numpy(dtype=float)[counted],
                      minlength=n)
    den = np.bincount(codes, weights=weight, minlength=n)
    votes = np.bincount(codes, minlength=n).astype(int)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(den > 0, 100.0 * num / np.where(den > 0, den, 1.0), np.nan)
    score[votes < max(min_votes, 1)] = np.nan
    return pd.DataFrame({"score": score, "votes_counted": votes}, index=index)


@dataclass
class ScopeScores:
    """Everything computed for one scope (the period, or the lifetime)."""

    selection: Selection
    rows: pd.DataFrame  # scored vote rows (+ sponsorship rows in action mode), credited
    overall: pd.DataFrame  # by legislator_id: score, votes_counted, participation, ...
    sections: pd.DataFrame  # by (legislator_id, section_id)
    demands: pd.DataFrame  # by (legislator_id, demand_id)
    sessions: pd.DataFrame  # by (legislator_id, session)
    sponsored: pd.DataFrame  # sponsorship rows (every mode)


def with_sponsorship(rows: pd.DataFrame, sponsored: pd.DataFrame, rules: Scoring) -> pd.DataFrame:
    """The credited vote rows, plus one counted row per sponsored entry in ``action`` mode."""
    if rules.sponsorship.mode == "action" and len(sponsored):
        act = sponsored.assign(
            kind="sponsorship", option="sponsor", raw=sponsored["role"],
            credit=np.where(sponsored["position"] == "support", 1.0, 0.0), counted=True,
            note="sponsored (counts as a vote)", rollcall_id="", date="", rc_order=-1,
            chamber="", motion="sponsorship", overridden=False, override_note="",
            source_url="",
        ).drop(columns=["role"])
        rows = pd.concat([rows, act], ignore_index=True)
    rows["counted"] = rows["counted"].astype(bool)
    return rows


def sponsorship_bonus(overall: pd.DataFrame, rules: Scoring) -> pd.Series:
    """``bonus`` mode: the net points per legislator (from the sponsored_* tallies)."""
    net = (overall["sponsored_support"] - overall["sponsored_oppose"]) * rules.sponsorship.points
    return net.clip(-rules.sponsorship.cap, rules.sponsorship.cap)


def sponsor_tallies(sponsored: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    """sponsored_support and sponsored_oppose per legislator of ``index``."""
    tallies = sponsored.groupby(["legislator_id", "position"]).size().unstack(fill_value=0)
    return pd.DataFrame({f"sponsored_{pos}": (tallies[pos] if pos in tallies else pd.Series(
        dtype=int)).reindex(index).fillna(0).astype(int) for pos in ("support", "oppose")},
        index=index)


def _in_period(platform: Platform, rows: pd.DataFrame, entries: set[str]) -> np.ndarray:
    """Which of the lifetime's rows (selected roll calls, or their votes) the period
    scores: those of its entries (:func:`.selection.period_entries`), within its dates."""
    return rows["entry"].isin(entries).to_numpy(dtype=bool) & in_period_dates(
        platform, rows["date"])


def _period_selection(platform: Platform, lifetime: Selection, keys: set[str]) -> Selection:
    """The period's selection, from the lifetime's: the same rows, in the same order, as
    :func:`.selection.select` gives for the period (each entry's roll calls are chosen
    from its own bill's alone, so dropping entries and dates changes no other row)."""
    rows = lifetime.rows[_in_period(platform, lifetime.rows, keys)].reset_index(drop=True)
    return Selection(rows=rows, missing=[m for m in lifetime.missing if m[0] in keys],
                     absent_prints={k: v for k, v in lifetime.absent_prints.items()
                                    if k in keys})


def _scope_scores(rules: Scoring, selection: Selection, votes: pd.DataFrame,
                  sponsored: pd.DataFrame) -> ScopeScores:
    """Credit and aggregate one scope's vote rows and sponsorships."""
    rows = with_sponsorship(credit_votes(votes.assign(kind="vote"), rules), sponsored, rules)
    mode = rules.sponsorship.mode
    overall = aggregate(rows, ["legislator_id"], rules.min_votes)
    cast_rows = rows[rows["kind"] == "vote"]
    part = cast_rows["option"].isin(CAST).groupby(cast_rows["legislator_id"]).mean()
    # everyone with a vote row or a sponsorship: a sponsor with no scored vote (every
    # Assembly member of a Senate-only dataset) still has their sponsorships counted
    overall = overall.reindex(overall.index.union(cast_rows["legislator_id"].unique()).union(
        sponsored["legislator_id"].unique() if mode != "off" else []))
    overall["votes_counted"] = overall["votes_counted"].fillna(0).astype(int)
    overall["vote_rows"] = cast_rows.groupby("legislator_id").size().reindex(
        overall.index).fillna(0).astype(int)
    overall["participation"] = part.reindex(overall.index)
    if mode == "off":
        sponsored = sponsored.iloc[0:0]
    overall = overall.join(sponsor_tallies(sponsored, overall.index))
    if mode == "bonus":
        net = sponsorship_bonus(overall, rules)
        overall["score"] = (overall["score"] + net).clip(0, 100)
        overall["bonus"] = net
    return ScopeScores(
        selection=selection, rows=rows, overall=overall,
        sections=aggregate(rows, ["legislator_id", "section_id"], rules.min_votes),
        demands=aggregate(rows, ["legislator_id", "demand_id"], rules.min_votes),
        sessions=aggregate(rows, ["legislator_id", "session"], rules.min_votes),
        sponsored=sponsored,
    )


def score_scopes(platform: Platform, ds: Dataset) -> tuple[ScopeScores, ScopeScores]:
    """Score every legislator for the period and for the lifetime (every session).

    The roll calls are selected, joined to their votes and to the sponsorships once, for
    the lifetime; the period's rows are those of its entries and dates, in the same
    order. Crediting (forgiven absences are counted within a scope) and the totals are
    per scope. ``tests/test_scoring_scopes.py`` checks this against scoring each scope
    from its own selection.
    """
    rules = platform.scoring
    selection = select(platform, ds, "lifetime")
    votes = selection.rows.merge(ds.votes_on(selection.rows["rollcall_id"]), on="rollcall_id",
                                 how="inner")
    sponsored = sponsorship_rows(platform, ds, "lifetime")
    keys = period_entries(platform)
    period = _scope_scores(
        rules, _period_selection(platform, selection, keys),
        votes[_in_period(platform, votes, keys)].reset_index(drop=True),
        sponsored[sponsored["entry"].isin(keys).to_numpy(dtype=bool)].reset_index(drop=True))
    return period, _scope_scores(rules, selection, votes, sponsored)


# ---- the scorecard -------------------------------------------------------------------


@dataclass
class Scores:
    """The whole scoring result, ready to be rendered."""

    table: pd.DataFrame  # one row per legislator: SCORE_COLUMNS + section:<id> + extras
    period: ScopeScores
    lifetime: ScopeScores
    receipts: pd.DataFrame
    party_stats: pd.DataFrame  # chamber, party, members, complete, mean, median
    section_ids: list[str] = field(default_factory=list)


def _session_bounds(sessions: list[str]) -> tuple[str | None, str | None]:
    years = [y for s in sessions if (span := session_years(s)) for y in span]
    if not years:
        return None, None
    return f"{min(years)}-01-01", f"{max(years)}-12-31"


def _roles_in_scope(platform: Platform, ds: Dataset, period: ScopeScores) -> pd.DataFrame:
    """Each legislator's role shown on the scorecard: the latest one in the period."""
    p = platform.model.period
    lo, hi = _session_bounds(p.sessions)
    lo = p.start.isoformat() if p.start else lo
    hi = p.end.isoformat() if p.end else hi
    dates = period.selection.rows["date"]
    if lo is None and len(dates):
        lo = str(dates.min())
    if hi is None and len(dates):
        hi = str(dates.max())
    roles = ds.legislators.copy()
    active = set(period.rows["legislator_id"]) | set(period.sponsored["legislator_id"])
    if lo is not None and hi is not None:
        # a term that ends on the period's first day (rosters end a term on the day the
        # next one starts: 2023-01-01) does not overlap it
        overlaps = (roles["start_date"].where(roles["start_date"] != "", "0000") <= hi) & (
            roles["end_date"].where(roles["end_date"] != "", "9999") > lo)
        roles["in_period"] = overlaps
        keep = overlaps | roles["legislator_id"].isin(active)
    else:
        roles["in_period"] = True
        keep = pd.Series(True, index=roles.index)
    roles = roles[keep].sort_values(["legislator_id", "in_period", "start_date"], kind="stable")
    return roles.groupby("legislator_id", sort=False).tail(1).set_index("legislator_id")


#: Where a dataset without one chamber's votes is told how to add them.
ADD_VOTES_DOC = "docs/adding-votes.md"


def no_chamber_votes(chamber: str) -> str:
    """The reason given when the dataset holds no roll call at all in a chamber."""
    return (f"this dataset has no {chamber} roll calls at all (its sources have none); see "
            f"{ADD_VOTES_DOC} for how to add them")


def _why_empty(table: pd.DataFrame, platform: Platform, ds: Dataset, period: ScopeScores,
               rules: Scoring) -> pd.Series:
    """Why a legislator has no score, in words (never just 'N/A')."""
    sel = period.selection.rows
    chambers_scored = set(sel["chamber"])
    chambers_with_votes = set(ds.rollcalls["chamber"].unique())
    empty = table[table["score"].isna()]
    # who held a seat on the day of a scored roll call in its chamber
    in_office = set(seats_held(sel[["chamber", "date"]].drop_duplicates(),
                               ds.legislators[ds.legislators["legislator_id"].isin(empty.index)],
                               on=["chamber"])["legislator_id"])
    reasons = dict.fromkeys(table.index, "")
    for lid, vote_rows, votes_counted, chamber in zip(
            empty.index, empty["vote_rows"], empty["votes_counted"], empty["chamber"],
            strict=True):
        if vote_rows > 0 or votes_counted > 0:
            reasons[lid] = (f"insufficient record: {int(votes_counted)} counted vote(s), "
                            f"fewer than the {max(rules.min_votes, 1)} required")
        elif chamber not in chambers_with_votes:
            reasons[lid] = no_chamber_votes(platform.chamber_name(chamber))
        elif chamber not in chambers_scored:
            reasons[lid] = (f"no {platform.chamber_name(chamber)} roll calls on the "
                            "platform's bills are in the data for this period")
        else:
            reasons[lid] = ("no record in the data: no vote of theirs on the scored roll "
                            "calls" if lid in in_office else "not in office for any scored vote")
    return pd.Series([reasons[lid] for lid in table.index], index=table.index, dtype=object)


def score(platform: Platform, ds: Dataset) -> Scores:
    """Score every legislator: period and lifetime, overall, per section and per demand."""
    rules = platform.scoring
    period, lifetime = score_scopes(platform, ds)
    roles = _roles_in_scope(platform, ds, period)
    t = roles[["name", "sort_name", "chamber", "district", "party", "start_date", "end_date",
               "url"]].copy()
    o = period.overall
    for col in ("score", "votes_counted", "vote_rows", "participation", "sponsored_support",
                "sponsored_oppose"):
        t[col] = o[col].reindex(t.index) if col in o else np.nan
    for col in ("votes_counted", "vote_rows", "sponsored_support", "sponsored_oppose"):
        t[col] = t[col].fillna(0).astype(int)
    if rules.sponsorship.mode == "off":
        t["sponsored_support"] = pd.NA
        t["sponsored_oppose"] = pd.NA
    t["lifetime_score"] = lifetime.overall["score"].reindex(t.index)
    t["incomplete"] = t["participation"].notna() & (
        t["participation"] < rules.incomplete_below - EPS)
    t["grade"] = t["score"].map(lambda s: grade_for(s, rules.grades))
    key = t["score"].round(6)
    t["rank"] = key.groupby(t["chamber"]).rank(method="min", ascending=False).astype("Int64")
    section_ids = [s.id for s in platform.model.sections]
    sec = period.sections["score"].unstack("section_id") if len(period.sections) else None
    scored = set(sec.columns) if sec is not None else set()
    # one column per section, added at once: adding them one by one costs pandas time
    # in the square of their number (a 20,000-section platform never finished)
    nothing = pd.Series(np.nan, index=t.index, dtype=float)
    t = pd.concat([t, pd.DataFrame(
        {f"section:{sid}": sec[sid].reindex(t.index) if sec is not None and sid in scored
         else nothing for sid in section_ids}, index=t.index)], axis=1)
    t["why_no_score"] = _why_empty(t, platform, ds, period, rules)
    t = t.reset_index().rename(columns={"index": "legislator_id"})
    t = t.sort_values(["chamber", "sort_name", "name", "legislator_id"], kind="stable")
    t = t.reset_index(drop=True)
    complete = t[t["score"].notna() & ~t["incomplete"]]
    stats = t.groupby(["chamber", "party"]).size().rename("members").to_frame()
    g = complete.groupby(["chamber", "party"])["score"]
    stats["complete"] = g.size().reindex(stats.index).fillna(0).astype(int)
    stats["mean"] = g.mean().reindex(stats.index)
    stats["median"] = g.median().reindex(stats.index)
    names = t.set_index("legislator_id")["name"]
    rec = period.rows.assign(name=period.rows["legislator_id"].map(names).fillna(""))
    rec["note"] = rec["note"].where(~rec["overridden"].astype(bool), rec["note"].where(
        rec["note"] == "", rec["note"] + "; ") + "override: " + rec["override_note"])
    rec = rec.sort_values(["legislator_id", "order", "date", "rc_order"], kind="stable")
    receipts = rec.reindex(columns=RECEIPT_COLUMNS).reset_index(drop=True)
    return Scores(table=t, period=period, lifetime=lifetime, receipts=receipts,
                  party_stats=stats.reset_index(), section_ids=section_ids)
