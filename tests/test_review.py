"""The right of reply: letters before publication, replies beside the votes, a dated
corrections log; every piece of text from the data escaped."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard.audit import run_audit
from scorecard.build import build, score_platform
from scorecard.cli import cli
from scorecard.review import LETTER_COLUMNS
from tests.conftest import REPO

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copy(REPO / "platform.yaml", tmp_path / "platform.yaml")
    shutil.copytree(REPO / "votes" / "demo", tmp_path / "votes" / "demo")
    return tmp_path


def _receipt(project: Path) -> dict[str, str]:
    """A scored vote of the period (from a build's receipts)."""
    card = score_platform(project / "platform.yaml")
    rec = card.scores.receipts
    row = rec[rec["rollcall_id"] != ""].iloc[0]
    return {k: str(row[k]) for k in ("legislator_id", "rollcall_id", "number", "name")}


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def test_letters_list_every_scored_vote(project: Path) -> None:
    data = project / "votes" / "demo"
    card = score_platform(project / "platform.yaml")
    lid = str(card.scores.table.iloc[0]["legislator_id"])
    _write(data / "contacts.csv", ["legislator_id", "email", "address"],
           [[lid, "member@example.org", HOSTILE]])
    out = project / "letters"
    result = CliRunner().invoke(cli, ["review", "--platform", str(project / "platform.yaml"),
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {len(card.scores.table)} letters to {out}/" in result.output
    with (out / "letters.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == LETTER_COLUMNS
    mine = next(r for r in rows if r["legislator_id"] == lid)
    assert (mine["email"], mine["address"]) == ("member@example.org", HOSTILE)
    assert mine["deadline"] == "2026-09-01"
    rec = card.scores.receipts
    for row in rows:
        letter = (out / row["letter"]).read_text(encoding="utf-8")
        theirs = rec[(rec["legislator_id"] == row["legislator_id"])
                     & (rec["rollcall_id"] != "")]
        assert int(row["votes"]) == len(theirs)
        for rid in theirs["rollcall_id"]:
            assert rid in letter
        assert "reply by 2026-09-01 to scorecard@example.org" in letter
    letter = (out / mine["letter"]).read_text(encoding="utf-8")
    assert "<script>alert" not in letter and "&lt;script&gt;" in letter


def test_replies_and_corrections_are_shown_and_escaped(project: Path) -> None:
    data = project / "votes" / "demo"
    r = _receipt(project)
    _write(data / "replies.csv", ["legislator_id", "rollcall_id", "bill", "date", "reply",
                                  "decision"],
           [[r["legislator_id"], r["rollcall_id"], "", "2026-08-15", "I was " + HOSTILE,
             "noted"]])
    _write(data / "corrections.csv", ["date", "legislator_id", "what", "why"],
           [["2026-08-20", r["legislator_id"], "Vote on " + r["number"] + " " + HOSTILE,
             "The clerk's record " + HOSTILE]])
    card = build(project / "platform.yaml", out=project / "output")
    assert [f for f in card.audit.findings if f.check.startswith("reply")] == []
    from scorecard.render.slugs import legislator_slugs

    slug = legislator_slugs(card.scores.table)[r["legislator_id"]]
    page = (project / "output" / "legislators" / f"{slug}.html").read_text(encoding="utf-8")
    assert "Their reply, 2026-08-15:" in page and "Noted: the vote stands" in page
    assert 'id="h-corrections"' in page and "2026-08-20" in page
    method = (project / "output" / "methodology.html").read_text(encoding="utf-8")
    assert 'id="h-corrections"' in method and "2026-08-20" in method
    for html in (page, method):
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert" in html


def test_corrected_reply_needs_an_override(project: Path) -> None:
    data = project / "votes" / "demo"
    r = _receipt(project)
    _write(data / "replies.csv", ["legislator_id", "rollcall_id", "bill", "date", "reply",
                                  "decision"],
           [[r["legislator_id"], r["rollcall_id"], "", "2026-08-15", "I was excused",
             "corrected"]])
    card = score_platform(project / "platform.yaml")
    [f] = [f for f in card.audit.errors if f.check == "correction-without-override"]
    assert f.rows == ("replies.csv row 2",)
    assert (f.rollcall_id, f.legislator_id) == (r["rollcall_id"], r["legislator_id"])
    with (data / "overrides.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow([r["rollcall_id"], r["legislator_id"], "excused",
                                 "Reply of 2026-08-15: excused"])
    card = score_platform(project / "platform.yaml")
    audit = run_audit(card.platform, card.dataset, card.scores)
    assert [f for f in audit.errors if f.check == "correction-without-override"] == []


def test_bad_reply_decision_is_a_clear_error(project: Path) -> None:
    data = project / "votes" / "demo"
    r = _receipt(project)
    _write(data / "replies.csv", ["legislator_id", "rollcall_id", "bill", "date", "reply",
                                  "decision"],
           [[r["legislator_id"], r["rollcall_id"], "", "2026-08-15", "x", "accepted"]])
    result = CliRunner().invoke(cli, ["build", "--platform", str(project / "platform.yaml"),
                                      "--out", str(project / "output")])
    assert result.exit_code == 1
    assert "replies.csv, row 2: decision 'accepted' is not one of: noted, corrected" in \
        result.output
    assert not (project / "output").exists()


def test_roster_import_writes_contacts(realdata: Path, tmp_path: Path) -> None:
    import yaml

    from scorecard.sources import ImportRequest, run_import

    people = realdata / "openstates_people_ny" / "data" / "ny" / "legislature"
    run_import("roster", ImportRequest([people], tmp_path / "votes"))
    with (tmp_path / "votes" / "contacts.csv").open(encoding="utf-8") as fh:
        rows = {r["legislator_id"]: r for r in csv.DictReader(fh)}
    files = sorted(people.glob("*.yml"))
    assert len(rows) >= 200
    for f in files[:20]:
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        offices = [o for o in doc.get("offices") or [] if o.get("address")]
        capitol = [o for o in offices if o.get("classification") == "capitol"]
        want = (doc.get("email") or "", (capitol or offices or [{}])[0].get("address", ""))
        got = rows.get(doc["id"])
        if want == ("", ""):
            assert got is None
        else:
            assert got is not None and (got["email"], got["address"]) == want
