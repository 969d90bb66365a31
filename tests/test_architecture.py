"""The rooms of the code, kept by import-linter contracts (pyproject.toml)."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import scorecard.sources

ROOT = Path(__file__).resolve().parents[1]


def test_contracts_name_every_source() -> None:
    """A new source must be added to the contracts, or they would not cover it."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    independent = next(c for c in contracts if c["type"] == "independence")
    found = {f"scorecard.sources.{m.name}" for m in pkgutil.iter_modules(
        scorecard.sources.__path__) if m.name != "core"}
    assert set(independent["modules"]) == found, (
        "list every source in the import-linter contracts of pyproject.toml")


def test_import_contracts_are_kept() -> None:
    # In its own process: import-linter configures logging with dictConfig, which
    # disables every logger already made (later tests that read the urllib3 log failed).
    pytest.importorskip("importlinter.cli", reason="import-linter (the dev extra)")
    run = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; "
         "sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True, no_logo=True))",
         str(ROOT / "pyproject.toml")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, f"an import breaks a contract:\n{run.stdout}{run.stderr}"
