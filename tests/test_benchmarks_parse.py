"""The benchmark scripts are code the suite does not run (they take minutes): at least
each must compile, and the one-command table must answer --help."""

from __future__ import annotations

import py_compile
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.mark.parametrize("script", sorted(BENCHMARKS.glob("*.py")), ids=lambda p: p.name)
def test_benchmark_compiles(script: Path) -> None:
    py_compile.compile(str(script), doraise=True)


def test_targets_help() -> None:
    run = subprocess.run([sys.executable, str(BENCHMARKS / "targets.py"), "--help"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "--quick" in run.stdout
