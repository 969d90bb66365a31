"""YAML reading that remembers where every key is, for messages that name the line.

``load_yaml`` returns plain Python data and a :class:`Locations` map from key paths
(``("sections", 0, "demands", 2, "id")``) to 1-based line numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import PlatformError

KeyPath = tuple[str | int, ...]


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


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int, first: int) -> None:
        self.key, self.line, self.first = key, line, first


def _build(node: yaml.Node, path: KeyPath, locs: Locations) -> Any:
    locs.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = yaml.safe_load(yaml.serialize(key_node)) if not isinstance(
                key_node, yaml.ScalarNode) else _scalar(key_node)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise _DuplicateKey(str(key), line, seen[key])
            seen[key] = line
            child = (*path, key)
            locs.lines[child] = line
            out[key] = _build(value_node, child, locs)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), locs) for i, item in enumerate(node.value)]
    return _scalar(node)


_RESOLVER_LOADER = yaml.SafeLoader("")
#: libyaml's parser when available (10x faster); marks carry the same line numbers.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _scalar(node: yaml.Node) -> Any:
    return _RESOLVER_LOADER.construct_object(node, deep=True)


def load_yaml(path: Path, what: str = "file") -> tuple[Any, Locations]:
    """Parse ``path``; a syntax error becomes a PlatformError naming line and column."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PlatformError(
            f"{path}: no such file. Pass --platform FILE, or run the command in the folder "
            "that holds platform.yaml."
        ) from None
    except IsADirectoryError:
        raise PlatformError(f"{path}: is a folder; --platform expects a YAML file.") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PlatformError(f"{path}, line {line}: the {what} is not valid UTF-8; save it as "
                            "UTF-8 and try again.") from None
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or "syntax error"
        context = f" ({exc.context})" if exc.context else ""
        raise PlatformError(
            f"{path}{where}: YAML syntax error: {problem}{context}. Check the indentation and "
            "quoting on that line and the one before it (text containing ': ' or '#' must be "
            "quoted)."
        ) from None
    except yaml.YAMLError as exc:
        raise PlatformError(f"{path}: YAML error: {exc}") from None
    locs = Locations()
    if node is None:
        return None, locs
    try:
        return _build(node, (), locs), locs
    except _DuplicateKey as dup:
        raise PlatformError(
            f"{path}, line {dup.line}: key {dup.key!r} appears twice in the same mapping "
            f"(first on line {dup.first}). Keep one."
        ) from None
    except yaml.YAMLError as exc:
        raise PlatformError(f"{path}: YAML error: {exc}") from None
