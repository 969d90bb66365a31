"""What one audit run looks at: the scored roll calls (or all of them) and their votes.

The checks compare millions of vote rows, so the scope turns the text keys into integer
codes once (:class:`Codes`) and every check shares them: positions of each vote's roll
call, legislator and option, instead of joining or grouping on strings again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from ..dataset import Dataset
    from ..platform import Platform
    from ..scoring import Scores


def positions(values: pd.Series, index: pd.Index, runs: bool = False) -> np.ndarray:
    """Each value's position in ``index`` (-1: not in it), each distinct value looked up
    once; ``runs``: each run of equal neighbours too (votes.csv lists a roll call's
    members together)."""
    a = values.to_numpy(dtype=object)
    if not runs or len(a) == 0:
        codes, uniques = pd.factorize(a)
        return np.asarray(index.get_indexer(uniques), dtype=np.int64)[codes]
    starts = np.flatnonzero(np.concatenate([[True], a[1:] != a[:-1]]))
    return np.repeat(positions(pd.Series(a[starts]), index),
                     np.diff(np.append(starts, len(a))))


@dataclass
class Codes:
    """Integer codes of every row of the dataset's votes (after overrides)."""

    people: pd.Index  # legislator ids: legislators.csv's, then any only votes.csv names
    options: pd.Index  # the option values present
    rollcall: np.ndarray  # per vote row: its roll call's position in dataset.rollcalls
    legislator: np.ndarray  # per vote row: position of its legislator_id in people
    option: np.ndarray  # per vote row: position of its option in options

    @classmethod
    def of(cls, dataset: Dataset) -> Codes:
        votes = dataset.votes
        known = {col: c for col, c in dataset.vote_codes.items() if len(c.codes) == len(votes)}
        rc_index = pd.Index(dataset.rollcalls["rollcall_id"])
        people = pd.Index(pd.unique(dataset.legislators["legislator_id"].to_numpy(object)))
        if len(known) == 3:  # the loader's codes: each distinct value looked up once
            rollcall = known["rollcall_id"].rows(
                np.asarray(rc_index.get_indexer(known["rollcall_id"].uniques), np.int64))
            legislator = known["legislator_id"].rows(
                np.asarray(people.get_indexer(known["legislator_id"].uniques), np.int64))
        else:
            rollcall = positions(votes["rollcall_id"], rc_index, runs=True)
            legislator = positions(votes["legislator_id"], people)
        if (legislator < 0).any():  # a vote (added by an override) naming no legislator
            extra = pd.Index(pd.unique(votes["legislator_id"].to_numpy(object)[legislator < 0]))
            legislator[legislator < 0] = len(people) + extra.get_indexer(
                votes["legislator_id"].to_numpy(object)[legislator < 0])
            people = people.append(extra)
        if len(known) == 3:
            opt, options = known["option"].codes, known["option"].uniques
        else:
            opt, options = pd.factorize(votes["option"].to_numpy(object))
        return cls(people, pd.Index(options), rollcall, legislator, opt.astype(np.int64))

    def chose(self, option: str) -> np.ndarray:
        """Per vote row: whether its option is ``option``."""
        return self.option == (self.options.get_loc(option) if option in self.options else -1)

    def take(self, mask: np.ndarray) -> Codes:
        """The codes of the vote rows where ``mask`` holds."""
        return Codes(self.people, self.options, self.rollcall[mask], self.legislator[mask],
                     self.option[mask])


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
    all_codes: Codes  # of every row of dataset.votes
    codes: Codes  # of the rows of votes (rollcall: still positions in dataset.rollcalls)
    _names: dict[str, str] | None = field(default=None, init=False, repr=False)

    @property
    def folder(self) -> str:
        return str(self.dataset.folder)

    def name(self, legislator_id: str) -> str:
        """A legislator's name for a sentence (the id when the roster has none)."""
        if self._names is None:  # built on first use: most audits name few people
            legs = self.dataset.legislators.drop_duplicates("legislator_id", keep="last")
            self._names = dict(zip(legs["legislator_id"], legs["name"], strict=True))
        return self._names.get(legislator_id, legislator_id)

    def vote_rollcall(self) -> np.ndarray:
        """Per row of votes: the position of its roll call in ``rollcalls``."""
        local = np.full(len(self.dataset.rollcalls) + 1, -1, dtype=np.int64)  # [-1]: none
        mine = pd.Index(self.dataset.rollcalls["rollcall_id"]).get_indexer(
            self.rollcalls["rollcall_id"])
        local[mine] = np.arange(len(self.rollcalls))
        return local[self.codes.rollcall]


def audit_scope(platform: Platform, dataset: Dataset, scores: Scores,
                everything: bool = False) -> Scope:
    """The scored roll calls (period and lifetime) and their votes, or everything."""
    scored = set(scores.lifetime.selection.rows["rollcall_id"]) | set(
        scores.period.selection.rows["rollcall_id"])
    rc = dataset.rollcalls
    votes = dataset.votes
    codes = all_codes = Codes.of(dataset)
    if not everything:
        keep = rc["rollcall_id"].isin(scored).to_numpy()
        rc = rc[keep]
        mask = np.append(keep, False)[all_codes.rollcall]  # position -1: no roll call
        votes = votes[mask]
        codes = all_codes.take(mask)
    return Scope(platform, dataset, scores, everything, rc, votes, scored, all_codes, codes)
