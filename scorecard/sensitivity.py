"""Does a grade rest on a rule? Every legislator's score under the other absence rules,
without weights and without sponsorship.

The variants re-credit the period's scored rows with the same functions that score the
scorecard (:func:`scoring.credit_votes`, :func:`scoring.aggregate` and the sponsorship
rules): selection and the joins are done once, each variant is a vectorised pass.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .platform import Scoring
from .scoring import (
    Scores,
    aggregate,
    credit_votes,
    grade_for,
    round_half_up,
    sponsor_tallies,
    sponsorship_bonus,
    with_sponsorship,
)

ABSENCE_RULES = ("against", "exclude", "half")
#: variant column -> how a sentence says it ("grade changes to B if absences ...")
VARIANT_WORDS = {
    "absent_against": "if absences count against",
    "absent_exclude": "if absences are not counted",
    "absent_half": "if absences count half",
    "unweighted": "without weights",
    "no_sponsorship": "without sponsorship",
}
VARIANTS = list(VARIANT_WORDS)
#: the columns of data/sensitivity.csv
SENSITIVITY_COLUMNS = ["legislator_id", "score", *VARIANTS, "min", "max", "grade_changes"]


def _aggregate(rows: pd.DataFrame, sponsored: pd.DataFrame, rules: Scoring) -> pd.Series:
    overall = aggregate(rows, ["legislator_id"], rules.min_votes)
    if rules.sponsorship.mode == "bonus":
        net = sponsorship_bonus(sponsor_tallies(sponsored, overall.index), rules)
        overall["score"] = (overall["score"] + net).clip(0, 100)
    return overall["score"]


def variant_scores(rules: Scoring, rows: pd.DataFrame, sponsored: pd.DataFrame
                   ) -> dict[str, pd.Series]:
    """Overall score per legislator under each variant, from the scope's credited rows.

    The rows credited under the platform's own rules are reused where a variant keeps
    them (its own absence rule, without weights, without sponsorship); only the other two
    absence rules re-credit the votes.
    """
    votes = rows[rows["kind"] == "vote"]
    out: dict[str, pd.Series] = {}
    for r in ABSENCE_RULES:
        if r == rules.absent:
            out[f"absent_{r}"] = _aggregate(rows, sponsored, rules)
            continue
        other = rules.model_copy(update={"absent": r})
        out[f"absent_{r}"] = _aggregate(
            with_sponsorship(credit_votes(votes, other), sponsored, other), sponsored, other)
    out["unweighted"] = _aggregate(rows.assign(weight=1.0), sponsored, rules)
    off = rules.model_copy(
        update={"sponsorship": rules.sponsorship.model_copy(update={"mode": "off"})})
    out["no_sponsorship"] = _aggregate(votes, sponsored, off)
    return out


@dataclass
class Sensitivity:
    """data/sensitivity.csv, and the sentence each legislator's page shows."""

    table: pd.DataFrame  # SENSITIVITY_COLUMNS, one row per legislator of the scores table
    lines: dict[str, str]  # legislator_id -> one sentence ("" when there is no score)

    @property
    def grade_depends(self) -> int:
        """How many legislators' grades change under some variant."""
        return int(self.table["grade_changes"].sum())


def _shown(x: float) -> str:
    return str(round_half_up(x))


def _line(row: dict[str, float], grade: str, graded: dict[str, str], rules: Scoring) -> str:
    """"76 under our rules; 71-80 under the other absence rules; grade C either way"."""
    base = row["score"]
    if base is None or math.isnan(base):
        return ""
    others = [row[f"absent_{r}"] for r in ABSENCE_RULES if r != rules.absent]
    others = [x for x in others if not math.isnan(x)]
    lo, hi = (_shown(min(others)), _shown(max(others))) if others else ("", "")
    if lo == hi == _shown(base):
        parts = [f"{_shown(base)} under our rules and the other absence rules"]
    else:
        parts = [f"{_shown(base)} under our rules"]
        if others:
            parts.append(f"{lo if lo == hi else lo + '-' + hi} under the other absence rules")
    for v in ("unweighted", "no_sponsorship"):
        if not math.isnan(row[v]) and _shown(row[v]) != _shown(base):
            parts.append(f"{_shown(row[v])} {VARIANT_WORDS[v]}")
    changes = [f"to {graded[v]} {VARIANT_WORDS[v]}" for v in VARIANTS
               if graded[v] and graded[v] != grade]
    parts.append("grade changes " + ", ".join(changes) if changes
                 else f"grade {grade} either way")
    return "; ".join(parts)


def _grades(values: pd.Series, grades: dict[str, float]) -> list[str]:
    """:func:`scoring.grade_for` of each value, computed once per distinct value."""
    distinct = {v: grade_for(v, grades) for v in set(values.tolist()) if not math.isnan(v)}
    return [distinct.get(v, "") if not math.isnan(v) else "" for v in values.tolist()]


def sensitivity(rules: Scoring, scores: Scores) -> Sensitivity:
    """Every legislator's period score under each variant, its range, and whether the
    grade changes."""
    period = scores.period
    ids = scores.table["legislator_id"]
    out = pd.DataFrame({"legislator_id": ids.to_numpy(),
                        "score": scores.table["score"].to_numpy(dtype=float)})
    for name, s in variant_scores(rules, period.rows, period.sponsored).items():
        out[name] = s.reindex(ids).to_numpy(dtype=float)
    values = out[["score", *VARIANTS]]
    out["min"] = values.min(axis=1)
    out["max"] = values.max(axis=1)
    grade = scores.table["grade"].fillna("").astype(str).tolist()
    graded = {v: _grades(out[v], rules.grades) for v in VARIANTS}
    out["grade_changes"] = [bool(g) and any(graded[v][i] and graded[v][i] != g
                                            for v in VARIANTS) for i, g in enumerate(grade)]
    lines = {lid: _line(r, g, {v: graded[v][i] for v in VARIANTS}, rules)
             for i, (lid, r, g) in enumerate(zip(
                 ids, out[["score", *VARIANTS]].to_dict("records"), grade, strict=True))}
    return Sensitivity(out[SENSITIVITY_COLUMNS], lines)
