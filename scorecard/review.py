"""The right of reply: ``scorecard review --out DIR`` writes, before publication, one
printable letter per legislator listing every vote and sponsorship that will be scored,
how each counts, the provisional score and how to reply, plus ``letters.csv`` for a mail
merge (name, seat, email and office address from the dataset's contacts.csv).

The letters are laid out from the legislator pages' own context (same numbers, same
words). The folder is written as the build writes ``output/``: staged, then swapped in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .render.methodology import FICTIONAL_NOTICE, RULE_WORDS
from .tables import to_csv_text

if TYPE_CHECKING:
    from .card import Scorecard
    from .render.legislators import LegislatorPage

#: the columns of letters.csv
LETTER_COLUMNS = ["legislator_id", "name", "chamber", "district", "party", "email",
                  "address", "url", "score", "grade", "votes", "sponsorships", "deadline",
                  "contact", "letter"]


@dataclass
class LetterVote:
    date: str
    rollcall_id: str
    bill: str
    title: str
    demand: str
    position: str
    wanted: str
    option: str
    counts: str
    source_url: str
    override_note: str


@dataclass
class LetterSponsor:
    bill: str
    session: str
    demand: str
    role: str
    counts: str


@dataclass
class Letter:
    legislator_id: str
    file: str  # "<slug>.html"
    name: str
    chamber: str
    seat: str  # "Senate District 4"
    district: str
    party: str
    email: str
    address: str
    url: str
    subject: str
    title: str
    organization: str
    fictional: str
    as_of: str
    period: str
    score: str
    grade: str
    score_text: str
    sensitivity: str
    why: str
    rules: str
    votes: list[LetterVote]
    sponsorships: list[LetterSponsor]
    reply_text: str


def reply_text(card: Scorecard) -> str:
    """How and by when to reply, from platform.yaml's ``review:`` block."""
    r = card.platform.model.review
    who = r.contact or card.platform.model.organization or "us"
    if r.deadline:
        return f"Please reply by {r.deadline.isoformat()} to {who}."
    return f"Please reply as soon as you can to {who}."


def _rules(card: Scorecard) -> str:
    s = card.platform.scoring
    return (f"Absent, not voting and abstaining {RULE_WORDS[s.absent]}; excused, paired and "
            f"other votes {RULE_WORDS[s.excused]}. A vote of weight 2 counts twice.")


def _counts(verdict: str, weight: str, note: str) -> str:
    out = verdict + (f", weight {weight}" if weight != "1" else "")
    return out + (f" ({note})" if note else "")


def _letter(card: Scorecard, lp: LegislatorPage, contacts: dict[str, tuple[str, str]],
            lines: dict[str, str], period: str) -> Letter:
    site_title = card.platform.model.title
    r = lp.row
    votes = sorted((v for b in lp.sessions if b.in_period for v in b.votes),
                   key=lambda v: (v.date, v.rollcall_id))
    email, address = contacts.get(r.legislator_id, ("", ""))
    score_text = (f"{r.score_shown} out of 100" + (f", grade {r.grade}" if r.grade else "")
                  + (f", {lp.rank_text}" if lp.rank_text else "")
                  if r.score_shown else f"no score ({r.why})")
    return Letter(
        legislator_id=r.legislator_id, file=f"{r.slug}.html", name=r.name,
        chamber=lp.chamber_name, seat=f"{lp.chamber_name} District {r.district}",
        district=r.district, party=r.party, email=email, address=address, url=r.url,
        subject=f"{site_title}: the record we will publish for {r.name}", title=site_title,
        organization=card.platform.model.organization or "",
        fictional=FICTIONAL_NOTICE if card.fictional else "", as_of=card.dataset.as_of,
        period=period, score=r.score_shown, grade=r.grade,
        score_text=score_text, sensitivity=lines.get(r.legislator_id, ""), why=r.why,
        rules=_rules(card),
        votes=[LetterVote(v.date, v.rollcall_id, v.bill, v.title, v.demand.text, v.position,
                          v.wanted, v.option, _counts(v.verdict_text, v.weight, v.note),
                          v.source_url, v.override_note if v.overridden else "")
               for v in votes],
        sponsorships=[LetterSponsor(s.bill, s.session, s.demand.text, s.role, s.counts)
                      for s in lp.sponsorships],
        reply_text=reply_text(card))


def contacts(card: Scorecard) -> dict[str, tuple[str, str]]:
    """legislator_id -> (email, office address), from the dataset's contacts.csv."""
    c = card.dataset.contacts
    return {str(lid): (str(e), str(a)) for lid, e, a in zip(
        c["legislator_id"], c["email"], c["address"], strict=True)}


def gather_letters(card: Scorecard) -> list[Letter]:
    """One letter per legislator on the scorecard, in the scores table's order."""
    from .render.context import gather_site
    from .render.legislators import gather_legislators

    ctx = gather_site(card)
    lines = card.sensitivity.lines if card.sensitivity is not None else {}
    known = contacts(card)
    return [_letter(card, lp, known, lines, ctx.site.period_label)
            for lp in gather_legislators(card, ctx)]


def letters_frame(letters: list[Letter], card: Scorecard) -> pd.DataFrame:
    """letters.csv: one row per letter, for a mail merge."""
    r = card.platform.model.review
    return pd.DataFrame([
        (x.legislator_id, x.name, x.chamber, x.district, x.party, x.email, x.address, x.url,
         x.score, x.grade, len(x.votes), len(x.sponsorships),
         r.deadline.isoformat() if r.deadline else "", r.contact or "", x.file)
        for x in letters], columns=LETTER_COLUMNS)


def write_letters(card: Scorecard, out: Path) -> None:
    """Every letter as ``<slug>.html`` and letters.csv, into ``out``."""
    from .render.briefings import stylesheet
    from .render.templates import environment

    letters = gather_letters(card)
    template = environment().get_template("review_letter.html")
    css = stylesheet()
    for letter in letters:
        (out / letter.file).write_text(template.render(l=letter, inline_css=css),
                                       encoding="utf-8", newline="\n")
    (out / "letters.csv").write_text(to_csv_text(letters_frame(letters, card)),
                                     encoding="utf-8")


def review(platform_path: Path | str, data_dir: Path | str | None,
           out: Path | str) -> Scorecard:
    """``scorecard review``: score, then write the letters into ``out`` (staged, swapped).
    ``out`` follows build --out's rules with the review's own marker: an empty or new
    folder, or one a previous review wrote (checked before scoring, and again before
    writing)."""
    from .build import protected_paths, score_platform, write_outputs
    from .destinations import REVIEW, check_build_out

    check_build_out(Path(out), protected_paths(platform_path, data_dir), REVIEW)
    card = score_platform(platform_path, data_dir)
    write_outputs(card, Path(out), writers=[("letters", write_letters)], kind=REVIEW)
    return card


__all__ = ["LETTER_COLUMNS", "Letter", "gather_letters", "review", "write_letters"]
