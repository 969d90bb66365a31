"""The Jinja2 environment of the package's templates, shared by the site and the briefings.

Autoescaping is on for every template and string; undefined names are errors.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    PackageLoader,
    StrictUndefined,
    Template,
    select_autoescape,
)
from markupsafe import Markup

from .formats import shown, sort_key

#: Rows kept by one environment before its cache starts again (bounds its memory).
ROWS_KEPT = 200_000


class Rows:
    """The ``rows`` filter: ``{{ items|rows("_partials/vote_row.html", page.root) }}``.

    Renders each item through the named template (as ``v``, with ``root``) and joins
    them. Items are frozen (hashable) views, and a page shows the same row many times
    over (every member of a roll call who voted the same way, every roll call a member
    voted in), so each distinct (template, item, root) is rendered and escaped once per
    environment and reused as Markup: the bytes are those the template gives it.
    """

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.done: dict[tuple[str, str, Hashable], str] = {}
        self.templates: dict[str, Template] = {}  # looked up once, not once per row

    def __call__(self, items: Iterable[Hashable], name: str, root: str) -> Markup:
        done = self.done
        out = []
        for item in items:
            key = (name, root, item)
            html = done.get(key)
            if html is None:
                if len(done) >= ROWS_KEPT:
                    done.clear()
                template = self.templates.get(name)
                if template is None:
                    template = self.templates[name] = self.env.get_template(name)
                html = done[key] = template.render(v=item, root=root)
            out.append(html)
        return Markup("".join(out))


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
    env.filters["rows"] = Rows(env)
    return env
