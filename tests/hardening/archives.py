"""Damaged and hostile archives, built small in a test's folder.

Every builder writes a real archive from the repository's fixtures and then breaks one
thing, the way a bad download or an attacker would: a flipped byte, a flag, a method,
a member that expands hugely (scaled down: megabytes, with the limits lowered).
"""

from __future__ import annotations

import gzip
import io
import struct
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from ..conftest import FIXTURES

LEGISCAN = FIXTURES / "legiscan" / "ny_2023-2024"
OPENSTATES = FIXTURES / "openstates" / "ny_2023-2024"
MIRROR = FIXTURES / "nymirror"
VOTE_MEMBER = "NY/2023-2024_General_Assembly/vote/1300001.json"
PEOPLE_CSV = "ny/2023-2024/ny_2023-2024_vote_people.csv"


def _members(folder: Path, pattern: str) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob(pattern))
            if p.is_file()}


def legiscan_members() -> dict[str, bytes]:
    return _members(LEGISCAN, "*.json")


def openstates_members() -> dict[str, bytes]:
    return _members(OPENSTATES, "*")


def mirror_members() -> dict[str, bytes]:
    return {k: v for k, v in _members(MIRROR, "*.json").items() if k.startswith("bills/")}


def write_zip(path: Path, members: dict[str, bytes],
              method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def write_tar(path: Path, members: dict[str, bytes]) -> Path:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 0
            tar.addfile(info, io.BytesIO(data))
    path.write_bytes(gzip.compress(buf.getvalue(), mtime=0))
    return path


def _patch_zip(path: Path, member: str, edit: Callable[[bytearray, int, int], None]) -> None:
    """``edit(raw, local_header_offset, central_record_offset)`` for ``member``."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
    raw = bytearray(path.read_bytes())
    name = member.encode()
    central = raw.find(b"PK\x01\x02")
    while central >= 0:
        n = struct.unpack("<H", raw[central + 28:central + 30])[0]
        if bytes(raw[central + 46:central + 46 + n]) == name:
            break
        central = raw.find(b"PK\x01\x02", central + 4)
    assert central >= 0, member
    edit(raw, info.header_offset, central)
    path.write_bytes(bytes(raw))


def flip_data_byte(path: Path, member: str) -> None:
    """A stored member's first data byte changed: its CRC no longer matches."""
    def edit(raw: bytearray, local: int, central: int) -> None:
        n, extra = struct.unpack("<HH", raw[local + 26:local + 30])
        start = local + 30 + n + extra
        raw[start] = ord("x") if raw[start] != ord("x") else ord("y")
    _patch_zip(path, member, edit)


def mark_encrypted(path: Path, member: str) -> None:
    def edit(raw: bytearray, local: int, central: int) -> None:
        raw[local + 6] |= 0x1
        raw[central + 8] |= 0x1
    _patch_zip(path, member, edit)


def set_method(path: Path, member: str, method: int) -> None:
    """The member's compression method rewritten (9: Deflate64)."""
    def edit(raw: bytearray, local: int, central: int) -> None:
        raw[local + 8:local + 10] = struct.pack("<H", method)
        raw[central + 10:central + 12] = struct.pack("<H", method)
    _patch_zip(path, member, edit)


def deep_json(depth: int = 100_000) -> bytes:
    return b"[" * depth + b"]" * depth


def big_json(size: int) -> bytes:
    """A valid JSON document of ``size`` bytes that compresses about a thousand times."""
    return b'{"roll_call": {"pad": "' + b" " * (size - 30) + b'"}}'
