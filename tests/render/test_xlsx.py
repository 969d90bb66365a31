"""The workbook (scorecard.render.xlsx): read back with openpyxl, byte-identical builds,
hostile text that must never become a formula, and a LibreOffice conversion."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from scorecard.build import score_platform, write_outputs
from scorecard.card import Scorecard
from scorecard.render.context import gather_site
from scorecard.render.data import write_data
from scorecard.render.slugs import legislator_slugs
from scorecard.render.theme import scorecard_party_colors
from scorecard.render.xlsx import ZIP_TIME, write_workbook
from scorecard.render.xlsx_cells import sheet_title
from scorecard.render.xlsx_sheets import RECEIPT_HEADERS
from scorecard.safetext import from_spreadsheet
from scorecard.scoring import RECEIPT_COLUMNS

from .test_methodology import HOSTILE, write_fixture

SHEETS = ["Summary", "Senate", "Assembly", "Vote matrix", "Bills", "Receipts", "Audit",
          "Methodology"]
SAMPLE = "Sample data: fictional legislators"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Scorecard, Path]:
    """The fixture scored, then data/ and scorecard.xlsx written through the build's swap."""
    root = tmp_path_factory.mktemp("xlsx")
    card = score_platform(write_fixture(root))
    out = root / "output"
    write_outputs(card, out, writers=[("data", write_data), ("workbook", write_workbook)])
    return card, out


@pytest.fixture(scope="module")
def wb(built: tuple[Scorecard, Path]):  # type: ignore[no-untyped-def]
    return load_workbook(built[1] / "scorecard.xlsx")


def rows_of(ws: Worksheet) -> list[list[object]]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def header_index(ws: Worksheet, row: int = 2) -> dict[str, int]:
    return {str(c.value): c.column for c in ws[row] if c.value is not None}


# ---- structure -----------------------------------------------------------------------


def test_sheets_and_properties(wb) -> None:  # type: ignore[no-untyped-def]
    assert wb.sheetnames == SHEETS
    assert wb.properties.title == "Fixture Justice Scorecard"
    assert wb.properties.creator == "Fixture Coalition"
    assert wb.properties.created.date().isoformat() == "2024-01-15"  # the data's as-of date
    assert wb.properties.modified == wb.properties.created


def test_every_chamber_score_equals_scores_csv(built, wb) -> None:  # type: ignore[no-untyped-def]
    card, out = built
    csv = pd.read_csv(out / "data" / "scores.csv", dtype=str, keep_default_na=False)
    csv["name"] = csv["name"].map(from_spreadsheet)  # '=HYPERLINK(... is text in scores.csv
    for chamber in ("upper", "lower"):
        ws = wb[card.platform.chamber_name(chamber)]
        cols = header_index(ws)
        got = {}
        for r in ws.iter_rows(min_row=3):
            got[r[cols["Name"] - 1].value] = r[cols["Score"] - 1]
        want = csv[csv["chamber"] == chamber]
        assert sorted(got) == sorted(want["name"])
        for name, score in zip(want["name"], want["score"], strict=True):
            cell = got[name]
            if score == "":
                assert cell.value is None
            else:
                assert isinstance(cell.value, int | float)  # a number ("100" reads as int)
                assert cell.value == pytest.approx(float(score), abs=1e-9)  # stored unrounded
                assert cell.number_format == "0"  # shown rounded
    # section scores too
    ws = wb["Senate"]
    cols = header_index(ws)
    u3 = next(r for r in ws.iter_rows(min_row=3) if r[0].value == HOSTILE["u3"])
    want_u3 = csv[csv["legislator_id"] == "u3"].iloc[0]
    assert u3[cols["Workers' rights"] - 1].value == pytest.approx(
        float(want_u3["section:workers"]))


def test_chamber_sheet_layout(built, wb) -> None:  # type: ignore[no-untyped-def]
    card, _ = built
    ws = wb["Senate"]
    assert ws.freeze_panes == "B3"
    cols = header_index(ws)
    assert list(cols)[:10] == ["Name", "District", "Party", "Score", "Grade", "Rank",
                               "Lifetime score", "Participation", "Incomplete", "Votes counted"]
    assert {"Workers' rights", "Justice", "Sponsored: support", "Sponsored: oppose",
            "Why no score"} <= set(cols)
    last = ws.cell(2, len(cols)).column_letter
    assert ws.auto_filter.ref == f"A2:{last}5"
    assert ws.print_area == f"'Senate'!$A$1:${last}$5"
    assert ws.print_title_rows == "$1:$2"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the default: may be left out
    assert ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    scales = {str(rng.sqref) for rng in ws.conditional_formatting}
    assert "D3:D5" in scales and "G3:G5" in scales
    assert all(ws.column_dimensions[c].width for c in "ABCD")
    assert ws.column_dimensions["A"].width >= len(HOSTILE["u2"]) * 0.9 or \
        ws.column_dimensions["A"].width == 40
    slugs = legislator_slugs(card.scores.table)
    # a relative file link: Excel's form uses backslashes (LibreOffice reads it as
    # ../legislators/<slug>.html, relative to the workbook, checked by hand)
    links = {r[0].value: r[0].hyperlink.target.replace("\\", "/")
             for r in ws.iter_rows(min_row=3)}
    assert links["Ada Able"] == f"legislators/{slugs['u1']}.html"
    ada = next(r for r in ws.iter_rows(min_row=3) if r[0].value == "Ada Able")
    assert ada[cols["Participation"] - 1].number_format == "0%"
    assert ada[cols["Participation"] - 1].value == 1.0
    assert ada[cols["Rank"] - 1].value == 1
    assert ada[cols["District"] - 1].value == 1  # a plain number is stored as one
    assert ada[cols["Sponsored: support"] - 1].value == 1
    tab = next(r for r in wb["Assembly"].iter_rows(min_row=3) if r[0].value == "Tab Person")
    acols = header_index(wb["Assembly"])
    assert tab[acols["Score"] - 1].value is None
    assert tab[acols["Why no score"] - 1].value.startswith("insufficient record")


def test_fictional_notice_is_visible(built, wb) -> None:  # type: ignore[no-untyped-def]
    card, _ = built
    summary = [str(ws_row[0]) for ws_row in rows_of(wb["Summary"])[:4]]
    assert any(SAMPLE in text for text in summary)
    for chamber in ("upper", "lower"):
        assert SAMPLE in str(wb[card.platform.chamber_name(chamber)]["A1"].value)
    assert SAMPLE in str(wb["Methodology"]["A2"].value)


def test_summary(wb) -> None:  # type: ignore[no-untyped-def]
    rows = rows_of(wb["Summary"])
    facts = {r[0]: r[1] for r in rows if r[0] and r[1] is not None and len(r) > 1}
    assert facts["Period"] == "2023-2024 session"
    assert facts["Dataset"] == "votes"
    assert facts["Data source"] == "Fixture source (hand-written)"
    assert facts["Data as of"].date().isoformat() == "2024-01-15"
    assert facts["Legislators"] == 7
    senate = rows.index(next(r for r in rows if r[0] == "Senate"))
    header = rows[senate + 1]
    assert header[:6] == ["Party", "Members", "With a score", "Complete", "Mean", "Median"]
    assert header[6:12] == ["A", "B", "C", "D", "F", "No score"]
    dem = rows[senate + 2]
    # Democrats: Ada 100 (complete), u3 50 (participation 1/3: incomplete)
    assert dem[:6] == ["Democratic", 2, 2, 1, 100.0, 100.0]
    assert rows[senate + 4][0] == "All"


def test_chart_is_native(built) -> None:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(built[1] / "scorecard.xlsx") as z:
        names = z.namelist()
        assert "xl/charts/chart1.xml" in names
        chart = z.read("xl/charts/chart1.xml").decode()
    assert re.search(r"<(c:)?barChart>", chart) and re.search(r"'?Summary'?!", chart)
    assert "<c:cat><c:strRef>" in chart  # chamber names are text categories, cached
    assert "<c:v>Senate</c:v>" in chart
    assert not [n for n in names if n.startswith("xl/media/")]  # no pictures


def test_party_colours_are_the_sites(built) -> None:  # type: ignore[no-untyped-def]
    card, out = built
    with zipfile.ZipFile(out / "scorecard.xlsx") as z:
        chart = z.read("xl/charts/chart1.xml").decode()
    fills = [re.search(r'<a:srgbClr val="([0-9A-F]{6})"', s).group(1)  # type: ignore[union-attr]
             for s in re.findall(r"<(?:c:)?ser>.*?</(?:c:)?ser>", chart)]
    colors = gather_site(card).colors
    parties = sorted({str(p) for p in card.scores.table["party"]})
    assert fills == [colors[p].lstrip("#") for p in parties]
    # a party known only from legislators.csv takes its spare colour first, on both
    legs = pd.concat([card.dataset.legislators[["party"]], pd.DataFrame({"party": ["+Former"]})])
    both = scorecard_party_colors(SimpleNamespace(  # type: ignore[arg-type]
        platform=card.platform, scores=card.scores, dataset=SimpleNamespace(legislators=legs)))
    assert both["+Former"] == colors["=1+1"] and both["=1+1"] != colors["=1+1"]


def test_vote_matrix(built, wb) -> None:  # type: ignore[no-untyped-def]
    ws = wb["Vote matrix"]
    assert ws.freeze_panes == "F7"
    rows = rows_of(ws)
    assert rows[1][0] == "Aligned" and rows[2][0] == "Against" and rows[4][0] == "Not counted"
    assert "Y yes, N no" in str(rows[0][0])
    heads = rows[5]
    assert heads[:5] == ["Name", "Chamber", "District", "Party", "Score"]
    # columns: Senate roll calls in platform order, then the Assembly's
    assert heads[5:] == ["S100", "S101", "Confirmation of a hostile judge", "A200"]
    assert rows[1][5:] == ["Senate", "Senate", "Senate", "Assembly"]
    assert rows[3][5:] == ["support x2", "oppose", "oppose", "support x2"]
    cells = {r[0].value: r for r in ws.iter_rows(min_row=7)}
    ada = cells["Ada Able"]
    assert [c.value for c in ada[5:]] == ["Y", "N", "N", None]
    assert ada[5].fill.fgColor.rgb.endswith("0072B2")  # aligned
    u3 = cells[HOSTILE["u3"]]
    assert [c.value for c in u3[5:8]] == ["E*", "N", "A"]  # E* = corrected by hand
    assert u3[5].fill.fgColor.rgb.endswith("BBBBBB")  # not counted
    assert u3[7].fill.fgColor.rgb.endswith("D55E00")  # absent counts against
    assert cells["Tab Person"][8].value == "E"


def test_vote_matrix_half_credit(tmp_path: Path) -> None:
    platform = write_fixture(tmp_path)
    platform.write_text(platform.read_text().replace("excused: exclude", "excused: half"))
    write_workbook(score_platform(platform), tmp_path / "out")
    ws = load_workbook(tmp_path / "out" / "scorecard.xlsx")["Vote matrix"]
    assert ws["A4"].value == "Half credit"
    tab = next(r for r in ws.iter_rows(min_row=7) if r[0].value == "Tab Person")
    assert tab[8].value == "E" and tab[8].fill.fgColor.rgb.endswith("E69F00")


def test_bills_sheet(wb) -> None:  # type: ignore[no-untyped-def]
    ws = wb["Bills"]
    cols = header_index(ws)
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    by = {(r[cols["Entry"] - 1], r[cols["Roll call"] - 1]): r for r in rows}
    s100 = by[("S100 / A200", "upper-2023-1")]
    assert s100[cols["Status"] - 1] == "scored"
    assert s100[cols["Companions"] - 1] == "A200"
    assert s100[cols["Sponsors"] - 1] == 2
    assert by[("S50", "upper-2021-1")][cols["Status"] - 1] == "lifetime only"
    assert by[("S999", None)][cols["Status"] - 1] == "bill not in the data"
    s101 = next(r for r in ws.iter_rows(min_row=3) if r[cols["Entry"] - 1].value == "S101")
    assert s101[cols["Bill page"] - 1].hyperlink.target == "https://example.org/S101"
    assert s101[cols["Roll call source"] - 1].hyperlink.target == \
        "https://example.org/rc/upper-2023-2"
    assert s101[cols["Yes"] - 1].value is None  # the fixture declares no totals


def test_receipts_match_receipts_csv(built, wb) -> None:  # type: ignore[no-untyped-def]
    _, out = built
    csv = pd.read_csv(out / "data" / "receipts.csv", dtype=str, keep_default_na=False)
    ws = wb["Receipts"]
    rows = rows_of(ws)
    # the same columns in the same order, under readable headers
    assert rows[1] == [RECEIPT_HEADERS[c] for c in RECEIPT_COLUMNS]
    assert rows[1][:3] == ["Legislator id", "Name", "Section"]
    assert len(rows) - 2 == len(csv)
    chamber = RECEIPT_COLUMNS.index("chamber")
    assert {r[chamber] for r in rows[2:]} == {"Senate", "Assembly"}  # names, not codes
    assert all(v is None or v != "" for r in rows[2:] for v in r)  # empty cells are empty
    for got, (_, want) in zip(rows[2:], csv.iterrows(), strict=True):
        assert got[0] == want["legislator_id"]
        assert got[RECEIPT_COLUMNS.index("rollcall_id")] == want["rollcall_id"]
        credit = want["credit"]
        assert got[RECEIPT_COLUMNS.index("credit")] == (float(credit) if credit else None)


def test_methodology_sheet(built, wb) -> None:  # type: ignore[no-untyped-def]
    from scorecard.render.methodology import methodology

    texts = {str(v) for r in rows_of(wb["Methodology"]) for v in r if v is not None}
    for section in methodology(built[0]):
        assert section.heading in texts
        assert all(p in texts for p in section.paragraphs)
        assert all(v in texts for r in section.rows for v in r if v)


# ---- safety --------------------------------------------------------------------------


def test_hostile_text_is_never_a_formula(built, wb) -> None:  # type: ignore[no-untyped-def]
    card, out = built
    names = {c.value: c for ws in (wb["Senate"], wb["Assembly"]) for c in ws["A"][2:]}
    for lid in ("u2", "u3", "l1", "l2"):
        cell = names[HOSTILE[lid]]
        assert cell.data_type == "s"
        assert cell.quotePrefix, HOSTILE[lid]
    assert not names["Ada Able"].quotePrefix
    party = {c.value for c in wb["Assembly"]["C"][2:]}
    assert "=1+1" in party
    district = next(r for r in wb["Senate"].iter_rows(min_row=3) if r[0].value == HOSTILE["u2"])
    assert district[1].value == "-3" and district[1].data_type == "s"
    bills = {c.value for r in wb["Bills"].iter_rows(min_row=3) for c in r}
    assert "=cmd|' /C calc'!A0" in bills and "=Passage" in bills
    with zipfile.ZipFile(out / "scorecard.xlsx") as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                xml = z.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml, name


@pytest.mark.parametrize("value, quoted", [
    ("=1+2", True), ("+1", True), ("-1", True), ("@SUM(A1)", True), ("\tTab", True),
    ("\rCR", True), ("Plain", False), ("#N/A", False), ("a=b", False),
])
def test_text_cells(tmp_path: Path, value: str, quoted: bool) -> None:
    """Text is stored as a string, never a formula; risky text gets the quote prefix."""
    ws = one_cell_sheet(tmp_path, value)
    # a carriage return is stored as Excel's escape _x000D_ (Excel shows it as one)
    assert ws["A1"].value == value.replace("\r", "_x000D_") and ws["A1"].data_type == "s"
    assert bool(ws["A1"].quotePrefix) is quoted
    assert "<f>" not in sheet_xml(tmp_path)


def one_cell_sheet(tmp_path: Path, *values: object, style: str | None = None) -> Worksheet:
    """A workbook of one sheet whose row 1 holds ``values``, written by :class:`Sheet`."""
    from xlsxwriter.workbook import Workbook

    from scorecard.render.xlsx_cells import C, Sheet, Styles, workbook_options

    wb = Workbook(str(tmp_path / "one.xlsx"), workbook_options())
    sh = Sheet(wb, "S", Styles(wb))
    sh.row([C(v, style) for v in values])
    sh.write()
    wb.close()
    return load_workbook(tmp_path / "one.xlsx")["S"]


def sheet_xml(tmp_path: Path) -> str:
    """The sheet's XML and the shared strings its text cells refer to."""
    with zipfile.ZipFile(tmp_path / "one.xlsx") as z:
        strings = z.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in z.namelist() \
            else b""
        return (z.read("xl/worksheets/sheet1.xml") + strings).decode()


def test_cell_values(tmp_path: Path) -> None:
    import datetime as dt

    ws = one_cell_sheet(tmp_path, 72.5, True, dt.date(2024, 1, 15), None, float("nan"), "",
                        "a_x0041_b", "bell\x07<&>")
    assert [c.value for c in ws[1]][:3] == [72.5, True, dt.datetime(2024, 1, 15)]
    assert ws["C1"].number_format == "yyyy-mm-dd"
    assert ws["D1"].value is None and ws["E1"].value is None  # NaN: an empty cell
    assert ws["F1"].value is None  # empty text: an empty cell, not an empty string
    assert ws["G1"].value == "a_x0041_b"  # kept literal, not read as an escape
    assert ws["H1"].value == "bell<&>"  # a control character XML cannot hold is dropped
    xml = sheet_xml(tmp_path)
    assert "_x005F_x0041_" in xml and "bell&lt;&amp;&gt;" in xml and "\x07" not in xml
    fonts = re.findall(r"<font>.*?</font>", zipfile.ZipFile(tmp_path / "one.xlsx").read(
        "xl/styles.xml").decode())
    assert fonts and all('<name val="Calibri"/>' in f for f in fonts)  # every font named


def test_sheet_titles_are_valid_and_unique() -> None:
    used: set[str] = set()
    assert sheet_title("Senate", used) == "Senate"
    assert sheet_title("senate", used) == "senate (2)"
    assert sheet_title("A/B: [x]?*", used) == "A B x"
    assert len(sheet_title("x" * 50, used)) == 31
    assert sheet_title("'''", used) == "Sheet"


def test_hostile_chamber_names(tmp_path: Path) -> None:
    """Display names that are not valid sheet names, or collide with another sheet."""
    platform = write_fixture(tmp_path)
    platform.write_text(platform.read_text().replace("jurisdiction: NY\n", (
        "jurisdiction: NY\ndisplay: {chamber_names: "
        "{upper: \"People's/Senate [x]\", lower: Summary}}\n")))
    write_workbook(score_platform(platform), tmp_path / "out")
    wb = load_workbook(tmp_path / "out" / "scorecard.xlsx")
    assert wb.sheetnames[:3] == ["Summary", "People's Senate x", "Summary (2)"]
    assert wb["People's Senate x"].print_area == "'People''s Senate x'!$A$1:$O$5"
    assert "People's/Senate [x]" in str(wb["People's Senate x"]["A1"].value)


# ---- determinism ---------------------------------------------------------------------

BUILD = """
import sys
from pathlib import Path
from scorecard.build import score_platform
from scorecard.render.xlsx import write_workbook
write_workbook(score_platform(sys.argv[1]), Path(sys.argv[2]))
"""


def test_byte_identical_builds(tmp_path: Path) -> None:
    """Two builds in separate processes (different hash seeds, times) give the same bytes."""
    platform = write_fixture(tmp_path / "in")
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", BUILD, str(platform), str(out)], check=True,
                       env=env, timeout=120)
        outs.append((out / "scorecard.xlsx").read_bytes())
    assert outs[0] == outs[1]
    with zipfile.ZipFile(tmp_path / "out1" / "scorecard.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {ZIP_TIME}
        core = z.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]+)<", core) == [
        "2024-01-15T00:00:00Z", "2024-01-15T00:00:00Z"]


def test_real_data_variant_has_no_sample_notice(tmp_path: Path) -> None:
    """Not fictional, sponsorship off, no organisation: still a complete workbook."""
    platform = write_fixture(tmp_path)
    text = platform.read_text().replace("{mode: separate}", "{mode: 'off'}")
    platform.write_text(text.replace("organization: Fixture Coalition\n", ""))
    meta = tmp_path / "votes" / "dataset.yaml"
    meta.write_text(meta.read_text().replace("fictional: true", "fictional: false"))
    card = score_platform(platform)
    write_workbook(card, tmp_path / "out")
    wb = load_workbook(tmp_path / "out" / "scorecard.xlsx")
    assert wb.sheetnames == SHEETS
    assert wb.properties.creator == "Fixture Justice Scorecard"
    for ws in wb.worksheets:
        assert not any(SAMPLE in str(v) for r in ws.iter_rows(max_row=3, values_only=True)
                       for v in r if v)
    assert "Sponsored: support" not in header_index(wb["Senate"])


# ---- LibreOffice -----------------------------------------------------------------------


@pytest.mark.libreoffice
def test_libreoffice_opens_and_converts(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """LibreOffice converts the workbook to PDF (no repair needed) with its content."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc)")
    card, out = built
    profile = tmp_path / "profile"
    result = subprocess.run(
        [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path), str(out / "scorecard.xlsx")],
        capture_output=True, text=True, timeout=240)
    pdf = tmp_path / "scorecard.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, timeout=60).stdout
        assert SAMPLE in text
        assert "Fixture Justice Scorecard" in text
        assert "Ada Able" in text and HOSTILE["u2"] in text  # shown as text, not run
        assert "Mean score by party" in text
        assert "Methodology" in text


def test_audit_sheet_lists_every_finding(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from scorecard.build import score_platform
    from scorecard.render.xlsx import write_workbook
    from tests.conftest import REPO

    card = score_platform(REPO / "platform.yaml")
    write_workbook(card, tmp_path)
    ws = load_workbook(tmp_path / "scorecard.xlsx")["Audit"]
    rows = [[c if c is not None else "" for c in r] for r in ws.iter_rows(values_only=True)]
    assert card.audit.summary() in str(rows[0][0])
    # audit.csv's columns in its order, under readable headers
    assert rows[1] == ["Severity", "Check", "Roll call", "Legislator id", "Finding",
                       "Rows behind it"]
    frame = card.audit.frame().astype(str).to_numpy().tolist()
    assert [list(map(str, r)) for r in rows[2:]] == frame
    # a finding's wrapped sentence gets the lines it needs (a row XlsxWriter wrote does not
    # grow when opened: the text ran over the rows below)
    width = ws.column_dimensions["E"].width
    for n, r in enumerate(rows[2:], start=3):
        lines = -(-len(str(r[4])) // int(width))
        if lines > 1:
            assert (ws.row_dimensions[n].height or 15) >= 15 * lines * 0.8, (n, r[4])
