"""Share cards (scorecard.render.share): valid, deterministic PNGs, fast paths exact."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scorecard.render import share
from scorecard.render.share import CardPainter, CardStyle, CardWriter, ShareCard

STYLE = CardStyle('Justice <b> & "Fair"', "Org & Co", "Sample data: fictional legislators")
CARDS = [
    ShareCard("a.png", "Jane Smith-Rodríguez 🎉", "Senate District 12 · Democratic", "87", "B",
              ("Score for the 2025-2026 session", "Rank 3 of 63 in the Senate (tied)",
               "Lifetime score 80 (2023-2024 to 2025-2026)")),
    ShareCard("b.png", "محمد العربي", "Assembly District 1 · Democratic", "", "",
              ("No score for the 2025-2026 session",
               "Not in office for any scored vote: a long reason that has to wrap onto a "
               "second line of the card and then be cut short because it is far too long")),
    ShareCard("c.png", "W" * 80, "District 1", "100", "A", ()),
    ShareCard("index.png", "The scorecard", "Org", "", "", ("How legislators voted",),
              kind="site"),
]


@pytest.mark.parametrize("card", CARDS, ids=[c.file for c in CARDS])
def test_cards_are_valid_1200x630_pngs(card: ShareCard) -> None:
    png = CardPainter(STYLE).paint(card)
    image = Image.open(io.BytesIO(png))
    image.verify()  # chunk CRCs and the zlib stream
    image = Image.open(io.BytesIO(png))
    assert image.size == (1200, 630) and image.mode == "P"
    assert set(image.info) == set()  # no metadata chunk (no time, no software)
    assert png == CardPainter(STYLE).paint(card)  # deterministic


def test_a_card_shows_its_text() -> None:
    painter = CardPainter(STYLE)
    a = np.asarray(Image.open(io.BytesIO(painter.paint(CARDS[0]))))
    b = np.asarray(Image.open(io.BytesIO(painter.paint(CARDS[2]))))
    assert (a != b).any(axis=1)[130:560].sum() > 100  # names, scores and lines differ
    assert (a == b)[:112].all() and (a == b)[-56:].all()  # title band and banner shared


def test_text_is_drawn_in_its_colours() -> None:
    """The name is ink on white, anti-aliased through the (white, ink) ramp only."""
    image = Image.open(io.BytesIO(CardPainter(STYLE).paint(CARDS[2])))
    rgb = np.asarray(image.convert("RGB"))
    name = rgb[130:200, 48:1152].reshape(-1, 3)
    colours = {tuple(int(v) for v in c) for c in np.unique(name, axis=0)}
    assert (255, 255, 255) in colours and (0x1a, 0x1a, 0x1a) in colours
    assert len(colours) > 4  # anti-aliased, not thresholded
    assert all(c[0] == c[1] == c[2] for c in colours)  # between white and ink: no stray hue
    score = {tuple(int(v) for v in c) for c in rgb[330:500, 60:330].reshape(-1, 3)}
    assert (0x00, 0x5a, 0x8c) in score and (255, 255, 255) in score  # the score box


def test_the_font_is_found_without_importing_matplotlib() -> None:
    import subprocess
    import sys

    code = ("import sys; from scorecard.render import share; share._font(20, True); "
            "share.drawable('é 🎉'); print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_text_the_font_cannot_draw_is_dropped() -> None:
    assert share.drawable("Emoji 🎉  Person") == "Emoji Person"
    assert share.drawable("محمد العربي") == "محمد العربي"
    assert share._needs_shaping("محمد") and not share._needs_shaping("José Ñúñez")


def test_the_coverage_file_is_the_fonts_cmap() -> None:
    """scorecard/fonts/DejaVuSans.coverage, which the cards read instead of the font's
    cmap, is what the shipped font gives (regenerate it with python -m tests.font_coverage
    after changing the font) and reads back as the same code points."""
    from tests.font_coverage import coverage_text, font_points

    points = font_points()
    assert len(points) > 3000 and {0x20, 0x7E, 0xE9, 0x3A9, 0x416} <= points
    assert (share.font_folder() / share.COVERAGE).read_text(encoding="ascii") == (
        coverage_text(points))
    assert share._coverage() == points
    assert share.drawable("Café · Ωμέγα 🎉") == "Café · Ωμέγα"


def test_painting_does_not_read_the_font_with_fonttools() -> None:
    """No painting process imports fontTools or reads the font's cmap (0.09 s)."""
    import subprocess
    import sys

    code = ("import sys; from scorecard.render import share; "
            "share.drawable('Senate District 5 \u00b7 Democratic'); "
            "print('fontTools' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.strip() == "False"


def test_writer_in_workers_and_in_process_agree(tmp_path: Path) -> None:
    many = [ShareCard(f"p{i}.png", f"Person {i}", f"District {i}", str(i % 101), "B",
                      (f"Rank {i} of 80",)) for i in range(80)]
    outputs = []
    for workers in (0, 1):
        root = tmp_path / str(workers)
        writer = CardWriter(STYLE, root, workers=workers)
        writer.warm()
        try:
            writer.start(many)
            writer.finish()
        finally:
            writer.close()
        outputs.append({p.name: p.read_bytes() for p in (root / "share").iterdir()})
    assert len(outputs[0]) == 80 and outputs[0] == outputs[1]


WORDY = ["Jane Smith-Rodríguez", "Assembly District 12 · Democratic", "AV To Wa T. Yo",
         "Rank 1075 of 1500 in the Assembly (tied)", "Lifetime score 80 (2023-2024 to 2025)",
         "a j f f ‘quoted’ “double” L’Écuyer", "Ñúñez Øster Æsir Þór ß ĳ", "Ends with an…",
         "W" * 30 + " " + "i" * 30, "x  two  spaces", " leading and trailing "]


@pytest.mark.parametrize("size,bold", [(68, True), (34, False), (28, False), (30, True)])
def test_text_put_together_from_words_is_drawn_as_a_whole(size: int, bold: bool) -> None:
    font = share._font(size, bold)
    for text in WORDY:
        ours, theirs = share._mask(text, font, "ls"), share._draw(text, font, "ls")
        assert ours[1:] == theirs[1:] and np.array_equal(ours[0], theirs[0]), text


def test_a_kerned_space_is_measured(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a space is kerned, the next word starts where the text before it ends."""
    monkeypatch.setattr(share, "_kerned", lambda before, after, font: True)
    share._mask.cache_clear()
    try:
        font = share._font(34, False)
        for text in WORDY:
            ours, theirs = share._mask(text, font, "ls"), share._draw(text, font, "ls")
            assert np.array_equal(ours[0], theirs[0]), text
    finally:
        share._mask.cache_clear()


def test_the_real_roster_names_are_drawn_as_a_whole(realdata: Path) -> None:
    roster = realdata / "openstates_people_ny" / "data" / "ny"
    import yaml

    names = sorted({share.drawable(str(yaml.safe_load(f.read_text(encoding="utf-8"))
                                       .get("name", "")))
                    for f in roster.glob("*/*.yml")})
    assert len(names) > 200
    font = share._font(68, True)
    for name in names:
        ours, theirs = share._mask(name, font, "ls"), share._draw(name, font, "ls")
        assert ours[1:] == theirs[1:] and np.array_equal(ours[0], theirs[0]), name
