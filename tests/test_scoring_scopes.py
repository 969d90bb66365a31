"""Both scopes scored from one selection (``scoring.score_scopes``) against the previous
implementation, kept here as the reference: each scope selected, joined and scored on its
own. Random small datasets and platforms: every vote option, sponsorships of every role,
bill entries of two sessions (final, all or listed roll calls, committee votes and their
weight), a named roll call, periods by sessions and by dates, every absence, excused and
sponsorship rule, forgiven absences and a minimum of votes."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorecard.dataset import Dataset, load_dataset
from scorecard.errors import Problems
from scorecard.model import CAST
from scorecard.platform import Platform, load_platform
from scorecard.scoring import (
    ScopeScores,
    credit_votes,
    score_scopes,
    sponsor_tallies,
    sponsorship_bonus,
    sponsorship_rows,
    with_sponsorship,
)
from scorecard.selection import check_selection, select
from scorecard.sessions import resolve_sessions

from .builders import LEGISLATORS, ROLLCALLS, make_dataset, make_platform

OPTIONS = ["yes", "no", "absent", "excused", "abstain", "not voting", "paired", "other"]
PEOPLE = [row[0] for row in LEGISLATORS]
BILLS = ["2023-2024/S1", "2023-2024/A1", "2023-2024/S2", "2021-2022/S9"]
DATES = [None, "2021-01-01", "2023-03-01", "2023-06-01", "2024-01-01", "2024-12-31"]


# ---- the reference: each scope on its own (the implementation before score_scopes) ----

def _group_codes(df: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, pd.Index]:
    parts = [pd.factorize(df[k]) for k in keys]
    if len(parts) == 1:
        codes, uniques = parts[0]
        return codes, pd.Index(uniques, name=keys[0])
    combined = np.ravel_multi_index([c for c, _ in parts], [len(u) for _, u in parts])
    groups, codes = np.unique(combined, return_inverse=True)
    levels = np.unravel_index(groups, [len(u) for _, u in parts])
    index = pd.MultiIndex.from_arrays(
        [np.asarray(u)[lv] for (_, u), lv in zip(parts, levels, strict=True)], names=keys)
    return codes, index


def aggregate(rows: pd.DataFrame, keys: list[str], min_votes: int) -> pd.DataFrame:
    counted = rows[rows["counted"].to_numpy(dtype=bool)]
    codes, index = _group_codes(counted, keys)
    n = len(index)
    weight = counted["weight"].to_numpy(dtype=float)
    num = np.bincount(codes, weights=weight * counted["credit"].to_numpy(dtype=float),
                      minlength=n)
    den = np.bincount(codes, weights=weight, minlength=n)
    votes = np.bincount(codes, minlength=n).astype(int)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(den > 0, 100.0 * num / np.where(den > 0, den, 1.0), np.nan)
    score[votes < max(min_votes, 1)] = np.nan
    return pd.DataFrame({"score": score, "votes_counted": votes}, index=index)


def score_scope(platform: Platform, ds: Dataset, scope: Any) -> ScopeScores:
    rules = platform.scoring
    selection = select(platform, ds, scope)
    votes = selection.rows.merge(ds.votes_on(selection.rows["rollcall_id"]), on="rollcall_id",
                                 how="inner")
    sponsored = sponsorship_rows(platform, ds, scope)
    rows = with_sponsorship(credit_votes(votes.assign(kind="vote"), rules), sponsored, rules)
    mode = rules.sponsorship.mode
    overall = aggregate(rows, ["legislator_id"], rules.min_votes)
    cast_rows = rows[rows["kind"] == "vote"]
    part = cast_rows["option"].isin(CAST).groupby(cast_rows["legislator_id"]).mean()
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


# ---- random inputs ----------------------------------------------------------------------

@st.composite
def entries(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["S1", "S2", "S9", "named"]))
    entry: dict[str, Any] = {"position": draw(st.sampled_from(["support", "oppose"])),
                             "weight": draw(st.sampled_from([1, 2, 0.5]))}
    if kind == "named":
        return {**entry, "rollcalls": draw(st.lists(st.sampled_from(
            ["rc-nom", "rc-s2", "rc-s1-early"]), min_size=1, max_size=2, unique=True))}
    entry["number"] = kind
    entry["session"] = "2021-2022" if kind == "S9" else "2023-2024"
    if kind == "S1" and draw(st.booleans()):
        entry["same_as"] = ["A1"]
    entry["votes"] = draw(st.one_of(st.sampled_from(["final", "all"]), st.lists(
        st.sampled_from(["rc-s1-early", "rc-a1-final", "rc-s2"]), min_size=1, max_size=2,
        unique=True)))
    if draw(st.booleans()):
        entry["committee"] = True
        if draw(st.booleans()):
            entry["committee_weight"] = draw(st.sampled_from([0.5, 3]))
    return entry


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    votes = {rid: draw(st.dictionaries(st.sampled_from(PEOPLE), st.sampled_from(OPTIONS),
                                       max_size=5))
             for rid, *_ in ROLLCALLS}
    sponsors = draw(st.lists(st.tuples(st.sampled_from(BILLS), st.sampled_from(PEOPLE),
                                       st.sampled_from(["primary", "cosponsor"])),
                             max_size=6, unique_by=lambda t: (t[0], t[1])))
    demands = [{"id": f"d{i}", "title": f"Demand {i}", "text": "Do it.",
                "bills": draw(st.lists(entries(), min_size=1, max_size=3,
                                       unique_by=lambda e: e.get("number", "named")))}
               for i in range(draw(st.integers(1, 2)))]
    start, end = sorted(draw(st.lists(st.sampled_from(DATES[1:]), min_size=2, max_size=2)))
    period: dict[str, Any] = {}
    if draw(st.booleans()):
        period["sessions"] = [draw(st.sampled_from(["2023-2024", "2021-2022"]))]
    if draw(st.booleans()):
        period["start"] = start
    if draw(st.booleans()):
        period["end"] = end
    scoring = {"absent": draw(st.sampled_from(["against", "exclude", "half"])),
               "excused": draw(st.sampled_from(["against", "exclude", "half"])),
               "forgive_absences": draw(st.integers(0, 2)),
               "min_votes": draw(st.integers(0, 2)),
               "sponsorship": {"mode": draw(st.sampled_from(
                   ["separate", "bonus", "action", "off"]))}}
    return {"votes": votes, "sponsors": sponsors, "demands": demands, "period": period,
            "scoring": scoring}


def _text_as_object(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns (and index levels) as ``object``: pandas' string type or not."""
    def text(c: pd.Index | pd.Series) -> bool:
        return pd.api.types.is_string_dtype(c.dtype) or c.dtype == object

    df = df.astype({c: object for c in df.columns if text(df[c])})
    index = df.index
    if isinstance(index, pd.MultiIndex):
        index = index.set_levels([lv.astype(object) if text(lv) else lv
                                  for lv in index.levels])
    elif text(index):
        index = index.astype(object)
    return df.set_axis(index)


def _equal(a: pd.DataFrame, b: pd.DataFrame, name: str) -> None:
    """The same rows, values and column types, but for two differences, both in how
    pandas stores text: selecting a scope alone built a column from whichever of its
    parts was not empty (pandas' string type, or ``object`` when an empty part came
    first), where the period's rows now keep the lifetime's; and an empty frame of a
    period with no entry has the lifetime's typed columns. Values are compared as they
    are; nothing is written from these types (tests/golden and a build of an empty
    period are byte-identical)."""
    empty = not (len(a) or len(b))
    pd.testing.assert_frame_equal(_text_as_object(a), _text_as_object(b), obj=name,
                                  check_dtype=not empty, check_index_type=not empty)


def _same(a: ScopeScores, b: ScopeScores) -> None:
    _equal(a.selection.rows, b.selection.rows, "selection")
    assert a.selection.missing == b.selection.missing
    assert a.selection.absent_prints == b.selection.absent_prints
    for name in ("rows", "overall", "sections", "demands", "sessions", "sponsored"):
        _equal(getattr(a, name), getattr(b, name), name)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_both_scopes_in_one_pass_score_as_each_scope_alone(case: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        make_dataset(folder / "votes", case["votes"], sponsors=case["sponsors"], meta={
            "source": "test", "jurisdiction": "NY", "sessions": ["2021-2022", "2023-2024"],
            "fetched_at": "2024-12-31", "notes": "random"})
        platform = load_platform(make_platform(folder / "platform.yaml", demands=case[
            "demands"], scoring=case["scoring"], period=case["period"]))
        ds = load_dataset(folder / "votes")
        problems = Problems()
        resolve_sessions(platform, ds, problems)
        check_selection(platform, ds, problems)
        assert not problems.errors
        period, lifetime = score_scopes(platform, ds)
        _same(period, score_scope(platform, ds, "period"))
        _same(lifetime, score_scope(platform, ds, "lifetime"))
