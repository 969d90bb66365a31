"""Text from data made safe for where it goes: loaded tables, the terminal, spreadsheets.

Data text comes from sources nobody here controls (a roster, an API, a hand-made CSV).
Three places would otherwise act on it instead of showing it, and each has one function:

- :func:`clean_cell`, at load (:func:`scorecard.tables.read_table`): control characters
  and bidirectional overrides are removed from every cell (a U+202E in a name renders
  "Evil exe.png Name" reversed; an ESC would reach every page and file).
- :func:`for_terminal`, for everything the command line prints (its output and every
  error message): control characters are shown escaped (``\\x1b``), so a name cannot
  recolour the terminal or set its title.
- :func:`for_spreadsheet`, for every CSV meant for people (``data/*.csv``): a cell that
  starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
  apostrophe, so a spreadsheet shows it as text instead of running it as a formula.
"""

from __future__ import annotations

import re
from collections.abc import Collection

#: Bidirectional controls: marks, embeddings, overrides and isolates.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: C0 and C1 control characters and DEL, except tab and line breaks.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_UNSAFE_CELL = re.compile(f"[{_CONTROLS}{BIDI_CONTROLS}]")
_UNSAFE_TERMINAL = re.compile(f"[{_CONTROLS}\r{BIDI_CONTROLS}]")
#: What makes a spreadsheet read a cell as a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def unsafe_characters(text: str) -> list[str]:
    """The control and bidi characters of ``text``, as ``U+XXXX``, in order, once each."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in _UNSAFE_CELL.findall(text)))


def clean_cell(text: str) -> str:
    """``text`` without control characters (tab and line breaks kept) or bidi controls."""
    return _UNSAFE_CELL.sub("", text)


_UNSAFE_BUT_NUL = re.compile(f"[{_CONTROLS.replace(chr(0), chr(1), 1)}{BIDI_CONTROLS}]")


def needs_cleaning(values: Collection[str]) -> bool:
    """Whether ``clean_cell(v).strip() != v`` for some of ``values`` (a table's distinct
    cells): one regex scan of them all, joined by NUL, instead of one call per value."""
    if any(v != v.strip() for v in values):
        return True
    joined = "\x00".join(values)
    if joined.count("\x00") != max(len(values) - 1, 0):  # a NUL in a value
        return True
    return _UNSAFE_BUT_NUL.search(joined) is not None


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str) -> str:
    """``text`` with every control character (but tab and newline) shown escaped."""
    return _UNSAFE_TERMINAL.sub(_escaped, text)


def for_spreadsheet(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, prefixed with ``'``.

    Numbers are left alone (a negative number is a number); only text is changed. Text
    that already starts with apostrophes before such a character gets one more, so tools
    that read the file can undo it exactly with :func:`from_spreadsheet`.
    """
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def from_spreadsheet(value: str) -> str:
    """Undo :func:`for_spreadsheet`: drop the one apostrophe it added."""
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value
