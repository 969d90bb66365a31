"""Shared test fixtures: paths to the repository, the demo and the real public data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: Real public data lives beside the repository (../shared/realdata), never inside it.
REALDATA = Path(os.environ.get("SCORECARD_REALDATA", REPO.parent / "shared" / "realdata"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def realdata() -> Path:
    """The real-data folder; the test is skipped, with the reason, when it is absent."""
    if not REALDATA.is_dir():
        pytest.skip(f"real public data not found at {REALDATA} (set SCORECARD_REALDATA to "
                    "the shared/realdata folder to run this test)")
    return REALDATA
