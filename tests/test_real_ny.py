"""The repository's platform built on real NY Senate votes (the public mirror + roster).

Reads ../shared/realdata (skipped with the reason when absent); nothing is copied.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard.cli import cli

from .conftest import REPO


@pytest.fixture(scope="module")
def real_build(real_ny_votes: Path, tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("real-ny-build")
    result = CliRunner().invoke(cli, ["build", "--platform", str(REPO / "platform.yaml"),
                                      "--data", str(real_ny_votes), "--out",
                                      str(tmp / "output")])
    assert result.exit_code == 0, result.output
    return tmp / "output"


def _scores(out: Path) -> list[dict[str, str]]:
    with (out / "data" / "scores.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_real_senate_scorecard(real_build):
    rows = _scores(real_build)
    senate = [r for r in rows if r["chamber"] == "upper"]
    assert len(senate) >= 63
    lifetime = [r for r in senate if r["lifetime_score"]]
    # every senator who voted on a platform bill since 2019 has a lifetime score
    assert len(lifetime) >= 60
    assert all(r["legislator_id"].startswith("ocd-person/") for r in senate)
    assert {r["party"] for r in senate} >= {"Democratic", "Republican"}


def test_assembly_has_no_real_votes_and_says_so(real_build):
    rows = _scores(real_build)
    assembly = [r for r in rows if r["chamber"] == "lower"]
    assert len(assembly) >= 150
    # no zeros standing in for missing data: the score cells are empty
    assert all(r["score"] == "" and r["lifetime_score"] == "" and r["grade"] == ""
               for r in assembly)
    import json

    doc = json.loads((real_build / "data" / "scores.json").read_text(encoding="utf-8"))
    reasons = {r["why_no_score"] for r in doc["legislators"] if r["chamber"] == "lower"}
    assert reasons == {"this dataset has no Assembly roll calls at all (its sources have "
                       "none); see docs/adding-votes.md for how to add them"}


def test_real_build_is_not_marked_fictional(real_build):
    html = (real_build / "index.html").read_text(encoding="utf-8")
    assert "fictional" not in html.lower()
