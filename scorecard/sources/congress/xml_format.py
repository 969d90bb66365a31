"""The chambers' own roll-call XML: the House Clerk's and the Senate's (no key needed).

House (``https://clerk.house.gov/evs/<year>/roll<NNN>.xml``)::

    <rollcall-vote><vote-metadata>
      <congress>116</congress><session>2nd</session><rollcall-num>13</rollcall-num>
      <legis-num>H R 535</legis-num><vote-question>On Passage</vote-question>
      <vote-type>YEA-AND-NAY</vote-type><vote-result>Passed</vote-result>
      <action-date>10-Jan-2020</action-date><action-time time-etz="11:19">11:19 AM</action-time>
      <vote-desc>PFAS Action Act</vote-desc>
      <vote-totals>... <totals-by-vote><yea-total>247</yea-total><nay-total>159</nay-total>
        <present-total>0</present-total><not-voting-total>24</not-voting-total></totals-by-vote>
    </vote-totals></vote-metadata>
    <vote-data><recorded-vote><legislator name-id="A000370" party="D" state="NC"
      role="legislator">Adams</legislator><vote>Yea</vote></recorded-vote>...</vote-data>
    </rollcall-vote>

Senate (``https://www.senate.gov/legislative/LIS/roll_call_votes/vote<congress><session>/
vote_<congress>_<session>_<NNNNN>.xml``)::

    <roll_call_vote><congress>116</congress><session>2</session>
      <congress_year>2020</congress_year><vote_number>36</vote_number>
      <vote_date>February 11, 2020,  02:15 PM</vote_date>
      <vote_question_text>On the Nomination PN1325</vote_question_text>
      <question>On the Nomination</question><vote_result>Nomination Confirmed</vote_result>
      <document><document_type>PN</document_type><document_number>1325</document_number>
        <document_title>Andrew Lynn Brasher, of Alabama, ...</document_title></document>
      <count><yeas>52</yeas><nays>43</nays><present/><absent>5</absent></count>
      <tie_breaker><by_whom/><tie_breaker_vote/></tie_breaker>
      <members><member><member_full>Alexander (R-TN)</member_full><last_name>Alexander
        </last_name><first_name>Lamar</first_name><party>R</party><state>TN</state>
        <vote_cast>Yea</vote_cast><lis_member_id>S289</lis_member_id></member>...</members>
    </roll_call_vote>

Both are turned into a :class:`~.congress_json.RollCall`, like the JSON files. Month names
are read from a table, not ``strptime``, so the result never depends on the locale.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ...errors import SourceError
from .json_format import Bill, Member, RollCall, check_ids

HOUSE_URL = "https://clerk.house.gov/evs/{year}/roll{number:03d}.xml"
SENATE_URL = ("https://www.senate.gov/legislative/LIS/roll_call_votes/vote{congress}{session}/"
              "vote_{congress}_{session}_{number:05d}.xml")

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}

#: The House Clerk's legis-num prefixes and the Senate's document types -> bill type.
HOUSE_BILL_TYPES = {"H R": "hr", "H RES": "hres", "H J RES": "hjres", "H CON RES": "hconres",
                    "S": "s", "S RES": "sres", "S J RES": "sjres", "S CON RES": "sconres"}
SENATE_BILL_TYPES = {"H.R.": "hr", "H.Res.": "hres", "H.J.Res.": "hjres",
                     "H.Con.Res.": "hconres", "S.": "s", "S.Res.": "sres", "S.J.Res.": "sjres",
                     "S.Con.Res.": "sconres"}

#: Question wording -> motion_type, first match wins (the same classes as the JSON
#: format's categories: see congress_json.CATEGORY_MAP).
_QUESTION_TYPES: tuple[tuple[str, str], ...] = (
    (r"veto|objections of the president", "passage"),
    (r"^on passage", "passage"),
    (r"resolution of ratification", "other"),
    (r"^on (agreeing to )?the (joint |concurrent )?resolution", "passage"),
    (r"conference report", "passage"),
    (r"^on (agreeing to )?the (en bloc )?amendments?\b", "amendment"),
    (r"cloture", "procedural"),
    (r"^on the nomination", "nomination"),
    (r"guilty", "other"),
    (r"recommit", "procedural"),
    (r"(concur|concurring|agree to|agreeing to) (in )?(the )?(senate|house) (amendment|amdt)",
     "passage"),
    (r"motion to (recede (from [^)]*)?and )?concur", "passage"),
    (r"suspend (the )?rules and (pass|agree|concur)", "passage"),
    (r"call of the house|call by states", "procedural"),
    (r"election of the speaker", "other"),
    (r"motion|previous question|journal|consideration of the resolution|point of order|"
     r"ruling of the chair|decision of the chair|germane|adjourn", "procedural"),
)


def congress_of(year: int) -> tuple[int, int]:
    """The Congress and its session (1 or 2) sitting in ``year`` (2020 -> 116, 2)."""
    congress = (year - 1789) // 2 + 1
    return congress, year - (1789 + 2 * (congress - 1)) + 1


def rollcall_url(chamber: str, year: int, number: int) -> str:
    """The official XML of one roll call; ``chamber`` is ``h`` or ``s``."""
    if chamber == "h":
        return HOUSE_URL.format(year=year, number=number)
    congress, session = congress_of(year)
    return SENATE_URL.format(congress=congress, session=session, number=number)


def motion_type_for_question(question: str) -> str:
    """Classify a chamber's question wording (``On Motion to Suspend the Rules and Pass``)."""
    for pattern, motion_type in _QUESTION_TYPES:
        if re.search(pattern, question, re.IGNORECASE):
            return motion_type
    return "other"


def _text(el: ET.Element | None, path: str) -> str:
    if el is None:
        return ""
    found = el.find(path)
    return "".join(found.itertext()).strip() if found is not None else ""


def _int(el: ET.Element | None, path: str, origin: str, default: int | None = None) -> int:
    value = _text(el, path)
    if value == "" and default is not None:
        return default
    try:
        return int(value)
    except ValueError:
        raise SourceError(f"{origin}: <{path}> should be a whole number, not {value!r}.") from None


def _date(day: int, month: str, year: int, value: str, origin: str) -> str:
    m = _MONTHS.get(month[:3].lower())
    if m is None or not 1 <= day <= 31:
        raise SourceError(f"{origin}: cannot read the date {value!r}.")
    return f"{year:04d}-{m:02d}-{day:02d}"


def house_date(value: str, origin: str) -> str:
    """``10-Jan-2020`` -> ``2020-01-10``."""
    m = re.match(r"^\s*(\d{1,2})-([A-Za-z]+)-(\d{4})\s*$", value)
    if not m:
        raise SourceError(f"{origin}: cannot read the action-date {value!r} (like 10-Jan-2020).")
    return _date(int(m.group(1)), m.group(2), int(m.group(3)), value, origin)


def senate_date(value: str, origin: str) -> str:
    """``February 11, 2020,  02:15 PM`` (the time may be missing) -> ``2020-02-11``."""
    m = re.match(r"^\s*([A-Za-z]+)\s+(\d{1,2}),\s*(\d{4})", value)
    if not m:
        raise SourceError(f"{origin}: cannot read the vote_date {value!r} "
                          "(like February 11, 2020, 02:15 PM).")
    return _date(int(m.group(2)), m.group(1), int(m.group(3)), value, origin)


def parse_xml(raw: bytes, origin: str, chamber: str | None = None) -> RollCall:
    """Parse a House Clerk or Senate roll-call XML; ``chamber`` (h/s) if one is expected."""
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        if raw.lstrip()[:200].lower().startswith((b"<!doctype html", b"<html")):
            raise SourceError(f"{origin}: not a roll call: it is a web page, not roll-call "
                              "XML (if fetched: the roll call may not be published yet, or was "
                              "vacated).") from None
        raise SourceError(f"{origin}: not a roll call: the XML does not parse ({exc}).") from None
    if root.tag == "rollcall-vote":
        found = "h"
    elif root.tag == "roll_call_vote":
        found = "s"
    elif root.tag.rpartition("}")[2].lower() == "html":
        raise SourceError(f"{origin}: not a roll call: it is a web page, not roll-call XML "
                          "(if fetched: the roll call may not be published yet, or was vacated).")
    elif root.tag == "roll":
        raise SourceError(f"{origin}: this is GovTrack's derived XML (<roll>), not a chamber's "
                          "roll call; import the data.json beside it instead.")
    else:
        raise SourceError(f"{origin}: not a roll call: the XML's root is <{root.tag}>, not the "
                          "House Clerk's <rollcall-vote> or the Senate's <roll_call_vote>.")
    if chamber and chamber != found:
        want, got = (("House", "Senate") if chamber == "h" else ("Senate", "House"))
        raise SourceError(f"{origin}: expected a {want} roll call but this is a {got} one "
                          f"(<{root.tag}>).")
    rc = _parse_house(root, origin) if found == "h" else _parse_senate(root, origin)
    if not rc.ids:
        raise SourceError(f"{origin}: the roll call lists no members; the file is incomplete.")
    check_ids(rc)
    return rc


def _house_bill(legis_num: str, congress: int, title: str) -> Bill | None:
    m = re.match(r"^([A-Z ]+?)\s+(\d+)$", legis_num.strip())
    if not m or m.group(1) not in HOUSE_BILL_TYPES:
        return None  # QUORUM, JOURNAL, MOTION, ADJOURN or empty: no bill
    return Bill(congress=congress, type=HOUSE_BILL_TYPES[m.group(1)], number=int(m.group(2)),
                title=title)


def _parse_house(root: ET.Element, origin: str) -> RollCall:
    meta = root.find("vote-metadata")
    if meta is None:
        raise SourceError(f"{origin}: the House roll call has no <vote-metadata>.")
    congress = _int(meta, "congress", origin)
    number = _int(meta, "rollcall-num", origin)
    date = house_date(_text(meta, "action-date"), origin)
    question = _text(meta, "vote-question")
    legis = _text(meta, "legis-num")
    desc = _text(meta, "vote-desc")
    amendment = _text(meta, "amendment-num")
    motion_type = motion_type_for_question(question)
    if desc.startswith("Impeaching "):
        motion_type = "passage"
    bill = _house_bill(legis, congress, desc if motion_type == "passage" else "")
    if amendment:
        question += f": Amendment {amendment} to {legis or '[no bill]'}"
    elif bill:
        question += f": {legis}" + (f" {desc}" if desc else "")
    elif desc:
        question += f": {desc}"
    totals = meta.find("vote-totals/totals-by-vote")
    declared = None
    if totals is not None:
        declared = (_int(totals, "yea-total", origin), _int(totals, "nay-total", origin),
                    _int(totals, "present-total", origin, 0)
                    + _int(totals, "not-voting-total", origin, 0))
    # the year of the session (roll calls are numbered per session), from "2nd"
    m = re.match(r"^(\d)", _text(meta, "session"))
    year = 1789 + 2 * (congress - 1) + int(m.group(1)) - 1 if m else int(date[:4])
    rc = RollCall(origin=origin, chamber="h", congress=congress, year=year,
                  number=number, date=date, question=question, motion_type=motion_type,
                  result=_text(meta, "vote-result"), source_url=origin, bill=bill,
                  declared=declared)
    for rv in root.iterfind("vote-data/recorded-vote"):
        leg = rv.find("legislator")
        if leg is None:
            raise SourceError(f"{origin}: a <recorded-vote> has no <legislator>.")
        _add(rc, (leg.get("name-id") or "").strip(), _text(rv, "vote"), {
            "display_name": "".join(leg.itertext()).strip(), "party": leg.get("party") or "",
            "state": leg.get("state") or ""})
    return rc


def _senate_bill(root: ET.Element, congress: int) -> Bill | None:
    doc_type = _text(root, "document/document_type")
    if doc_type in SENATE_BILL_TYPES and _text(root, "document/document_number").isdigit():
        return Bill(congress=int(_text(root, "document/document_congress") or congress),
                    type=SENATE_BILL_TYPES[doc_type],
                    number=int(_text(root, "document/document_number")),
                    title=_text(root, "document/document_title"))
    # an amendment's roll call names the bill it amends
    m = re.match(r"^(\S+)\s+(\d+)$", _text(root, "amendment/amendment_to_document_number"))
    if m and m.group(1) in SENATE_BILL_TYPES:
        return Bill(congress=congress, type=SENATE_BILL_TYPES[m.group(1)],
                    number=int(m.group(2)),
                    title=_text(root, "amendment/amendment_to_document_short_title"))
    return None


def _parse_senate(root: ET.Element, origin: str) -> RollCall:
    congress = _int(root, "congress", origin)
    number = _int(root, "vote_number", origin)
    date = senate_date(_text(root, "vote_date"), origin)
    question = _text(root, "vote_question_text") or _text(root, "question")
    if _text(root, "document/document_type") == "PN":
        title = _text(root, "document/document_title")
        if title and title not in question:
            question += f": {title}"
    count = root.find("count")
    declared = None
    if count is not None:
        declared = (_int(count, "yeas", origin, 0), _int(count, "nays", origin, 0),
                    _int(count, "present", origin, 0) + _int(count, "absent", origin, 0))
    vice_president = _text(root, "tie_breaker/tie_breaker_vote") if _text(
        root, "tie_breaker/by_whom") else ""
    year = int(_text(root, "congress_year") or date[:4])
    rc = RollCall(origin=origin, chamber="s", congress=congress, year=year, number=number,
                  date=date, question=question,
                  motion_type=motion_type_for_question(
                      _text(root, "vote_question_text") or _text(root, "question")),
                  result=_text(root, "vote_result"), source_url=origin,
                  bill=_senate_bill(root, congress), declared=declared,
                  vice_president=vice_president)
    for m in root.iterfind("members/member"):
        _add(rc, _text(m, "lis_member_id"), _text(m, "vote_cast"), {
            "display_name": _text(m, "member_full"), "party": _text(m, "party"),
            "state": _text(m, "state"), "first_name": _text(m, "first_name"),
            "last_name": _text(m, "last_name")})
    return rc


def _add(rc: RollCall, member_id: str, raw: str, member: Member) -> None:
    rc.ids.append(member_id)
    rc.raws.append(raw)
    rc.members.append(member)
