"""Writers: each turns a scored :class:`~scorecard.build.Scorecard` into files in a folder."""
