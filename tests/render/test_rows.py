"""Repeated rows are rendered once and reused (templates.Rows, legislators.VoteViews),
and give the bytes the template gives each row on its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Template

from scorecard.build import score_platform
from scorecard.render.context import Link, gather_site
from scorecard.render.legislators import VoteViews, gather_legislators
from scorecard.render.rollcalls import Voter
from scorecard.render.templates import environment

REPO = Path(__file__).resolve().parents[2]


def voters() -> list[Voter]:
    ada = Voter("Ada <Lovelace>", Link("legislators/ada.html", "Ada"), "Democratic", "1")
    bob = Voter('Bob "&" Co', None, "", "2", note="corrected <b>by hand</b>")
    return [ada, bob, ada, Voter("Ada <Lovelace>", Link("legislators/ada.html", "Ada"),
                                 "Democratic", "1")]


def test_rows_gives_each_rows_own_bytes_rendering_each_distinct_row_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    env = environment()
    alone = [env.get_template("_partials/voter.html").render(v=v, root="../")
             for v in voters()]
    rendered: list[object] = []
    real = Template.render

    def counting(self: Template, *args: object, **kwargs: object) -> str:
        rendered.append(kwargs.get("v"))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Template, "render", counting)
    html = env.filters["rows"](voters(), "_partials/voter.html", "../")
    assert str(html) == "".join(alone)
    assert "&lt;Lovelace&gt;" in html and "&lt;b&gt;by hand" in html  # escaped once, kept
    assert len(rendered) == 2  # ada (three times, one an equal copy) and bob
    assert str(env.filters["rows"](voters(), "_partials/voter.html", "")) != str(html)


def test_the_voters_partial_is_the_list_of_its_rows() -> None:
    env = environment()
    html = env.get_template("_partials/voters.html").render(voters=voters(), root="../")
    lines = html.splitlines()
    assert lines[0] == '<ul class="voters">' and lines[-1] == "</ul>"
    assert len(lines) == 6 and all(line.startswith("<li>") for line in lines[1:-1])


@pytest.fixture(scope="module")
def demo() -> object:
    return score_platform(REPO / "platform.yaml")


def test_members_who_voted_alike_share_one_vote_view(demo: object) -> None:
    card = demo
    ctx = gather_site(card)  # type: ignore[arg-type]
    pages = gather_legislators(card, ctx)  # type: ignore[arg-type]
    seen: dict[object, set[int]] = {}
    views = 0
    for lp in pages:
        for b in lp.sessions:
            for v in b.votes:
                views += 1
                seen.setdefault(v, set()).add(id(v))
    assert all(len(ids) == 1 for ids in seen.values())  # equal rows are one object
    assert len(seen) < views / 10  # the demo's 2,264 scored votes are a few rows each


def test_a_reply_shows_only_on_its_legislators_row(demo: object) -> None:
    card = demo
    ctx = gather_site(card)  # type: ignore[arg-type]
    info = {pe.key: {"demand": Link("d.html", "d"), "section": "s", "label": pe.entry.label,
                     "link": None, "title": "", "position": pe.entry.position}
            for pe in card.platform.entries()}  # type: ignore[attr-defined]
    from scorecard.render.legislators import replies_by

    on_votes, _ = replies_by(card)  # type: ignore[arg-type]
    (lid, rid), = on_votes
    views = VoteViews(card, info, ctx.site.chamber_names, {}, on_votes)  # type: ignore[arg-type]
    with_reply = [v for _, v in views.by_legislator[lid] if v.rollcall_id == rid]
    assert [len(v.replies) for v in with_reply] == [1]
    others = [v for other, vs in views.by_legislator.items() if other != lid
              for _, v in vs if v.rollcall_id == rid]
    assert others and all(v.replies == () for v in others)
