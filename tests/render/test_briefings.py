"""Briefing pages (briefings/<slug>.html) and compare.html on the hostile-text fixture.

Every legislator has a briefing, linked from their page and back; every local link of
these pages resolves; names and titles are escaped; empty scores say why; the pages
carry the sample-data banner; the briefing has its one-page print rules.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from scorecard.card import Scorecard
from scorecard.render.html import gather

from .site_fixture import EMOJI, PATHY, QUOTES, RTL, XSS
from .test_site import build_site, pages, parse, read

BANNER = "Sample data: fictional legislators"
ESCAPED_XSS = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Scorecard, Path]:
    return build_site(tmp_path_factory.mktemp("briefings"))


@pytest.fixture(scope="module")
def out(built: tuple[Scorecard, Path]) -> Path:
    return built[1]


def local_targets(page: Path) -> list[tuple[str, Path]]:
    """(href, file it points at) for every local link of a page."""
    found = []
    for ref in parse(page).refs:
        parts = urlsplit(ref)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        if parts.path.endswith("scorecard.xlsx"):
            continue  # written by the workbook writer, after the site
        found.append((ref, (page.parent / unquote(parts.path)).resolve()))
    return found


def test_every_legislator_has_a_briefing(built: tuple[Scorecard, Path]) -> None:
    card, out = built
    slugs = gather(card).ctx.legislator_slugs
    assert len(slugs) == len(card.scores.table)
    written = sorted(p.name for p in (out / "briefings").iterdir())
    assert written == sorted(f"{s}.html" for s in slugs.values())
    assert sorted(p.name for p in (out / "legislators").iterdir()) == written


def test_briefings_link_both_ways_and_links_resolve(out: Path) -> None:
    for page in sorted((out / "briefings").iterdir()):
        targets = local_targets(page)
        own = (out / "legislators" / page.name).resolve()
        assert own in [t for _, t in targets], f"{page.name} does not link to its record"
        legislator = out / "legislators" / page.name
        assert f"../briefings/{page.name}" in [r for r, _ in local_targets(legislator)]
        for ref, target in targets:
            assert target.is_relative_to(out.resolve()) and target.is_file(), (page, ref)


def test_compare_lists_everyone_and_links_resolve(built: tuple[Scorecard, Path]) -> None:
    card, out = built
    page = out / "compare.html"
    html = read(page)
    ctx = gather(card).ctx
    for slug in ctx.legislator_slugs.values():
        assert f'<tr data-id="{slug}">' in html
        assert f'href="legislators/{slug}.html"' in html
    assert 'id="compare-table-upper"' in html and 'id="compare-table-lower"' in html
    assert "Vacant seat" not in html
    # the section scores are the no-JavaScript comparison
    assert html.count("Workers&#39; &lt;Rights&gt; &amp; &#34;More&#34;</th>") == 2
    assert 'id="compare-panel"' in html and " hidden>" in html
    for ref, target in local_targets(page):
        assert target.is_relative_to(out.resolve()) and target.is_file(), ref


def test_compare_is_in_the_nav_of_every_page(out: Path) -> None:
    others = [p for p in pages(out) if p.name != "compare.html" or p.parent != out]
    assert {p.parent.name for p in others} >= {"legislators", "briefings", "demands", "bills"}
    for page in others:
        root = "../" * (len(page.relative_to(out).parts) - 1)
        assert f'<li><a href="{root}compare.html"' in read(page), page
    assert '<a href="compare.html" aria-current="page">Compare</a>' in read(out / "compare.html")


def test_hostile_names_are_escaped(out: Path) -> None:
    text = read(out / "briefings" / "script-alert-x-script.html")
    assert XSS not in text and ESCAPED_XSS in text
    assert f'<h1 dir="auto">{ESCAPED_XSS}</h1>' in text
    compare = read(out / "compare.html")
    assert XSS not in compare and f"<bdi>{ESCAPED_XSS}</bdi>" in compare
    assert "O&#39;Brien &#34;Bob&#34; &amp; Sons" in compare and QUOTES not in compare
    assert RTL in read(out / "briefings" / "a1.html")
    assert EMOJI in read(out / "briefings" / "emoji-person.html")
    # a name like a path stays a safe file name
    assert PATHY == "../x" and (out / "briefings" / "x.html").is_file()
    for page in (out / "briefings").iterdir():
        assert "<script>" not in read(page).replace(
            '<script src="../static/site.js" defer></script>', "")


def test_briefing_content(out: Path) -> None:
    text = read(out / "briefings" / "ada-lovelace.html")
    assert f"<strong>{BANNER}.</strong>" in text
    assert "Briefing for endorsement committees" in text
    assert "Senate District 1" in text
    for label in ("Score", "Rank", "Lifetime score", "Participation",
                  "Platform bills sponsored"):
        assert f"<dt>{label}</dt>" in text, label
    assert "By section of the platform" in text and "Key votes, the 2023-2024 session" in text
    assert '<span class="verdict aligned">Aligned</span>' in text
    assert "S7" in text  # a sponsorship
    assert "scored vote from other sessions count towards the lifetime score only" in text


def test_empty_score_says_why_on_the_briefing(out: Path) -> None:
    text = read(out / "briefings" / "left-midway.html")
    assert "No score: not in office for any scored vote." in text
    assert "N/A" not in text
    text = read(out / "briefings" / "new-comer.html")
    assert "No score: no record in the data" in text


def test_print_rules_for_one_page(out: Path) -> None:
    css = read(out / "static" / "site.css")
    assert "@page briefing { size: portrait;" in css
    assert ".briefing-body { page: briefing;" in css
    assert '<body class="briefing-body">' in read(out / "briefings" / "ada-lovelace.html")


def test_not_fictional_has_no_banner(tmp_path: Path) -> None:
    _card, out = build_site(tmp_path, fictional=False)
    assert BANNER not in read(out / "briefings" / "ada-lovelace.html")
    assert BANNER not in read(out / "compare.html")
