"""Judging: verdicts of linked mentions, acceptances, and the sources' self-checks."""
