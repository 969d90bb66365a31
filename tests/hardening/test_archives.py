"""Corpus, archives: damaged and hostile LegiScan and Open States ZIPs and mirror tar.gz.

Each case builds its archive small (bombs scaled down to megabytes, with the limits
lowered through the environment where the default would need gigabytes), imports it
into an existing dataset, and checks the message naming archive and member, exit 1, no
traceback, and the dataset untouched.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from scorecard.sources.core.archives import ENV, Limits

from . import archives as A
from .corpus import Case, check

MiB = 1024 * 1024


def legiscan(edit: Callable[[dict[str, bytes]], None] = lambda m: None,
             after: Callable[[Path], None] = lambda p: None,
             method: int = zipfile.ZIP_DEFLATED) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        members = A.legiscan_members()
        edit(members)
        after(A.write_zip(root / "NY_2023-2024.zip", members, method))
    return setup


def openstates(edit: Callable[[dict[str, bytes]], None] = lambda m: None,
               after: Callable[[Path], None] = lambda p: None,
               method: int = zipfile.ZIP_DEFLATED) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        members = A.openstates_members()
        edit(members)
        after(A.write_zip(root / "ny_2023-2024.zip", members, method))
    return setup


def mirror(edit: Callable[[dict[str, bytes]], None] = lambda m: None,
           after: Callable[[Path], None] = lambda p: None) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        members = A.mirror_members()
        edit(members)
        after(A.write_tar(root / "bills.tar.gz", members))
    return setup


def put(name: str, data: bytes) -> Callable[[dict[str, bytes]], None]:
    def edit(members: dict[str, bytes]) -> None:
        members[name] = data
    return edit


def many(prefix: str, count: int, size: int) -> Callable[[dict[str, bytes]], None]:
    def edit(members: dict[str, bytes]) -> None:
        for i in range(count):
            members[f"{prefix}{900 + i}.json"] = A.big_json(size)
    return edit


def truncate(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


def people_csv_of(size: int) -> Callable[[dict[str, bytes]], None]:
    def edit(members: dict[str, bytes]) -> None:
        text = members[A.PEOPLE_CSV]
        header, first = text.split(b"\n")[:2]
        rows = (first + b"\n") * (size // (len(first) + 1))
        members[A.PEOPLE_CSV] = header + b"\n" + rows
    return edit


LS = ["import", "legiscan", "{root}/NY_2023-2024.zip", "--into", "{root}/votes"]
OS = ["import", "openstates-csv", "{root}/ny_2023-2024.zip", "--into", "{root}/votes"]
NY = ["import", "ny-mirror", "{root}/bills.tar.gz", "--into", "{root}/votes", "--roster",
      str(A.MIRROR / "roster")]
VOTE = A.VOTE_MEMBER
BILL = "bills/2019/S100.json"
SMALL = {ENV["member"]: str(MiB)}

CASES = [
    # ---- LegiScan ZIP
    Case("legiscan-bad-crc", legiscan(after=lambda p: A.flip_data_byte(p, VOTE),
                                      method=zipfile.ZIP_STORED), LS,
         ("NY_2023-2024.zip: " + VOTE, "checksum (CRC)", "damaged")),
    Case("legiscan-encrypted", legiscan(after=lambda p: A.mark_encrypted(p, VOTE)), LS,
         ("NY_2023-2024.zip: " + VOTE, "encrypted")),
    Case("legiscan-deflate64", legiscan(after=lambda p: A.set_method(p, VOTE, 9)), LS,
         ("NY_2023-2024.zip: " + VOTE, "Deflate64", "cannot be read here")),
    Case("legiscan-unknown-method", legiscan(after=lambda p: A.set_method(p, VOTE, 77)), LS,
         ("NY_2023-2024.zip: " + VOTE, "method 77")),
    Case("legiscan-deep-json", legiscan(put(VOTE, A.deep_json())), LS,
         ("NY_2023-2024.zip: " + VOTE, "nested too deeply")),
    Case("legiscan-json-bomb-ratio", legiscan(put(VOTE, A.big_json(3 * MiB))), LS,
         ("NY_2023-2024.zip: " + VOTE, "times its compressed size", ENV["ratio"])),
    Case("legiscan-json-bomb-member", legiscan(put(VOTE, A.big_json(2 * MiB)),
                                               method=zipfile.ZIP_STORED), LS,
         ("NY_2023-2024.zip: " + VOTE, "more than the 1.0 MiB one archive member may hold",
          ENV["member"]), env=SMALL),
    Case("legiscan-total", legiscan(many("NY/2023-2024_General_Assembly/vote/", 4, 400_000),
                                    method=zipfile.ZIP_STORED), LS,
         ("NY_2023-2024.zip", "more than 1.0 MiB in all", ENV["total"]),
         env={ENV["total"]: str(MiB)}),
    Case("legiscan-truncated", legiscan(after=truncate), LS,
         ("NY_2023-2024.zip is not a ZIP file",)),
    # ---- Open States ZIP
    Case("openstates-bad-crc", openstates(after=lambda p: A.flip_data_byte(p, A.PEOPLE_CSV),
                                          method=zipfile.ZIP_STORED), OS,
         ("ny_2023-2024.zip: " + A.PEOPLE_CSV, "checksum (CRC)")),
    Case("openstates-encrypted", openstates(after=lambda p: A.mark_encrypted(p, A.PEOPLE_CSV)),
         OS, ("ny_2023-2024.zip: " + A.PEOPLE_CSV, "encrypted")),
    Case("openstates-deflate64", openstates(after=lambda p: A.set_method(p, A.PEOPLE_CSV, 9)),
         OS, ("ny_2023-2024.zip: " + A.PEOPLE_CSV, "Deflate64")),
    Case("openstates-csv-bomb-ratio", openstates(people_csv_of(4 * MiB)), OS,
         ("ny_2023-2024.zip: " + A.PEOPLE_CSV, "times its compressed size")),
    Case("openstates-csv-bomb-member", openstates(people_csv_of(2 * MiB),
                                                  method=zipfile.ZIP_STORED), OS,
         ("ny_2023-2024.zip: " + A.PEOPLE_CSV, "one archive member may hold"), env=SMALL),
    # ---- NY mirror tar.gz
    Case("mirror-member-bomb", mirror(put("bills/2019/S999.json", A.big_json(2 * MiB))), NY,
         ("bills.tar.gz: bills/2019/S999.json", "one archive member may hold"), env=SMALL),
    Case("mirror-ratio-bomb", mirror(put("bills/2019/S999.json", A.big_json(4 * MiB))), NY,
         ("bills.tar.gz: bills/2019/S999.json", "times its size on disk")),
    Case("mirror-total-bomb", mirror(many("bills/2019/X", 4, 400_000)), NY,
         ("bills.tar.gz", "more than 1.0 MiB in all"), env={ENV["total"]: str(MiB)}),
    Case("mirror-skipped-members-count", mirror(put("bills/2019/padding.bin",
                                                    A.big_json(4 * MiB))), NY,
         ("bills.tar.gz: bills/2019/padding.bin", "times its size on disk")),
    Case("mirror-deep-json", mirror(put(BILL, A.deep_json())), NY,
         ("bills.tar.gz:" + BILL,)),
    Case("mirror-truncated", mirror(after=truncate), NY, ("bills.tar.gz", "truncated")),
    # ---- limits set wrong
    Case("limit-not-a-number", legiscan(), LS, (ENV["member"], "greater than 0"),
         env={ENV["member"]: "lots"}),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_archive(case: Case, tmp_path: Path) -> None:
    check(case, tmp_path)


def test_case_ids_are_unique() -> None:
    assert len({c.id for c in CASES}) == len(CASES)


def test_limits_default_and_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Limits.from_env() == Limits(member=1024 * MiB, total=2048 * MiB, ratio=100.0)
    monkeypatch.setenv(ENV["ratio"], "12.5")
    monkeypatch.setenv(ENV["total"], "5e9")
    assert Limits.from_env() == Limits(member=1024 * MiB, total=5_000_000_000, ratio=12.5)


def test_a_genuine_archive_still_imports(tmp_path: Path) -> None:
    """The limits refuse bombs, not the fixtures: each archive imports at the defaults."""
    for setup, args in ((legiscan(), LS), (openstates(), OS), (mirror(), NY)):
        root = tmp_path / args[1]
        root.mkdir()
        setup(root)
        check(Case(args[1], lambda r: None, args, ("Imported",), exit_code=0), root)


def test_every_archive_reader_uses_the_one_helper() -> None:
    """The limits hold for every importer only if none opens archives itself."""
    import re

    import scorecard

    package = Path(scorecard.__file__).parent
    pattern = re.compile(r"^\s*(import|from)\s+(zipfile|tarfile|gzip|bz2|lzma)\b", re.M)
    writers = {"archives.py", "xlsx.py"}  # xlsx.py writes the workbook's ZIP, reads none
    others = [str(p.relative_to(package)) for p in package.rglob("*.py")
              if p.name not in writers and pattern.search(p.read_text(encoding="utf-8"))]
    assert others == []
