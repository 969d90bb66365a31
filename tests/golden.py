"""The golden scores of the demo: ``python -m tests.golden`` regenerates them.

The golden file pins data/scores.csv for the repository's platform.yaml on the
fictional demo; a change in scoring shows up as a reviewable diff of that file.
"""

from __future__ import annotations

from pathlib import Path

from scorecard.build import score_platform
from scorecard.render.data import scores_frame
from scorecard.tables import to_csv_text

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden" / "demo-scores.csv"


def demo_scores_csv() -> str:
    """data/scores.csv of the demo, as the build writes it."""
    return to_csv_text(scores_frame(score_platform(REPO / "platform.yaml")))


if __name__ == "__main__":
    GOLDEN.write_text(demo_scores_csv(), encoding="utf-8")
    print(f"wrote {GOLDEN.relative_to(REPO)}")
