"""The project's one YAML reader: it remembers where every key is and refuses hostile files.

``load_yaml`` returns plain Python data and a :class:`Locations` map from key paths
(``("sections", 0, "demands", 2, "id")``) to 1-based line numbers. Every file the
package reads as YAML (platform.yaml, dataset.yaml, the roster's people files) goes
through it, so every such file
gets the same limits, each refused with a message naming the line:

- an alias expands at most :data:`MAX_ALIAS_NODES` values in all (a "billion laughs"
  file of a few hundred bytes would otherwise expand to 10**9 strings), and may not
  contain itself;
- mappings and lists nest at most :data:`MAX_DEPTH` levels;
- a key is plain text or a number; a value that cannot be read (an impossible date
  such as ``2023-02-30``, an unknown ``!!tag``) or a character YAML forbids (a NUL
  byte) is reported by line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import PlatformError, Problem, ScorecardError

KeyPath = tuple[str | int, ...]

#: Values an alias may expand to, summed over the file (YAML anchors are for reuse of a
#: few settings, not for building large documents).
MAX_ALIAS_NODES = 10_000
#: Nesting levels of mappings and lists.
MAX_DEPTH = 100


def format_path(path: KeyPath) -> str:
    """``("sections", 0, "id")`` -> ``sections[0].id``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


@dataclass
class Locations:
    """Line numbers of the keys and items of one YAML file."""

    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line(self, path: KeyPath) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


class _Refused(Exception):
    """A node the reader refuses: its line and why."""

    def __init__(self, line: int, message: str) -> None:
        self.line, self.message = line, message


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


@dataclass
class _Builder:
    """Turns composed nodes into Python data, counting what aliases expand."""

    locs: Locations
    scalar: Callable[[yaml.ScalarNode], Any]
    visits: int = 0
    built: set[int] = field(default_factory=set)
    open_nodes: set[int] = field(default_factory=set)

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.locs.lines.setdefault(path, _line(node))
        if len(path) > MAX_DEPTH:
            raise _Refused(_line(node), f"mappings and lists are nested more than {MAX_DEPTH} "
                           "levels deep; flatten the file")
        if id(node) in self.open_nodes:
            raise _Refused(_line(node), "an alias refers to itself (a '*name' inside the "
                           "'&name' it names); it cannot be expanded")
        self.visits += 1
        self.built.add(id(node))
        if self.visits - len(self.built) > MAX_ALIAS_NODES:
            raise _Refused(_line(node), f"aliases ('*name') expand to more than "
                           f"{MAX_ALIAS_NODES:,} values; the file is refused (a small file "
                           "that expands to a huge one is a known attack). Write the values "
                           "out instead of repeating aliases")
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        self.open_nodes.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        finally:
            self.open_nodes.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            line = _line(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(line, "a key must be plain text or a number, not a list or a "
                               "mapping")
            key = self.scalar(key_node)
            if not isinstance(key, str | int | float | bool) and key is not None:
                key = str(key_node.value)
            if key in seen:
                raise _Refused(line, f"key {key!r} appears twice in the same mapping (first "
                               f"on line {seen[key]}). Keep one")
            seen[key] = line
            child = (*path, key)
            self.locs.lines[child] = line
            out[key] = self.build(value_node, child)
        return out


_RESOLVER_LOADER = yaml.SafeLoader("")
#: libyaml's parser when available (10x faster); marks carry the same line numbers.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _text(node: yaml.ScalarNode) -> Any:
    """A scalar as written (YAML's "base" schema: every value is text)."""
    return str(node.value)


def _scalar(node: yaml.ScalarNode) -> Any:
    try:
        return _RESOLVER_LOADER.construct_object(node, deep=True)
    except yaml.MarkedYAMLError as exc:
        raise _Refused(_line(node), f"{node.value!r} cannot be read: {exc.problem}") from None
    except (ValueError, OverflowError, TypeError) as exc:
        if node.tag == _TIMESTAMP:
            raise _Refused(_line(node), f"{node.value} is not a real date (write YYYY-MM-DD, "
                           "e.g. 2023-02-28; quote it if it is meant as text)") from None
        raise _Refused(_line(node), f"{node.value!r} cannot be read ({exc})") from None


def _refuse(kind: type[ScorecardError], path: Path, where: str, message: str) -> ScorecardError:
    """``kind`` with one message, its :class:`Problem` attached for collectors."""
    place = f"{path}, {where}" if where else str(path)
    return kind(f"{place}: {message}.", [Problem(str(path), message, where)])


def read_text(path: Path, what: str, kind: type[ScorecardError]) -> str:
    """The UTF-8 text of ``path``; a folder, an unreadable file or bad UTF-8 is ``kind``."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if kind is PlatformError:
            raise kind(f"{path}: no such file. Pass --platform FILE, or run the command in the "
                       "folder that holds platform.yaml.") from None
        raise _refuse(kind, path, "", "no such file") from None
    except IsADirectoryError:
        raise _refuse(kind, path, "", f"is a folder; the {what} must be a YAML file") from None
    except OSError as exc:
        raise _refuse(kind, path, "", f"cannot be read ({exc.strerror or exc})") from None
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _refuse(kind, path, f"line {line}", f"the {what} is not valid UTF-8; save it "
                      "as UTF-8 and try again") from None


def load_yaml(path: Path, what: str = "file", kind: type[ScorecardError] = PlatformError,
              plain: bool = False) -> tuple[Any, Locations]:
    """Parse ``path``; every problem becomes ``kind`` naming the line (and column).

    ``plain`` reads every value as text (YAML's base schema: ``no`` stays ``"no"``,
    dates stay text), as the roster's people files are read.
    """
    path = Path(path)
    text = read_text(path, what, kind)
    try:
        node = yaml.compose(text, Loader=_PLAIN_LOADER if plain else _LOADER)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        name = " (a NUL byte)" if exc.character == 0 else ""
        raise _refuse(kind, path, f"line {line}", f"holds {char}{name}, which YAML does not "
                      "allow; remove it (it is invisible in most editors)") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or "syntax error"
        context = f" ({exc.context})" if exc.context else ""
        raise _refuse(kind, path, where, f"YAML syntax error: {problem}{context}. Check the "
                      "indentation and quoting on that line and the one before it (text "
                      "containing ': ' or '#' must be quoted)") from None
    except yaml.YAMLError as exc:
        raise _refuse(kind, path, "", f"YAML error: {exc}") from None
    locs = Locations()
    if node is None:
        return None, locs
    try:
        return _Builder(locs, _text if plain else _scalar).build(node, ()), locs
    except _Refused as refused:
        raise _refuse(kind, path, f"line {refused.line}", refused.message) from None
