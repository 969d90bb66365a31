"""The demo's scores and key pages must equal the committed golden files.

After an intended change to scoring, templates or the demo, regenerate them with
``python -m tests.golden`` and review the diff.
"""

from __future__ import annotations

import difflib

import pytest

from .golden import FILES, GOLDEN_DIR, build_demo


@pytest.fixture(scope="module")
def demo() -> dict[str, str]:
    return build_demo()


@pytest.mark.parametrize("name", sorted(FILES))
def test_demo_output_matches_golden(demo, name):
    want = (GOLDEN_DIR / FILES[name]).read_text(encoding="utf-8")
    got = demo[name]
    if got != want:
        diff = difflib.unified_diff(want.splitlines(), got.splitlines(), f"golden/{FILES[name]}",
                                    name, lineterm="", n=1)
        raise AssertionError(f"{name} differs from tests/golden/{FILES[name]} (regenerate with: "
                             "python -m tests.golden):\n" + "\n".join(list(diff)[:40]))
