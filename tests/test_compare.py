"""Finding legislators, ``scorecard compare`` and ``scorecard brief``.

On a small hand-made fixture (tests/builders.py) and on the repository's demo.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard.build import score_platform
from scorecard.card import Scorecard
from scorecard.cli import cli
from scorecard.compare import briefing, comparison, find_legislator
from scorecard.errors import ScorecardError

from .builders import LEGISLATORS, make_dataset, make_platform

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "platform.yaml"
BANNER = "Sample data: fictional legislators"

PEOPLE = [*LEGISLATORS,
          ("s4", "José Peralta", "Democratic", "upper", "4", "2021-01-01", ""),
          ("s5", "Jane Smith", "Democratic", "upper", "5", "2021-01-01", ""),
          ("a3", "Jane Smith", "Republican", "lower", "3", "2021-01-01", "")]

VOTES = {
    "rc-a1-final": {"s1": "yes", "s2": "no", "s3": "yes", "s4": "absent", "s5": "yes"},
    "rc-a1-lower": {"a1": "yes", "a2": "no", "a3": "yes"},
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    make_dataset(tmp_path / "votes", VOTES, legislators=PEOPLE,
                 sponsors=[("2023-2024/S1", "s1", "primary")])
    return make_platform(tmp_path / "platform.yaml")


@pytest.fixture
def card(project: Path) -> Scorecard:
    return score_platform(project)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def flat(text: str) -> str:
    """The output with its table cells' line wrapping undone."""
    return " ".join(text.split())


# ---- find_legislator -----------------------------------------------------------------


@pytest.mark.parametrize("query, want", [
    ("s1", "s1"),                    # id
    ("S1", "s1"),                    # id, any case
    ("ada-senator", "s1"),           # page slug
    ("ada-senator.html", "s1"),
    ("Ada Senator", "s1"),           # exact name
    ("  ada   SENATOR ", "s1"),      # case and spaces
    ("Senator, Ada", "s1"),          # sort name
    ("bo sen", "s2"),                # unique part of a name
    ("jose peralta", "s4"),          # accents do not matter
    ("JOSÉ", "s4"),
    ("jane-smith-upper-5", "s5"),    # the qualified slug of a shared name
])
def test_find_legislator(card: Scorecard, query: str, want: str) -> None:
    assert find_legislator(card, query)["legislator_id"] == want


def test_find_ambiguous_lists_candidates(card: Scorecard) -> None:
    with pytest.raises(ScorecardError) as err:
        find_legislator(card, "Jane Smith")
    msg = err.value.message
    assert msg.startswith("'Jane Smith' matches 2 legislators:")
    assert "Jane Smith (Senate District 5, Democratic; id s5)" in msg
    assert "Jane Smith (Assembly District 3, Republican; id a3)" in msg
    assert "use the legislator's id" in msg


def test_find_missing_suggests(card: Scorecard) -> None:
    with pytest.raises(ScorecardError) as err:
        find_legislator(card, "Ada Senatr")
    msg = err.value.message
    assert "No legislator matches 'Ada Senatr'" in msg
    assert "Did you mean:" in msg and "id s1" in msg
    with pytest.raises(ScorecardError, match="No legislator matches 'Nobody'"):
        find_legislator(card, "Nobody")


# ---- comparison ------------------------------------------------------------------------


def test_comparison_same_chamber(card: Scorecard) -> None:
    c = comparison(card, [find_legislator(card, q) for q in ("s1", "s2", "s4")])
    assert c.same_chamber and not c.notes
    assert [m.score_shown for m in c.members] == ["100", "0", "0"]
    assert [m.rank_text for m in c.members][0] == "1 of 5 in the Senate (tied)"
    assert c.members[0].sponsored_support == 1
    assert [m.sections[0].shown for m in c.members] == ["100", "0", "0"]
    [diff] = c.differing
    assert diff.rollcall_id == "rc-a1-final"
    assert diff.options == ["Yes (AYE)", "No (NAY)", "Absent (ABS)"]
    assert diff.verdicts == ["Aligned", "Against", "Against"]


def test_comparison_across_chambers_warns(card: Scorecard) -> None:
    c = comparison(card, [find_legislator(card, "s1"), find_legislator(card, "a1")])
    assert not c.same_chamber
    assert "never compared across chambers" in c.notes[0]
    assert c.differing == []


def test_comparison_needs_two_different(card: Scorecard) -> None:
    row = find_legislator(card, "s1")
    with pytest.raises(ScorecardError, match="given twice"):
        comparison(card, [row, row])
    with pytest.raises(ScorecardError, match="^Name at least two legislators to compare.$"):
        comparison(card, [row])


def test_empty_score_says_why(tmp_path: Path) -> None:
    make_dataset(tmp_path / "votes", {"rc-a1-final": {"s1": "yes", "s2": "no"}})
    card = score_platform(make_platform(tmp_path / "platform.yaml"))
    b = briefing(card, find_legislator(card, "a1"))
    assert b.profile.score_shown == ""
    assert b.profile.score_text.startswith("no score: no record in the data")
    assert "N/A" not in b.profile.score_text


# ---- the command line ------------------------------------------------------------------


def test_cli_compare_fixture(project: Path) -> None:
    result = run("compare", "--platform", str(project), "Ada", "bo senator")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Test Scorecard: 2 legislators compared" in out
    assert "Ada Senator" in out and "Bo Senator" in out
    assert "100 (grade A)" in out and "0 (grade F)" in out
    assert "1 of 5 in the Senate (tied)" in out
    assert "Scored roll calls where their votes differ (1):" in out
    assert "Yes (AYE): Aligned" in out and "No (NAY): Against" in out
    assert BANNER not in out  # the fixture is not marked fictional
    assert "never compared across chambers" not in out


def test_cli_compare_cross_chamber(project: Path) -> None:
    result = run("compare", "--platform", str(project), "s1", "Di Member")
    assert result.exit_code == 0, result.output
    assert "Note: These legislators sit in different chambers" in flat(result.output)
    assert "Scores are never compared across chambers" in flat(result.output)


def test_cli_compare_ambiguous_and_missing(project: Path) -> None:
    result = run("compare", "--platform", str(project), "s1", "Jane Smith")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "Error: 'Jane Smith' matches 2 legislators:" in result.output
    assert "id s5" in result.output and "id a3" in result.output
    result = run("compare", "--platform", str(project), "s1", "Nobody At All")
    assert result.exit_code == 1
    assert "No legislator matches 'Nobody At All'" in result.output


def test_cli_compare_usage(project: Path) -> None:
    result = run("compare", "--platform", str(project), "s1")
    assert result.exit_code == 2
    assert "name at least 2 legislators" in result.output
    assert run("compare").exit_code == 2


def test_cli_compare_five(project: Path) -> None:
    result = run("compare", "--platform", str(project), "s1", "s2", "s3", "a1", "a2")
    assert result.exit_code == 0, result.output
    assert "5 legislators compared" in result.output


def test_cli_compare_demo() -> None:
    result = run("compare", "--platform", str(DEMO), "demo:p0001", "demo:p0002")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{BANNER}.\n")
    assert "Immigrant Justice Scorecard: 2 legislators compared, the 2025-2026 session" in \
        result.output
    assert "Section: Building True Sanctuary" in flat(result.output)


def test_cli_brief_fixture(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "ada.html"
    result = run("brief", "--platform", str(project), "ada senator", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = flat(result.output)
    assert "BRIEFING: Ada Senator" in text
    for fragment in ("Senate District 1", "Democratic", "since 2021-01-01", "100 (grade A)",
                     "1 of 5 in the Senate (tied)", "Participation", "100%", "By section:",
                     "Aligned", "S1 / A1 (2023-2024, primary): the platform supports it",
                     f"Wrote the printable briefing to {out}."):
        assert fragment in text, fragment
    html = out.read_text(encoding="utf-8")
    assert "<style>" in html and 'rel="stylesheet"' not in html  # a single file
    assert "<h1 dir=\"auto\">Ada Senator</h1>" in html
    assert "href=\"../" not in html and "legislators/" not in html


def test_cli_brief_empty_score_says_why(project: Path) -> None:
    result = run("brief", "--platform", str(project), "s3", "--data",
                 str(project.parent / "votes"))
    assert result.exit_code == 0, result.output
    result = run("brief", "--platform", str(project), "Ed Member")
    assert result.exit_code == 0
    assert "N/A" not in result.output
    # Ed Member has a score in the fixture: without his vote he has none, and it says why
    gap = project.parent / "gap"
    make_dataset(gap, {**VOTES, "rc-a1-lower": {"a1": "yes", "a3": "yes"}}, legislators=PEOPLE)
    result = run("brief", "--platform", str(project), "Ed Member", "--data", str(gap))
    assert result.exit_code == 0, result.output
    text = flat(result.output)
    assert "no score: no record in the data: no vote of theirs on the scored roll calls" in text
    assert "Rank not ranked (no score)" in text
    assert "Lifetime score none: no counted vote in any session" in text
    assert "Participation no scored roll call in the period" in text
    assert "Section no counted vote in this section in the period" in text
    assert "N/A" not in result.output


def test_cli_brief_demo_fictional(tmp_path: Path) -> None:
    out = tmp_path / "b.html"
    result = run("brief", "--platform", str(DEMO), "demo:p0001", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{BANNER}.\n")
    assert "Key votes, the 2025-2026 session:" in result.output
    assert f"<strong>{BANNER}.</strong>" in out.read_text(encoding="utf-8")


def test_cli_brief_missing(project: Path) -> None:
    result = run("brief", "--platform", str(project), "zzz")
    assert result.exit_code == 1
    assert "Error: No legislator matches 'zzz'" in result.output
    assert "Traceback" not in result.output


def test_help_has_examples() -> None:
    for command in ("compare", "brief"):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert "Example" in result.output and "--platform" in result.output


def test_readme_documents_the_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "scorecard compare ID_OR_NAME ID_OR_NAME..." in readme
    assert "scorecard brief   ID_OR_NAME" in readme
    assert "briefings/<slug>.html" in readme and "compare.html" in readme


def test_brief_out_to_missing_folder(project: Path, tmp_path: Path) -> None:
    result = run("brief", "--platform", str(project), "s1", "--out",
                 str(tmp_path / "nope" / "b.html"))
    assert result.exit_code == 1
    assert "no such folder" in result.output and "Traceback" not in result.output


def test_normalize_quotes_and_accents() -> None:
    from scorecard.compare import normalize

    assert normalize("  José  O’Brien ") == normalize("jose o'brien") == "jose o'brien"
