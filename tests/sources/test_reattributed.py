"""A re-import that moves votes to another legislator leaves what a fresh import would.

Mapping a source id in identity_overrides.csv and importing again re-attributes its
votes. Before, the old legislator kept its sponsor rows beside the new one's (one
sponsorship counted twice, once for a member with no votes) and an unmatched source
id kept its legislators.csv row (a member listed with no votes).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from scorecard.model import TABLES
from scorecard.sources import ImportRequest
from scorecard.sources.core.reattributed import drop_reattributed, moved_sponsors
from scorecard.sources.nyopenleg.mirror import import_ny_mirror

TARBALL = "jehiah_ny_legislation/bills_with_senate_floor_votes_2023.tar.gz"
#: The roster holds Monica Martinez twice (a 2019-2020 record and a 2023- record, both
#: behind the Senate's member id 1221); a volunteer keeps them as one person.
EARLIER = "ocd-person/561bb9fc-d5d9-4c24-9f5e-f1d2dd584dbd"
LATER = "ocd-person/622242c6-d42c-4557-b9ab-29ca87e6d141"
OVERRIDE = f"source_id,legislator_id,note\nnysenate:1221,{EARLIER},one person\n"


def _import(realdata: Path, into: Path) -> list[str]:
    report = import_ny_mirror(ImportRequest([realdata / TARBALL], into,
                                            [realdata / "openstates_people_ny"]))
    return report.notes


def test_real_reimport_after_an_override_equals_a_fresh_import(realdata: Path,
                                                                tmp_path: Path) -> None:
    again, fresh = tmp_path / "again", tmp_path / "fresh"
    _import(realdata, again)
    before = pd.read_csv(again / "sponsors.csv", dtype=str)
    assert (before["legislator_id"] == LATER).sum() > 0  # the later record sponsors bills
    (again / "identity_overrides.csv").write_text(OVERRIDE, encoding="utf-8")
    notes = _import(realdata, again)
    assert any("re-attributed" in n and LATER in n and EARLIER in n for n in notes), notes
    fresh.mkdir()
    shutil.copy(again / "identity_overrides.csv", fresh)
    _import(realdata, fresh)
    for name in ("legislators", "bills", "rollcalls", "votes", "sponsors"):
        assert (again / f"{name}.csv").read_bytes() == (fresh / f"{name}.csv").read_bytes(), name
    sponsors = pd.read_csv(again / "sponsors.csv", dtype=str)
    assert (sponsors["legislator_id"] == LATER).sum() == 0
    assert len(sponsors) == len(before)  # moved, not added


def _frame(name: str, rows: list[dict[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, dtype=str).reindex(columns=list(TABLES[name]), fill_value="")


def test_an_unmatched_id_whose_votes_all_moved_leaves_legislators() -> None:
    legislators = _frame("legislators", [
        {"legislator_id": "src:9", "name": "Zed", "chamber": "upper"},
        {"legislator_id": "roster:1", "name": "Zed Smith", "chamber": "upper"},
        {"legislator_id": "roster:2", "name": "Ann Lee", "chamber": "upper"}])
    old = {"votes": _frame("votes", [{"rollcall_id": "r1", "legislator_id": "src:9"},
                                     {"rollcall_id": "r1", "legislator_id": "roster:2"}]),
           "sponsors": None}
    merged = {"votes": _frame("votes", [{"rollcall_id": "r1", "legislator_id": "roster:1"},
                                        {"rollcall_id": "r1", "legislator_id": "roster:2"}])}
    kept, note = drop_reattributed(legislators, old, merged, None, (), str)
    assert list(kept["legislator_id"]) == ["roster:1", "roster:2"]
    assert note and note.startswith("1 legislator(s) left legislators.csv") and "src:9" in note
    # a person of the roster given keeps the row (a seat-holder, voting or not)
    kept, note = drop_reattributed(legislators, old, merged, None, {"src:9"}, str)
    assert len(kept) == 3 and note is None
    # so does one the import itself lists
    kept, note = drop_reattributed(legislators, old, merged, legislators.iloc[:1], (), str)
    assert len(kept) == 3 and note is None


def test_sponsor_rows_move_only_where_the_import_lists_the_new_id() -> None:
    old = _frame("sponsors", [{"bill_id": "b1", "legislator_id": "a", "role": "primary"},
                              {"bill_id": "b2", "legislator_id": "a", "role": "primary"},
                              {"bill_id": "b1", "legislator_id": "c", "role": "cosponsor"}])
    new = _frame("sponsors", [{"bill_id": "b1", "legislator_id": "b", "role": "primary"}])
    left = moved_sponsors(old, new, [("a", "b")])
    # b1's row moved to b; b2 is not in this import, so its row stays; c is untouched
    assert left[["bill_id", "legislator_id"]].values.tolist() == [["b2", "a"], ["b1", "c"]]
