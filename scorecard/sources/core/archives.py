"""Reading members of downloaded archives (ZIP, tar.gz) with limits, for every importer.

The LegiScan and Open States ZIPs and the NY mirror's tar.gz come from the internet;
a damaged or hostile one must end in a :class:`SourceError` naming the archive and the
member, never in a traceback or in memory exhausted. Every archive reader in the
package opens members here, so these limits hold for all of them:

- one member expands to at most ``member`` bytes (default 1 GiB);
- all the members read from one archive expand to at most ``total`` bytes (2 GiB);
- a member (a ZIP) or the archive (a tar.gz) expands at most ``ratio`` times its
  compressed size (100; real exports compress 5 to 30 times), once it is past 1 MiB.

Each is set by an environment variable (:data:`ENV`), in bytes or as a plain ratio.
Encrypted members, compression methods Python cannot read (Deflate64, ...), bad
CRCs and truncated data are refused with the same kind of message.
"""

from __future__ import annotations

import io
import os
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ...errors import SourceError

try:  # lzma and bz2 are optional parts of a Python build
    import lzma

    _LZMA_ERRORS: tuple[type[Exception], ...] = (lzma.LZMAError,)
except ImportError:  # pragma: no cover - depends on the Python build
    _LZMA_ERRORS = ()

MiB = 1024 * 1024
GiB = 1024 * MiB
ENV = {"member": "SCORECARD_ARCHIVE_MAX_MEMBER", "total": "SCORECARD_ARCHIVE_MAX_TOTAL",
       "ratio": "SCORECARD_ARCHIVE_MAX_RATIO"}
#: Below this, a high compression ratio is harmless (a small file of repeated text).
RATIO_FLOOR = MiB
_CHUNK = MiB
_SUPPORTED = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate",
              zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "lzma"}
_METHODS = {9: "Deflate64", 10: "PKWARE DCL Implode", 6: "Implode", 93: "Zstandard",
            95: "XZ", 98: "PPMd", 99: "AES encryption"}
#: What reading damaged compressed data can raise (BadZipFile: a bad CRC or a header).
_READ_ERRORS: tuple[type[Exception], ...] = (zipfile.BadZipFile, zlib.error, EOFError,
                                             OSError, tarfile.TarError, *_LZMA_ERRORS)
_OPEN_ERRORS: tuple[type[Exception], ...] = (RuntimeError, NotImplementedError, *_READ_ERRORS)
_TAR_ERRORS: tuple[type[Exception], ...] = (*_READ_ERRORS, ValueError)


def _size(n: float) -> str:
    """``1536`` -> ``1.5 KiB``."""
    unit = "bytes"
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            break
        n /= 1024
    return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"


@dataclass(frozen=True)
class Limits:
    """How much an archive may expand to (see the module's docstring)."""

    member: int = GiB
    total: int = 2 * GiB
    ratio: float = 100.0

    @classmethod
    def from_env(cls) -> Limits:
        """The defaults, each replaced by its environment variable when set."""
        values: dict[str, Any] = {}
        for name, var in ENV.items():
            raw = os.environ.get(var, "").strip()
            if not raw:
                continue
            try:
                value = float(raw)
            except ValueError:
                value = -1.0
            if not value > 0:
                raise SourceError(f"{var}={raw!r}: give a number greater than 0 (bytes, or "
                                  "for the ratio a plain number).")
            values[name] = value if name == "ratio" else int(value)
        return cls(**values)


def _advice(var: str) -> str:
    return (f"If the file is genuine, raise the limit with the environment variable {var}; "
            "otherwise download it again from its source.")


@dataclass
class Budget:
    """What the members read from one archive have expanded to, against the limits."""

    archive: str
    limits: Limits = field(default_factory=Limits.from_env)
    compressed: int = 0  # the archive's size on disk, for a tar.gz's ratio
    expanded: int = 0

    def member(self, name: str, size: int, packed: int | None = None) -> None:
        """Refuse a member whose (declared) size breaks a limit, before reading it."""
        lim = self.limits
        where = f"{self.archive}: {name}"
        if size > lim.member:
            raise SourceError(f"{where} expands to {_size(size)}, more than the "
                              f"{_size(lim.member)} one archive member may hold; the "
                              f"import was stopped before reading it. {_advice(ENV['member'])}")
        if packed is not None and size > RATIO_FLOOR and size > lim.ratio * max(packed, 1):
            raise SourceError(f"{where} expands {size / max(packed, 1):,.0f} times its "
                              f"compressed size ({_size(packed)} to {_size(size)}), "
                              f"more than the {lim.ratio:,.0f} allowed (a small file that "
                              f"expands hugely is a known attack). {_advice(ENV['ratio'])}")
        self.add(name, size)

    def add(self, name: str, size: int) -> None:
        """Count ``size`` more expanded bytes (``name``: the member being read)."""
        lim = self.limits
        self.expanded += size
        where = f"{self.archive}: {name}"
        if self.expanded > lim.total:
            raise SourceError(f"{where}: the archive's members expand to more than "
                              f"{_size(lim.total)} in all; the import was stopped. "
                              f"{_advice(ENV['total'])}")
        if self.compressed and self.expanded > RATIO_FLOOR and (
                self.expanded > lim.ratio * self.compressed):
            raise SourceError(f"{where}: the archive expands more than {lim.ratio:,.0f} "
                              f"times its size on disk ({_size(self.compressed)}); the "
                              f"import was stopped (a small file that expands hugely is a "
                              f"known attack). {_advice(ENV['ratio'])}")


def _damaged(where: str, exc: BaseException) -> SourceError:
    text = str(exc) or type(exc).__name__
    if "CRC" in text:
        why = "its checksum (CRC) does not match: the file is damaged"
    elif isinstance(exc, EOFError | tarfile.ReadError) or "truncated" in text.lower():
        why = "it ends early: the file is truncated"
    else:
        why = f"it cannot be decompressed ({text})"
    return SourceError(f"{where} cannot be read: {why}. Download the archive again.")


def _check_zip_member(archive: str, info: zipfile.ZipInfo) -> None:
    where = f"{archive}: {info.filename}"
    if info.flag_bits & 0x1:
        raise SourceError(f"{where} is encrypted (password-protected); the importer reads "
                          "only unencrypted archives. Download the export again as "
                          "published, or unzip it yourself and give the folder.")
    if info.compress_type not in _SUPPORTED:
        method = _METHODS.get(info.compress_type, f"method {info.compress_type}")
        raise SourceError(f"{where} is compressed with {method}, which cannot be read here "
                          "(only stored, deflate, bzip2 and lzma members can). Re-zip it "
                          "with ordinary compression (zip -r, or your system's 'Compress'), "
                          "or unzip it with a tool that knows the method and give the folder.")


class _Guarded(io.RawIOBase):
    """A member's stream that counts what it gives and names the member in its errors."""

    def __init__(self, raw: IO[bytes], where: str, budget: Budget, name: str,
                 limit: int) -> None:
        super().__init__()
        self._raw, self._where, self._budget, self._name = raw, where, budget, name
        self._limit, self._seen = limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self._raw.read(len(buffer))
        except _READ_ERRORS as exc:
            raise _damaged(self._where, exc) from None
        n = len(data)
        self._seen += n
        if self._seen > self._limit:
            raise SourceError(f"{self._where} holds more data than its header declares; "
                              "the file is damaged or forged. Download it again.")
        buffer[:n] = data
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


class ZipArchive:
    """The members of one ZIP file, opened and read within :class:`Limits`."""

    def __init__(self, zf: zipfile.ZipFile, path: Path, limits: Limits | None = None) -> None:
        self._zf, self.path = zf, path
        self.budget = Budget(str(path), limits or Limits.from_env())

    def names(self) -> list[str]:
        return sorted(self._zf.namelist())

    def open(self, name: str) -> IO[bytes]:
        """A buffered stream of member ``name``, checked, counted against the limits."""
        info = self._zf.getinfo(name)
        where = f"{self.path}: {name}"
        _check_zip_member(str(self.path), info)
        self.budget.member(name, info.file_size, info.compress_size)
        try:
            raw = self._zf.open(info)
        except _OPEN_ERRORS as exc:
            raise _damaged(where, exc) from None
        return io.BufferedReader(_Guarded(raw, where, self.budget, name, info.file_size),
                                 buffer_size=_CHUNK)

    def read(self, name: str) -> bytes:
        """The bytes of member ``name``."""
        with self.open(name) as fh:
            return fh.read()


@contextmanager
def open_zip(path: Path, what: str, limits: Limits | None = None) -> Iterator[ZipArchive]:
    """``path`` as a :class:`ZipArchive`; ``what`` names the download in messages."""
    path = Path(path)
    if not zipfile.is_zipfile(path):
        raise SourceError(f"{path} is not a ZIP file (it may be damaged or only partly "
                          f"downloaded). Download {what} again, or give the folder it "
                          "unzips to.")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError) as exc:
        raise SourceError(f"{path} could not be opened as a ZIP file: {exc}") from None
    with zf:
        yield ZipArchive(zf, path, limits)


def tar_members(path: Path, wanted: Callable[[str], bool],
                limits: Limits | None = None) -> Iterator[tuple[str, bytes]]:
    """(member name, bytes) of every regular file of a tar(.gz) that ``wanted`` names.

    Members are read one at a time (the archive is streamed, never unpacked to disk);
    every member, wanted or not, counts against the total and the archive's ratio.
    """
    path = Path(path)
    budget = Budget(str(path), limits or Limits.from_env())
    try:
        budget.compressed = path.stat().st_size if path.name.endswith(("gz", "tgz")) else 0
        with tarfile.open(path, "r:*") as tar:
            for member in tar:
                if not member.isfile():
                    continue
                if not wanted(member.name):
                    budget.add(member.name, member.size)
                    continue
                budget.member(member.name, member.size)
                fh = tar.extractfile(member)
                if fh is None:
                    continue
                try:
                    data = fh.read()
                except _READ_ERRORS as exc:
                    raise _damaged(f"{path}: {member.name}", exc) from None
                yield member.name, data
    except SourceError:
        raise
    except _TAR_ERRORS as exc:
        raise SourceError(f"{path} could not be read as a .tar.gz archive ({exc}); it may be "
                          "truncated: download it again.") from None
