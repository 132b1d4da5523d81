"""`python -m checks`: the command line (checks/cli.py)."""

from checks.cli import run

if __name__ == "__main__":
    raise SystemExit(run())
