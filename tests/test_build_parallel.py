"""The build's second process (scorecard.build.write_outputs): the data and the workbook
are written beside the site, the output is the same bytes either way, and a failure in
either process leaves the previous output untouched and no staging folder behind."""

from __future__ import annotations

import importlib
import os
import time
from pathlib import Path

import pytest

from scorecard.build import Writer, score_platform, split_writers, write_outputs
from scorecard.card import Scorecard
from scorecard.destinations import BUILD_MARKER
from scorecard.errors import ScorecardError
from scorecard.render.data import write_data
from scorecard.render.xlsx import write_workbook

from .builders import make_dataset, make_platform

build_module = importlib.import_module("scorecard.build")  # the package exports build()


@pytest.fixture
def card(tmp_path: Path) -> Scorecard:
    make_dataset(tmp_path / "votes", {"rc-a1-final": {"s1": "yes", "s2": "no"},
                                      "rc-a1-lower": {"a1": "yes", "a2": "no"}})
    return score_platform(make_platform(tmp_path / "platform.yaml"))


def tree(folder: Path) -> dict[Path, bytes]:
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_the_data_and_workbook_go_beside_the_site() -> None:
    writers = build_module.default_writers()
    here, beside = split_writers(writers, parallel=True)
    assert [w[0] for w in here] == ["site"] and [w[0] for w in beside] == ["data", "workbook"]
    assert split_writers(writers, parallel=False) == (writers, [])
    only = [w for w in writers if w[0] != "site"]  # nothing left here: no second process
    assert split_writers(only, parallel=True) == (only, [])


def test_the_output_is_the_same_bytes_with_or_without_the_second_process(
        card: Scorecard, tmp_path: Path) -> None:
    write_outputs(card, tmp_path / "one", parallel=False)
    write_outputs(card, tmp_path / "two", parallel=True)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert Path("scorecard.xlsx") in tree(tmp_path / "two")


def test_the_writers_beside_run_in_another_process(card: Scorecard, tmp_path: Path) -> None:
    def where(name: str):  # the pid each writer ran in, written as a file
        def writer(_: Scorecard, out: Path) -> None:
            (out / name).write_text(str(os.getpid()), encoding="utf-8")
        return writer

    write_outputs(card, tmp_path / "out", parallel=True,
                  writers=[("data", where("data")), ("site", where("site"))])
    pids = {n: (tmp_path / "out" / n).read_text(encoding="utf-8") for n in ("data", "site")}
    assert pids["site"] == str(os.getpid()) and pids["data"] != pids["site"]


def _fails(_: Scorecard, out: Path) -> None:
    (out / "scorecard.xlsx").write_text("half", encoding="utf-8")
    raise ScorecardError("the workbook could not be written")


@pytest.mark.parametrize("failing", ["workbook", "site"])
def test_a_failure_in_either_process_leaves_the_previous_output(
        card: Scorecard, tmp_path: Path, failing: str) -> None:
    out = tmp_path / "output"
    out.mkdir()
    (out / "index.html").write_text("previous build", encoding="utf-8")
    (out / BUILD_MARKER).write_text("", encoding="utf-8")
    writers = [("data", write_data), ("site", write_data), ("workbook", write_workbook)]
    writers = [(label, _fails if label == failing else w) for label, w in writers]
    with pytest.raises(ScorecardError, match="the workbook could not be written"):
        write_outputs(card, out, writers=writers, parallel=True)
    assert sorted(p.name for p in out.iterdir()) == [BUILD_MARKER, "index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "previous build"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".output")] == []



def _pid_writer(name: str, after: str | None = None) -> Writer:
    """A writer that writes the pid it ran in as the file ``name``; with ``after``, only
    once the file ``after`` is there (written by the other process: no race on timing)."""
    def writer(_: Scorecard, out: Path) -> None:
        deadline = time.monotonic() + 60
        while after and not (out / after).exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        (out / name).write_text(str(os.getpid()), encoding="utf-8")
    return writer


@pytest.mark.parametrize(("slow", "writes_data"), [("workbook", "site"), ("site", "workbook")])
def test_the_data_is_written_once_by_whichever_process_is_done_first(
        card: Scorecard, tmp_path: Path, slow: str, writes_data: str) -> None:
    """The site is written here, the workbook beside; the data by the process of the one
    that ends first (the other waits until the data is written)."""
    names = ("data", "site", "workbook")
    write_outputs(card, tmp_path / "out", parallel=True,
                  writers=[(n, _pid_writer(n, "data" if n == slow else None)) for n in names])
    pids = {n: (tmp_path / "out" / n).read_text(encoding="utf-8") for n in names}
    assert pids["site"] == str(os.getpid()) != pids["workbook"]
    assert pids["data"] == pids[writes_data]
