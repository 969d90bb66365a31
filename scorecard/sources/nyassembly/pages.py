"""The NY Assembly's bill pages: one roll-call table per vote, in either of two layouts.

``https://nyassembly.gov/leg/?bn=<PRINT>&term=<first year>&Floor%26nbspVotes=Y`` (and
``&Committee%26nbspVotes=Y``) shows each roll call as a ``<table>`` whose ``<caption>``
holds ``DATE: MM/DD/YYYY``, the motion (``Assembly Vote``) and ``YEA/NAY: 90/34``;
committee tables name their committee (``Committee: Codes Chair: ...``) and action.
The members of a roll call are printed in one of two ways (layout described in
``../shared/realdata/nyassembly_pages/README.txt``):

* **current** (from March 2024): ``<div class="vote-name"><div class="vote">Yes</div>
  <div class="name">Abbate</div></div>`` entries *after* the table, up to the next
  roll-call table, in a shared container; codes ``Yes``, ``No``, ``ER``, ``AB``, ``NV``, ``EL``;
* **earlier**: name/code pairs in the table's own ``<td>`` cells (``Abbate`` ``Y``), codes
  ``Y``, ``NO``, ``ER``..., the Speaker as ``Mr Spkr``, and a "participated via
  videoconferencing" note row.

A ``‡`` after a code (or a name) marks a member who voted by videoconference: the
code is read without it, ``raw`` keeps it. "There are no votes for this bill" is a page
with no roll calls. Anything else -- no roll-call table and no such sentence, a table
without date or totals, a table with no members, an unknown code -- is a
:class:`~scorecard.errors.SourceError` naming the file: never an empty import.

Pages are parsed with selectolax's lexbor HTML parser (a browser-grade HTML5 parser,
several times faster here than lxml's): 1,000 pages must import in seconds.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

from selectolax.lexbor import LexborHTMLParser

from ...errors import SourceError

#: The Assembly's vote codes (both layouts, floor and committee tables), upper-cased,
#: mapped once to the canonical options; ``raw`` keeps the code as printed.
CODES: dict[str, str] = {
    "YES": "yes", "Y": "yes", "AYE": "yes",
    "NO": "no", "NAY": "no",
    "ER": "excused", "EXCUSED": "excused",
    "AB": "absent", "ABSENT": "absent",
    "NV": "not voting",
    "EL": "other",
}
REMOTE_MARK = "‡"
NO_VOTES = "there are no votes for this bill"

_DATE = re.compile(r"DATE:\s*(\d{1,2})/(\d{1,2})/(\d{4})", re.I)
_TOTALS = re.compile(r"YEA\s*/\s*NAY:\s*(\d+)\s*/\s*(\d+)", re.I)
_COMMITTEE = re.compile(r"Committee:\s*(.*?)\s*(?:Chair:.*?)?(?=Action:|$)", re.I | re.S)
_ACTION = re.compile(r"Action:\s*(.*)$", re.I | re.S)
_SPACES = re.compile(r"\s+")
_PRINT = re.compile(r"([A-Z]+)0*(\d+)[A-Z]?")


class Member(NamedTuple):
    """One member's entry in a roll call, as the page prints it."""

    name: str
    code: str  # upper-cased, without the videoconference mark
    raw: str  # as printed (``Yes‡``)
    remote: bool


@dataclass
class RollCall:
    """One roll-call table of a page."""

    index: int  # 1-based, among the page's roll-call tables
    date: str  # ISO
    motion: str
    committee: str  # "" for a floor vote
    yea: int
    nay: int
    layout: str  # "current" or "earlier"
    members: list[Member] = field(default_factory=list)

    @property
    def where(self) -> str:
        kind = f"{self.committee} committee" if self.committee else "floor"
        return f"roll call {self.index} ({kind}, {self.date})"


@dataclass
class Page:
    """What one saved page holds."""

    name: str  # shown in messages (the file)
    rollcalls: list[RollCall]
    no_votes: bool
    #: the bill and session the page itself names (its links and forms), "" if unknown
    print_no: str = ""
    term: str = ""


def print_number(text: str) -> str:
    """``A03675`` / ``a3675`` / ``A03675A`` -> ``A3675`` (the tool's print numbers)."""
    m = _PRINT.fullmatch(text.strip().upper())
    if not m:
        raise ValueError(text)
    return f"{m[1]}{int(m[2])}"


def assembly_print(number: str) -> str:
    """``A3675`` -> ``A03675``: the print as the Assembly writes it (five digits)."""
    m = _PRINT.fullmatch(number.strip().upper())
    if not m:
        raise ValueError(number)
    return f"{m[1]}{int(m[2]):05d}"


def _text(node: Any) -> str:
    """A node's text, its parts joined by spaces, spaces collapsed."""
    return " ".join(node.text(separator=" ").split())


def _caption(table: Any, index: int, name: str) -> RollCall | None:
    caption = table.css_first("caption")
    if caption is None:
        return None
    text = _text(caption)
    date = _DATE.search(text)
    if not date:
        return None  # not a roll-call table
    totals = _TOTALS.search(text)
    iso = f"{date[3]}-{int(date[1]):02d}-{int(date[2]):02d}"
    if not totals:
        raise SourceError(f"{name}: roll call {index} ({iso}) has no 'YEA/NAY: n/m' totals in "
                          f"its caption ({text!r}); is the page complete? Save it again.")
    rest = _SPACES.sub(" ", _TOTALS.sub(" ", _DATE.sub(" ", text))).strip()
    committee = ""
    motion = rest
    found = _COMMITTEE.search(rest)
    if found and "committee:" in rest.lower():
        committee = found[1].strip()
        action = _ACTION.search(rest)
        motion = action[1].strip() if action else "committee vote"
    return RollCall(index, iso, motion or "Assembly Vote", committee, int(totals[1]),
                    int(totals[2]), "")


#: (printed name, printed code) -> Member: a page repeats the same 150 names, and a
#: session's pages the same few hundred
_SEEN: dict[tuple[str, str], Member] = {}


def _member(name: str, code: str, rc: RollCall, file: str) -> Member:
    found = _SEEN.get((name, code))
    if found is not None:
        return found
    remote = REMOTE_MARK in code or REMOTE_MARK in name
    raw = code.strip()
    plain = code.replace(REMOTE_MARK, "").strip().upper()
    clean = " ".join(name.replace(REMOTE_MARK, "").split())
    if plain not in CODES:
        raise SourceError(f"{file}: {rc.where}: {clean or 'a member'} has the unknown vote "
                          f"code {raw!r}; known codes: Yes/Y, No/NO, ER, AB, NV, EL.")
    if not clean:
        raise SourceError(f"{file}: {rc.where}: a {raw!r} vote has no member name.")
    member = Member(clean, plain, raw, remote)
    if len(_SEEN) < 100_000:
        _SEEN[(name, code)] = member
    return member


def _cells(table: Any, rc: RollCall, file: str) -> list[Member]:
    """Earlier layout: name/code pairs in the table's cells (the note row left out)."""
    texts = []
    for td in table.css("td"):
        text = _text(td)
        if text and "videoconferenc" not in text.lower():
            texts.append(text)
    if len(texts) % 2:
        raise SourceError(f"{file}: {rc.where}: its cells do not pair up as name and vote "
                          f"({len(texts)} cells); is the page complete? Save it again.")
    return [_member(texts[i], texts[i + 1], rc, file) for i in range(0, len(texts), 2)]


#: roll-call tables and the parts of the current layout's entries, in document order
_PARTS = "table, div.vote-name > div"


def _walk_fast(doc: Any, name: str) -> tuple[list[RollCall], dict[int, list[Member]]] | None:
    """:func:`_walk` for a page whose every entry is exactly a ``div.vote`` then a
    ``div.name`` (the Assembly's own markup): a few selections instead of a walk over
    each part. None for any other page (the walk then reads it, and says what is wrong)."""
    votes = [n.text() for n in doc.css("div.vote-name > div.vote")]
    names = [n.text() for n in doc.css("div.vote-name > div.name")]
    if len(votes) != len(names):
        return None
    rollcalls: list[RollCall] = []
    counts: list[int] = []
    for node in doc.css("table, div.vote-name"):
        if node.tag == "table":
            rc = _caption(node, len(rollcalls) + 1, name)
            if rc is not None:
                rc.members = _cells(node, rc, name)
                rc.layout = "earlier" if rc.members else "current"
                rollcalls.append(rc)
                counts.append(0)
        elif not rollcalls:
            return None
        else:
            counts[-1] += 1
    # every entry exactly "vote, name" (its first and last child), else the exact walk
    pairs = doc.css("div.vote-name > div.vote:first-child + div.name:last-child")
    if not sum(counts) == len(votes) == len(pairs):
        return None
    following: dict[int, list[Member]] = {}
    at = 0
    for rc, n in zip(rollcalls, counts, strict=True):
        following[rc.index] = [_member(names[i], votes[i], rc, name)
                               for i in range(at, at + n)]
        at += n
    return rollcalls, following


def _walk(doc: Any, name: str) -> tuple[list[RollCall], dict[int, list[Member]]]:
    """The roll-call tables (members from their cells) and the entries after each."""
    rollcalls: list[RollCall] = []
    following: dict[int, list[Member]] = {}
    current: RollCall | None = None
    entry = -1
    got: dict[str, str] = {}

    def flush() -> None:
        if entry == -1 or current is None:
            return
        if "vote" not in got or "name" not in got:
            raise SourceError(f"{name}: {current.where}: a vote-name entry lacks its vote or "
                              "name; is the page complete? Save it again.")
        following[current.index].append(_member(got["name"], got["vote"], current, name))

    for node in doc.css(_PARTS):
        if node.tag == "table":
            flush()
            entry, got = -1, {}
            rc = _caption(node, len(rollcalls) + 1, name)
            if rc is None:
                continue
            rc.members = _cells(node, rc, name)
            rc.layout = "earlier" if rc.members else "current"
            following[rc.index] = []
            rollcalls.append(rc)
            current = rc
            continue
        if current is None:
            raise SourceError(f"{name}: vote-name entries come before any roll-call table; "
                              "this is neither Assembly layout.")
        parent = node.parent.mem_id
        if parent != entry:
            flush()
            entry, got = parent, {}
        classes = (node.attributes.get("class") or "").split()
        kind = "vote" if "vote" in classes else "name" if "name" in classes else ""
        if kind in got:
            raise SourceError(f"{name}: {current.where}: a vote-name entry holds two "
                              f"{kind}s; this is neither Assembly layout.")
        if kind:
            got[kind] = node.text()
    flush()
    return rollcalls, following


def _names_bill(doc: Any) -> tuple[str, str]:
    """The bill (``bn``) and term the page's own form and links name, if one stands out."""
    bn = doc.css_first("input[name=bn]")
    if bn is not None and (bn.attributes.get("value") or "").strip():
        term = doc.css_first("input[name=term]")
        value = (term.attributes.get("value") or "") if term is not None else ""
        return str(bn.attributes.get("value")).strip(), value.strip()
    bills: Counter[str] = Counter()
    terms: Counter[str] = Counter()
    for a in doc.css("a[href*='bn=']"):
        query = parse_qs(urlsplit(a.attributes.get("href") or "").query)
        if query.get("bn"):
            bills[query["bn"][0].strip()] += 1
            if query.get("term"):
                terms[query["term"][0].strip()] += 1
    top = bills.most_common(2)
    if not top or (len(top) == 2 and top[0][1] == top[1][1]):
        return "", ""
    top_term = terms.most_common(2)
    term = top_term[0][0] if top_term and (len(top_term) == 1 or
                                           top_term[0][1] > top_term[1][1]) else ""
    return top[0][0], term


def parse_page(raw: bytes, name: str, find_bill: bool = True) -> Page:
    """Parse one saved Assembly bill page; ``name`` (the file) is named in every error.
    ``find_bill``: read the bill and term the page's links name (:attr:`Page.print_no`).

    Current layout: each ``div.vote-name`` belongs to the roll-call table before it in
    the page (the entries follow their table, up to the next one).
    """
    if not raw.strip():
        raise SourceError(f"{name} is empty; save the Assembly's bill page again.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # an old page saved in Windows-1252
    doc = LexborHTMLParser(text)
    fast = _walk_fast(doc, name)
    rollcalls, following = fast if fast is not None else _walk(doc, name)
    for rc in rollcalls:
        after = following[rc.index]
        if rc.members and after:
            raise SourceError(f"{name}: {rc.where} lists members both in its cells and after "
                              "it; this is neither Assembly layout.")
        if not rc.members:
            rc.members = after
        if not rc.members:
            raise SourceError(f"{name}: {rc.where} lists no members (neither name/vote cells "
                              "nor vote-name entries); is the page complete? Save it again.")
    body = doc.body
    no_votes = not rollcalls and body is not None and NO_VOTES in _text(body).lower()
    if not rollcalls and not no_votes:
        raise SourceError(
            f"{name} is not an Assembly bill page with votes in either known layout: it has no "
            "roll-call table (a <table> whose caption reads 'DATE: ... YEA/NAY: ...') and does "
            "not say 'There are no votes for this bill'. Save the page from nyassembly.gov/leg/"
            " with Floor Votes shown, or fetch it with 'scorecard fetch nyassembly'.")
    print_no, term = _names_bill(doc) if find_bill else ("", "")
    return Page(name, rollcalls, no_votes, print_no, term)
