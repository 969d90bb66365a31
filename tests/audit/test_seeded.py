"""Each audit check finds a defect seeded into a copy of real data, with the rows behind it;
the clean copy gives only the known, explained notes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from scorecard.audit import Audit
from tests.audit.conftest import audit_of, found, read, write
from tests.conftest import REPO


def scored_rollcall(data: Path) -> tuple[str, int, pd.Series]:
    """A scored Senate floor roll call of the clean copy: its id, rollcalls.csv row, row."""
    from scorecard.build import score_platform

    card = score_platform(REPO / "platform.yaml", data)
    ids = card.scores.lifetime.selection.rows
    rid = sorted(ids.loc[ids["motion_type"] == "passage", "rollcall_id"])[0]
    rc = read(data, "rollcalls")
    i = int(rc.index[rc["rollcall_id"] == rid][0])
    return rid, i + 2, rc.loc[i]


def test_clean_real_copy_has_only_explained_notes(ny_copy: Path) -> None:
    for everything in (False, True):
        audit = audit_of(ny_copy, everything=everything)
        assert audit.errors == [] and audit.of("warning") == [], [str(f) for f in
                                                                  audit.findings]
        # the notes: roster roles with no start date (they may not have held the seat
        # yet), roles an import made from the votes (no district), platform bills in
        # bills.csv with neither votes nor sponsors
        assert {f.check for f in audit.of("note")} <= {"no-record", "roster-gap",
                                                       "entry-with-nothing"}
        assert all("no start date" in f.message for f in found(audit, "no-record"))


def test_flipped_member_vote_against_declared_total(ny_copy: Path) -> None:
    rid, row, info = scored_rollcall(ny_copy)
    votes = read(ny_copy, "votes")
    yes = votes.index[(votes["rollcall_id"] == rid) & (votes["option"] == "yes")][0]
    votes.loc[yes, "option"] = "no"
    write(ny_copy, "votes", votes)
    hits = found(audit_of(ny_copy), "declared-totals")
    assert len(hits) == 1
    f = hits[0]
    assert f.severity == "warning" and f.rollcall_id == rid
    assert f.rows == (f"rollcalls.csv row {row}",)
    assert (f"yes declared {info['yes']}, member votes give {int(info['yes']) - 1}; no "
            f"declared {info['no']}, member votes give {int(info['no']) + 1}") in f.message


def test_altered_declared_total(ny_copy: Path) -> None:
    rid, row, info = scored_rollcall(ny_copy)
    rc = read(ny_copy, "rollcalls")
    rc.loc[rc["rollcall_id"] == rid, "no"] = str(int(info["no"]) + 3)
    write(ny_copy, "rollcalls", rc)
    [f] = found(audit_of(ny_copy), "declared-totals")
    assert f.rollcall_id == rid and f.rows == (f"rollcalls.csv row {row}",)
    assert f"no declared {int(info['no']) + 3}, member votes give {info['no']}" in f.message


def test_rollcall_duplicated_under_a_new_id(ny_copy: Path) -> None:
    rid, row, info = scored_rollcall(ny_copy)
    rc = read(ny_copy, "rollcalls")
    copy = rc[rc["rollcall_id"] == rid].assign(rollcall_id=rid + "-copy")
    write(ny_copy, "rollcalls", pd.concat([rc, copy], ignore_index=True))
    votes = read(ny_copy, "votes")
    dup = votes[votes["rollcall_id"] == rid].assign(rollcall_id=rid + "-copy")
    write(ny_copy, "votes", pd.concat([votes, dup], ignore_index=True))
    hits = found(audit_of(ny_copy), "repeated-member-list")
    assert len(hits) == 1
    f = hits[0]
    # the copy is the later row, so it is the one scored: the original is still compared
    assert f.rollcall_id == f"{rid};{rid}-copy"
    assert f.rows == (f"rollcalls.csv row {row}", f"rollcalls.csv row {len(rc) + 2}")
    assert f.severity == "warning" and "split vote repeated exactly" in f.message


def test_vote_from_a_departed_member(ny_copy: Path) -> None:
    rid, _, info = scored_rollcall(ny_copy)
    legs = read(ny_copy, "legislators")
    gone = legs[(legs["chamber"] == "upper") & (legs["end_date"] != "")
                & (legs["end_date"] < info["date"])]
    voters = set(read(ny_copy, "votes").query("rollcall_id == @rid")["legislator_id"])
    still = set(legs.loc[(legs["chamber"] == "upper") & ((legs["end_date"] == "")
                         | (legs["end_date"] >= info["date"])), "legislator_id"])
    lid = sorted(set(gone["legislator_id"]) - voters - still)[0]
    votes = read(ny_copy, "votes")
    extra = pd.DataFrame([{"rollcall_id": rid, "legislator_id": lid, "option": "yes",
                           "raw": "AYE"}])
    write(ny_copy, "votes", pd.concat([votes, extra], ignore_index=True))
    audit = audit_of(ny_copy)
    [f] = found(audit, "vote-without-seat")
    assert (f.rollcall_id, f.legislator_id) == (rid, lid)
    assert f.rows == (f"votes.csv row {len(votes) + 2}",)
    assert "the vote is counted" in f.message
    # the extra yes also breaks the declared total
    assert [g.rollcall_id for g in found(audit, "declared-totals")] == [rid]


def test_more_voters_than_seats_is_an_error(ny_copy: Path) -> None:
    rid, row, _ = scored_rollcall(ny_copy)
    legs = read(ny_copy, "legislators")
    votes = read(ny_copy, "votes")
    voters = set(votes.loc[votes["rollcall_id"] == rid, "legislator_id"])
    senators = set(legs.loc[legs["chamber"] == "upper", "legislator_id"])
    assembly = sorted(set(legs.loc[legs["chamber"] == "lower", "legislator_id"]) - voters
                      - senators)
    extra = pd.DataFrame({"rollcall_id": rid, "legislator_id": assembly, "option": "yes",
                          "raw": "AYE"})
    write(ny_copy, "votes", pd.concat([votes, extra], ignore_index=True))
    audit = audit_of(ny_copy)
    [f] = [e for e in audit.errors if e.check == "more-voters-than-seats"]
    assert f.rollcall_id == rid and f.rows == (f"rollcalls.csv row {row}",)
    assert "but only" in f.message and "held a seat in the Senate" in f.message
    assert len(found(audit, "vote-without-seat")) == len(assembly)


def test_one_person_under_two_ids(ny_copy: Path) -> None:
    rid, _, _ = scored_rollcall(ny_copy)
    votes = read(ny_copy, "votes")
    first = votes[votes["rollcall_id"] == rid].iloc[0]
    legs = read(ny_copy, "legislators")
    me = legs[legs["legislator_id"] == first["legislator_id"]].iloc[[-1]]
    write(ny_copy, "legislators", pd.concat(
        [legs, me.assign(legislator_id="nysenate:9999")], ignore_index=True))
    extra = pd.DataFrame([{"rollcall_id": rid, "legislator_id": "nysenate:9999",
                           "option": first["option"], "raw": first["raw"]}])
    write(ny_copy, "votes", pd.concat([votes, extra], ignore_index=True))
    [f] = found(audit_of(ny_copy), "same-person-twice")
    assert f.severity == "error" and f.rollcall_id == rid
    assert sorted(f.legislator_id.split(";")) == sorted([first["legislator_id"],
                                                         "nysenate:9999"])
    assert f"votes.csv row {len(votes) + 2}" in f.rows


def test_override_that_changes_nothing(ny_copy: Path) -> None:
    rid, _, _ = scored_rollcall(ny_copy)
    first = read(ny_copy, "votes").query("rollcall_id == @rid").iloc[0]
    write(ny_copy, "overrides", pd.DataFrame([{
        "rollcall_id": rid, "legislator_id": first["legislator_id"],
        "option": first["option"], "note": ""}]))
    audit = audit_of(ny_copy)
    [f] = found(audit, "override-changes-nothing")
    assert f.rows == ("overrides.csv row 2",)
    assert (f.rollcall_id, f.legislator_id) == (rid, first["legislator_id"])
    assert [g.rows for g in found(audit, "override-without-note")] == [
        ("overrides.csv row 2",)]


def test_seat_holder_with_no_record(ny_copy: Path) -> None:
    rid, _, _ = scored_rollcall(ny_copy)
    votes = read(ny_copy, "votes")
    legs = read(ny_copy, "legislators")
    dated = set(legs.loc[legs["start_date"] != "", "legislator_id"])
    mine = votes[(votes["rollcall_id"] == rid) & votes["legislator_id"].isin(dated)]
    gone = mine.iloc[0]
    write(ny_copy, "votes", votes.drop(index=mine.index[0]))
    [f] = [g for g in found(audit_of(ny_copy), "no-record") if g.severity == "warning"]
    assert f.rollcall_id == rid and gone["legislator_id"] in f.message


@pytest.mark.parametrize("everything", [False, True])
def test_audit_is_the_same_run_to_run(ny_copy: Path, everything: bool) -> None:
    a: Audit = audit_of(ny_copy, everything=everything)
    b: Audit = audit_of(ny_copy, everything=everything)
    assert a.frame().equals(b.frame())


def test_unresolved_name_and_roster_gap(ny_copy: Path) -> None:
    from scorecard.sources.core.ledger import UNRESOLVED_COLUMNS

    rid, _, info = scored_rollcall(ny_copy)
    legs = read(ny_copy, "legislators")
    sid = "nysenate:8888"
    write(ny_copy, "legislators", pd.concat([legs, pd.DataFrame([{
        "legislator_id": sid, "name": "Zed Unmatched", "sort_name": "Unmatched, Zed",
        "party": "", "chamber": "upper", "district": "", "start_date": info["date"],
        "end_date": info["date"], "url": ""}])], ignore_index=True))
    votes = read(ny_copy, "votes")
    write(ny_copy, "votes", pd.concat([votes, pd.DataFrame([{
        "rollcall_id": rid, "legislator_id": sid, "option": "yes", "raw": "AYE"}])]))
    pd.DataFrame([{c: "" for c in UNRESOLVED_COLUMNS} | {
        "source_id": sid, "name": "Zed Unmatched", "chamber": "upper",
        "first_seen": info["date"], "last_seen": info["date"], "status": "unknown",
        "detail": "no roster member of that name"}]).to_csv(
        ny_copy / "unresolved.csv", index=False)
    audit = audit_of(ny_copy)
    [f] = found(audit, "unresolved-name")
    assert f.severity == "warning" and f.legislator_id == sid
    assert f.rows == ("unresolved.csv row 2",) and "their votes are scored" in f.message
    assert f"legislators.csv row {len(legs) + 2}" not in str(found(audit, "roster-gap"))


def test_legislator_shown_without_party(ny_copy: Path) -> None:
    from scorecard.build import score_platform

    table = score_platform(REPO / "platform.yaml", ny_copy).scores.table
    lid = table.loc[table["party"] != "", "legislator_id"].iloc[0]
    legs = read(ny_copy, "legislators")
    mine = legs.index[legs["legislator_id"] == lid]
    legs.loc[mine, "party"] = ""
    write(ny_copy, "legislators", legs)
    [g] = [g for g in found(audit_of(ny_copy), "roster-gap") if g.legislator_id == lid]
    assert g.severity == "warning" and "is shown with no party" in g.message
    assert g.rows == tuple(f"legislators.csv row {i + 2}" for i in mine)


def _copy_to_another_bill(data: Path, rid: str) -> str:
    """Copy roll call ``rid`` (and its votes) under a new id, onto another bill of the
    dataset on the same day; the copy's id."""
    rc = read(data, "rollcalls")
    row = rc[rc["rollcall_id"] == rid]
    other = sorted(set(read(data, "bills")["bill_id"]) - set(row["bill_id"]))[0]
    copy = row.assign(rollcall_id=rid + "-other-bill", bill_id=other)
    write(data, "rollcalls", pd.concat([rc, copy], ignore_index=True))
    votes = read(data, "votes")
    dup = votes[votes["rollcall_id"] == rid].assign(rollcall_id=rid + "-other-bill")
    write(data, "votes", pd.concat([votes, dup], ignore_index=True))
    return rid + "-other-bill"


def _party_line_rollcall(data: Path) -> tuple[str, pd.DataFrame]:
    """A scored split floor roll call in which every party's members voted alike."""
    from scorecard.build import score_platform

    card = score_platform(REPO / "platform.yaml", data)
    rows = card.scores.lifetime.selection.rows
    legs = read(data, "legislators").drop_duplicates("legislator_id", keep="last")
    party = dict(zip(legs["legislator_id"], legs["party"], strict=True))
    votes = read(data, "votes")
    for rid in sorted(rows.loc[rows["motion_type"] == "passage", "rollcall_id"]):
        v = votes[(votes["rollcall_id"] == rid) & votes["option"].isin(["yes", "no"])]
        by_party = v.groupby(v["legislator_id"].map(party))["option"].nunique()
        if v["option"].nunique() == 2 and (by_party == 1).all():
            return rid, v.assign(party=v["legislator_id"].map(party))
    raise AssertionError("no party-line scored roll call in the real data")


def test_party_line_vote_repeated_on_a_day_is_a_note(ny_copy: Path) -> None:
    # Real legislatures cast many identical party-line votes in one day (the NY Senate's
    # 2019-06-19 A8419 and S6532, 40-22): exact repeats across bills are expected there.
    rid, _ = _party_line_rollcall(ny_copy)
    copy = _copy_to_another_bill(ny_copy, rid)
    [f] = [g for g in found(audit_of(ny_copy), "repeated-member-list")
           if copy in g.rollcall_id]
    assert f.severity == "note" and f.rollcall_id == f"{rid};{copy}"
    assert "a party-line vote (each party's members voted alike)" in f.message


def test_cross_party_vote_repeated_on_a_day_is_a_warning(ny_copy: Path) -> None:
    rid, v = _party_line_rollcall(ny_copy)
    # one member votes against their party on the original: the list is no longer
    # explained by party lines, and its exact copy on another bill is suspect
    yes = v[v["option"] == "yes"]
    crosser = sorted(yes.loc[yes["party"] == yes["party"].mode()[0], "legislator_id"])[0]
    votes = read(ny_copy, "votes")
    votes.loc[(votes["rollcall_id"] == rid) & (votes["legislator_id"] == crosser),
              "option"] = "no"
    write(ny_copy, "votes", votes)
    copy = _copy_to_another_bill(ny_copy, rid)
    [f] = [g for g in found(audit_of(ny_copy), "repeated-member-list")
           if copy in g.rollcall_id]
    assert f.severity == "warning" and "almost surely one roll call's members copied" in \
        f.message
