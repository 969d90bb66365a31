"""The registry: cli.py learns of sources, their help and their options only from it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from scorecard import sources
from scorecard.cli import cli


def test_every_source_is_listed_once_with_its_line() -> None:
    for verb in ("import", "fetch"):
        out = CliRunner().invoke(cli, [verb, "--help"]).output
        for name, command in sources.commands(verb).items():
            assert f"  {name} " in out and command.summary in out, (verb, name)
    assert set(sources.commands("import")) >= {
        "congress", "csv", "legiscan", "legiscan-csv", "ny-mirror", "openstates-csv", "roster"}
    assert set(sources.commands("fetch")) >= {"congress", "legiscan", "nysenate", "openstates"}


def test_source_options_come_from_the_sources() -> None:
    out = CliRunner().invoke(cli, ["fetch", "--help"]).output
    assert "--chamber [house|senate]" in out and "[congress]" in out
    assert "--state TEXT" in out and "[legiscan, openstates]" in out


def test_an_option_of_another_source_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["fetch", "legiscan", "--into", str(tmp_path / "v"),
                                      "--chamber", "house"])
    assert result.exit_code == 2
    assert "--chamber is not an option of 'scorecard fetch legiscan'" in result.output
    assert not (tmp_path / "v").exists()
