"""The scorecard: a platform scored on its dataset, the one thing every output reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from .audit import Audit
from .dataset import Dataset
from .errors import Problem
from .platform import Platform
from .scoring import Scores
from .sensitivity import Sensitivity


@dataclass
class Scorecard:
    """A scored platform: what every writer renders."""

    platform: Platform
    dataset: Dataset
    scores: Scores
    warnings: list[Problem] = field(default_factory=list)
    audit: Audit = field(default_factory=Audit)  # the data audit of the scored roll calls
    sensitivity: Sensitivity | None = None  # each score under the other rules

    @property
    def fictional(self) -> bool:
        return self.dataset.fictional
