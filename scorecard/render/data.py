"""Machine-readable outputs: data/scores.csv, data/scores.json, data/receipts.csv and
data/audit.csv (every finding of the data audit) and data/sensitivity.csv (each score
under the other rules).

Column order and meaning of scores.csv are a contract (DESIGN.md section 4): other tools
read them. Scores are written unrounded; an empty cell means no score.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..safetext import for_spreadsheet
from ..scoring import RECEIPT_COLUMNS, SCORE_COLUMNS, round_half_up
from ..tables import to_csv_text

if TYPE_CHECKING:
    from ..card import Scorecard


def _cell(v: Any) -> Any:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def scores_frame(card: Scorecard) -> pd.DataFrame:
    """The scores.csv table: the contract's columns, then one section:<id> per section."""
    t = card.scores.table
    cols = SCORE_COLUMNS + [f"section:{s}" for s in card.scores.section_ids]
    out = t[cols].astype(object).map(_cell)
    return out


def _json_value(v: Any) -> Any:
    v = _cell(v)
    if v == "":
        return None
    if v in ("true", "false"):
        return v == "true"
    if hasattr(v, "item"):
        return v.item()
    return v


def scores_document(card: Scorecard) -> dict[str, Any]:
    """scores.json: the scorecard, its rules and every legislator's scores."""
    sc = card.scores
    p = card.platform.model
    by_demand = sc.period.demands["score"].unstack("demand_id") if len(
        sc.period.demands) else pd.DataFrame()
    by_session = sc.lifetime.sessions["score"].unstack("session") if len(
        sc.lifetime.sessions) else pd.DataFrame()
    legislators = []
    for row in sc.table.to_dict("records"):
        lid = row["legislator_id"]
        item = {c: _json_value(row[c]) for c in SCORE_COLUMNS}
        item["score_display"] = None if item["score"] is None else round_half_up(item["score"])
        item["why_no_score"] = row["why_no_score"] or None
        item["sections"] = {s: _json_value(row[f"section:{s}"]) for s in sc.section_ids}
        item["demands"] = ({d: _json_value(v) for d, v in by_demand.loc[lid].items()
                            if _json_value(v) is not None} if lid in by_demand.index else {})
        item["sessions"] = ({s: _json_value(v) for s, v in by_session.loc[lid].items()
                             if _json_value(v) is not None} if lid in by_session.index else {})
        legislators.append(item)
    return {
        "title": p.title,
        "organization": p.organization,
        "jurisdiction": p.jurisdiction,
        "period": {"sessions": p.period.sessions,
                   "start": p.period.start.isoformat() if p.period.start else None,
                   "end": p.period.end.isoformat() if p.period.end else None},
        "data": {"source": card.dataset.meta.get("source"), "as_of": card.dataset.as_of,
                 "fictional": card.dataset.fictional},
        "scoring": p.scoring.model_dump(mode="json"),
        "sections": [{"id": s.id, "title": s.title,
                      "demands": [{"id": d.id, "title": d.title} for d in s.demands]}
                     for s in p.sections],
        "party_stats": [{k: _json_value(v) for k, v in r.items()}
                        for r in sc.party_stats.to_dict("records")],
        "legislators": legislators,
    }


def people_csv(df: pd.DataFrame) -> str:
    """CSV text of a table meant for people: a text cell a spreadsheet would run as a
    formula (``=``, ``+``, ``-``, ``@``, tab, CR first) gets a leading apostrophe
    (:func:`scorecard.safetext.for_spreadsheet`; README "Reading data/*.csv")."""
    return to_csv_text(df.map(for_spreadsheet))


def write_data(card: Scorecard, out: Path) -> None:
    """Write data/scores.csv, scores.json, receipts.csv and audit.csv under ``out``."""
    folder = out / "data"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scores.csv").write_text(people_csv(scores_frame(card)), encoding="utf-8")
    receipts = card.scores.receipts[RECEIPT_COLUMNS].astype(object).map(_cell)
    (folder / "receipts.csv").write_text(people_csv(receipts), encoding="utf-8")
    doc = json.dumps(scores_document(card), ensure_ascii=False, indent=1, allow_nan=False)
    (folder / "scores.json").write_text(doc + "\n", encoding="utf-8")
    (folder / "audit.csv").write_text(people_csv(card.audit.frame()), encoding="utf-8")
    if card.sensitivity is not None:
        table = card.sensitivity.table.astype(object).map(_cell)
        (folder / "sensitivity.csv").write_text(people_csv(table), encoding="utf-8")
