"""benchmarks/synthetic.py: each synthetic state has its own bills and roll calls."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd

from scorecard.build import score_platform

from .conftest import REPO


def _synthetic():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("synthetic", REPO / "benchmarks" /
                                                  "synthetic.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["synthetic"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_states_vote_only_on_their_own_bills(tmp_path: Path) -> None:
    counts = _synthetic().generate(REPO / "platform.yaml", tmp_path, states=3, sessions=3,
                                   background=2)
    votes = pd.read_csv(tmp_path / "votes" / "votes.csv", dtype=str)
    rollcalls = pd.read_csv(tmp_path / "votes" / "rollcalls.csv", dtype=str)
    assert counts["votes"] == len(votes) and counts["rollcalls"] == len(rollcalls)
    # State k's prints are S0k..., A0k...; its members are synth:s0k-...
    bill_state = rollcalls.set_index("rollcall_id")["bill_id"].str.split("/").str[1].str[1:3]
    voter_state = votes["legislator_id"].str.extract(r"synth:s(\d\d)-")[0]
    assert (votes["rollcall_id"].map(bill_state) == voter_state).all()
    assert votes.groupby("rollcall_id").size().max() <= 150
    assert sorted(bill_state.unique()) == ["01", "02", "03"]
    assert sorted(rollcalls["bill_id"].str.split("/").str[0].unique()) == [
        "2021-2022", "2023-2024", "2025-2026"]


def test_the_platform_scores_every_state(tmp_path: Path) -> None:
    _synthetic().generate(REPO / "platform.yaml", tmp_path, states=2, sessions=2, background=1)
    card = score_platform(tmp_path / "platform.yaml", None)
    scored = card.scores.table.dropna(subset=["score"])
    assert set(scored["district"].str.split("-").str[0]) == {"1", "2"}
    assert set(scored["chamber"]) == {"upper", "lower"}
