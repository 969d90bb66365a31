"""Corpus, bad input: broken, impossible or hostile files given to build and validate.

One table: each case damages a valid project in one way, runs a command, and the
corpus checks the message, exit 1, no traceback, output/ and the dataset untouched.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import FIXTURES
from .corpus import BUILD, VALIDATE, Case, check

PLATFORM = "platform.yaml"


def append(name: str, text: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = root / name
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return setup


def prepend(name: str, text: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = root / name
        path.write_text(text + path.read_text(encoding="utf-8"), encoding="utf-8")
    return setup


def replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (old, text)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return setup


def replace_bytes(name: str, old: bytes, new: bytes) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = root / name
        raw = path.read_bytes()
        assert old in raw, (old, raw)
        path.write_bytes(raw.replace(old, new, 1))
    return setup


def folder_instead(name: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = root / name
        if path.exists():
            path.unlink()
        path.mkdir()
        (path / "inside.txt").write_text("x", encoding="utf-8")
    return setup


def rewrite(name: str, edit: Callable[[list[str]], list[str]]) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = root / name
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    return setup


def laughs(levels: int = 9) -> str:
    """The billion laughs: 10**levels strings from a few hundred bytes."""
    out = ['lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        out.append(f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    return "\n".join(out) + "\n"


def weight(value: str) -> Callable[[Path], None]:
    return replace(PLATFORM, "position: support", f"position: support\n      weight: {value}")


def chain(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        for step in steps:
            step(root)
    return setup


def votes(path: str) -> str:
    return f"votes/{path}"


ROSTER_FILE = "Maria-Delgado-00000000-0000-4000-8000-000000000101.yml"


def roster(edit: Callable[[str], str]) -> Callable[[Path], None]:
    """A copy of the fixture roster in the project, one person file edited."""
    def setup(root: Path) -> None:
        shutil.copytree(FIXTURES / "openstates" / "roster", root / "roster")
        path = root / "roster" / ROSTER_FILE
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return setup


ROSTER = ["import", "roster", "{root}/roster", "--into", "{root}/votes"]

CASES = [
    # ---- platform.yaml
    Case("impossible-date", append(PLATFORM, "period: {start: 2023-02-30}\n"), BUILD,
         ("platform.yaml, line", "2023-02-30", "is not a real date")),
    Case("impossible-date-validate", append(PLATFORM, "period: {end: 2023-13-01}\n"),
         VALIDATE, ("platform.yaml, line", "2023-13-01", "is not a real date")),
    Case("billion-laughs-platform", prepend(PLATFORM, laughs()), BUILD,
         ("platform.yaml", "aliases", "expand")),
    Case("recursive-alias-platform", prepend(PLATFORM, "loop: &loop [*loop]\n"), BUILD,
         ("platform.yaml, line 1", "refers to itself")),
    Case("deep-nesting-platform", prepend(PLATFORM, "deep: " + "[" * 900 + "]" * 900 + "\n"),
         BUILD, ("platform.yaml, line 1", "nested")),
    Case("nul-byte-platform", replace(PLATFORM, "organization: Test Org",
                                      "organization: Test\x00Org"), BUILD,
         ("platform.yaml, line 2", "NUL")),
    Case("unhashable-key-platform", prepend(PLATFORM, "? [a, b]\n: 1\n"), BUILD,
         ("platform.yaml, line 1", "key")),
    Case("unknown-tag-platform", prepend(PLATFORM, "x: !!python/object:os.system ls\n"),
         BUILD, ("platform.yaml, line 1",)),
    Case("weight-inf", weight(".inf"), BUILD, ("platform.yaml, line", "weight", "finite")),
    Case("weight-nan", weight(".nan"), BUILD, ("platform.yaml, line", "weight", "finite")),
    Case("weight-overflow", weight("1.0e+999"), BUILD, ("weight", "finite")),
    Case("weight-zero", weight("0"), BUILD, ("weight", "greater than 0")),
    Case("weight-negative", weight("-1"), BUILD, ("weight", "greater than 0")),
    Case("points-inf", append(PLATFORM, "scoring: {sponsorship: {mode: bonus, points: .inf}}\n"),
         BUILD, ("platform.yaml, line", "points", "finite")),
    Case("cap-nan", append(PLATFORM, "scoring: {sponsorship: {mode: bonus, cap: .nan}}\n"),
         BUILD, ("platform.yaml, line", "cap", "finite")),
    Case("incomplete-nan", append(PLATFORM, "scoring: {incomplete_below: .nan}\n"),
         BUILD, ("platform.yaml, line", "incomplete_below")),
    Case("grade-inf", append(PLATFORM, "scoring: {grades: {A: .inf, F: 0}}\n"),
         BUILD, ("platform.yaml, line", "grades")),
    Case("platform-is-folder", folder_instead(PLATFORM), BUILD, ("is a folder",)),
    # ---- dataset.yaml
    Case("billion-laughs-dataset", append(votes("dataset.yaml"), laughs()), BUILD,
         ("dataset.yaml", "aliases", "expand")),
    Case("dataset-yaml-folder", folder_instead(votes("dataset.yaml")), BUILD,
         ("dataset.yaml", "is a folder")),
    Case("dataset-yaml-impossible-date", append(votes("dataset.yaml"),
                                                "published: 2023-02-30\n"), BUILD,
         ("dataset.yaml, line", "2023-02-30", "is not a real date")),
    Case("dataset-yaml-nul", append(votes("dataset.yaml"), "extra: a\x00b\n"), BUILD,
         ("dataset.yaml, line", "NUL")),
    Case("dataset-yaml-syntax", append(votes("dataset.yaml"), "notes: [unclosed\n"), BUILD,
         ("dataset.yaml, line", "YAML syntax error")),
    # ---- the roster's people files (read as text by the same reader)
    Case("billion-laughs-roster", roster(lambda t: laughs() + t), ROSTER,
         (ROSTER_FILE, "line", "aliases", "expand")),
    Case("nul-in-roster", roster(lambda t: t.replace("Maria", "Ma\x00ria", 1)), ROSTER,
         (ROSTER_FILE, "line", "NUL")),
    # ---- the tables
    Case("votes-is-folder", folder_instead(votes("votes.csv")), BUILD,
         ("votes.csv", "is a folder")),
    Case("overrides-is-folder", folder_instead(votes("overrides.csv")), BUILD,
         ("overrides.csv", "is a folder")),
    Case("legislators-is-folder", folder_instead(votes("legislators.csv")), VALIDATE,
         ("legislators.csv", "is a folder")),
    Case("votes-extra-field-every-row",
         rewrite(votes("votes.csv"), lambda ls: [ls[0]] + [row + ",x" for row in ls[1:]]),
         BUILD, ("votes.csv, row 2", "5 fields", "header names 4")),
    Case("votes-extra-field-one-row",
         rewrite(votes("votes.csv"), lambda ls: ls[:2] + [ls[2] + ",x"] + ls[3:]),
         BUILD, ("votes.csv, row 3", "5 fields", "header names 4")),
    Case("votes-short-row",
         rewrite(votes("votes.csv"), lambda ls: ls[:2] + [ls[2].rsplit(",", 2)[0]] + ls[3:]),
         BUILD, ("votes.csv, row 3", "option is empty")),
    Case("declared-total-huge",
         rewrite(votes("rollcalls.csv"), lambda ls: [ls[0]] + [
             ls[1].replace(",pass,", ",pass,99999999999999999999999,", 1).replace(
                 ",99999999999999999999999,0,", ",99999999999999999999999,", 1)] + ls[2:]),
         BUILD, ("rollcalls.csv, row 2", "yes", "whole number")),
    Case("duplicate-option-header",
         rewrite(votes("votes.csv"), lambda ls: [ls[0] + ",option"] + [r + ",no" for r in ls[1:]]),
         BUILD, ("votes.csv, row 1", "option", "twice")),
    Case("duplicate-name-header",
         rewrite(votes("legislators.csv"), lambda ls: [ls[0] + ",name"]
                 + [r + ",X" for r in ls[1:]]), VALIDATE,
         ("legislators.csv, row 1", "name", "twice")),
    Case("nul-in-legislator-name",
         replace_bytes(votes("legislators.csv"), b"Ada Senator", b"Ada\x00Senator"), BUILD,
         ("legislators.csv, line 2", "NUL")),
    Case("nul-in-votes", replace_bytes(votes("votes.csv"), b",yes,", b",ye\x00s,"), BUILD,
         ("votes.csv, line", "NUL")),
    Case("votes-not-utf8", replace_bytes(votes("votes.csv"), b",yes,", b",y\xe9s,"), BUILD,
         ("votes.csv, line", "UTF-8")),
    Case("votes-empty", lambda root: (root / "votes/votes.csv").write_text(""), BUILD,
         ("votes.csv, row 1", "empty")),
    Case("votes-unclosed-quote",
         rewrite(votes("votes.csv"), lambda ls: ls[:2] + ['"' + ls[2]] + ls[3:]), BUILD,
         ("votes.csv, row 3", "never closed")),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, tmp_path: Path) -> None:
    check(case, tmp_path)


def test_case_ids_are_unique() -> None:
    assert len({c.id for c in CASES}) == len(CASES)
