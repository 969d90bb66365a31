"""period.sessions and a bill's session must name a session of the dataset (issue 11, 4)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard.build import score_platform
from scorecard.cli import cli
from tests.conftest import REPO


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copy(REPO / "platform.yaml", tmp_path / "platform.yaml")
    shutil.copytree(REPO / "votes" / "demo", tmp_path / "votes" / "demo")
    return tmp_path


def with_period(project: Path, sessions: str, bill_session: str | None = None) -> Path:
    text = (REPO / "platform.yaml").read_text(encoding="utf-8")
    text = text.replace("  sessions: [2025-2026]", f"  sessions: [{sessions}]", 1)
    if bill_session is not None:  # the first bill entry of 2023-2024
        text = text.replace("session: 2023-2024", f"session: {bill_session}", 1)
    (project / "platform.yaml").write_text(text, encoding="utf-8")
    return project / "platform.yaml"


def test_a_year_names_the_session_it_falls_in(project: Path) -> None:
    full = score_platform(with_period(project, "2025-2026"))
    year = score_platform(with_period(project, "2025", bill_session="2023"))
    assert year.platform.model.period.sessions == ["2025-2026"]
    assert year.scores.table["score"].notna().sum() == full.scores.table["score"].notna().sum()
    assert year.scores.table.equals(full.scores.table)


@pytest.mark.parametrize(("sessions", "bill", "message"), [
    ("2013-2014", None, "period.sessions names the session '2013-2014', which is not in the "
     "data"),
    ("2013", None, "period.sessions names the session '2013', which is not in the data"),
    ("23-24", None, "period.sessions names the session '23-24'"),
    ("2025-2026", "23-24", "has the session '23-24', which names no session of the data"),
])
def test_a_session_the_data_lacks_is_an_error(project: Path, sessions: str, bill: str | None,
                                              message: str) -> None:
    path = with_period(project, sessions, bill)
    result = CliRunner().invoke(cli, ["validate", "--platform", str(path)])
    text = " ".join(result.output.split())
    assert result.exit_code == 1 and message in text, text
    assert "its sessions are 2023-2024, 2025-2026" in text
    assert re.search(r"platform\.yaml, line \d+", text)
