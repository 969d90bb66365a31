"""Colours shared by the site's charts and the workbook: colour-blind-safe by default.

Party colours can be set in platform.yaml (``display.party_colors``). The defaults are
from the Okabe-Ito palette, distinguishable with the common colour-vision deficiencies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..card import Scorecard
    from ..platform import Platform

#: Okabe-Ito: blue, vermillion, bluish green, orange, reddish purple, sky blue, yellow.
OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442"]
#: By party name as the importers write it (each normalises its source's codes once, at
#: import: "D" and "Democrat" arrive as "Democratic").
DEFAULT_PARTY_COLORS = {"Democratic": "#0072B2", "Republican": "#D55E00",
                        "Independent": "#009E73", "Working Families": "#CC79A7",
                        "Conservative": "#E69F00"}
NEUTRAL = "#6B6B6B"
#: aligned / against / not counted (vote cells, receipts): blue-orange, not red-green.
ALIGNED, AGAINST, NOT_COUNTED = "#0072B2", "#D55E00", "#BBBBBB"


def party_colors(platform: Platform, parties: list[str]) -> dict[str, str]:
    """A colour per party: platform.yaml's choice, else the defaults, else the palette."""
    chosen = platform.model.display.party_colors
    out: dict[str, str] = {}
    spare = [c for c in OKABE_ITO if c not in DEFAULT_PARTY_COLORS.values()] + OKABE_ITO
    i = 0
    for party in sorted(set(parties)):
        if party in chosen:
            out[party] = chosen[party]
        elif party in DEFAULT_PARTY_COLORS:
            out[party] = DEFAULT_PARTY_COLORS[party]
        elif not party:
            out[party] = NEUTRAL
        else:
            out[party] = spare[i % len(spare)]
            i += 1
    return out


def scorecard_party_colors(card: Scorecard) -> dict[str, str]:
    """The colour of every party on the scorecard or in legislators.csv: the site and the
    workbook both take theirs from here, so a party has one colour everywhere (a party
    beyond the defaults takes the next spare colour in the order of all of them)."""
    parties = set(card.scores.table["party"].astype(str)) | set(card.dataset.legislators["party"])
    return party_colors(card.platform, sorted(parties))
