"""Shared machinery of the hardening corpus: a project on disk, a CLI run, the checks.

Every case of the corpus runs a real command through click's test runner and asserts
the same things: the exit code, the exact message fragments, no traceback, and that
nothing the command was not asked to change has changed (the previous output/ and the
dataset folder, byte for byte).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner, Result

from scorecard.cli import cli
from scorecard.destinations import BUILD_MARKER

from ..builders import make_dataset, make_platform

FINAL = "rc-a1-final"
PREVIOUS = "previous build"


def make_project(root: Path) -> Path:
    """A valid platform and dataset under ``root`` and a previous output/."""
    make_dataset(root / "votes", {FINAL: {"s1": "yes", "s2": "no"},
                                  "rc-a1-lower": {"a1": "yes", "a2": "no"}})
    make_platform(root / "platform.yaml")
    out = root / "output"
    out.mkdir()
    (out / "index.html").write_text(PREVIOUS, encoding="utf-8")
    (out / BUILD_MARKER).write_text("", encoding="utf-8")  # a previous build wrote it
    return root


def snapshot(folder: Path) -> dict[str, str]:
    """Relative path -> digest of every file under ``folder`` (folders as "dir")."""
    if not folder.exists():
        return {}
    out: dict[str, str] = {}
    for p in sorted(folder.rglob("*")):
        rel = str(p.relative_to(folder))
        out[rel] = "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def invoke(root: Path, args: list[str], env: dict[str, str] | None = None) -> Result:
    """Run ``scorecard ARGS`` with ``{root}`` in the arguments replaced by ``root``."""
    argv = [a.replace("{root}", str(root)) for a in args]
    return CliRunner().invoke(cli, argv, env=env, catch_exceptions=True)


@dataclass(frozen=True)
class Case:
    """One hostile or broken input and what the command must say about it."""

    id: str
    setup: Callable[[Path], None]
    args: list[str]
    fragments: tuple[str, ...]
    exit_code: int = 1
    env: dict[str, str] = field(default_factory=dict)
    absent: tuple[str, ...] = ()  # text that must not appear in the output
    then: Callable[[Path], None] | None = None  # further checks of the files written


BUILD = ["build", "--platform", "{root}/platform.yaml", "--out", "{root}/output"]
VALIDATE = ["validate", "--platform", "{root}/platform.yaml"]


def check(case: Case, tmp_path: Path) -> Result:
    """Run ``case`` in a fresh project and assert everything the corpus promises."""
    root = make_project(tmp_path)
    case.setup(root)
    before = {name: snapshot(root / name) for name in ("output", "votes")}
    result = invoke(root, case.args, case.env)
    shown = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{case.id}: raised {result.exception!r}\n{shown}") \
            from result.exception
    assert "Traceback" not in shown, shown
    assert result.exit_code == case.exit_code, f"{case.id}: exit {result.exit_code}\n{shown}"
    for fragment in case.fragments:
        assert fragment in shown, f"{case.id}: {fragment!r} not in:\n{shown}"
    for text in case.absent:
        assert text not in shown, f"{case.id}: {text!r} in:\n{shown}"
    if case.exit_code:
        after = {name: snapshot(root / name) for name in ("output", "votes")}
        assert after == before, f"{case.id}: files changed"
        assert (root / "output" / "index.html").read_text(encoding="utf-8") == PREVIOUS
        debris = [p.name for p in root.iterdir() if p.name.startswith(".output")]
        assert not debris, debris
    if case.then is not None:
        case.then(root)
    return result
