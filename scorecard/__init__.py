"""scorecard: legislator scorecards from a platform file and roll-call votes."""

from .build import build, score_platform, validate
from .card import Scorecard
from .compare import briefing, comparison, find_legislator
from .dataset import Dataset, load_dataset
from .errors import DataError, PlatformError, ScorecardError, SourceError
from .platform import Platform, load_platform
from .scoring import Scores, score

__all__ = [
    "DataError", "Dataset", "Platform", "PlatformError", "ScorecardError", "Scorecard",
    "Scores", "SourceError", "briefing", "build", "comparison", "find_legislator",
    "load_dataset", "load_platform", "score", "score_platform", "validate",
]
