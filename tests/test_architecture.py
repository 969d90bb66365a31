"""The rooms of the code, kept by import-linter contracts (pyproject.toml)."""

from __future__ import annotations

import pkgutil
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
    cli = pytest.importorskip("importlinter.cli", reason="import-linter (the dev extra)")
    assert cli.lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True,
                            no_logo=True) == 0, "an import breaks a contract: see the output"
