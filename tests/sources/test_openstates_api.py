"""Open States API v3 fetcher: recorded responses replayed through the shared session."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
import requests

from scorecard.errors import SourceError
from scorecard.model import TABLES
from scorecard.sources import FetchRequest, ImportRequest, run_fetch, run_import
from scorecard.sources.openstates import api as openstates_api
from tests.conftest import FIXTURES
from tests.sources.replay import install, snapshot

API_DIR = FIXTURES / "openstates" / "api"
KEY = "os-test-key-5f2c9a"
LABOR = "ocd-organization/5c0f4e59-2b2a-4f4e-9d7c-3f1b8f0c0a04"


def recorded(request: requests.PreparedRequest) -> tuple[int, object]:
    url = urlsplit(request.url or "")
    query = parse_qs(url.query)
    if url.path == "/bills":
        number = query["identifier"][0].replace(" ", "")
        page = query.get("page", ["1"])[0]
        file = API_DIR / f"bills_{number}_p{page}.json"
        if not file.exists():
            return 200, {"results": [], "pagination": {"page": 1, "max_page": 1}}
        return 200, json.loads(file.read_text())
    if url.path == f"/committees/{LABOR}":
        return 200, json.loads((API_DIR / "committee_labor.json").read_text())
    if url.path.startswith("/jurisdictions/"):
        return 200, json.loads((API_DIR / "jurisdiction_ny.json").read_text())
    return 404, {"detail": "not found"}


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    monkeypatch.setenv("OPENSTATES_API_KEY", KEY)
    return install(monkeypatch, openstates_api, "https://v3.openstates.org", recorded)


def fetch(into: Path, **kw: object):  # noqa: ANN201
    req = FetchRequest(into=into, options={"state": "NY"}, sessions=["2023-2024"], **kw)  # type: ignore[arg-type]
    return run_fetch("openstates", req)


def test_api_gives_the_same_rows_as_the_bulk_csv(api, tmp_path: Path) -> None:  # noqa: ANN001
    report = fetch(tmp_path / "api", bills=["S1001", "A2001B", "S1002"])
    run_import("openstates-csv", ImportRequest([FIXTURES / "openstates" / "ny_2023-2024"],
                                               tmp_path / "csv"))
    for name in ("rollcalls", "votes", "sponsors"):
        assert (tmp_path / "api" / f"{name}.csv").read_text() == (
            tmp_path / "csv" / f"{name}.csv").read_text(), name
    # bills: the same rows; the API also gives each bill's latest action date (the
    # hand-made export has no latest_action columns), kept in bills.csv's optional column
    api_bills = pd.read_csv(tmp_path / "api" / "bills.csv", dtype=str, keep_default_na=False)
    csv_bills = pd.read_csv(tmp_path / "csv" / "bills.csv", dtype=str, keep_default_na=False)
    assert list(csv_bills.columns) == list(TABLES["bills"])
    assert list(api_bills.columns) == [*TABLES["bills"], "last_action", "last_action_date"]
    assert api_bills[list(TABLES["bills"])].equals(csv_bills)
    assert set(api_bills["last_action_date"]) == {"2024-05-14"}
    assert any("declared counts differ" in w and "bill S 1002 (2023-2024), votes[0]" in w
               for w in report.warnings)
    # every request carried the key in the header, never in the URL
    assert all(r.headers["X-API-KEY"] == KEY and KEY not in (r.url or "") for r in api.seen)
    bills = [parse_qs(urlsplit(r.url or "").query) for r in api.seen
             if urlsplit(r.url or "").path == "/bills"]
    assert bills[0]["include"] == ["votes", "sponsorships", "related_bills", "sources"]
    assert bills[0]["jurisdiction"] == ["ocd-jurisdiction/country:us/state:ny/government"]
    assert [(b["identifier"][0], b["page"][0]) for b in bills] == [
        ("S 1001", "1"), ("A 2001", "1"), ("A 2001", "2"), ("S 1002", "1")]


def test_cache_keeps_no_key_and_serves_a_second_fetch(api, tmp_path: Path) -> None:  # noqa: ANN001
    into = tmp_path / "votes"
    fetch(into, bills=["S1001"])
    asked = len(api.seen)
    before = snapshot(into)
    fetch(into, bills=["S1001"])
    assert len(api.seen) == asked  # answered from the cache under <into>/.cache/
    assert snapshot(into) == before  # and fetching again changes nothing
    cached = b"".join(p.read_bytes() for p in (into / ".cache").rglob("*") if p.is_file())
    assert cached and KEY.encode() not in cached


def test_platform_names_the_bills(api, tmp_path: Path) -> None:  # noqa: ANN001
    platform = tmp_path / "platform.yaml"
    platform.write_text("""title: Test
jurisdiction: NY
sections:
  - id: workers
    title: Workers
    demands:
      - id: farmworkers
        title: Farmworkers
        bills:
          - {number: S1001B, same_as: [A2001], session: 2023-2024, position: support}
""")
    report = run_fetch("openstates", FetchRequest(into=tmp_path / "votes", platform=platform))
    assert report.counts["rollcalls"] == (0, 3)
    assert report.counts["bills"] == (0, 2)
    # the platform's bill (amendment letter dropped) and its same-as companion, nothing else
    asked = [parse_qs(urlsplit(r.url or "").query)["identifier"][0] for r in api.seen
             if urlsplit(r.url or "").path == "/bills"]
    assert list(dict.fromkeys(asked)) == ["S 1001", "A 2001"]
    with (tmp_path / "votes" / "bills.csv").open(encoding="utf-8", newline="") as fh:
        assert sorted(row["bill_id"] for row in csv.DictReader(fh)) == [
            "2023-2024/A2001", "2023-2024/S1001"]


def test_bill_not_found_is_reported(api, tmp_path: Path) -> None:  # noqa: ANN001
    report = fetch(tmp_path / "votes", bills=["S1001", "S9999"])
    assert any("Open States has no bill S9999 (2023-2024)" in w for w in report.warnings)
    with pytest.raises(SourceError, match="none of the bills asked for"):
        fetch(tmp_path / "empty", bills=["S9999"])
    assert snapshot(tmp_path / "empty") == {}


def test_key_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("OPENSTATES_API_KEY", raising=False)
    with pytest.raises(SourceError, match="set the environment variable OPENSTATES_API_KEY"):
        fetch(tmp_path / "votes", bills=["S1001"])
    assert not (tmp_path / "votes").exists()


def test_cli_without_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from scorecard.cli import cli

    monkeypatch.delenv("OPENSTATES_API_KEY", raising=False)
    result = CliRunner().invoke(cli, ["fetch", "openstates", "--into", str(tmp_path / "v"),
                                      "--state", "NY", "--session", "2023-2024", "--bill",
                                      "S1001"])
    assert result.exit_code == 1
    assert "set the environment variable OPENSTATES_API_KEY" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "v").exists()


def test_key_rejected(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("OPENSTATES_API_KEY", KEY)
    install(monkeypatch, openstates_api, "https://v3.openstates.org",
            lambda r: (401, {"detail": f"invalid API key {KEY}"}))
    with pytest.raises(SourceError) as err:
        fetch(tmp_path / "votes", bills=["S1001"])
    assert "refused (401)" in err.value.message and KEY not in err.value.message
    assert snapshot(tmp_path / "votes") == {}


@pytest.mark.parametrize("body, expected", [
    ({"bills": []}, "unexpected shape (no 'results' list)"),
    ({"results": [{"identifier": "S 1001", "session": "2023-2024", "id": "ocd-bill/x",
                   "votes": [{"id": "ocd-vote/y"}]}], "pagination": {"max_page": 1}},
     "unexpected shape (missing or wrong 'organization')"),
])
def test_unexpected_shape(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, body: object,
                          expected: str) -> None:
    monkeypatch.setenv("OPENSTATES_API_KEY", KEY)
    install(monkeypatch, openstates_api, "https://v3.openstates.org", lambda r: (200, body))
    with pytest.raises(SourceError, match="Open States bill S 1001") as err:
        fetch(tmp_path / "votes", bills=["S1001"])
    assert expected in err.value.message
    assert snapshot(tmp_path / "votes") == {}


def test_needs_bills_and_state(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="import openstates-csv"):
        run_fetch("openstates", FetchRequest(into=tmp_path, options={"state": "NY"},
                                             sessions=["2023-2024"]))
    with pytest.raises(SourceError, match="Give the state"):
        run_fetch("openstates", FetchRequest(into=tmp_path, sessions=["2023-2024"],
                                             bills=["S1"]))
    with pytest.raises(SourceError, match="--bill needs --session"):
        run_fetch("openstates", FetchRequest(into=tmp_path, options={"state": "NY"}, bills=["S1"]))
