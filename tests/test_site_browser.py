"""The built demo site in headless Chromium: no console errors, sorting, filtering, links.

Runs Debian's ``chromium`` (``.ci/run`` installs it) through Playwright for Python,
pointed at /usr/bin/chromium (no browser download). Screenshots are saved in the
test's temporary folder, and their paths printed (``pytest -s`` shows them).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scorecard.build import build

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "output"
    build(REPO / "platform.yaml", out=out)
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (Debian: apt-get install "
                    "chromium chromium-driver; .ci/run does this)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="Playwright for Python is not installed "
                                          "(pip install -e '.[dev]')")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM if CHROMIUM.exists()
                                                  else shutil.which("chromium")), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    pg.problems = []
    pg.on("console", lambda m: m.type in ("error", "warning") and pg.problems.append(
        f"{m.type}: {m.text}"))
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.on("requestfailed", lambda r: pg.problems.append(f"failed to load {r.url}"))
    yield pg
    pg.close()


def scores(pg: Any, table: str) -> list[str]:
    """The score column's sort keys of the visible rows, top to bottom."""
    return pg.eval_on_selector_all(
        f"#{table} tbody tr:not([hidden]) td.score",
        "cells => cells.map(c => c.getAttribute('data-sort'))")


def test_index_sorts_filters_and_links(site: Path, page: Any, tmp_path: Path) -> None:
    page.goto((site / "index.html").as_uri())
    assert page.title().startswith("Immigrant Justice Scorecard")
    assert page.locator(".banner").first.inner_text().startswith(
        "Sample data: fictional legislators")
    # the script turns headings into buttons and shows the filter tools
    assert page.locator("#table-upper thead button.sort").count() >= 8
    assert page.locator('.table-tools[data-table="table-upper"]').is_visible()
    page.screenshot(path=str(tmp_path / "index.png"), full_page=False)

    # sort the Senate by score: descending first, then ascending
    header = page.locator("#table-upper thead th", has_text="Score").first
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    keys = [float(k) for k in scores(page, "table-upper") if k]
    assert keys == sorted(keys, reverse=True) and len(keys) > 10
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    keys = [float(k) for k in scores(page, "table-upper") if k]
    assert keys == sorted(keys)

    # filter by party
    tools = page.locator('.table-tools[data-table="table-upper"]')
    total = page.locator("#table-upper tbody tr").count()
    tools.locator('select[data-filter="party"]').select_option("Republican")
    visible = page.locator("#table-upper tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    parties = visible.evaluate_all("rows => rows.map(r => r.getAttribute('data-party'))")
    assert set(parties) == {"Republican"}
    assert f"of {total} rows" in tools.locator(".count").inner_text()
    page.screenshot(path=str(tmp_path / "index-filtered.png"))

    # follow a link to a legislator page, and back
    link = visible.first.locator("th a")
    name = link.inner_text()
    link.click()
    page.wait_for_load_state()
    assert "/legislators/" in page.url
    assert page.locator("h1").inner_text() == name
    assert page.locator(".badge").count() == 1
    page.screenshot(path=str(tmp_path / "legislator.png"), full_page=True)
    page.go_back()
    page.wait_for_load_state()
    assert page.url.endswith("index.html")
    assert page.locator("#table-upper").is_visible()
    assert page.problems == []
    print(f"screenshots in {tmp_path}")


def test_find_your_legislator(site: Path, page: Any) -> None:
    page.goto((site / "index.html").as_uri())
    first = page.locator("#table-lower tbody tr").first
    name = first.locator("th").inner_text()
    district = first.get_attribute("data-district")
    page.fill("#find-input", name.split()[-1].lower())
    assert name in page.locator("#find-results").inner_text()
    page.fill("#find-input", district)
    results = page.locator("#find-results li")
    assert results.count() >= 1
    assert all(f"District {district}" in t for t in results.all_inner_texts())
    page.fill("#find-input", "zzzz-nobody")
    assert "No legislator matches" in page.locator("#find-results").inner_text()
    assert page.problems == []


def test_every_page_kind_loads_cleanly(site: Path, page: Any, tmp_path: Path) -> None:
    no_bill = next(p for p in sorted((site / "demands").glob("*.html"))
                   if "No bill carries this demand yet" in p.read_text(encoding="utf-8"))
    targets = [site / "methodology.html", no_bill,
               next(iter(sorted((site / "bills").glob("*.html"))))]
    for target in targets:
        page.goto(target.as_uri())
        assert page.locator("h1").count() == 1
        assert page.locator(".banner").count() == 1
    page.goto(no_bill.as_uri())
    page.screenshot(path=str(tmp_path / "demand-no-bill.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto((site / "index.html").as_uri())
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the page itself must not scroll sideways on a phone (tables may)"
    page.screenshot(path=str(tmp_path / "index-phone.png"))
    assert page.problems == []


def test_works_with_javascript_off(site: Path, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto((site / "index.html").as_uri())
    assert pg.locator("#table-upper tbody tr").count() > 50
    assert not pg.locator(".table-tools").first.is_visible()
    assert pg.locator("#table-upper tbody tr th a").first.get_attribute("href").startswith(
        "legislators/")
    pg.goto((site / "compare.html").as_uri())  # the tables are the comparison
    assert pg.locator("#compare-table-upper tbody tr").count() > 50
    assert pg.locator("input.compare-pick").count() == 0
    assert not pg.locator("#compare-panel").is_visible()
    context.close()


def test_compare_shows_two_picked_side_by_side(site: Path, page: Any, tmp_path: Path) -> None:
    page.goto((site / "compare.html").as_uri())
    panel = page.locator("#compare-panel")
    assert not panel.is_visible()
    first = page.locator("#compare-table-upper tbody tr").nth(0)
    second = page.locator("#compare-table-upper tbody tr").nth(1)
    names = [r.locator("th a").inner_text() for r in (first, second)]
    first.locator("input.compare-pick").check()
    assert panel.is_visible()
    assert "Pick one more legislator" in panel.locator(".compare-status").inner_text()
    second.locator("input.compare-pick").check()
    heads = page.locator("table.compare-side thead th").all_inner_texts()
    assert heads[1:] == names
    labels = page.locator("table.compare-side tbody th").all_inner_texts()
    assert labels[:4] == ["Chamber", "District", "Party", "Score"]
    assert labels[-1] == "Briefing"
    assert page.locator("table.compare-side tbody tr").first.inner_text().count("Senate") == 2
    panel.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "compare.png"))
    # a third from the other chamber: the page says scores are not comparable
    page.locator("#compare-table-lower tbody tr input.compare-pick").first.check()
    assert "different chambers" in panel.locator(".compare-status").inner_text()
    page.locator(".compare-clear").click()
    assert not panel.is_visible()
    assert page.problems == []


def test_briefing_prints_on_one_page(site: Path, page: Any) -> None:
    import re

    briefings = sorted((site / "briefings").glob("*.html"))
    assert briefings
    # the one with the most sponsorships and votes is the longest
    longest = max(briefings, key=lambda p: p.read_text(encoding="utf-8").count("<li>")
                  + p.read_text(encoding="utf-8").count("<tr>"))
    page.goto(longest.as_uri())
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pages == 1, f"{longest.name} prints on {pages} {paper} pages"
    assert page.problems == []


def test_compare_and_briefing_fit_a_phone(site: Path, page: Any) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    for target in (site / "compare.html", sorted((site / "briefings").glob("*.html"))[0]):
        page.goto(target.as_uri())
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{target.name} scrolls sideways on a phone ({width}px)"
    assert page.problems == []
