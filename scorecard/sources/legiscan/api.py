"""``scorecard fetch legiscan``: bills, roll calls and people from the LegiScan API.

``https://api.legiscan.com/?key=…&op=…``: ``getSessionList`` (the session's id),
``getMasterList`` (print number -> LegiScan bill id), ``getBill``, ``getRollCall`` for
each of the bill's votes and ``getPerson`` for each voter. The key comes from
``LEGISCAN_API_KEY`` and travels in the ``key`` query parameter, so it must stay out of
everything kept or shown: the shared session (:mod:`.http`) leaves ``key`` out of its
cache keys and stored requests, every message is passed through ``redact``, and an
error answer (LegiScan answers ``{"status": "ERROR"}`` with HTTP 200) is removed from
the cache so that a corrected key is not served the old refusal.

The answers are the objects of a dataset ZIP, converted by :func:`.legiscan.convert`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import requests

from ...errors import Problems, SourceError
from ..core.finish import finish
from ..core.http import api_key, get_json, make_session, redact
from ..core.people import People
from ..core.request import FetchRequest, ImportReport, none_fetched, wanted_bills, warn_missing
from .dataset import SOURCE, LegiScanData, convert, meta_for, number_of, session_name

API = "https://api.legiscan.com/"
KEY_ENV = "LEGISCAN_API_KEY"


class Client:
    """One LegiScan API operation per call; every failure a clear, key-free SourceError."""

    def __init__(self, session: requests.Session, key: str) -> None:
        self.session, self.key = session, key

    def call(self, op: str, what: str, **params: Any) -> dict[str, Any]:
        query = {"key": self.key, "op": op, **params}
        label = f"LegiScan {op} ({what})"
        data = get_json(self.session, API, label, params=query, secrets=[self.key],
                        validate=lambda data: self._check(data, label))
        assert isinstance(data, dict)
        return data

    def _check(self, data: Any, label: str) -> None:
        """Refuse (and so never cache) an answer whose status is not OK."""
        if isinstance(data, dict) and data.get("status") == "OK":
            return
        alert = data.get("alert") if isinstance(data, dict) else None
        message = alert.get("message", "") if isinstance(alert, dict) else ""
        message = redact(str(message), [self.key])
        if "key" in message.lower():
            raise SourceError(f"{label} was refused: {message}. Check the key in "
                              f"{KEY_ENV} (a free key: legiscan.com/legiscan).")
        if not isinstance(data, dict) or "status" not in data:
            raise SourceError(f"{label}: the answer has an unexpected shape (no 'status'); "
                              "the API may have changed. Nothing was written.")
        raise SourceError(f"{label} failed: {message or 'status ' + str(data.get('status'))}.")

    def part(self, data: dict[str, Any], key: str, op: str, what: str) -> Any:
        if key not in data:
            raise SourceError(f"LegiScan {op} ({what}): the answer has an unexpected shape "
                              f"(no '{key}'); the API may have changed. Nothing was written.")
        return data[key]


def _session_id(client: Client, state: str, session: str) -> int:
    data = client.call("getSessionList", state.upper(), state=state.upper())
    found = client.part(data, "sessions", "getSessionList", state.upper())
    names: dict[str, int] = {}
    for s in found if isinstance(found, list) else []:
        try:
            names.setdefault(session_name(s), int(s["session_id"]))
        except (KeyError, TypeError, ValueError):
            raise SourceError(f"LegiScan getSessionList ({state.upper()}): a session has an "
                              "unexpected shape; the API may have changed.") from None
    if session not in names:
        raise SourceError(f"LegiScan has no {state.upper()} session {session}; it has: "
                          + ", ".join(sorted(names)) + ".")
    return names[session]


def _master(client: Client, state: str, session_id: int, session: str) -> dict[str, int]:
    data = client.call("getMasterList", f"{state.upper()} {session}", id=session_id)
    master = client.part(data, "masterlist", "getMasterList", session)
    out: dict[str, int] = {}
    for key, bill in (master.items() if isinstance(master, dict) else []):
        if key == "session" or not isinstance(bill, dict):
            continue
        if "number" not in bill or "bill_id" not in bill:
            raise SourceError(f"LegiScan getMasterList ({session}): entry {key} has an "
                              "unexpected shape (no number or bill_id).")
        out[number_of(state, str(bill["number"]))] = int(bill["bill_id"])
    return out


def fetch_legiscan(req: FetchRequest) -> ImportReport:
    """Fetch the bills the request names, their roll calls and voters; merge them."""
    state, wanted = wanted_bills(req, "legiscan", (
        "For every bill of a session, download the session's dataset ZIP from "
        "legiscan.com/datasets and run: scorecard import legiscan <file>.zip --into DIR"))
    key = api_key(KEY_ENV, "LegiScan")
    client = Client(make_session(Path(req.into) / ".cache"), key)
    data = LegiScanData(origin="LegiScan API")
    problems = Problems()
    missing = []
    masters: dict[str, dict[str, int]] = {}
    for session in dict.fromkeys(s for s, _ in wanted):
        masters[session] = _master(client, state, _session_id(client, state, session), session)
    for session, number in wanted:
        ls_id = masters[session].get(number)
        if ls_id is None:
            missing.append(f"{number} ({session})")
            continue
        bill = client.call("getBill", f"{number} {session}", id=ls_id)
        data.add("bill", f"LegiScan getBill {number} ({session})", bill, problems)
        for v in (bill.get("bill") or {}).get("votes") or []:
            rc_id = v.get("roll_call_id") if isinstance(v, dict) else None
            if isinstance(rc_id, int) and rc_id not in data.votes:
                rc = client.call("getRollCall", f"roll call {rc_id} on {number}", id=rc_id)
                data.add("vote", f"LegiScan getRollCall {rc_id}", rc, problems)
    problems.raise_if_errors(SourceError, "Cannot use the LegiScan answers")
    voters = {v["people_id"] for _, rc in data.votes.values() for v in rc["votes"]}
    for pid in sorted(voters):
        person = client.call("getPerson", f"person {pid}", id=pid)
        data.add("people", f"LegiScan getPerson {pid}", person, problems)
    if not data.bills:
        raise none_fetched("LegiScan", state, missing)
    people = People(SOURCE, Path(req.into), list(req.rosters))
    conv = convert(data, people, problems)
    today = dt.date.today().isoformat()
    conv.source, conv.label, conv.people = SOURCE, "LegiScan API", people
    conv.meta = meta_for(conv, {state}, "LegiScan API", today,
                         f"LegiScan API ({API}), fetched {today}")
    report = finish(req.into, conv, problems)
    return warn_missing(report, "LegiScan", missing)
