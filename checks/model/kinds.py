"""The closed sets every stage shares: what a value is, how sure a link is judged, where
anchors count, how a failing fact fails, and what one pytest item checks.

The string-valued ones are ``StrEnum``s: a member is its text wherever text is written
(facts.json, the terminal, YAML), so reports read the same as the words they stand for.
"""

from __future__ import annotations

import enum


class Kind(enum.StrEnum):
    """What a fact holds and a mention is: the four kinds of a fact file."""

    DATE = "date"
    AMOUNT = "amount"  # a number with a unit or currency
    COUNT = "count"  # a number of things
    QUOTE = "quote"


class Verdict(enum.Enum):
    """Can what a source says and what a fact says both be true?"""

    CONSISTENT = "consistent"
    CONTRADICTION = "contradiction"
    MISQUOTE = "misquote"
    MISATTRIBUTED = "misattributed"
    ACCEPTED = "accepted"
    UNRESOLVED = "unresolved"
    # What would be a contradiction, misquote or misattribution on a link the engine cannot
    # be sure of (SPEC 4, 5): a warning for an editor to review, never a failure.
    UNCERTAIN = "uncertain"

    @property
    def fails(self) -> bool:
        return self in (Verdict.CONTRADICTION, Verdict.MISQUOTE, Verdict.MISATTRIBUTED)


class Window(enum.StrEnum):
    """Where a fact's `about` anchors must appear for a mention to be about it."""

    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"


class Severity(enum.StrEnum):
    """What a fact's contradiction does to the run: fail it, or warn."""

    ERROR = "error"
    WARNING = "warning"


class Grain(enum.StrEnum):
    """What one pytest item checks (`facts_items`)."""

    PAIR = "pair"  # one fact in one source
    SOURCE = "source"  # one fact file in one source
