"""platform.yaml: the schema, its messages, and the repository's real platform."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scorecard.errors import PlatformError
from scorecard.platform import load_platform

from .conftest import REPO

SHARED_PLATFORM = REPO.parent / "shared" / "platform"


def test_repository_platform_is_valid_without_warnings():
    p = load_platform(REPO / "platform.yaml")
    assert p.warnings == []
    assert [len(s.demands) for s in p.model.sections] == [6, 6, 10]
    assert p.model.jurisdiction == "NY"


def test_every_demand_text_is_the_platforms_own_words():
    text_file = SHARED_PLATFORM / "immigrant-justice-platform.txt"
    if not text_file.exists():
        pytest.skip(f"platform text not found at {text_file}")
    source = re.sub(r"\s+", " ", text_file.read_text(encoding="utf-8").replace("\u00a0", " "))
    p = load_platform(REPO / "platform.yaml")
    for section in p.model.sections:
        assert section.title.replace("’", "'") in source.replace("’", "'")
        for demand in section.demands:
            words = re.sub(r"\s+", " ", (demand.text or "").replace("\u00a0", " "))
            assert words and words in source, demand.id


def test_no_invented_bill_numbers():
    """Every print number comes from the facts file or the real Senate data it cites."""
    facts = SHARED_PLATFORM / "PLATFORM_FACTS.md"
    index = REPO.parent / "shared" / "realdata" / "jehiah_ny_legislation" / \
        "CURATED_INDEX_derived.tsv"
    if not facts.exists():
        pytest.skip(f"platform facts not found at {facts}")
    known = facts.read_text(encoding="utf-8")
    if index.exists():
        known += index.read_text(encoding="utf-8")
    p = load_platform(REPO / "platform.yaml")
    for pe in p.bill_entries():
        for number in pe.entry.numbers:
            assert re.search(rf"\b{number}[A-Z]?\b", known), f"{number} ({pe.demand.id})"


def test_demands_without_bills_say_so():
    p = load_platform(REPO / "platform.yaml")
    empty = [d for s in p.model.sections for d in s.demands if not d.bills]
    assert empty, "the platform has demands with no bill yet"
    assert all(d.note for d in empty)


def test_all_problems_are_reported_together(tmp_path: Path):
    path = tmp_path / "platform.yaml"
    path.write_text(
        "title: T\njurisdiction: New York\nscoring: {absent: maybe, min_votes: -1}\n"
        "sections:\n  - id: a\n    title: A\n    demands:\n      - id: bad id\n        title: D\n"
        "        bills:\n          - {number: S1, position: support}\n"
        "          - {number: S2, session: 2023-2024, rollcalls: [x], position: oppose}\n",
        encoding="utf-8")
    with pytest.raises(PlatformError) as err:
        load_platform(path)
    msg = err.value.message
    assert "6 problems found" in msg, msg
    for fragment in [
        "line 2: jurisdiction must be a two-letter state code or US, not 'New York'",
        "line 3: scoring.absent must be one of 'against', 'exclude' or 'half', not 'maybe'",
        "line 3: scoring.min_votes must be greater than or equal to 0, not -1",
        "line 8: sections[0].demands[0].id 'bad id' is not a valid id",
        "line 11: sections[0].demands[0].bills[0] bill S1 needs its session",
        "line 12: sections[0].demands[0].bills[1] give either number (a bill) or rollcalls",
    ]:
        assert fragment in msg, f"{fragment!r} not in {msg}"


def test_amendment_letters_and_string_lists_are_normalised(tmp_path: Path):
    path = tmp_path / "platform.yaml"
    path.write_text(
        "title: T\njurisdiction: ny\nsections:\n  - id: a\n    title: A\n    demands:\n"
        "      - id: d\n        title: D\n        bills:\n"
        "          - {number: S1747B, same_as: 'A3675B; A1', session: 2019-2020, "
        "position: support}\n", encoding="utf-8")
    p = load_platform(path)
    entry = next(p.entries()).entry
    assert entry.numbers == ["S1747", "A3675", "A1"]
    assert p.model.jurisdiction == "NY"
    assert p.chamber_name("lower") == "Assembly"


def test_unquoted_off_is_the_off_mode(tmp_path: Path):
    path = tmp_path / "platform.yaml"
    path.write_text("title: T\njurisdiction: NY\nscoring:\n  sponsorship: {mode: off}\n"
                    "sections:\n  - id: a\n    title: A\n    demands: [{id: d, title: D}]\n",
                    encoding="utf-8")
    assert load_platform(path).scoring.sponsorship.mode == "off"
