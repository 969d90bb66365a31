"""The Jinja2 environment of the package's templates, shared by the site and the briefings.

Autoescaping is on for every template and string; undefined names are errors.
"""

from __future__ import annotations

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)

from .formats import shown, sort_key


def template_cache() -> BytecodeCache | None:
    """Compiled templates kept between builds, or None when there is nowhere safe to.

    Jinja2's own cache: the per-user ``_jinja2-cache-<uid>`` folder (mode 0700) in the
    temporary folder, one file per template keyed by the template's source checksum, each
    written to a temporary file and renamed. A cached template is the same compiled code,
    so pages are byte-identical with or without it; it saves compiling every template on
    every build (0.3 s of CPU on the demo, see docs/performance.md).
    """
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # no temporary folder of our own: compile each time
        return None


def environment() -> Environment:
    """The Jinja2 environment of the package's templates (autoescaping on)."""
    env = Environment(loader=PackageLoader("scorecard", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      undefined=StrictUndefined, auto_reload=False,
                      bytecode_cache=template_cache())
    env.filters["shown"] = shown
    env.filters["sortnum"] = sort_key
    return env
