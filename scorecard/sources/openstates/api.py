"""``scorecard fetch openstates``: bills, votes and sponsorships from the Open States API v3.

``GET https://v3.openstates.org/bills?jurisdiction=…&session=…&identifier=…&include=votes
&include=sponsorships`` (also ``related_bills`` for same-as and ``sources``), paginated,
with the key in the ``X-API-KEY`` header from ``OPENSTATES_API_KEY``. Every response goes
through the shared session (:mod:`.http`: timeouts, retries, on-disk cache under
``<into>/.cache/``, the key never stored or shown). A committee vote names its committee
but not the committee's chamber: ``GET /committees/{id}`` gives its parent, once each.

The answers are flattened into the tables of the bulk CSV export and converted by the
same code (:func:`.openstates.convert`), so both give identical rows.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import requests

from ...errors import Problems, SourceError
from ...model import base_print
from ..core.finish import finish
from ..core.http import api_key, get_json, make_session
from ..core.people import People
from ..core.request import FetchRequest, ImportReport, none_fetched, wanted_bills, warn_missing
from .bulk import SOURCE, convert
from .exports import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, Export

API = "https://v3.openstates.org"
KEY_ENV = "OPENSTATES_API_KEY"
PER_PAGE = 20
INCLUDE = ["votes", "sponsorships", "related_bills", "sources"]
ORIGIN = "Open States API"
CHAMBERS = ("upper", "lower", "legislature")


def identifier(number: str) -> str:
    """Our print number as Open States writes it: ``S1747`` -> ``S 1747``."""
    m = re.fullmatch(r"([A-Za-z]+)(\d+)", number)
    return f"{m[1].upper()} {m[2]}" if m else number


def _jurisdiction(state: str) -> str:
    return f"ocd-jurisdiction/country:us/state:{state}/government"


def _has_results(what: str, data: Any) -> None:
    """A bills page, checked before it is cached."""
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise SourceError(f"{what}: the answer has an unexpected shape (no 'results' "
                          "list); the API may have changed. Nothing was written.")


def _is_object(what: str, data: Any) -> None:
    """A committee or jurisdiction, checked before it is cached."""
    if not isinstance(data, dict) or "id" not in data:
        raise SourceError(f"{what}: the answer has an unexpected shape (no 'id'); the API "
                          "may have changed. Nothing was written.")


def fetch_bill(session_: requests.Session, key: str, state: str, session: str,
               number: str) -> list[dict[str, Any]]:
    """Every page of results for one print number; only exact matches are kept."""
    what = f"Open States bill {identifier(number)} ({session})"
    results: list[dict[str, Any]] = []
    page = 1
    while True:
        params = {"jurisdiction": _jurisdiction(state), "session": session,
                  "identifier": identifier(number), "include": INCLUDE, "page": page,
                  "per_page": PER_PAGE}
        data = get_json(session_, f"{API}/bills", what, params=params,
                        headers={"X-API-KEY": key}, secrets=[key],
                        validate=partial(_has_results, what))
        results += [r for r in data["results"]
                    if isinstance(r, dict) and base_print(str(r.get("identifier", ""))) == number]
        pagination = data.get("pagination") or {}
        max_page = pagination.get("max_page", 1) if isinstance(pagination, dict) else 1
        if not isinstance(max_page, int) or page >= max_page:
            return results
        page += 1


class _Frames:
    """Rows of the CSV export's tables, each with a label for messages."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, str]]] = {k: [] for k in REQUIRED_COLUMNS}
        self.labels: dict[str, list[str]] = {k: [] for k in REQUIRED_COLUMNS}

    def add(self, kind: str, label: str, **row: Any) -> None:
        self.rows[kind].append({k: "" if v is None else str(v) for k, v in row.items()})
        self.labels[kind].append(label)

    def export(self, state: str) -> Export:
        frames = {}
        for kind, rows in self.rows.items():
            cols = [*REQUIRED_COLUMNS[kind], *OPTIONAL_COLUMNS.get(kind, ())]
            frames[kind] = pd.DataFrame(rows, columns=cols, dtype=str).fillna("")
        return Export(state=state, origin=ORIGIN, frames=frames,
                      files={k: ORIGIN for k in frames}, labels=self.labels)


def _flatten(bill: dict[str, Any], frames: _Frames, orgs: dict[str, dict[str, Any]]) -> None:
    ident, session = str(bill["identifier"]), str(bill["session"])
    where = f"bill {ident} ({session})"
    jurisdiction = (bill.get("jurisdiction") or {}).get("name", "")
    frames.add("bills", where, id=bill["id"], identifier=ident, title=bill.get("title", ""),
               session_identifier=session,
               organization_classification=(bill.get("from_organization") or {}).get(
                   "classification", ""),
               latest_action_date=bill.get("latest_action_date") or "",
               latest_action_description=bill.get("latest_action_description") or "")
    for rel in bill.get("related_bills") or []:
        frames.add("bill_related_bills", where, bill_id=bill["id"],
                   identifier=rel.get("identifier", ""),
                   legislative_session=rel.get("legislative_session", ""),
                   relation_type=rel.get("relation_type", ""))
    for src in bill.get("sources") or []:
        frames.add("bill_sources", where, bill_id=bill["id"], url=src.get("url", ""))
    for i, sp in enumerate(bill.get("sponsorships") or []):
        frames.add("bill_sponsorships", f"{where}, sponsorships[{i}]", id=sp.get("id", ""),
                   name=sp.get("name", ""), entity_type=sp.get("entity_type", ""),
                   organization_id=(sp.get("organization") or {}).get("id", ""),
                   person_id=(sp.get("person") or {}).get("id", ""), bill_id=bill["id"],
                   primary=bool(sp.get("primary")), classification=sp.get("classification", ""))
    for j, vote in enumerate(bill.get("votes") or []):
        vwhere = f"{where}, votes[{j}]"
        org = vote["organization"]
        orgs.setdefault(org["id"], dict(org))
        classes = vote.get("motion_classification") or []
        frames.add("votes", vwhere, id=vote["id"], identifier=vote.get("identifier", ""),
                   motion_text=vote.get("motion_text", ""), motion_classification=repr(
                       [str(c) for c in classes]), start_date=vote.get("start_date", ""),
                   result=vote.get("result", ""), organization_id=org["id"], bill_id=bill["id"],
                   bill_action_id="", jurisdiction=jurisdiction, session_identifier=session)
        for k, pv in enumerate(vote.get("votes") or []):
            frames.add("vote_people", f"{vwhere}, votes[{k}]", id=f"{vote['id']}#{k}",
                       vote_event_id=vote["id"], option=pv["option"],
                       voter_name=pv.get("voter_name", ""),
                       voter_id=(pv.get("voter") or {}).get("id", ""), note=pv.get("note", ""))
        for k, count in enumerate(vote.get("counts") or []):
            frames.add("vote_counts", f"{vwhere}, counts[{k}]", id=f"{vote['id']}#c{k}",
                       vote_event_id=vote["id"], option=count["option"], value=count["value"])
        for src in vote.get("sources") or []:
            frames.add("vote_sources", vwhere, vote_event_id=vote["id"], url=src.get("url", ""))


def _committee_parents(session_: requests.Session, key: str, state: str,
                       orgs: dict[str, dict[str, Any]]) -> None:
    """Fill in each committee's parent (``GET /committees/{id}``) and the chambers'
    organisations (``GET /jurisdictions/{id}?include=organizations``), once each."""
    committees = [oid for oid, org in orgs.items() if str(org.get("classification", "")
                                                          ).lower() not in CHAMBERS]
    if not committees:
        return
    for oid in committees:
        what = f"Open States committee {orgs[oid].get('name') or oid}"
        data = get_json(session_, f"{API}/committees/{oid}", what,
                        headers={"X-API-KEY": key}, secrets=[key],
                        validate=partial(_is_object, what))
        if isinstance(data, dict) and data.get("parent_id"):
            orgs[oid]["parent_id"] = data["parent_id"]
    what = f"Open States jurisdiction {state.upper()}"
    data = get_json(session_, f"{API}/jurisdictions/{_jurisdiction(state)}", what,
                    params={"include": "organizations"}, headers={"X-API-KEY": key},
                    secrets=[key], validate=partial(_is_object, what))
    for org in (data.get("organizations") or []) if isinstance(data, dict) else []:
        if isinstance(org, dict) and org.get("id"):
            orgs.setdefault(str(org["id"]), {"id": org["id"], "name": org.get("name", ""),
                                             "classification": org.get("classification", "")})


def fetch_openstates(req: FetchRequest) -> ImportReport:
    """Fetch the bills the request names, convert them, merge them into the dataset."""
    state, wanted = wanted_bills(req, "openstates", (
        "For every bill of a session, download the bulk CSV export and run: scorecard "
        "import openstates-csv <file>.zip --into DIR"))
    key = api_key(KEY_ENV, "Open States")
    session_ = make_session(Path(req.into) / ".cache")
    frames = _Frames()
    orgs: dict[str, dict[str, Any]] = {}
    missing = []
    for session, number in wanted:
        bills = fetch_bill(session_, key, state, session, number)
        if not bills:
            missing.append(f"{number} ({session})")
        for bill in bills:
            try:
                _flatten(bill, frames, orgs)
            except (KeyError, TypeError, AttributeError) as exc:
                raise SourceError(
                    f"Open States bill {identifier(number)} ({session}): the answer has an "
                    f"unexpected shape (missing or wrong {exc}); the API may have changed. "
                    "Nothing was written.") from None
    if not frames.rows["bills"]:
        raise none_fetched("Open States", state, missing)
    _committee_parents(session_, key, state, orgs)
    for oid, org in orgs.items():
        frames.add("organizations", f"organization {oid}", id=oid, name=org.get("name", ""),
                   classification=org.get("classification", ""),
                   parent_id=org.get("parent_id", ""))
    export = frames.export(state)
    people = People(SOURCE, Path(req.into), list(req.rosters))
    problems = Problems()
    conv = convert(export, people, problems)
    today = dt.date.today().isoformat()
    conv.source, conv.label, conv.people = SOURCE, ORIGIN, people
    conv.meta = {
        "source": "Open States API v3", "jurisdiction": state.upper(),
        "sessions": conv.sessions, "fetched_at": today,
        "notes": [f"Open States API v3 ({API}), fetched {today}"],
    }
    report = finish(req.into, conv, problems)
    return warn_missing(report, "Open States", missing)
