"""Writers: each turns a scored :class:`~scorecard.card.Scorecard` into files in a folder."""
