"""Nothing is imported that a command does not use (issue 15).

Each check runs a fresh interpreter (``python -c``) and asserts which heavy modules are
NOT in ``sys.modules`` afterwards: a behaviour test, not a timed one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

#: what only building (charts, the workbook, the renderers) or fetching needs
RENDERING = ("matplotlib", "openpyxl", "xlsxwriter", "PIL", "jinja2", "scorecard.render")
FETCHING = ("requests", "requests_cache", "urllib3")
TABLES = ("pandas", "numpy", "pydantic")


def loaded_after(code: str) -> set[str]:
    """The top-level modules and scorecard packages loaded after running ``code``."""
    probe = (f"{code}\nimport json, sys\n"
             "print(json.dumps(sorted(m for m in sys.modules if '.' not in m or "
             "m.startswith('scorecard.render'))))")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=env, text=True,
                          capture_output=True, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def help_of(*args: str) -> str:
    return ("import contextlib, io\nfrom scorecard.cli import cli\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    cli.main({list(args)!r}, prog_name='scorecard', standalone_mode=False)")


@pytest.mark.parametrize("args", [["--help"], ["import", "--help"], ["fetch", "--help"],
                                  ["build", "--help"], ["--version"]])
def test_help_imports_neither_tables_nor_renderers_nor_http(args: list[str]) -> None:
    loaded = loaded_after(help_of(*args))
    assert "click" in loaded  # the probe did run the command line
    assert loaded.isdisjoint(RENDERING + FETCHING + TABLES), sorted(
        loaded & set(RENDERING + FETCHING + TABLES))


def test_validate_does_not_import_renderers_or_http() -> None:
    loaded = loaded_after("import scorecard.build, scorecard.cli\n"
                          "scorecard.build.validate('platform.yaml', None)")
    assert "pandas" in loaded
    assert loaded.isdisjoint(RENDERING + FETCHING), sorted(loaded & set(RENDERING + FETCHING))


@pytest.mark.parametrize("module", [
    "nyopenleg.mirror", "openstates.bulk", "legiscan.dataset", "legiscan.csv_dataset",
    "congress.source", "csvfile", "roster", "nyassembly.importer"])
def test_importers_do_not_import_renderers_or_http(module: str) -> None:
    loaded = loaded_after(f"import scorecard.cli, scorecard.sources.{module}")
    assert loaded.isdisjoint(RENDERING + FETCHING), sorted(loaded & set(RENDERING + FETCHING))


def test_every_registered_command_names_a_function_that_exists() -> None:
    from scorecard import sources

    for verb in ("import", "fetch"):
        for name, command in sources.commands(verb).items():
            assert callable(command.load()), f"scorecard {verb} {name}: {command.run}"


def test_the_build_process_does_not_import_matplotlib(tmp_path: Path) -> None:
    """Charts are SVG text and the share cards find their font without matplotlib."""
    loaded = loaded_after(
        "import sys\nfrom pathlib import Path\n"
        "from scorecard.build import score_platform\n"
        "from scorecard.render.html import write_site\n"
        "from tests.render.site_fixture import make_site_inputs\n"
        f"folder = Path({str(tmp_path)!r})\n"
        "card = score_platform(make_site_inputs(folder))\n"
        "(folder / 'out').mkdir()\n"
        "write_site(card, folder / 'out')\n"
        "assert (folder / 'out' / 'charts' / 'party-averages.svg').is_file()")
    assert "jinja2" in loaded and "PIL" in loaded  # the site was written here
    assert "matplotlib" not in loaded
