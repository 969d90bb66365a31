"""Fixtures for the audit: a dataset imported from the real NY mirror, and copies to seed."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from scorecard.audit import Audit, Finding, run_audit
from scorecard.build import score_platform
from scorecard.sources import ImportRequest, run_import
from tests.conftest import REALDATA, REPO


@pytest.fixture(scope="session")
def ny_mirror(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The curated NY mirror bills (real Senate votes) imported with the real roster."""
    bills = REALDATA / "jehiah_ny_legislation" / "bills"
    if not bills.is_dir():
        pytest.skip(f"real public data not found at {bills}")
    into = tmp_path_factory.mktemp("audit-ny") / "votes"
    run_import("ny-mirror", ImportRequest([bills], into, [REALDATA / "openstates_people_ny"]))
    return into


@pytest.fixture
def ny_copy(ny_mirror: Path, tmp_path: Path) -> Path:
    """A copy of the imported real dataset, to seed a defect into."""
    return Path(shutil.copytree(ny_mirror, tmp_path / "votes"))


def read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def write(folder: Path, name: str, df: pd.DataFrame) -> None:
    df.to_csv(folder / f"{name}.csv", index=False)


def audit_of(data: Path, platform: Path = REPO / "platform.yaml",
             everything: bool = False) -> Audit:
    card = score_platform(platform, data)
    return card.audit if not everything else run_audit(
        card.platform, card.dataset, card.scores, everything=True)


def found(audit: Audit, check: str) -> list[Finding]:
    return [f for f in audit.findings if f.check == check]


Seeder = Callable[[Path], None]
