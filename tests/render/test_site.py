"""The static site (scorecard.render.html) on a small scorecard full of hostile text.

The site is built once per module (and once more for the determinism test). Checks:
every page exists, every local link and anchor resolves inside the output folder, data
text is escaped, slugs are safe and unique, the sample-data banner is on every page,
empty scores say why, and two builds are byte-identical.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from scorecard.build import score_platform
from scorecard.card import Scorecard
from scorecard.errors import ScorecardError
from scorecard.render.context import Link
from scorecard.render.data import write_data
from scorecard.render.html import check, gather, write_site
from scorecard.render.share import drawable

from .site_fixture import EMOJI, PATHY, RTL, XSS, make_site_inputs

BANNER = "Sample data: fictional legislators"


def build_site(folder: Path, fictional: bool = True) -> tuple[Scorecard, Path]:
    card = score_platform(make_site_inputs(folder, fictional=fictional))
    out = folder / "out"
    out.mkdir()
    write_data(card, out)
    write_site(card, out)
    return card, out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Scorecard, Path]:
    return build_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def out(built: tuple[Scorecard, Path]) -> Path:
    return built[1]


def pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


class Refs(HTMLParser):
    """Collects href/src values and element ids of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for key in ("href", "src"):
            if a.get(key):
                self.refs.append(str(a[key]))
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "script":
            self.scripts.append(a)


def parse(path: Path) -> Refs:
    p = Refs()
    p.feed(read(path))
    return p


def row_of(html: str, name_html: str) -> str:
    """The index table row (<tr>...</tr>) holding ``name_html``."""
    i = html.index(name_html)
    return html[html.rindex("<tr", 0, i):html.index("</tr>", i)]


# ---- pages and links -------------------------------------------------------------------


def test_every_page_is_written(built: tuple[Scorecard, Path]) -> None:
    card, out = built
    ctx = gather(card).ctx
    assert (out / "index.html").is_file() and (out / "methodology.html").is_file()
    for slug in ctx.legislator_slugs.values():
        assert (out / "legislators" / f"{slug}.html").is_file()
        png = (out / "share" / f"{slug}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == (1200, 630)
    assert len(ctx.legislator_slugs) == len(card.scores.table)
    for demand in ("farm", "wages", "homecare", "police"):
        assert (out / "demands" / f"{demand}.html").is_file()
    assert sorted(p.name for p in (out / "bills").iterdir()) == [
        "a5-2023-2024.html", "s1-2023-2024.html", "s7-2023-2024.html", "s9-2021-2022.html"]
    for f in ("static/site.css", "static/site.js", "share/index.png",
              "charts/distribution-upper.svg", "charts/distribution-lower.svg",
              "charts/party-averages.svg"):
        assert (out / f).is_file(), f


def test_every_local_link_and_anchor_resolves(out: Path) -> None:
    ids = {p: parse(p).ids for p in pages(out)}
    broken = []
    for page in pages(out):
        for ref in parse(page).refs:
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https", "mailto"):
                continue
            assert not parts.scheme and not parts.netloc, f"{page}: {ref}"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.name == "scorecard.xlsx":
                continue  # written by the workbook writer, after the site
            if not target.is_relative_to(out.resolve()) or not target.is_file():
                broken.append(f"{page.relative_to(out)} -> {ref}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in ids[
                    target]:
                broken.append(f"{page.relative_to(out)} -> {ref} (no such anchor)")
    assert broken == []


def test_scripts_are_local_and_only_the_sites_own(out: Path) -> None:
    for page in pages(out):
        scripts = parse(page).scripts
        assert [s.get("src", "").rsplit("/", 1)[-1] for s in scripts] == ["site.js"], page
    text = "".join(read(p) for p in pages(out)) + read(out / "static" / "site.css")
    assert "//cdn" not in text and "googleapis" not in text and "@import" not in text


def test_check_refuses_a_link_to_no_page(built: tuple[Scorecard, Path]) -> None:
    site = gather(built[0])
    check(site)
    site.ctx.index.sections[0].demands[0] = (Link("demands/nowhere.html", "x"), 1)
    with pytest.raises(ScorecardError, match="nowhere.html"):
        check(site)


# ---- escaping and slugs ----------------------------------------------------------------


def test_data_text_is_escaped_everywhere(out: Path) -> None:
    for page in pages(out):
        html = read(page)
        assert XSS not in html and "<script>x</script>" not in html, page
        assert "<b>Workers</b>" not in html and "<i>confirmed</i>" not in html, page
        assert "<Rights>" not in html and "<Judge>" not in html, page
        assert "<em>anywhere</em>" not in html and "<b>United</b>" not in html, page
    index = read(out / "index.html")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in index
    assert "O&#39;Brien &#34;Bob&#34; &amp; Sons" in index
    assert "Justice &lt;script&gt;x&lt;/script&gt; &amp; &#34;Fair&#34; Scorecard" in index
    assert RTL in index and EMOJI in index
    bill = read(out / "bills" / "s1-2023-2024.html")
    assert "Farm &lt;b&gt;Workers&lt;/b&gt; &amp; &#34;Fair&#34; Act" in bill
    assert "Medical leave &lt;i&gt;confirmed&lt;/i&gt; &amp; noted" in bill
    assert 'href="https://example.org/votes/rc-s1-upper?x=1&amp;y=2"' in bill


def test_only_web_addresses_become_links(out: Path) -> None:
    for page in pages(out):
        html = read(page)
        assert "javascript:" not in html, page
    jane = read(out / "legislators" / "jane-smith-upper-5.html")
    assert "Official page" not in jane  # its url was javascript:
    assert "no link" in read(out / "legislators" / "low-turnout.html")  # nor the roll call's


def test_same_names_get_different_pages(out: Path) -> None:
    index = read(out / "index.html")
    hrefs = re.findall(r'<a href="(legislators/[^"]+)"><bdi>Jane Smith</bdi></a>', index)
    assert sorted(hrefs) == ["legislators/jane-smith-lower-4.html",
                             "legislators/jane-smith-upper-4.html",
                             "legislators/jane-smith-upper-5.html"]
    assert "District 5" in read(out / "legislators" / "jane-smith-upper-5.html")


def test_path_characters_cannot_escape_the_output(built: tuple[Scorecard, Path]) -> None:
    card, out = built
    slugs = gather(card).ctx.legislator_slugs
    assert slugs["s6"] == "x"
    assert PATHY in read(out / "legislators" / "x.html")
    root = out.resolve()
    for f in out.rglob("*"):
        assert f.resolve().is_relative_to(root)
        assert re.fullmatch(r"[a-z0-9][a-z0-9.-]*", f.name), f
    assert not (out.parent / "x.html").exists()


def test_hostile_names_render_as_text_on_their_pages(out: Path) -> None:
    xss = read(out / "legislators" / "script-alert-x-script.html")
    assert '<h1 dir="auto">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</h1>' in xss
    assert f'<h1 dir="auto">{RTL}</h1>' in read(out / "legislators" / "a1.html")  # the id
    assert f'<h1 dir="auto">{EMOJI}</h1>' in read(out / "legislators" / "emoji-person.html")
    quotes = read(out / "legislators" / "o-brien-bob-sons.html")
    assert 'content="O&#39;Brien &#34;Bob&#34; &amp; Sons:' in quotes  # meta tags too
    assert drawable(EMOJI) == "Emoji Person"  # the share card drops what it cannot draw
    assert drawable(RTL) == RTL


# ---- what every page says ----------------------------------------------------------------


def test_banner_on_every_page_of_sample_data(out: Path) -> None:
    for page in pages(out):
        assert BANNER in read(page), page


def test_no_banner_for_real_data(tmp_path: Path) -> None:
    _, real = build_site(tmp_path, fictional=False)
    for page in pages(real):
        assert BANNER not in read(page), page


def test_every_page_states_period_and_as_of_date(out: Path) -> None:
    for page in pages(out):
        html = read(page)
        assert "Scores cover the 2023-2024 session" in html, page
        assert "Data as of 2024-12-31" in html, page


def test_empty_scores_say_why(out: Path) -> None:
    index = read(out / "index.html")
    assert "not in office for these votes" in row_of(index, ">Left Midway<")
    assert "no record" in row_of(index, ">New Comer<")
    vacant = row_of(index, ">Vacant seat<")
    assert "vacant" in vacant and "<td data-sort=\"00000009" in vacant
    assert "N/A" not in "".join(read(p) for p in pages(out))
    page = read(out / "legislators" / "left-midway.html")
    assert "No score: not in office for any scored vote." in page
    page = read(out / "legislators" / "new-comer.html")
    assert "No score: no record in the data" in page
    low = row_of(index, ">Low Turnout<")
    assert "incomplete" in low


def test_demand_with_no_bill_says_so(out: Path) -> None:
    html = read(out / "demands" / "wages.html")
    assert "No bill carries this demand yet." in html
    assert "No bill has been introduced yet &lt;em&gt;anywhere&lt;/em&gt;." in html
    home = read(out / "demands" / "homecare.html")
    assert "No roll call on this bill is recorded in the data" in home
    assert "Its sponsors are listed instead" in home
    assert 'href="../legislators/ada-lovelace.html">Ada Lovelace</a>' in home  # sponsors


def test_rollcall_tally_by_party_and_who_voted(out: Path) -> None:
    html = read(out / "bills" / "s1-2023-2024.html")
    assert "Senate, 2023-06-01" in html and "Assembly, 2023-06-02" in html
    assert re.search(r"Republican</th><td class=\"num\">0</td><td class=\"num\">2</td>", html)
    assert "Yes (3): <span class=\"verdict aligned\">aligned with the platform" in html
    assert "corrected: Medical leave" in html


def test_legislator_page_sessions_trend_and_votes(out: Path) -> None:
    html = read(out / "legislators" / "ada-lovelace.html")
    assert '<svg class="trend"' in html and "<title>Ada Lovelace: score by session" in html
    assert "2021-2022 session" in html and "lifetime score only" in html
    assert "2023-2024 session" in html and "this scorecard's period" in html
    assert 'href="https://example.org/votes/rc-s9?x=1&amp;y=2"' in html
    assert "Rank</dt><dd>1 of 6 in the Senate (tied)" in html
    assert "S7" in html and "primary" in html  # sponsorship of a bill with no vote


def test_charts_have_alt_text_and_tables(out: Path) -> None:
    index = read(out / "index.html")
    alts = re.findall(r'<img src="charts/[^"]+" alt="([^"]+)"', index)
    assert len(alts) == 3 and all(len(a) > 40 for a in alts)
    assert index.count("The numbers behind this chart") == 3
    svg = read(out / "charts" / "party-averages.svg")
    assert "<dc:date>" not in svg and "<svg" in svg


# ---- determinism -----------------------------------------------------------------------


def png_chunks(data: bytes) -> list[bytes]:
    kinds, i = [], 8
    while i < len(data):
        (n,) = struct.unpack(">I", data[i:i + 4])
        kinds.append(data[i + 4:i + 8])
        i += 12 + n
    return kinds


def test_two_builds_are_byte_identical(out: Path, tmp_path: Path) -> None:
    _, again = build_site(tmp_path)
    first = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in sorted(again.rglob("*"))
              if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_builds_in_other_processes_are_byte_identical(out: Path, tmp_path: Path) -> None:
    """Set and dict orders depend on the hash seed of each process: they must not leak."""
    script = ("import sys; from pathlib import Path; from tests.render.test_site import "
              "build_site; build_site(Path(sys.argv[1]))")
    repo = Path(__file__).resolve().parents[2]
    for seed in ("1", "2"):
        folder = tmp_path / seed
        folder.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(folder)], cwd=repo, env=env,
                       check=True)
        other = folder / "out"
        for f in sorted(out.rglob("*")):
            if f.is_file():
                assert f.read_bytes() == (other / f.relative_to(out)).read_bytes(), f


def test_no_timestamps_in_images(out: Path) -> None:
    pngs, svgs = sorted((out / "share").glob("*.png")), sorted((out / "charts").glob("*.svg"))
    assert pngs and svgs
    for png in pngs:
        assert png_chunks(png.read_bytes()) == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
    for svg in svgs:
        assert "<dc:date>" not in read(svg)
