"""The canonical tables on disk (scorecard.tables): reading, writing, merging imports, and
every hand-written fast path against the plain pandas result it stands for."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.datasetmeta import merged_meta
from scorecard.errors import DataError, Problems
from scorecard.model import TABLES
from scorecard.tables import (
    _cleaned,
    _strictly_sorted,
    dedupe_sorted,
    empty_table,
    merge_table,
    read_table,
    text_table_csv,
    to_csv_text,
    write_dataset,
    write_meta,
)

#: Text that exercises CSV quoting: commas, quotes, line breaks, lone CRs, spaces.
TEXT = st.text(alphabet=st.sampled_from(list('ab ,"\n\r\té=')), max_size=6)
KEYS = st.sampled_from(["a", "b", "c", "aa", "B", ""])


def frame(columns: list[str], rows: list[tuple[str, ...]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns, dtype=object) if rows else pd.DataFrame(
        {c: pd.Series([], dtype=object) for c in columns})


# ---- fast paths == pandas ------------------------------------------------------------


@settings(max_examples=120, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT), max_size=8), st.sampled_from([["x"], ["x", "y"]]))
def test_text_table_csv_is_pandas_to_csv(rows: list[tuple[str, str]], cols: list[str]) -> None:
    df = frame(["x", "y"], rows)[cols]
    assert text_table_csv(df) == to_csv_text(df)
    assert text_table_csv(df, text=True) == to_csv_text(df)  # every cell is a str here


@settings(max_examples=120, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list(" ab\t\x07\u202e\u200b")), max_size=5),
                max_size=10))
def test_cleaned_is_the_per_cell_clean_and_strip(values: list[str]) -> None:
    """The once-per-distinct-value path equals cleaning every cell on its own."""
    from scorecard.safetext import clean_cell

    s = pd.Series(values, dtype=object)
    got, coded = _cleaned(s, "f.csv", "c", Problems())
    assert got.tolist() == [clean_cell(v).strip() for v in values]
    assert coded.values().tolist() == got.tolist()  # the codes are of the cleaned values
    assert len(set(coded.uniques)) == len(coded.uniques)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list(
    "a b\t\n\r\x00\x01\x07\x1f\x7f\x85\xa0\u2028\u202e\u200b\u3000")), max_size=4),
    max_size=5))
def test_needs_cleaning_is_any_cell_changed_by_clean_and_strip(values: list[str]) -> None:
    """The one-scan test of a column's distinct values equals cleaning each one."""
    from scorecard.safetext import clean_cell, needs_cleaning

    assert needs_cleaning(values) == any(clean_cell(v).strip() != v for v in values)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "", "c d"]), st.integers(1, 20)),
                max_size=12), st.sampled_from([8, 16, 4096]))
def test_coded_is_pandas_factorize(runs: list[tuple[str, int]], sample: int) -> None:
    """Coding a column, in runs of equal values or not, gives factorize's codes and values."""
    from scorecard import columns

    values = np.array([v for v, n in runs for _ in range(n)], dtype=object)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(columns, "RUN_SAMPLE", sample)  # small: the runs path on small columns
        coded = columns.Coded.of(values)
    codes, uniques = pd.factorize(values)
    assert coded.codes.tolist() == codes.tolist()
    assert coded.uniques.tolist() == list(uniques)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(KEYS, KEYS), max_size=12))
def test_key_codes_equal_exactly_when_the_keys_do(rows: list[tuple[str, str]]) -> None:
    from scorecard.columns import Coded, key_codes

    df = frame(["k1", "k2"], rows)
    key = pd.Series(key_codes([Coded.of(df["k1"]), Coded.of(df["k2"])]))
    assert key.duplicated().tolist() == df.duplicated(subset=["k1", "k2"]).tolist()
    assert key.duplicated(keep=False).tolist() == df.duplicated(subset=["k1", "k2"],
                                                                keep=False).tolist()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(KEYS, KEYS, st.integers(0, 9)), max_size=12),
       st.sampled_from([["k1"], ["k1", "k2"]]))
def test_dedupe_sorted_is_drop_duplicates_then_sort(rows: list[tuple[str, str, int]],
                                                    key: list[str]) -> None:
    df = frame(["k1", "k2", "v"], [(a, b, str(v)) for a, b, v in rows])
    want = df.drop_duplicates(subset=key, keep="last").sort_values(
        key, kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(dedupe_sorted(df, key), want)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(KEYS, KEYS), max_size=10), st.sampled_from([["k1"], ["k1", "k2"]]))
def test_strictly_sorted_means_sorting_and_dedupe_change_nothing(
        rows: list[tuple[str, str]], key: list[str]) -> None:
    df = frame(["k1", "k2"], rows)
    plain = df.drop_duplicates(subset=key, keep="last").sort_values(
        key, kind="stable").reset_index(drop=True)
    unchanged = plain.equals(df.reset_index(drop=True))
    no_dup = not df.duplicated(subset=key).any()
    assert _strictly_sorted(df, key) == (unchanged and no_dup)


# ---- reading and writing -------------------------------------------------------------


def test_read_table_strips_cells_and_keeps_text(tmp_path: Path) -> None:
    (tmp_path / "bills.csv").write_text(
        "bill_id,session,number,title,same_as,url\n"
        " b1 ,2025, 007 ,\"Title, with comma\",,\n", encoding="utf-8")
    problems = Problems()
    df = read_table(tmp_path, "bills", problems)
    assert not problems.items and df is not None
    assert df.iloc[0].tolist() == ["b1", "2025", "007", "Title, with comma", "", ""]
    assert list(df.columns) == list(TABLES["bills"])


def test_read_table_reports_a_missing_column_with_the_file(tmp_path: Path) -> None:
    (tmp_path / "bills.csv").write_text("bill_id,session\nb1,2025\n", encoding="utf-8")
    problems = Problems()
    assert read_table(tmp_path, "bills", problems) is None
    assert problems.errors and problems.errors[0].file == str(tmp_path / "bills.csv")
    assert "number" in problems.errors[0].message


def test_write_dataset_round_trips_and_rewrites_nothing_on_a_second_import(
        tmp_path: Path) -> None:
    votes = frame(list(TABLES["votes"]), [("r2", "p1", "no", "N"), ("r1", "p2", "yes", "Y"),
                                          ("r1", "p1", "yes", "Y")])
    counts = write_dataset(tmp_path, {"votes": votes}, {"source": "test"}, merge=True)
    assert counts["votes"] == (0, 3)
    text = (tmp_path / "votes.csv").read_text(encoding="utf-8")
    assert text.splitlines() == ["rollcall_id,legislator_id,option,raw", "r1,p1,yes,Y",
                                 "r1,p2,yes,Y", "r2,p1,no,N"]  # sorted by key
    for name in ("legislators", "bills", "rollcalls", "sponsors"):  # required, empty
        assert (tmp_path / f"{name}.csv").read_text().startswith(TABLES[name][0])
    again = write_dataset(tmp_path, {"votes": votes}, {"source": "test"}, merge=True)
    assert again["votes"] == (3, 3)
    assert (tmp_path / "votes.csv").read_text(encoding="utf-8") == text


def test_write_dataset_refuses_an_unknown_table(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="unknown table 'people'"):
        write_dataset(tmp_path, {"people": pd.DataFrame()}, None)
    assert not list(tmp_path.iterdir())


# ---- merging an import into a dataset ------------------------------------------------


def test_a_reimported_roll_call_replaces_its_member_votes() -> None:
    cols = list(TABLES["votes"])
    old = frame(cols, [("r1", "p1", "yes", "Y"), ("r1", "p2", "no", "N"),
                       ("r2", "p1", "yes", "Y")])
    new = frame(cols, [("r1", "p1", "no", "N")])  # r1 re-imported: p2 no longer on it
    got = merge_table("votes", old, new)
    assert got.values.tolist() == [["r1", "p1", "no", "N"], ["r2", "p1", "yes", "Y"]]


def test_rollcalls_are_updated_in_place_and_kept_in_date_and_id_order() -> None:
    cols = list(TABLES["rollcalls"])

    def rc(rid: str, motion: str) -> tuple[str, ...]:
        return (rid, "", "upper", "2025-01-01", motion, "passage", "", "", "", "", "", "")

    old = frame(cols, [rc("b", "old"), rc("a", "old")])
    got = merge_table("rollcalls", old, frame(cols, [rc("c", "new"), rc("b", "new")]))
    # one order whatever the import order (same date: natural id order), b updated
    assert got[["rollcall_id", "motion"]].values.tolist() == [["a", "old"], ["b", "new"],
                                                              ["c", "new"]]


def test_bills_are_upserted_by_key_new_rows_win() -> None:
    cols = list(TABLES["bills"])
    old = frame(cols, [("b2", "2025", "S2", "old title", "", ""),
                       ("b1", "2025", "S1", "one", "", "")])
    new = frame(cols, [("b2", "2025", "S2", "new title", "", "")])
    got = merge_table("bills", old, new)
    assert got[["bill_id", "title"]].values.tolist() == [["b1", "one"], ["b2", "new title"]]


def test_dataset_yaml_sources_and_sessions_accumulate(tmp_path: Path) -> None:
    write_meta(tmp_path, {"source": "a", "sessions": ["2025-2026"], "fetched_at": "x"})
    meta = merged_meta(tmp_path, {"source": "b", "sessions": ["2023-2024"], "fetched_at": "y"})
    assert meta == {"source": ["a", "b"], "sessions": ["2023-2024", "2025-2026"],
                    "fetched_at": "y"}
    write_meta(tmp_path, {"source": "c"}, merge=False)
    assert merged_meta(tmp_path, {}) == {"source": "c"}


@given(st.lists(st.text(alphabet="ab-0123456789٣", max_size=12), max_size=30))
def test_natural_key_compares_digit_runs_as_numbers(ids: list[str]) -> None:
    """The keyed parts (each part keyed once, rows.natural_key) give the key spelled out."""
    import re

    from scorecard.rows import natural_key

    def spelled_out(text: str) -> tuple[tuple[int, int, str], ...]:
        return tuple((1, int(p), "") if p.isdigit() else (0, 0, p)
                     for p in re.split(r"(\d+)", text) if p)

    assert [natural_key(i) for i in ids] == [spelled_out(i) for i in ids]
    assert sorted(["a-10", "a-2", "a-1b", "b"], key=natural_key) == ["a-1b", "a-2", "a-10", "b"]


def test_an_empty_table_is_a_new_frame_each_time() -> None:
    """empty_table copies one frame made once: changing a copy changes no other."""
    first = empty_table("votes")
    first.loc[0] = ["r1", "p1", "yes", "Aye"]
    again = empty_table("votes")
    assert again.empty and list(again.columns) == list(TABLES["votes"])
    assert again.dtypes.tolist() == pd.DataFrame(
        {c: pd.Series(dtype=str) for c in TABLES["votes"]}).dtypes.tolist()
