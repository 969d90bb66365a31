"""Share cards reused from the previous build's output (scorecard.render.share): only a
card whose key and old bytes both match is copied; the result is the bytes a fresh paint
gives; the build stays byte-identical and atomic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scorecard.build import build
from scorecard.render import share
from scorecard.render.reuse import RECORD, Reuse
from scorecard.render.share import CardStyle, CardWriter, ShareCard

from .site_fixture import make_site_inputs

STYLE = CardStyle("The scorecard", "Org", "Sample data: fictional legislators")
CARDS = [ShareCard(f"p{i}.png", f"Person {i}", f"District {i}", str(i), "B", (f"Rank {i}",))
         for i in range(30)]


def write(root: Path, cards: list[ShareCard], reuse_from: Path | None = None,
          style: CardStyle = STYLE, workers: int = 0) -> CardWriter:
    """Cards into ``root`` as a build does: reusing ``reuse_from``'s, recording them."""
    reuse = Reuse(reuse_from)
    writer = CardWriter(style, root, workers=workers, reuse=reuse)
    try:
        writer.start(cards)
        writer.finish()
    finally:
        writer.close()
    reuse.write(root)
    return writer


def files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "share").iterdir())}


def no_painting(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: share.CardPainter, card: ShareCard) -> bytes:
        raise AssertionError(f"{card.file} was painted again")

    monkeypatch.setattr(share.CardPainter, "paint", refuse)


def test_unchanged_cards_are_copied_not_painted(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "old", CARDS, workers=1)
    no_painting(monkeypatch)
    writer = write(tmp_path / "new", CARDS, reuse_from=tmp_path / "old")
    assert writer.reused == len(CARDS)
    assert files(tmp_path / "new") == files(tmp_path / "old")


def test_a_changed_card_is_painted_the_others_copied(tmp_path: Path) -> None:
    write(tmp_path / "old", CARDS)
    changed = [*CARDS[:-1], ShareCard("p29.png", "Person 29", "District 29", "30", "B",
                                      ("Rank 29",))]
    writer = write(tmp_path / "new", changed, reuse_from=tmp_path / "old")
    write(tmp_path / "fresh", changed)
    assert writer.reused == len(CARDS) - 1
    assert files(tmp_path / "new") == files(tmp_path / "fresh")
    assert files(tmp_path / "new")["p29.png"] != files(tmp_path / "old")["p29.png"]


def test_a_new_style_repaints_every_card(tmp_path: Path) -> None:
    write(tmp_path / "old", CARDS)
    other = CardStyle("Another title", "Org", "Sample data: fictional legislators")
    writer = write(tmp_path / "new", CARDS, reuse_from=tmp_path / "old", style=other)
    assert writer.reused == 0
    assert files(tmp_path / "new") == files(write(tmp_path / "fresh", CARDS, style=other).root)


def test_an_altered_old_card_is_painted_again(tmp_path: Path) -> None:
    """The old file must still have the recorded SHA-256: an edited or truncated PNG in
    the previous output is never carried over."""
    write(tmp_path / "old", CARDS)
    good = (tmp_path / "old" / "share" / "p3.png").read_bytes()
    (tmp_path / "old" / "share" / "p3.png").write_bytes(good[:-20])
    (tmp_path / "old" / "share" / "p4.png").unlink()
    writer = write(tmp_path / "new", CARDS, reuse_from=tmp_path / "old")
    assert writer.reused == len(CARDS) - 2
    assert (tmp_path / "new" / "share" / "p3.png").read_bytes() == good
    assert (tmp_path / "new" / "share" / "p4.png").is_file()


@pytest.mark.parametrize("text", ["not json", "[]", '{"files": [1, 2]}',
                                  '{"files": {"share/p1.png": {"key": 1}}}'])
def test_a_foreign_or_broken_record_is_ignored(tmp_path: Path, text: str) -> None:
    write(tmp_path / "old", CARDS)
    record = (tmp_path / "old" / RECORD).read_bytes()
    (tmp_path / "old" / RECORD).write_text(text, encoding="utf-8")
    writer = write(tmp_path / "new", CARDS, reuse_from=tmp_path / "old")
    assert writer.reused == 0
    assert files(tmp_path / "new") == files(tmp_path / "old")
    assert (tmp_path / "new" / RECORD).read_bytes() == record


def test_the_record_names_each_card_with_its_key_and_hash(tmp_path: Path) -> None:
    import hashlib

    write(tmp_path / "old", CARDS)
    record = json.loads((tmp_path / "old" / RECORD).read_text(encoding="utf-8"))
    assert sorted(record["files"]) == sorted(f"share/{c.file}" for c in CARDS)
    for card in CARDS:
        r = record["files"][f"share/{card.file}"]
        assert r["key"] == share.card_key(STYLE, card)
        png = (tmp_path / "old" / "share" / card.file).read_bytes()
        assert r["sha256"] == hashlib.sha256(png).hexdigest()


def test_a_rebuild_reuses_the_cards_and_is_byte_identical(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second build into the same folder paints no card (the workers would inherit the
    refusal too) and writes the same bytes as a build into a new folder."""
    platform = make_site_inputs(tmp_path / "inputs")
    build(platform, out=tmp_path / "out")
    first = {p.relative_to(tmp_path / "out"): p.read_bytes()
             for p in (tmp_path / "out").rglob("*") if p.is_file()}
    no_painting(monkeypatch)
    build(platform, out=tmp_path / "out")
    again = {p.relative_to(tmp_path / "out"): p.read_bytes()
             for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert again == first
    assert sum(p.suffix == ".png" for p in first) == len(json.loads(
        first[Path(RECORD)])["files"]) > 5


def test_a_writer_called_outside_a_build_records_nothing(tmp_path: Path) -> None:
    """write_site called on its own (no previous output) paints every card, as before."""
    writer = CardWriter(STYLE, tmp_path, workers=0)
    writer.start(CARDS[:3])
    writer.finish()
    assert writer.reuse is None and writer.reused == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["share"]


def test_a_reused_card_is_linked_not_rewritten(tmp_path: Path) -> None:
    """The old file is hard-linked into the new output (same bytes, a tenth of the
    time); removing the old output, as the swap does, leaves the new one whole."""
    import shutil

    write(tmp_path / "old", CARDS)
    before = files(tmp_path / "old")
    writer = write(tmp_path / "new", CARDS, reuse_from=tmp_path / "old")
    assert writer.reused == len(CARDS)
    old, new = tmp_path / "old" / "share" / "p1.png", tmp_path / "new" / "share" / "p1.png"
    assert new.stat().st_ino == old.stat().st_ino
    shutil.rmtree(tmp_path / "old")
    assert files(tmp_path / "new") == before


def test_where_links_are_refused_a_reused_card_is_copied(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    write(tmp_path / "old", CARDS)

    def refuse(src: object, dst: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", refuse)
    writer = write(tmp_path / "new", CARDS, reuse_from=tmp_path / "old")
    assert writer.reused == len(CARDS)
    assert files(tmp_path / "new") == files(tmp_path / "old")
    new = tmp_path / "new" / "share" / "p1.png"
    assert new.stat().st_ino != (tmp_path / "old" / "share" / "p1.png").stat().st_ino
