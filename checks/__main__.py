"""`python -m checks`: the command line (checks/cli.py)."""

from checks.cli import run

raise SystemExit(run())
