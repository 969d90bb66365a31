"""The pipeline: load -> check -> score -> render, and the atomic swap of the output folder.

Everything is gathered and checked before anything is written; the outputs are written
into a temporary folder beside ``out`` and swapped in only when all writers succeeded.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from .card import Scorecard
from .dataset import Dataset, load_dataset, seats_held
from .errors import PlatformError, Problem, Problems
from .platform import Platform, load_platform
from .scoring import Scores, score
from .selection import check_selection
from .staging import staged

Writer = Callable[[Scorecard, Path], None]


def _coverage_warnings(platform: Platform, ds: Dataset, sc: Scores) -> list[Problem]:
    """Platform bills absent from the data; votes from members who held no seat then."""
    file = str(platform.path)
    problems = Problems()
    missing = sc.lifetime.selection.missing
    if missing:
        listed = "; ".join(f"{label} ({session})" for _, label, session in missing)
        problems.warn(file, f"{len(missing)} platform bill(s) are not in the data "
                      f"({ds.folder}), so nothing is scored for them: {listed}. Import them, "
                      "or check the numbers and sessions.")
    rows = sc.lifetime.rows
    votes = rows[rows["kind"] == "vote"]
    # check each distinct (member, chamber, day) once, not each vote
    key = ["legislator_id", "chamber", "date"]
    days = votes[key].drop_duplicates()
    held = seats_held(days, ds.legislators, on=["legislator_id", "chamber"])[key]
    unseated = days.merge(held.drop_duplicates(), on=key, how="left", indicator=True)
    unseated = unseated[unseated["_merge"] == "left_only"][key]
    if len(unseated):
        hits = unseated.merge(votes[[*key, "rollcall_id"]], on=key).drop_duplicates(
            ["legislator_id", "rollcall_id"])
        for lid, rid in hits[["legislator_id", "rollcall_id"]].head(20).itertuples(index=False):
            problems.warn(str(ds.folder / "votes.csv"), f"{lid} voted on {rid} but held no "
                          "seat in that chamber on that date in legislators.csv; the vote is "
                          "counted. Check the legislator's term dates.")
        if len(hits) > 20:
            problems.warn(str(ds.folder / "votes.csv"), f"... and {len(hits) - 20} more votes "
                          "from members who held no seat in that chamber that day")
    return problems.items


def _seat_gaps(ds: Dataset, sc: Scores) -> list[Problem]:
    """Seat-holders with no row on a scored roll call ("no record"), for validate."""
    rows = sc.lifetime.selection.rows
    # committee roll calls are voted by committee members only: no gap to report
    sel = rows[rows["motion_type"] != "committee"][["rollcall_id", "chamber", "date"]]
    m = seats_held(sel.drop_duplicates(), ds.legislators, on=["chamber"])
    voted = ds.votes[["rollcall_id", "legislator_id"]].assign(v=True)
    m = m.merge(voted, on=["rollcall_id", "legislator_id"], how="left")
    gaps = m[m["v"].isna()]
    out = Problems()
    for rid, g in list(gaps.groupby("rollcall_id"))[:20]:
        out.warn(str(ds.folder / "votes.csv"),
                 f"roll call {rid}: no vote row for {len(g)} member(s) who held a seat that day "
                 f"({', '.join(g['legislator_id'].head(5))}{'...' if len(g) > 5 else ''}); "
                 "they are shown as 'no record' for it")
    return out.items


def score_platform(platform_path: Path | str, data_dir: Path | str | None = None,
                   strict: bool = False) -> Scorecard:
    """Load and check the platform and its dataset, then score. Raises ScorecardError."""
    platform = load_platform(platform_path, strict=strict)
    ds = load_dataset(Path(data_dir) if data_dir else platform.data_dir, strict=strict)
    problems = Problems()
    check_selection(platform, ds, problems)
    problems.raise_if_errors(PlatformError, f"{platform.path} does not match its data")
    scores = score(platform, ds)
    warnings = [Problem(str(platform.path), w) for w in platform.warnings]
    warnings += ds.warnings + _coverage_warnings(platform, ds, scores)
    if strict and warnings:
        raise PlatformError("\n".join(
            [f"{len(warnings)} warning(s) with --strict (nothing was written):"]
            + [f"  - {w}" for w in warnings]))
    return Scorecard(platform, ds, scores, warnings)


def validate(platform_path: Path | str, data_dir: Path | str | None = None,
             strict: bool = False) -> tuple[Scorecard, list[Problem]]:
    """Everything ``build`` checks, plus the gaps in the vote record, without writing."""
    card = score_platform(platform_path, data_dir, strict=strict)
    return card, card.warnings + _seat_gaps(card.dataset, card.scores)


def default_writers() -> list[tuple[str, Writer]]:
    """The outputs of a build, in order: (label, writer)."""
    from .render.data import write_data
    from .render.html import write_site
    from .render.xlsx import write_workbook

    return [("data", write_data), ("site", write_site), ("workbook", write_workbook)]


def write_outputs(card: Scorecard, out: Path,
                  writers: list[tuple[str, Writer]] | None = None,
                  on_step: Callable[[str], None] | None = None) -> None:
    """Render every output into a staging folder beside ``out``, then swap it in
    (:mod:`scorecard.staging`: what a killed build left is removed first; a failure to
    write, such as a full disk, is a clear error and leaves ``out`` as it was)."""
    out = Path(out).resolve()
    with staged(out, "tmp", "the output") as tmp:
        for label, writer in writers or default_writers():
            if on_step:
                on_step(label)
            writer(card, tmp)
        old_readme = out / "README.md"  # a README the user put there is kept
        if old_readme.is_file() and not (tmp / "README.md").exists():
            shutil.copy2(old_readme, tmp / "README.md")


def build(platform_path: Path | str, data_dir: Path | str | None = None,
          out: Path | str = "output", strict: bool = False,
          on_step: Callable[[str], None] | None = None) -> Scorecard:
    """``scorecard build``: score, then write the site, workbook and data atomically."""
    if on_step:
        on_step("scoring")
    card = score_platform(platform_path, data_dir, strict=strict)
    write_outputs(card, Path(out), on_step=on_step)
    return card


__all__ = ["Scorecard", "build", "score_platform", "validate", "write_outputs"]
