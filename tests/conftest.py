"""Shared test fixtures: paths to the repository, the demo and the real public data."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: Real public data lives beside the repository (../shared/realdata), never inside it.
REALDATA = Path(os.environ.get("SCORECARD_REALDATA", REPO.parent / "shared" / "realdata"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Builds keep dataset caches in the user's cache folder (scorecard.loadcache): the tests
#: keep theirs in a folder of their own, never in the home folder of whoever runs them.
os.environ.setdefault("SCORECARD_CACHE_DIR", tempfile.mkdtemp(prefix="scorecard-cache-"))


@pytest.fixture
def realdata() -> Path:
    """The real-data folder; the test is skipped, with the reason, when it is absent."""
    if not REALDATA.is_dir():
        pytest.skip(f"real public data not found at {REALDATA} (set SCORECARD_REALDATA to "
                    "the shared/realdata folder to run this test)")
    return REALDATA


#: The one import a user runs (docs/real-ny-data.md): the four Senate archives and the
#: curated bills/ folder, which repeats 21 of their files.
MIRROR_INPUTS = [f"jehiah_ny_legislation/bills_with_senate_floor_votes_{y}.tar.gz"
                 for y in (2019, 2021, 2023, 2025)] + ["jehiah_ny_legislation/bills"]


@pytest.fixture(scope="session")
def real_ny_votes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real NY Senate dataset, imported once per test session in one call."""
    from click.testing import CliRunner

    from scorecard.cli import cli

    if not REALDATA.is_dir():
        pytest.skip(f"real public data not found at {REALDATA} (set SCORECARD_REALDATA to "
                    "the shared/realdata folder to run this test)")
    into = tmp_path_factory.mktemp("real-ny") / "votes"
    result = CliRunner().invoke(cli, [
        "import", "ny-mirror", *(str(REALDATA / p) for p in MIRROR_INPUTS), "--into",
        str(into), "--roster", str(REALDATA / "openstates_people_ny")])
    assert result.exit_code == 0, result.output
    return into
