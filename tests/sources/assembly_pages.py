"""NY Assembly bill pages for tests and benchmarks, in both layouts the Assembly has used.

The layouts follow ``../shared/realdata/nyassembly_pages/README.txt`` (and the public
Open States NY scraper it cites): one ``<table>`` per roll call whose caption holds
``DATE:``, the motion and ``YEA/NAY: n/m``; members as ``div.vote-name`` entries after
the table (current layout) or as name/code cell pairs inside it (earlier layout, codes
``Y``/``NO``, the Speaker as ``Mr Spkr``, a videoconference note row).

``real_e854()`` reads the one real roll call kept there (resolution E854 of 2019-2020,
03/30/2020, 147 members). Run as a script to write the fixture pages made from it::

    python -m tests.sources.assembly_pages OUTDIR
"""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass
from pathlib import Path

REALDATA = Path(__file__).resolve().parents[2].parent / "shared" / "realdata"
E854 = REALDATA / "nyassembly_pages" / "E00854_2019_floor_votes_excerpt.txt"
ROSTER = REALDATA / "openstates_people_ny" / "data" / "ny"

#: current code -> earlier code
EARLIER = {"Yes": "Y", "No": "NO"}


@dataclass
class Vote:
    """One roll call to print: date MM/DD/YYYY, motion, (code, name) entries."""

    date: str
    members: list[tuple[str, str]]
    motion: str = "Assembly Vote"
    yea: int | None = None  # default: counted from the members
    nay: int | None = None
    committee: str = ""

    def totals(self) -> tuple[int, int]:
        yes = sum(c.rstrip("‡") in ("Yes", "Y") for c, _ in self.members)
        no = sum(c.rstrip("‡") in ("No", "NO") for c, _ in self.members)
        return (yes if self.yea is None else self.yea, no if self.nay is None else self.nay)


def real_e854() -> list[tuple[str, str]] | None:
    """The real E854 roll call's (code, name) entries, in the page's order; None if absent."""
    if not E854.exists():
        return None
    lines = [x.strip() for x in E854.read_text(encoding="utf-8").splitlines() if x.strip()]
    return list(zip(lines[0::2], lines[1::2], strict=True))


def _caption(v: Vote) -> str:
    yea, nay = v.totals()
    committee = (f"<span>Committee: {html.escape(v.committee)} Chair: A. Chair</span>"
                 f"<span>Action: </span>" if v.committee else "")
    return (f"<caption><span>DATE:</span><span>{v.date}</span>{committee}"
            f"<span>{html.escape(v.motion)}</span><span> <span>YEA/NAY: {yea}/{nay}</span>"
            "</span></caption>")


def _head(bill: str, term: int) -> str:
    link = f"/leg/?default_fld=&amp;leg_video=&amp;bn={bill}&amp;term={term}"
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>NY State Assembly Bill "
            f"Search</title></head><body><div id='legcontent'><a href='{link}&amp;Summary=Y'>"
            f"Summary</a> <a href='{link}&amp;Actions=Y'>Actions</a> <a href='{link}&amp;"
            f"Floor%26nbspVotes=Y'>Floor Votes</a>")


def current_page(votes: list[Vote], bill: str = "E00854", term: int = 2019) -> bytes:
    """A page in the current layout (div.vote-name entries after each table)."""
    out = [_head(bill, term), "<div class='floor-vote-container'>"]
    for v in votes:
        out.append(f"<table class='vote-table'>{_caption(v)}</table>")
        for code, name in v.members:
            out.append(f"<div class='vote-name'><div class='vote'>{html.escape(code)}</div>"
                       f"<div class='name'>{html.escape(name)}</div></div>")
    out.append("</div></div></body></html>")
    return "\n".join(out).encode("utf-8")


def earlier_page(votes: list[Vote], bill: str = "E00854", term: int = 2019) -> bytes:
    """A page in the layout before March 2024 (name/code pairs in six-pair rows)."""
    out = [_head(bill, term)]
    for v in votes:
        out.append(f"<table>{_caption(v)}")
        remote = False
        members = [(EARLIER.get(c.rstrip("‡"), c.rstrip("‡")) + ("‡" if c.endswith("‡")
                                                                else ""),
                    "Mr Spkr" if n == "Mr. Speaker" else n) for c, n in v.members]
        for i in range(0, len(members), 6):
            cells = "".join(f"<td>{html.escape(n)}</td><td>{html.escape(c)}</td>"
                            for c, n in members[i:i + 6])
            remote = remote or "‡" in cells
            out.append(f"<tr>{cells}</tr>")
        if remote:
            out.append("<tr><td colspan='12'>‡ Member participated via videoconferencing"
                       "</td></tr>")
        out.append("</table>")
    out.append("</div></body></html>")
    return "\n".join(out).encode("utf-8")


def no_votes_page(bill: str = "A00001", term: int = 2019) -> bytes:
    return (_head(bill, term) + "<div class='floor-vote-container'>There are no votes for "
            "this bill</div></div></body></html>").encode("utf-8")


def write_fixtures(out: Path) -> list[Path]:
    """The E854 pages in both layouts (``current/`` and ``earlier/``), from the real list."""
    members = real_e854()
    if members is None:
        raise SystemExit(f"{E854} is absent: the fixtures are made from it.")
    written = []
    for layout, make in (("current", current_page), ("earlier", earlier_page)):
        path = out / layout / "E00854-2019.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(make([Vote("03/30/2020", members)]))
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write_fixtures(Path(sys.argv[1] if len(sys.argv) > 1 else "assembly_pages")):
        print(p)


_FIRST = ["Al", "Bel", "Cor", "Dun", "El", "Far", "Gil", "Har", "Ivo", "Jor", "Kel", "Lun"]
_LAST = ["ton", "ford", "by", "wick", "more", "dale", "ham", "ley", "son", "well", "stead",
         "mont", "ridge"]


def fictional_surnames(n: int) -> list[str]:
    """``n`` made-up surnames (``Alton``, ``Alford``...), none a real member's on purpose."""
    names = [a + b for a in _FIRST for b in _LAST]
    if n > len(names):
        raise ValueError(f"at most {len(names)} fictional surnames")
    return names[:n]


def fictional_roster(folder: Path, surnames: list[str], start: str = "2019-01-01") -> dict[
        str, str]:
    """Open States YAML files for fictional Assembly members; surname -> person id."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = {}
    for i, surname in enumerate(surnames, start=1):
        pid = f"ocd-person/aaaaaaaa-0000-0000-0000-{i:012d}"
        ids[surname] = pid
        (folder / f"{surname}.yml").write_text(
            f"id: {pid}\nname: Pat {surname}\ngiven_name: Pat\nfamily_name: {surname}\n"
            f"party:\n- name: {'Democratic' if i % 2 else 'Republican'}\nroles:\n"
            f"- start_date: {start}\n  type: lower\n"
            "  jurisdiction: ocd-jurisdiction/country:us/state:ny/government\n"
            f"  district: '{i}'\n", encoding="utf-8")
    return ids
