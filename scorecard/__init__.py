"""scorecard: legislator scorecards from a platform file and roll-call votes.

The names below are imported when first used (PEP 562), so ``scorecard --help`` and the
importers do not pay for pandas, the scoring or the renderers they never call.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build import build, score_platform, validate
    from .card import Scorecard
    from .compare import briefing, comparison, find_legislator
    from .dataset import Dataset, load_dataset
    from .errors import DataError, PlatformError, ScorecardError, SourceError
    from .platform import Platform, load_platform
    from .scoring import Scores, score

#: public name -> the module that defines it
_WHERE = {
    "build": "build", "score_platform": "build", "validate": "build", "Scorecard": "card",
    "briefing": "compare", "comparison": "compare", "find_legislator": "compare",
    "Dataset": "dataset", "load_dataset": "dataset", "DataError": "errors",
    "PlatformError": "errors", "ScorecardError": "errors", "SourceError": "errors",
    "Platform": "platform", "load_platform": "platform", "Scores": "scoring", "score": "scoring",
}

__all__ = [
    "DataError", "Dataset", "Platform", "PlatformError", "ScorecardError", "Scorecard",
    "Scores", "SourceError", "briefing", "build", "comparison", "find_legislator",
    "load_dataset", "load_platform", "score", "score_platform", "validate",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'scorecard' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
