"""Golden outputs of the demo: ``python -m tests.golden`` regenerates them.

They pin data/scores.csv and the site's index and methodology pages for the repository's
platform.yaml on the fictional demo, so that a change in scoring or in the templates
shows up as a reviewable diff of files in tests/golden/.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from scorecard.build import score_platform, write_outputs
from scorecard.render.data import write_data
from scorecard.render.html import write_site

REPO = Path(__file__).resolve().parents[1]
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
#: output file -> golden file
FILES = {
    "data/scores.csv": "demo-scores.csv",
    "index.html": "demo-index.html",
    "methodology.html": "demo-methodology.html",
}


def build_demo() -> dict[str, str]:
    """The demo's golden outputs, as the build writes them."""
    card = score_platform(REPO / "platform.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "output"
        write_outputs(card, out, writers=[("data", write_data), ("site", write_site)])
        return {name: (out / name).read_text(encoding="utf-8") for name in FILES}


if __name__ == "__main__":
    for name, text in build_demo().items():
        (GOLDEN_DIR / FILES[name]).write_text(text, encoding="utf-8")
        print(f"wrote tests/golden/{FILES[name]}")
