"""The Jinja2 environment of the package's templates, shared by the site and the briefings.

Autoescaping is on for every template and string; undefined names are errors.
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .formats import shown, sort_key


def environment() -> Environment:
    """The Jinja2 environment of the package's templates (autoescaping on)."""
    env = Environment(loader=PackageLoader("scorecard", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      undefined=StrictUndefined, auto_reload=False)
    env.filters["shown"] = shown
    env.filters["sortnum"] = sort_key
    return env
