"""Property-based corpus: arbitrary input to the YAML and CSV loaders gives a valid result
or a clear :class:`ScorecardError`, never another exception (hypothesis)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorecard.dataset import load_dataset
from scorecard.errors import Problems, ScorecardError
from scorecard.model import TABLES
from scorecard.platform import load_platform
from scorecard.tables import read_table
from scorecard.yamlfile import load_yaml

from ..builders import make_dataset, make_platform

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# YAML made of the pieces that break loaders: anchors and aliases, dates real and not,
# special floats, tags, flow and block collections, odd characters.
_SCALARS = st.sampled_from([
    "1", "-1", "0", ".inf", "-.inf", ".nan", "1.0e+999", "99999999999999999999999", "~",
    "null", "yes", "off", "2023-02-28", "2023-02-30", "2023-13-01", "0000-01-01",
    "2023-01-01 25:00:00", "!!binary aGVsbG8=", "!!binary ***", "!!float x", "!!int 1.5",
    "!!timestamp 2023-02-30", "!!python/object:os.system x", "!custom y", "'quoted'",
    '"esc \\x00 \\u202e"', "*a", "*b", "*missing", "&a [1, 2]", "&b {k: *a}", "[*a, *a]",
    "{? [x]: 1}", "\x00", "\x1b[31m", "\u202e", "|\n  block", "a: b: c", "[", "{", "- -",
    "<<: *a", "? complex", "%YAML 1.1", "---", "...", "S1747", "support", "\t",
])
_KEYS = st.sampled_from(["title", "jurisdiction", "sections", "data", "period", "scoring",
                         "weight", "id", "bills", "x", "2023-02-30", "1", "<<", "&k key",
                         "*a", "? [k]"])


@st.composite
def yaml_documents(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 12))):
        indent = "  " * draw(st.integers(0, 3))
        dash = draw(st.sampled_from(["", "- "]))
        lines.append(f"{indent}{dash}{draw(_KEYS)}: {draw(_SCALARS)}")
    return "\n".join(lines) + "\n"


def _load_yaml_text(text: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "platform.yaml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8",
                                                                           "surrogatepass"))
        try:
            load_yaml(path, "platform file")
        except ScorecardError as exc:
            assert str(path) in exc.message
        try:
            load_platform(path)
        except ScorecardError as exc:
            assert exc.message.strip()


@SETTINGS
@given(yaml_documents())
def test_yaml_pieces_load_or_fail_clearly(text: str) -> None:
    _load_yaml_text(text)


@SETTINGS
@given(st.text(max_size=300))
def test_any_text_as_platform_loads_or_fails_clearly(text: str) -> None:
    _load_yaml_text(text)


@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes_as_platform_load_or_fail_clearly(raw: bytes) -> None:
    _load_yaml_text(raw)


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!?,|>'\" #\n\t%@`")), max_size=120))
def test_yaml_punctuation_loads_or_fails_clearly(text: str) -> None:
    _load_yaml_text(text)


# CSV: real headers (sometimes twice, sometimes missing one), cells with the characters
# that break parsers and the values that break typing.
_CELLS = st.one_of(
    st.sampled_from(["", "yes", "no", "rc-a1-final", "s1", "AYE", "2023-02-30", "2023-06-01",
                     "99999999999999999999999", "-1", "1.5", "nan", "NA", "=1+1", '"', '""',
                     ",", "\n", "\r", "\r\n", "\x00", "\x1b[31m", "\u202e", " s1 ", "\ufeff"]),
    st.text(max_size=8),
)


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    columns = list(TABLES["votes"])
    header = draw(st.lists(st.sampled_from([*columns, "extra", "option"]), min_size=1,
                           max_size=6))
    if draw(st.booleans()):
        header = columns + header[:1]
    rows = draw(st.lists(st.lists(_CELLS, min_size=0, max_size=len(header) + 2), max_size=6))
    def cell(v: str) -> str:
        return '"' + v.replace('"', '""') + '"' if draw(st.booleans()) else v
    return "\n".join(",".join(cell(c) for c in r) for r in [header, *rows]) + "\n"


def _read_votes(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        (folder / "votes.csv").write_bytes(raw)
        problems = Problems()
        df = read_table(folder, "votes", problems)
        if df is None:
            assert problems.errors
            assert all(str(folder / "votes.csv") in str(p) for p in problems.errors)
        else:  # the table's own columns, then a column of the user's, kept and warned of
            assert list(df.columns) in (list(TABLES["votes"]), [*TABLES["votes"], "extra"])
            assert ("extra" in df.columns) == any(
                "column(s) 'extra' are not columns of votes.csv" in str(w)
                for w in problems.warnings)
            assert all(isinstance(v, str) for v in df.to_numpy().ravel())


@SETTINGS
@given(csv_texts())
def test_csv_pieces_read_or_fail_clearly(text: str) -> None:
    _read_votes(text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes_as_csv_read_or_fail_clearly(raw: bytes) -> None:
    _read_votes(raw)


_DATASET = Path(tempfile.mkdtemp(prefix="scorecard-props-")) / "votes"
make_dataset(_DATASET, {"rc-a1-final": {"s1": "yes", "s2": "no"}})
make_platform(_DATASET.parent / "platform.yaml")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["votes", "rollcalls", "legislators", "overrides", "sponsors"]),
       csv_texts())
def test_any_table_in_a_dataset_loads_or_fails_clearly(name: str, text: str) -> None:
    """The whole load (reading, checks, typing, overrides) on one arbitrary table."""
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d) / "votes"
        folder.mkdir()
        for p in _DATASET.iterdir():
            (folder / p.name).write_bytes(p.read_bytes())
        header = ",".join(TABLES[name])
        body = text.split("\n", 1)[1] if "\n" in text else ""
        (folder / f"{name}.csv").write_text(header + "\n" + body, encoding="utf-8",
                                            errors="surrogatepass")
        try:
            ds = load_dataset(folder)
        except ScorecardError as exc:
            assert exc.message.strip()
        else:
            assert isinstance(ds.votes, pd.DataFrame)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_documents())
def test_any_dataset_yaml_loads_or_fails_clearly(text: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d) / "votes"
        folder.mkdir()
        for p in _DATASET.iterdir():
            (folder / p.name).write_bytes(p.read_bytes())
        (folder / "dataset.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_dataset(folder)
        except ScorecardError as exc:
            assert exc.message.strip()
