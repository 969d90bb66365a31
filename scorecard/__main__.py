"""``python -m scorecard``."""

from .cli import main

main()
