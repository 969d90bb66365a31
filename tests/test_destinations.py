"""Never lose a user's files: build --out, brief --out and --into refuse what is not theirs.

Each refusal exits 1 with a one-paragraph message and leaves every file as it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.destinations import BRIEF_MARKER, BUILD_MARKER, REVIEW
from tests.conftest import FIXTURES, REPO
from tests.sources.replay import snapshot


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the repository's platform and demo data, as a user's project folder."""
    shutil.copy(REPO / "platform.yaml", tmp_path / "platform.yaml")
    shutil.copytree(REPO / "votes" / "demo", tmp_path / "votes" / "demo")
    return tmp_path


def run(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, " ".join(result.output.split())


def build(project: Path, out: str) -> tuple[int, str]:
    return run(project, "build", "--platform", str(project / "platform.yaml"), "--out", out)


@pytest.mark.parametrize(("out", "message"), [
    (".", "the build replaces this folder whole, and it contains the platform file"),
    ("platform.yaml", "the build replaces this folder whole, and it is the platform file"),
    ("votes/demo", "the build replaces this folder whole, and it is the dataset"),
    ("votes", "the build replaces this folder whole, and it contains the dataset"),
    ("notes.txt", "is a file, not a folder"),
    ("mine", "holds files that scorecard build did not write (keep.txt)"),
])
def test_build_out_refuses_what_it_did_not_write(project: Path, out: str, message: str) -> None:
    (project / "notes.txt").write_text("my notes")
    (project / "mine").mkdir()
    (project / "mine" / "keep.txt").write_text("mine")
    before = snapshot(project)
    code, text = build(project, str(project / out))
    assert code == 1 and message in text and "nothing was written" in text, text
    assert "Traceback" not in text
    assert snapshot(project) == before


def test_build_out_unwritable_is_a_clear_error(project: Path) -> None:
    before = snapshot(project)
    code, text = build(project, "/proc/scorecard-out")
    # the staging writer (scorecard.staging) names the destination and says nothing changed
    assert code == 1 and "Cannot write the output /proc/scorecard-out" in text, text
    assert "Nothing was changed" in text and "Traceback" not in text, text
    assert snapshot(project) == before


def test_build_replaces_its_own_folder_and_an_empty_one(project: Path) -> None:
    (project / "empty").mkdir()
    code, text = build(project, str(project / "empty"))
    assert code == 0, text
    assert (project / "empty" / BUILD_MARKER).is_file()
    code, text = build(project, str(project / "empty"))  # its own, marked: replaced
    assert code == 0, text
    (project / "readme-only").mkdir()
    (project / "readme-only" / "README.md").write_text("about this folder")
    assert build(project, str(project / "readme-only"))[0] == 0  # README.md is kept
    assert (project / "readme-only" / "README.md").read_text() == "about this folder"


def brief(project: Path, out: str) -> tuple[int, str]:
    return run(project, "brief", "--platform", str(project / "platform.yaml"), "demo:p0001",
               "--out", out)


@pytest.mark.parametrize(("out", "message"), [
    ("platform.yaml", "is the platform file"),
    ("votes/demo/votes.csv", "is in the dataset"),
    ("votes", "is a folder"),
    ("mine", "is a folder"),
    ("notes.txt", "exists and is not a briefing written by scorecard brief"),
])
def test_brief_out_refuses_what_it_did_not_write(project: Path, out: str, message: str) -> None:
    (project / "notes.txt").write_text("my notes")
    (project / "mine").mkdir()
    before = snapshot(project)
    code, text = brief(project, str(project / out))
    assert code == 1 and message in text and "Traceback" not in text, text
    assert snapshot(project) == before


def test_brief_out_replaces_its_own_briefing(project: Path) -> None:
    path = project / "s1.html"
    assert brief(project, str(path))[0] == 0
    assert BRIEF_MARKER in path.read_text(encoding="utf-8")
    assert brief(project, str(path))[0] == 0
    code, text = brief(project, "/proc/scorecard-brief.html")
    assert code == 1 and "cannot write there" in text, text


@pytest.mark.parametrize(("into", "message"), [
    ("notes.txt", "is a file, not a dataset folder"),
    (".", "is neither empty nor a dataset folder"),
    ("/proc/scorecard-into", "cannot write there"),
])
@pytest.mark.parametrize("source", ["ny-mirror", "openstates-csv", "legiscan", "congress",
                                    "csv", "roster"])
def test_into_refuses_what_is_not_a_dataset(project: Path, source: str, into: str,
                                            message: str) -> None:
    (project / "notes.txt").write_text("my notes")
    paths = {"ny-mirror": FIXTURES / "nymirror" / "bills",
             "openstates-csv": FIXTURES / "openstates" / "ny_2023-2024",
             "legiscan": FIXTURES / "legiscan" / "ny_2023-2024",
             "congress": FIXTURES / "congress" / "data",
             "csv": project / "votes" / "demo",
             "roster": FIXTURES / "openstates" / "roster"}
    target = into if into.startswith("/") else str(project / into)
    before = snapshot(project)
    roster = [] if source in ("csv", "roster") else ["--roster", str(
        FIXTURES / "congress" / "roster" / "legislators-current.csv" if source == "congress"
        else FIXTURES / "nymirror" / "roster")]
    code, text = run(project, "import", source, str(paths[source]), "--into", target,
                     *roster)
    assert code == 1 and message in text and "Traceback" not in text, text
    assert snapshot(project) == before


def review(project: Path, out: str) -> tuple[int, str]:
    return run(project, "review", "--platform", str(project / "platform.yaml"), "--out", out)


@pytest.mark.parametrize(("out", "message"), [
    (".", "the review replaces this folder whole, and it contains the platform file"),
    ("platform.yaml", "the review replaces this folder whole, and it is the platform file"),
    ("votes/demo", "the review replaces this folder whole, and it is the dataset"),
    ("votes", "the review replaces this folder whole, and it contains the dataset"),
    ("notes.txt", "is a file, not a folder. Choose a folder for the letters, such as "
                  "letters/"),
    ("mine", "holds files that scorecard review did not write (keep.txt)"),
])
def test_review_out_refuses_what_it_did_not_write(project: Path, out: str,
                                                  message: str) -> None:
    (project / "notes.txt").write_text("my notes")
    (project / "mine").mkdir()
    (project / "mine" / "keep.txt").write_text("mine")
    before = snapshot(project)
    code, text = review(project, str(project / out))
    assert code == 1 and message in text and "nothing was written" in text, text
    assert "Traceback" not in text
    assert snapshot(project) == before


def test_review_and_build_never_replace_each_others_folder(project: Path) -> None:
    assert build(project, str(project / "output"))[0] == 0
    before = snapshot(project)
    code, text = review(project, str(project / "output"))  # the site is not the letters
    assert code == 1, text
    assert f"holds files that scorecard review did not write ({BUILD_MARKER}," in text, text
    assert snapshot(project) == before
    assert review(project, str(project / "letters"))[0] == 0
    before = snapshot(project)
    code, text = build(project, str(project / "letters"))
    assert code == 1, text
    assert f"holds files that scorecard build did not write ({REVIEW.marker}," in text, text
    assert snapshot(project) == before


def test_review_replaces_its_own_folder(project: Path) -> None:
    (project / "letters").mkdir()
    code, text = review(project, str(project / "letters"))
    assert code == 0, text
    assert (project / "letters" / REVIEW.marker).is_file()
    letters = sorted(p.name for p in (project / "letters").iterdir())
    assert "letters.csv" in letters and len(letters) > 200
    (project / "letters" / "stale.html").write_text("a letter of an earlier review")
    code, text = review(project, str(project / "letters"))  # its own, marked: replaced
    assert code == 0, text
    assert sorted(p.name for p in (project / "letters").iterdir()) == letters
    code, text = review(project, "/proc/scorecard-letters")
    assert code == 1 and "Cannot write the output /proc/scorecard-letters" in text, text
