"""The audit on a dataset whose source declares its totals (the Open States export), the
disagreements two sources leave at import, and the command line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.sources import ImportRequest, run_import
from tests.audit.conftest import audit_of, found, read, write
from tests.conftest import FIXTURES

OPENSTATES = FIXTURES / "openstates" / "ny_2023-2024"
LEGISCAN = FIXTURES / "legiscan" / "ny_2023-2024"
ROSTER = FIXTURES / "openstates" / "roster"

PLATFORM = """title: Audit test
jurisdiction: NY
data: votes
sections:
  - id: s
    title: Section
    demands:
      - id: d
        title: Demand
        bills:
          - {number: A2001, session: 2023-2024, position: support, votes: all}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    run_import("openstates-csv", ImportRequest([OPENSTATES], tmp_path / "votes", [ROSTER]))
    (tmp_path / "platform.yaml").write_text(PLATFORM, encoding="utf-8")
    return tmp_path


def test_flipped_vote_against_declared_totals(project: Path) -> None:
    data = project / "votes"
    assert audit_of(data, project / "platform.yaml", everything=True).errors == []
    assert found(audit_of(data, project / "platform.yaml"), "declared-totals") == []
    votes = read(data, "votes")
    rc = read(data, "rollcalls")
    rid = rc.loc[rc["bill_id"] == "2023-2024/A2001", "rollcall_id"].iloc[0]
    i = votes.index[(votes["rollcall_id"] == rid) & (votes["option"] == "yes")][0]
    votes.loc[i, "option"] = "no"
    write(data, "votes", votes)
    [f] = found(audit_of(data, project / "platform.yaml"), "declared-totals")
    row = int(rc.index[rc["rollcall_id"] == rid][0]) + 2
    assert f.rollcall_id == rid and f.rows == (f"rollcalls.csv row {row}",)
    assert "member votes give" in f.message


def test_sources_that_disagree_are_kept_and_reported(project: Path) -> None:
    data = project / "votes"
    run_import("legiscan", ImportRequest([LEGISCAN], data, [ROSTER]))
    table = read(data, "disagreements")
    assert list(table.columns) == ["rollcall_id", "other_rollcall_id", "source",
                                   "disagreement"]
    assert table["rollcall_id"].tolist() == [
        "ny-2023-2024-A2001-lower-2023-06-06-1a2b3c02",
        "ny-2023-2024-A2001-upper-2023-06-07-1a2b3c03"]
    assert table["source"].tolist() == ["legiscan", "legiscan"]
    hits = found(audit_of(data, project / "platform.yaml"), "sources-disagree")
    assert [f.rollcall_id for f in hits] == table["rollcall_id"].tolist()
    assert hits[0].rows == ("disagreements.csv row 2",)
    assert "excused vs not voting" in hits[0].message
    # importing LegiScan again keeps one row per pair
    run_import("legiscan", ImportRequest([LEGISCAN], data, [ROSTER]))
    assert len(read(data, "disagreements")) == 2


def test_audit_command_and_strict(project: Path) -> None:
    runner = CliRunner()
    args = ["--platform", str(project / "platform.yaml")]
    ok = runner.invoke(cli, ["audit", *args, "--strict"])
    assert ok.exit_code == 0, ok.output
    assert "Audit of 2 scored roll calls: 0 errors" in ok.output
    data = project / "votes"
    legs = read(data, "legislators")
    votes = read(data, "votes")
    rc = read(data, "rollcalls")
    rid = rc.loc[rc["bill_id"] == "2023-2024/A2001", "rollcall_id"].iloc[0]
    first = votes[votes["rollcall_id"] == rid].iloc[0]
    me = legs[legs["legislator_id"] == first["legislator_id"]].iloc[[-1]]
    write(data, "legislators", pd.concat([legs, me.assign(legislator_id="openstates:twin")]))
    write(data, "votes", pd.concat([votes, first.to_frame().T.assign(
        legislator_id="openstates:twin")]))
    bad = runner.invoke(cli, ["audit", *args])
    assert bad.exit_code == 0
    assert "Error: roll call " + rid in bad.output and "under different ids" in bad.output
    strict = runner.invoke(cli, ["audit", *args, "--strict"])
    assert strict.exit_code == 1
    assert "1 audit error(s) with --strict" in strict.output
    out = project / "output"
    build = runner.invoke(cli, ["build", *args, "--out", str(out), "--strict"])
    assert build.exit_code == 1
    assert "--strict stops at audit errors (nothing was written)" in build.output
    assert "Traceback" not in build.output
    assert not out.exists()
    plain = runner.invoke(cli, ["build", *args, "--out", str(project / "out2")])
    assert plain.exit_code == 0, plain.output
    assert "1 error" in plain.output
    audit_csv = (project / "out2" / "data" / "audit.csv").read_text(encoding="utf-8")
    assert audit_csv.splitlines()[0] == "severity,check,rollcall_id,legislator_id,message,rows"
    assert "same-person-twice" in audit_csv
