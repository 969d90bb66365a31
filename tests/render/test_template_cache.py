"""Compiled templates are cached between builds (Jinja2's bytecode cache), and the pages
are byte-identical with or without the cache."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from scorecard.render.templates import environment, template_cache

from .test_site import build_site


def tree(out: Path) -> dict[Path, bytes]:
    return {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_a_build_from_cached_templates_is_byte_identical(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    cache = tmp_path / "tmp" / f"_jinja2-cache-{os.getuid()}"
    _, cold = build_site(tmp_path / "cold")
    compiled = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.cache")}
    assert len(compiled) >= 5  # every page template and partial the site used
    _, warm = build_site(tmp_path / "warm")
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.cache")} == compiled  # reused
    first, second = tree(cold), tree(warm)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_without_a_safe_cache_folder_templates_are_compiled(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))
    assert template_cache() is None
    env = environment()
    assert env.bytecode_cache is None
    voters = env.get_template("_partials/voters.html")
    assert voters.render(voters=[], root="") == '<ul class="voters">\n</ul>\n'
