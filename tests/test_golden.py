"""The demo's data/scores.csv must equal the committed golden file.

After an intended change to scoring or to the demo, regenerate it with
``python -m tests.golden`` and review the diff.
"""

from __future__ import annotations

from .golden import GOLDEN, demo_scores_csv


def test_demo_scores_match_golden():
    got = demo_scores_csv()
    want = GOLDEN.read_text(encoding="utf-8")
    if got != want:
        diff = [f"- {a}\n+ {b}" for a, b in zip(want.splitlines(), got.splitlines(),
                                               strict=False) if a != b][:10]
        raise AssertionError("demo scores differ from tests/golden/demo-scores.csv "
                             "(regenerate with: python -m tests.golden):\n" + "\n".join(diff))
