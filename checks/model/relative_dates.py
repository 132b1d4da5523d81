"""A date written relative to something the text does not say: the words, read, as data.

"last Friday", "May 11" (no year), "three weeks from tomorrow" or "3/4/2021" (month or day
first?) name no days until a publication date or a date order places them. A mention keeps
such a date as a ``RelativeDate``; ``checks.extract.dates`` makes them and resolves them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date


class DateForm(enum.Enum):
    """How a relative date is written, and so what its ``args`` are, in order."""

    # Read from the publication date.
    WEEKDAY = "weekday"  # weekday (0: Monday), which ("on", "last", "next", ...)
    DAY = "day"  # offset in days ("yesterday": -1)
    MONTH_DAY = "monthday"  # month, day, weekday written beside it or None, tense cue
    MONTH = "month"  # month, the word before it ("last", "early", "in", ...; "-": none)
    MONTH_LAST_YEAR = "monthlastyear"  # month
    PERIOD = "period"  # which ("last", "next", "this", "earlier", "later"), unit
    AGO = "ago"  # count, unit
    AGO_BEFORE = "agobefore"  # count, unit: "more than three years ago"
    AGO_SINCE = "agosince"  # count, unit: "less than a week ago"
    AGO_MULTI = "agomulti"  # count, unit, count, unit...: "two weeks, two days ago"
    AHEAD = "ahead"  # count, unit: "in two weeks"
    SPAN = "span"  # direction ("ahead", "back"), count, unit: "the next five days"
    PIECE = "piece"  # index, size in months, a year shift (int) or a tense cue (str)
    PERIOD_PART = "periodpart"  # which, unit, part ("early", "mid", "late")
    WEEK_OF = "weekof"  # index (-1 the last), which, unit
    ISO_WEEK = "isoweek"  # week number
    WEEKDAY_IN_WEEK = "weekinweek"  # week shift, weekday: "Tuesday of last week"
    WEEKEND = "weekend"  # which, tense cue
    HOLIDAY = "holiday"  # key, which ("last", "y1", ...), tense cue, weekend (bool)
    WEEKDAY_NTH = "weekdaynth"  # weekday, day of the month, cue: "Wednesday the 31st"
    NTH_WEEKDAY = "nthweekday"  # index, weekday, month, tense cue
    NTH_WEEKDAY_SHIFTED = "nthweekdayrel"  # index, weekday, month shift
    # Read by a date order, not from the publication date.
    SLASH = "slash"  # first, second, year: "3/4/2021"
    SLASH_RANGE = "slashrange"  # a, b, c, d, year: "5/1-5/7/2020"
    # Days as written: only ever one of a compound's parts.
    ABSOLUTE = "abs"  # first day, last day
    # Compounds of other expressions, their ``parts``.
    RANGE = "range"  # no args; parts: first, last
    OPEN = "open"  # side ("from", "after", "before", "until"); one part
    SHIFT = "shift"  # count, unit, sign (1 or -1); one part
    FOR = "for"  # count, unit; one part: "for three days, starting Monday"


DateArg = int | str | date | None  # (a bool is an int)


@dataclass(frozen=True)
class RelativeDate:
    """One relative date expression: its form, its values in the order ``DateForm`` gives,
    and for a compound the expressions it is made of."""

    form: DateForm
    args: tuple[DateArg, ...] = ()
    parts: tuple[RelativeDate, ...] = ()
