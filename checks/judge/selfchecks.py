"""Checks that need no fact (SPEC section 8): contradictions visible inside one source.

A weekday that does not match its date, a date the calendar does not have, and one source
stating two different values for the same thing in the same terms. Imports no pytest.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from checks.extract.dates import MONTHS, WEEKDAYS
from checks.judge.statements import Statement, all_true_at_once, same_magnitude, statements
from checks.model.kinds import Kind
from checks.model.mentions import DateMention, ParsedSource

SAME_TERMS_WORDS = 3
# Each value is compared with at most this many earlier values of the same kind, unit and
# noun in its source, the nearest ones: a source with thousands of "5 allies" costs
# thousands of comparisons, not millions (SPEC section 9). A news story states one thing in
# the same terms a few times (never more than a handful in the seeds and test corpora).
PARTNERS = 32

_WEEKDAY = "|".join(name.capitalize() for name in WEEKDAYS)
WEEKDAY_BEFORE = re.compile(rf"\b(?P<weekday>{_WEEKDAY})\b,?\s*(?:the\s+)?$")
WEEKDAY_IN = re.compile(rf"\b(?P<weekday>{_WEEKDAY})\b")
_MONTH = "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True))
# Written days, checked against the calendar: "June 31", "31 June 2025", "2025-02-30".
MONTH_DAY = re.compile(
    rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"(?:,?\s+(?P<year>(?:1[89]|20)\d\d)\b)?"
)
DAY_MONTH = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH})\b\.?"
    rf"(?:,?\s+(?P<year>(?:1[89]|20)\d\d)\b)?"
)
ISO = re.compile(r"(?<![\d-])(?P<year>(?:1[89]|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)(?![\d-])")


@dataclass(frozen=True)
class Finding:
    """One contradiction inside a source, with where it is."""

    source: str
    line: int
    column: int
    check: Literal["weekday", "impossible-date", "two-values"]
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.column}: {self.message}"


@dataclass(frozen=True)
class SourceReading:
    """What the checks need from one source: its findings that depend on nothing else, and
    its statements (which are compared once the words common to the corpus are known).
    Plain data, so the engine can cache it beside the parsed source."""

    local: tuple[Finding, ...]
    statements: tuple[Statement, ...]


def read_for_checks(source: ParsedSource) -> SourceReading:
    return SourceReading(
        (*wrong_weekdays(source), *impossible_dates(source)),
        tuple(statements({source.path: source})),
    )


class Gathered:
    """Sources' readings taken one at a time, keeping only what the comparison needs: how
    many statements each word stands near (to know the corpus's common words), and the
    statements that have a partner of the same kind, unit and noun in their own source.
    Memory stays small however many sources there are."""

    def __init__(self) -> None:
        self.near: Counter[str] = Counter()
        self.statements = 0
        self.kept: dict[str, tuple[tuple[Finding, ...], tuple[Statement, ...]]] = {}

    def add(self, path: str, reading: SourceReading) -> None:
        self.statements += len(reading.statements)
        for statement in reading.statements:
            self.near.update(statement.context)
        self.kept[path] = (reading.local, _paired(reading.statements))

    def findings(self) -> dict[str, list[Finding]]:
        """The findings of every source; sources with none are left out."""
        common = common_words(self.near, self.statements)
        found: dict[str, list[Finding]] = {}
        for path, (local, paired) in sorted(self.kept.items()):
            own = [*local, *two_values(paired, common)]
            if own:
                found[path] = sorted(own, key=lambda f: (f.line, f.column, f.check))
        return found


def _paired(own: tuple[Statement, ...]) -> tuple[Statement, ...]:
    """The statements two_values can compare: another one has the same kind, unit and noun."""
    terms = Counter((s.kind, s.unit, s.noun) for s in own if s.noun is not None)
    return tuple(s for s in own if s.noun is not None and terms[(s.kind, s.unit, s.noun)] > 1)


def wrong_weekdays(source: ParsedSource) -> list[Finding]:
    """ "Thursday, Feb. 12, 2025": 12 February 2025 was a Wednesday."""
    found = []
    for mention in source.mentions:
        if (
            not isinstance(mention, DateMention)
            or mention.relative
            or mention.date_low is None
            or (mention.date_low != mention.date_high)
        ):
            continue
        written = WEEKDAY_IN.search(mention.text) or WEEKDAY_BEFORE.search(
            source.text[max(0, mention.start - 14) : mention.start]
        )
        if written is None:
            continue
        named = written.group("weekday")
        actual = calendar.day_name[mention.date_low.weekday()]
        if WEEKDAYS[named.lower()] != mention.date_low.weekday():
            line, column = source.line_column(mention.start)
            found.append(
                Finding(
                    source.path,
                    line,
                    column,
                    "weekday",
                    f"weekday does not match its date: {mention.date_low:%-d %B %Y} was a {actual}, "
                    f'not a {named} ("{" ".join(mention.text.split())}")',
                )
            )
    return found


def impossible_dates(source: ParsedSource) -> list[Finding]:
    """Days the calendar does not have ("June 31", "2025-02-29"), as written in the text."""
    found = []
    for pattern in (MONTH_DAY, DAY_MONTH, ISO):
        for match in pattern.finditer(source.text):
            problem = _impossible(match)
            if problem:
                line, column = source.line_column(match.start())
                found.append(
                    Finding(
                        source.path,
                        line,
                        column,
                        "impossible-date",
                        f'impossible date "{match.group(0)}": {problem}',
                    )
                )
    return found


def _impossible(match: re.Match[str]) -> str | None:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else MONTHS[month_text.lower()]
    day, year = int(match.group("day")), match.group("year")
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    # Without a year, 29 February may be right (a leap year): only what no year has is wrong.
    days = calendar.monthrange(int(year) if year else 2000, month)[1]
    if day == 0 or day > days:
        where = f"{calendar.month_name[month]} {year}" if year else calendar.month_name[month]
        return f"{where} has {days} days"
    return None


def two_values(own: tuple[Statement, ...], common: frozenset[str]) -> list[Finding]:
    """One source stating two different values for the same thing in the same terms.

    "The same terms" is strict: the same kind, unit and counted noun, and distinctive words
    shared between the two values' own clauses; a bare date or bare number is never enough.
    """
    found = []
    earlier: dict[tuple[Kind, str | None, str | None], list[Statement]] = {}
    for second in own:
        terms = earlier.setdefault((second.kind, second.unit, second.noun), [])
        for first in terms[-PARTNERS:]:
            if _same_terms(first, second, common) and not all_true_at_once([first, second]):
                found.append(
                    Finding(
                        second.source,
                        second.line,
                        second.column,
                        "two-values",
                        f'two values for the same thing: "{second.text}" here, but '
                        f'"{first.text}" at line {first.line}, column {first.column} '
                        f"({first.kind} of {first.noun_text})",
                    )
                )
        terms.append(second)
    return found


def _same_terms(a: Statement, b: Statement, common: frozenset[str]) -> bool:
    """Same kind, unit and noun, and at least three distinctive words in both clauses."""
    if (a.kind, a.unit, a.noun) != (b.kind, b.unit, b.noun) or a.noun is None:
        return False
    return len((a.context & b.context) - common) >= SAME_TERMS_WORDS and same_magnitude(a, b)


def common_words(near: Counter[str], statements: int) -> frozenset[str]:
    """Words near more than a quarter of all values (the story's subject) describe none."""
    limit = max(3, statements / 4)
    return frozenset(key for key, count in near.items() if count > limit)
