"""The static site. (Plain index for now; the full site is issue 3.)"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, select_autoescape

from ..scoring import round_half_up

if TYPE_CHECKING:
    from ..build import Scorecard


def environment() -> Environment:
    """The Jinja2 environment of the package's templates (autoescaping on)."""
    env = Environment(loader=PackageLoader("scorecard", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["shown"] = lambda s: "" if s != s or s is None else round_half_up(float(s))
    return env


def write_site(card: Scorecard, out: Path) -> None:
    """Write index.html listing every legislator's score per chamber."""
    t = card.scores.table
    chambers = []
    for chamber in ("upper", "lower"):
        rows = t[t["chamber"] == chamber].sort_values(["rank", "sort_name"], na_position="last")
        if len(rows):
            chambers.append({"name": card.platform.chamber_name(chamber),
                             "rows": rows.to_dict("records")})
    html = environment().get_template("index.html").render(card=card, chambers=chambers)
    (out / "index.html").write_text(html, encoding="utf-8")
