"""What one audit run looks at: the scored roll calls (or all of them) and their votes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from ..dataset import Dataset
    from ..platform import Platform
    from ..scoring import Scores


@dataclass
class Scope:
    """The tables an audit's checks read; built once, shared by every check."""

    platform: Platform
    dataset: Dataset
    scores: Scores
    everything: bool  # --all: every roll call, not only the scored ones
    rollcalls: pd.DataFrame  # rows of rollcalls.csv in scope (+ "order": file row - 2)
    votes: pd.DataFrame  # rows of votes.csv (after overrides) on those roll calls
    scored: set[str]  # rollcall_ids the platform scores (period or lifetime)

    @property
    def folder(self) -> str:
        return str(self.dataset.folder)

    def name(self, legislator_id: str) -> str:
        """A legislator's name for a sentence (the id when the roster has none)."""
        return self._names.get(legislator_id, legislator_id)

    def __post_init__(self) -> None:
        legs = self.dataset.legislators.drop_duplicates("legislator_id", keep="last")
        self._names = dict(zip(legs["legislator_id"], legs["name"], strict=True))


def audit_scope(platform: Platform, dataset: Dataset, scores: Scores,
                everything: bool = False) -> Scope:
    """The scored roll calls (period and lifetime) and their votes, or everything."""
    scored = set(scores.lifetime.selection.rows["rollcall_id"]) | set(
        scores.period.selection.rows["rollcall_id"])
    rc = dataset.rollcalls
    votes = dataset.votes
    if not everything:
        rc = rc[rc["rollcall_id"].isin(scored)]
        votes = votes[votes["rollcall_id"].isin(scored)]
    return Scope(platform, dataset, scores, everything, rc, votes, scored)
