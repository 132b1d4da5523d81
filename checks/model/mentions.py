"""What the engine reads from a source: sentences and the mentions found in them."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from checks.model.intervals import Interval
from checks.model.kinds import Kind
from checks.model.relative_dates import RelativeDate


@dataclass(frozen=True)
class Sentence:
    """A sentence with its tokens as match keys, their offsets, and their clause numbers."""

    start: int
    end: int
    paragraph: int
    text: str
    keys: tuple[str, ...]  # per token: lower-cased, plural-folded form used for anchors
    offsets: tuple[int, ...]  # per token: character offset in the source text
    clauses: tuple[int, ...]  # per token: which clause of the sentence it belongs to
    from_parse: bool = False  # clauses from a trained pipeline's dependency parse

    @cached_property
    def key_positions(self) -> dict[str, tuple[int, ...]]:
        """Token positions by match key, for finding anchors without scanning."""
        positions: dict[str, list[int]] = {}
        for index, key in enumerate(self.keys):
            positions.setdefault(key, []).append(index)
        return {key: tuple(found) for key, found in positions.items()}

    def token_at(self, offset: int) -> int:
        """Index of the token covering ``offset``."""
        return max(0, bisect.bisect_right(self.offsets, offset) - 1)


class TakenSpans:
    """Non-overlapping character spans, kept sorted so an overlap test is one bisect."""

    def __init__(self, spans: list[tuple[int, int]] | None = None) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans or ()):
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        """Does ``[start, end)`` share a character with a span already taken?"""
        index = bisect.bisect_left(self._ends, start + 1)
        return index < len(self._starts) and self._starts[index] < end

    def add(self, start: int, end: int) -> None:
        """Take a span; spans that overlap it are merged into one."""
        low = bisect.bisect_left(self._ends, start + 1)
        high = bisect.bisect_left(self._starts, end)
        if low < high:
            start = min(start, self._starts[low])
            end = max(end, self._ends[high - 1])
        self._starts[low:high] = [start]
        self._ends[low:high] = [end]


@dataclass(frozen=True)
class Mention:
    """A date, amount, count or quote found in a source, with where it is; what it says is
    in the fields of its kind's own type (``QuantityMention``, ``DateMention``,
    ``QuoteMention``)."""

    kind: Kind
    text: str
    start: int  # character offsets into the decoded source text
    end: int
    sentence: int  # index into ParsedSource.sentences
    first_token: int  # token span within that sentence (end exclusive)
    last_token: int

    @property
    def noun_end(self) -> int:
        """Token (end exclusive) where the value and the words naming it end."""
        return self.last_token


@dataclass(frozen=True)
class QuantityMention(Mention):
    """An amount or a count: an interval, with its unit and the noun that names it."""

    interval: Interval
    unit: str | None = None
    noun_words: tuple[str, ...] = ()
    noun: str | None = None
    qualifier: str | None = None
    other: bool = False  # "the 31 other nations": a count of the group less its subject
    antecedent: str | None = None  # "2.3 million others": the noun of the count before it
    # Token (end exclusive) where the value's noun words end in its sentence: "$82 a share"
    # ends after "share", two tokens on ("a share"); None when the mention has no noun words.
    noun_end_token: int | None = None

    @property
    def noun_end(self) -> int:
        if self.noun_end_token is not None:
            return self.noun_end_token
        return self.last_token + len(self.noun_words)


def noun_words(mention: Mention) -> tuple[str, ...]:
    """The words after a value naming what it counts or measures: only a quantity has them."""
    return mention.noun_words if isinstance(mention, QuantityMention) else ()


@dataclass(frozen=True)
class DateMention(Mention):
    """A date: the days it names, or the relative expression that names them once placed."""

    date_low: date | None = None
    date_high: date | None = None
    relative: RelativeDate | None = None
    attributive: tuple[str, ...] = ()  # "the May 4 vote": the noun the date qualifies


@dataclass(frozen=True)
class QuoteMention(Mention):
    """Quoted words, with the speaker the source names for them (None: no one named)."""

    speaker: str | None = None


@dataclass(frozen=True)
class ParsedSource:
    """One source as the engine read it: plain data, picklable, independent of spaCy."""

    path: str
    content_hash: str
    text: str
    line_starts: tuple[int, ...]
    published: date | None
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...] = field(default=())

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1
