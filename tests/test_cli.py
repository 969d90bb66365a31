"""The command line: exit codes, messages, and that a failed build leaves output/ untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.destinations import BUILD_MARKER

from .builders import make_dataset, make_platform

FINAL = "rc-a1-final"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A valid platform and dataset, and a previous output/ that must survive failures."""
    make_dataset(tmp_path / "votes", {FINAL: {"s1": "yes", "s2": "no"},
                                      "rc-a1-lower": {"a1": "yes", "a2": "no"}})
    make_platform(tmp_path / "platform.yaml")
    out = tmp_path / "output"
    out.mkdir()
    (out / "index.html").write_text("previous build", encoding="utf-8")
    (out / BUILD_MARKER).write_text("", encoding="utf-8")  # a previous build wrote it
    return tmp_path


def run(project: Path, *args: str):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result


def build(project: Path, *extra: str):
    return run(project, "build", "--platform", str(project / "platform.yaml"),
               "--out", str(project / "output"), *extra)


def assert_failed_cleanly(project: Path, result, *fragments: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.output, f"{fragment!r} not in:\n{result.output}"
    assert (project / "output" / "index.html").read_text() == "previous build"
    assert sorted(p.name for p in (project / "output").iterdir()) == [BUILD_MARKER, "index.html"]
    leftovers = [p.name for p in project.iterdir() if p.name.startswith(".output")]
    assert not leftovers, leftovers


def test_build_writes_outputs(project):
    result = build(project)
    assert result.exit_code == 0, result.output
    scores = (project / "output" / "data" / "scores.csv").read_text().splitlines()
    assert scores[0] == ("legislator_id,name,chamber,district,party,score,lifetime_score,grade,"
                         "rank,votes_counted,participation,incomplete,sponsored_support,"
                         "sponsored_oppose,section:sec")
    assert (project / "output" / "data" / "receipts.csv").exists()
    assert (project / "output" / "data" / "scores.json").exists()
    assert "Scored 4 of 5 legislators" in result.output


def test_build_is_byte_identical(project):
    build(project)
    first = {p.relative_to(project / "output"): p.read_bytes()
             for p in (project / "output").rglob("*") if p.is_file()}
    build(project)
    second = {p.relative_to(project / "output"): p.read_bytes()
              for p in (project / "output").rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_validate_ok(project):
    result = run(project, "validate", "--platform", str(project / "platform.yaml"))
    assert result.exit_code == 0
    assert "OK:" in result.output


def test_usage_error_exits_2(project):
    result = run(project, "build", "--no-such-option")
    assert result.exit_code == 2


def test_every_command_has_help():
    for name, command in cli.commands.items():
        assert command.help and len(command.help) > 40, name
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


PLATFORM_CASES = [
    ("yaml syntax", "title: Test Scorecard", "title: [Test Scorecard",
     ["platform.yaml, line", "YAML syntax error"]),
    ("missing title", "title: Test Scorecard\n", "", ["line 1: title is required but missing"]),
    ("missing jurisdiction", "jurisdiction: NY\n", "",
     ["jurisdiction is required but missing"]),
    ("missing sections", "sections:", "sectionz:", ["sections is required but missing"]),
    ("position", "position: support", "position: favour",
     ["line 17:", "sections[0].demands[0].bills[0].position must be one of 'support' or "
      "'oppose', not 'favour'"]),
    ("weight zero", "position: support", "position: support\n      weight: 0",
     ["weight must be greater than 0, not 0"]),
    ("weight text", "position: support", "position: support\n      weight: heavy",
     ["weight must be a number greater than 0, not 'heavy'"]),
    ("scoring value", "data: votes", "data: votes\nscoring:\n  absent: ignore",
     ["line 6: scoring.absent must be one of 'against', 'exclude' or 'half', not 'ignore'"]),
    ("duplicate demand", "  demands:\n", "  demands:\n  - id: d1\n    title: Again\n",
     ["demand id 'd1' is used twice"]),
    ("duplicate section", "sections:\n", "sections:\n- id: sec\n  title: Again\n  demands:\n"
     "  - {id: other, title: Other}\n", ["section id 'sec' is used twice"]),
    ("duplicate bill", "    - number: S1\n", "    - number: S1\n      session: 2023-2024\n"
     "      position: support\n    - number: S1\n",
     ["bill S1 (2023-2024) is listed twice in demand 'd1'"]),
    ("votes list names a missing roll call", "position: support",
     "position: support\n      votes: [rc-nope]",
     ["votes names roll call 'rc-nope', which is not in", "rollcalls.csv"]),
]


@pytest.mark.parametrize("name, old, new, fragments", PLATFORM_CASES,
                         ids=[c[0] for c in PLATFORM_CASES])
def test_bad_platform(project, name, old, new, fragments):
    edit(project / "platform.yaml", old, new)
    result = build(project)
    assert_failed_cleanly(project, result, "platform.yaml", *fragments)


def test_unknown_key_warns_and_strict_fails(project):
    edit(project / "platform.yaml", "data: votes", "data: votes\ncolour: red")
    result = build(project)
    assert result.exit_code == 0
    assert "unknown key 'colour' is ignored" in result.output
    shutil.rmtree(project / "output")
    (project / "output").mkdir()
    (project / "output" / "index.html").write_text("previous build", encoding="utf-8")
    (project / "output" / BUILD_MARKER).write_text("", encoding="utf-8")
    assert_failed_cleanly(project, build(project, "--strict"), "line 5: unknown key 'colour'")


def test_platform_bill_missing_from_data_is_a_warning(project):
    edit(project / "platform.yaml", "number: S1", "number: S777")
    result = build(project)
    assert result.exit_code == 0
    # its companion A1 is in the data: the entry is scored, and the missing print named
    assert "are not in the data" not in result.output
    assert ("1 platform bill(s) are in the data by one print only (their votes are scored);"
            " not in the data: S777.") in " ".join(result.output.split())
    edit(project / "platform.yaml", "- A1\n", "- A778\n")
    result = build(project)
    assert "1 platform bill(s) are not in the data" in result.output
    assert "S777 / A778 (2023-2024)" in result.output


DATA_CASES = [
    ("missing file", "rollcalls.csv", None, ["rollcalls.csv: is missing"]),
    ("missing column", "votes.csv", ("rollcall_id,legislator_id,option,raw",
                                     "rollcall_id,legislator_id,choice,raw"),
     ["votes.csv, row 1: lacks column(s) option"]),
    ("unknown option", "votes.csv", (f"{FINAL},s1,yes", f"{FINAL},s1,maybe"),
     ["votes.csv, row 2: option 'maybe' is not one of: yes, no"]),
    ("unknown roll call", "votes.csv", (f"{FINAL},s1,yes", "rc-ghost,s1,yes"),
     ["votes.csv, row 2: rollcall_id 'rc-ghost' names no roll call in rollcalls.csv"]),
    ("unknown legislator", "votes.csv", (f"{FINAL},s1,yes", f"{FINAL},zz9,yes"),
     ["votes.csv, row 2: legislator_id 'zz9' names no legislator in legislators.csv"]),
    ("duplicate vote", "votes.csv", (f"{FINAL},s2,no", f"{FINAL},s1,no"),
     ["votes.csv, row 3: duplicate row: rollcall_id=rc-a1-final, legislator_id=s1 already "
      "appears in row 2"]),
    ("bad date", "rollcalls.csv", ("2023-06-01", "06/01/2023"),
     ["rollcalls.csv, row 4: date '06/01/2023' is not a date; write dates as YYYY-MM-DD"]),
    ("roll call for unknown bill", "rollcalls.csv", ("2023-2024/S2,", "2023-2024/S3,"),
     ["rollcalls.csv, row 6: bill_id '2023-2024/S3' names no bill in bills.csv"]),
]


@pytest.mark.parametrize("name, file, change, fragments", DATA_CASES,
                         ids=[c[0] for c in DATA_CASES])
def test_bad_data(project, name, file, change, fragments):
    path = project / "votes" / file
    if change is None:
        path.unlink()
    else:
        edit(path, *change)
    result = build(project)
    assert_failed_cleanly(project, result, *fragments)


def test_non_utf8_file(project):
    path = project / "votes" / "legislators.csv"
    path.write_bytes(path.read_bytes().replace(b"Ada Senator", "Adá Senator".encode("latin-1")))
    result = build(project)
    assert_failed_cleanly(project, result, "legislators.csv, line 2: is not valid UTF-8",
                          "iconv")


def test_non_utf8_platform(project):
    path = project / "platform.yaml"
    path.write_bytes(path.read_bytes().replace(b"Test Org", "Tést Org".encode("latin-1")))
    assert_failed_cleanly(project, build(project), "platform.yaml, line 2", "not valid UTF-8")


def test_missing_platform_file(tmp_path):
    result = run(tmp_path, "build", "--platform", str(tmp_path / "nope.yaml"),
                 "--out", str(tmp_path / "output"))
    assert result.exit_code == 1
    assert "nope.yaml: no such file" in result.output
    assert not (tmp_path / "output").exists()


def test_missing_data_folder(project):
    edit(project / "platform.yaml", "data: votes", "data: elsewhere")
    assert_failed_cleanly(project, build(project), "elsewhere: no such dataset folder")


def test_declared_totals_mismatch_is_a_warning(project):
    edit(project / "votes" / "rollcalls.csv", "pass,1,1,0", "pass,5,1,0")
    result = build(project)
    assert result.exit_code == 0
    # the build prints the audit's one-line summary; the finding is in data/audit.csv
    assert "Audit of 2 scored roll calls: 0 errors, 2 warnings" in result.output  # + s3's gap
    audit = (project / "output" / "data" / "audit.csv").read_text(encoding="utf-8")
    assert "yes declared 5, member votes give 1" in audit
    result = run(project, "validate", "--platform", str(project / "platform.yaml"))
    assert "yes declared 5, member votes give 1" in result.output


def test_validate_reports_members_with_no_record(project):
    # s3 held a seat on 2023-06-01 but has no row for the final Senate vote
    result = run(project, "validate", "--platform", str(project / "platform.yaml"))
    assert result.exit_code == 0
    assert ("roll call rc-a1-final: no vote row for 1 member(s) who held a seat that day"
            in result.output)
    assert "(s3))" in result.output  # named, with the id


def test_vote_from_a_member_without_a_seat_is_counted_and_warned(project):
    edit(project / "votes" / "votes.csv", f"{FINAL},s2,no", f"{FINAL},s2,no\n{FINAL},a1,yes")
    edit(project / "votes" / "rollcalls.csv", "pass,1,1,0", "pass,2,1,0")
    result = build(project)
    assert result.exit_code == 0, result.output
    result = run(project, "validate", "--platform", str(project / "platform.yaml"))
    # named by name and id
    assert "Di Member (a1) voted on rc-a1-final but held no seat in that chamber" in result.output
