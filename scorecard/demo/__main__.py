"""``python -m scorecard.demo``: (re)write the fictional demo dataset (a click command)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ScorecardError
from . import DEFAULT_SEED, write_demo


@click.command(name="python -m scorecard.demo",
               help="Write the fictional demo dataset (sample data: fictional legislators).")
@click.option("--platform", "platform_path", default="platform.yaml", show_default=True,
              type=click.Path(path_type=Path), help="platform file")
@click.option("--into", default="votes/demo", show_default=True,
              type=click.Path(path_type=Path), help="dataset folder to (re)write")
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True, help="random seed")
def main(platform_path: Path, into: Path, seed: int) -> None:
    """``python -m scorecard.demo``: regenerate votes/demo from ./platform.yaml."""
    try:
        counts = write_demo(platform_path, into, seed=seed)
    except ScorecardError as exc:
        raise click.ClickException(exc.message) from None
    summary = ", ".join(f"{name} {after}" for name, (_, after) in counts.items())
    click.echo(f"Wrote fictional demo data to {into}: {summary} rows.")


if __name__ == "__main__":
    main()
