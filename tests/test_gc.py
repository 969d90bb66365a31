"""The garbage collector's settings in a build (docs/performance.md): objects alive when
the outputs are written are frozen while they are written (so forked writers do not copy
the pages they share by collecting them) and given back to the collector after, even
when a writer fails; the command line sets its thresholds and freezes what is left as
the process ends."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from scorecard.build import score_platform, write_outputs
from scorecard.card import Scorecard
from scorecard.cli import GC_THRESHOLD
from scorecard.errors import ScorecardError

from .builders import make_dataset, make_platform


@pytest.fixture
def card(tmp_path: Path) -> Scorecard:
    make_dataset(tmp_path / "votes", {"rc-a1-final": {"s1": "yes", "s2": "no"}})
    return score_platform(make_platform(tmp_path / "platform.yaml"))


def test_objects_are_frozen_while_the_outputs_are_written(card: Scorecard,
                                                          tmp_path: Path) -> None:
    seen: list[int] = []

    def writer(c: Scorecard, out: Path) -> None:
        seen.append(gc.get_freeze_count())
        (out / "x.txt").write_text("x", encoding="utf-8")

    before = gc.get_freeze_count()
    write_outputs(card, tmp_path / "out", writers=[("x", writer)], parallel=False)
    assert seen and seen[0] > before  # the card, the modules...
    assert gc.get_freeze_count() == before
    assert (tmp_path / "out" / "x.txt").is_file()


def test_a_failing_writer_gives_the_objects_back(card: Scorecard, tmp_path: Path) -> None:
    def writer(c: Scorecard, out: Path) -> None:
        raise ScorecardError("disk full")

    before = gc.get_freeze_count()
    with pytest.raises(ScorecardError, match="disk full"):
        write_outputs(card, tmp_path / "out", writers=[("x", writer)], parallel=False)
    assert gc.get_freeze_count() == before
    assert not (tmp_path / "out").exists()


def test_the_command_line_sets_the_thresholds_and_freezes_at_the_end() -> None:
    code = ("import gc, sys, atexit\n"
            "from scorecard.cli import main\n"
            "atexit.register(lambda: print(gc.get_threshold(), gc.get_freeze_count() > 0))\n"
            "sys.argv = ['scorecard', 'import', '--help']\n"
            "main()\n")
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip().splitlines()[-1]
    assert got == f"{GC_THRESHOLD} True"
