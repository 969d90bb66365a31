"""One way to write numbers, words, links and page paths (scorecard.render.formats)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from scorecard.render import formats as f


@pytest.mark.parametrize("url, link", [
    ("https://example.org/a?b=1", "https://example.org/a?b=1"),
    ("  HTTP://Example.org  ", "HTTP://Example.org"),
    ("javascript:alert(1)", ""), ("data:text/html,x", ""), ("file:///etc/passwd", ""),
    ("https://example.org/a b", ""), ('https://example.org/"onmouseover', ""),
    ("https://example.org/<script>", ""), (None, ""), (math.nan, ""), (pd.NA, ""),
])
def test_only_web_addresses_become_links(url: object, link: str) -> None:
    assert f.web_url(url) == link


def test_numbers() -> None:
    assert [f.shown(x) for x in (89.5, 90.49, 0.5, None, math.nan)] == ["90", "90", "1", "",
                                                                        ""]
    assert f.percent(0.755) == "76%" and f.percent(None) == ""
    assert [f.number(x) for x in (2.0, 0.5, 0.8)] == ["2", "0.5", "0.8"]
    assert f.sort_key(None) == "" and f.sort_key(7) == "7.000000"


def test_words() -> None:
    assert f.join_words([]) == "" and f.join_words(["a"]) == "a"
    assert f.join_words(("a", "b", "c")) == "a, b and c"
    assert f.plural(1, "vote") == "1 vote" and f.plural(2, "vote") == "2 votes"
    assert f.plural(2, "was", "were") == "2 were" and f.verb(2, "was", "were") == "were"


def test_page_paths() -> None:
    assert f.legislator_page("ada") == "legislators/ada.html"
    assert f.demand_page("d1") == "demands/d1.html"
    assert f.bill_page("s1-2025-2026") == "bills/s1-2025-2026.html"
    assert f.briefing_page("ada") == "briefings/ada.html"
    assert f.share_image("ada") == "share/ada.png"
