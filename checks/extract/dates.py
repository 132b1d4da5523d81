"""Finding dates in text as intervals of days, absolute or relative to a publication date.

Dates are found in two steps: patterns find the date expressions themselves ("Nov 18",
"Dec. 19, 2015", "tomorrow", "Q3 2024"), then ``_combine`` reads the words that join or
frame them: ranges ("from 2011 to 2013", "Nov 18-Dec 19, 2015"), open intervals ("since
1989", "until November 2018", "2012 or later") and offsets ("three weeks from tomorrow").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, cast

from spacy.lang.en.stop_words import STOP_WORDS

from checks.extract.numbers import TENS_WORDS, UNITS_WORDS, first_letter_alternation
from checks.model.defaults import DATE_ORDERS, DateOrder
from checks.model.errors import ValueSyntaxError
from checks.model.mentions import DateMention, TakenSpans
from checks.model.relative_dates import DateForm, RelativeDate

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    **{word: value for word, value in UNITS_WORDS.items() if value},
    **TENS_WORDS,
}
ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}

# Days of the month in words: "fifteen", "thirty-one", "fifteenth", "thirty first".
_DAY_WORD = first_letter_alternation(
    [
        r"twenty[-\s](?:"
        + "|".join(list(ORDINAL_WORDS)[:9])
        + "|"
        + "|".join(list(UNITS_WORDS)[1:10])
        + ")",
        r"thirty[-\s](?:first|one)",
    ]
    + sorted(ORDINAL_WORDS, key=len, reverse=True)
    + ["thirty", "twenty"]
    + sorted((w for w, v in UNITS_WORDS.items() if 0 < v < 20), key=len, reverse=True)
)
# The last two digits of a year in words: "seventy-two", "oh five", "ten", "nineteen".
_YEAR_REST = first_letter_alternation(
    [rf"{tens}(?:[-\s](?:{'|'.join(list(UNITS_WORDS)[1:10])}))?" for tens in TENS_WORDS]
    + [r"oh[-\s](?:" + "|".join(list(UNITS_WORDS)[1:10]) + ")"]
    + sorted((w for w, v in UNITS_WORDS.items() if v >= 10), key=len, reverse=True)
)
_YEAR_UNITS = "|".join(sorted((w for w, v in UNITS_WORDS.items() if v), key=len, reverse=True))
# A year in words: "nineteen seventy-two", "nineteen hundred ninety three", "eighteen oh
# five", "two thousand and five", "two thousand", "twenty twenty-one" (read by the reader).
_CENTURY_REST = (
    r"(?:[-\s]+hundred(?:\s+and)?(?:[-\s]+(?:"
    + _YEAR_REST
    + r"|"
    + _YEAR_UNITS
    + r"))?|[-\s]+(?:"
    + _YEAR_REST
    + r"))"
)
# (starting with a character class, like _leading)
_WORD_YEAR = (
    r"(?P<wordyear>[eEnNtT](?<![\w-].)(?i:(?<=e)ighteen"
    + _CENTURY_REST
    + r"|(?<=n)ineteen"
    + _CENTURY_REST
    + r"|(?<=t)wo[-\s]+thousand(?:(?:\s+and)?[-\s]+(?:"
    + _YEAR_REST
    + r"|"
    + _YEAR_UNITS
    + r"))?|(?<=t)wenty[-\s]+(?:twenty(?:[-\s](?:"
    + _YEAR_UNITS
    + r"))?|thirty|"
    r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))"
    r"(?![\w-]))"
)

# An open end of an interval of days ("since 1989" has no last day). The last one is a day
# short of date.max, so that code adding a day to an end never overflows.
OPEN_LOW = date.min
OPEN_HIGH = date.max - timedelta(days=1)

_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|"
    r"Dec\.?)"
)
# Any case ("june 4th 1996", "2017 april"): only where a number next to it makes it a date.
_MONTH_ANY = r"(?P<month>\b(?i:{}(?![a-z])\.?))".format(
    first_letter_alternation(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
            "jan",
            "feb",
            "mar",
            "apr",
            "jun",
            "jul",
            "aug",
            "sept",
            "sep",
            "oct",
            "nov",
            "dec",
        ]
    )
)
# Before a day without a year: lower-case full names, but not the verbs "may" and "march".
_MONTH_DAY = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|"
    r"Dec\.?|january|february|april|june|july|august|september|october|november|december)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_ORDINAL_DAY = r"(?P<dayword>(?i:{}))".format(
    first_letter_alternation(
        [r"twenty[-\s]" + rf"(?:{'|'.join(list(ORDINAL_WORDS)[:9])})", r"thirty[-\s]first"]
        + sorted(ORDINAL_WORDS, key=len, reverse=True)
    )
)
# Word lists grouped by first letter (see first_letter_alternation): the same matches, faster.
_PART_WORDS = first_letter_alternation(
    ["early", "mid", "late", r"the\s+end\s+of", r"end\s+of", r"the\s+start\s+of"]
)
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WEEKDAY_ANY = rf"(?P<weekday>(?i:{first_letter_alternation(list(WEEKDAYS))}))"
_LEAD_WORDS = first_letter_alternation(
    [
        "in",
        "on",
        "since",
        "by",
        "until",
        "till",
        "from",
        "before",
        "after",
        "during",
        "of",
        "throughout",
        "last",
        "next",
        "this",
        "early",
        "mid",
        "late",
    ]
)
_LEAD = rf"(?P<lead>\b{_LEAD_WORDS}\s+)"
# A count of days, weeks...: digits or words up to ninety-nine ("three", "forty-two").
_COUNT_WORDS = first_letter_alternation(
    [rf"{tens}(?:[-\s](?:{'|'.join(list(UNITS_WORDS)[1:10])}))?" for tens in TENS_WORDS]
    + sorted((w for w, v in UNITS_WORDS.items() if v), key=len, reverse=True)
    + ["an", "a"]
)
_COUNT = rf"(?P<n>\d{{1,3}}|(?i:{_COUNT_WORDS}))"
_UNIT = r"(?P<unit>(?i:day|week|fortnight|month|year|decade))s?"
_ISO_TIME = r"(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
_AFTER_YEAR = r"(?![\w%.,-]\d|\d)"


def _leading(words: list[str], any_case: bool = True) -> str:
    """``words`` (regexes, each starting with a plain letter or digit) as one group that
    starts with a character class: the regex engine then skips straight to where one of
    their first letters is, where a pattern that starts with \\b or an optional group is
    tried at every character. The look-behind after that letter stands for the \\b before
    the word."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])

    def letters(first: str) -> str:
        return "".join(sorted({first.lower(), first.upper()})) if any_case else first

    inner = "(?i:" if any_case else "(?:"
    body = "|".join(
        f"(?<=[{letters(first)}]){inner}{'|'.join(rests)})" for first, rests in groups.items()
    )
    return rf"[{''.join(letters(first) for first in groups)}](?<!\w\w)(?:{body})"


_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_SHORT = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"]
# The month groups above, each starting with a character class (see _leading).
_MONTH_CASED = _MONTH_NAMES + [short + r"\.?" for short in _MONTH_SHORT]
_MONTH_FAST = "(?P<month>" + _leading(_MONTH_CASED, False) + ")"
_MONTH_ANY_FAST = (
    "(?P<month>" + _leading([m.lower() for m in _MONTH_NAMES + _MONTH_SHORT]) + r"(?![a-zA-Z])\.?)"
)
# Before a day without a year: lower-case full names too, but not the verbs "may", "march".
_MONTH_DAY_FAST = (
    "(?P<month>"
    + _leading(_MONTH_CASED + [m.lower() for m in _MONTH_NAMES if m not in ("May", "March")], False)
    + ")"
)
_PART_OF = [
    "early",
    "mid",
    "late",
    r"the\s+(?:end|start|beginning|middle)\s+of",
    r"end\s+of",
    r"start\s+of",
    r"beginning\s+of",
    r"middle\s+of",
]
_WEEKDAY_FAST = rf"(?P<weekday>{_leading(list(WEEKDAYS))})"
_DAY_FIRST = r"(?P<day>\d(?<![\w.,]\d)\d?)(?:st|nd|rd|th)?"  # a day opening a pattern
# What may stand before a date and belong to it, looked for by the readers.
_WEEKDAY_BEFORE = re.compile(rf"\b{_WEEKDAY},?\s+\Z")
_WEEKDAY_ANY_BEFORE = re.compile(rf"\b{_WEEKDAY_ANY},?\s+\Z")
_LEAD_BEFORE = re.compile(rf"(?i:{_LEAD}|(?P<part>{_PART_WORDS})[\s-]+)\Z")
_PART_BEFORE = re.compile(rf"(?i:(?P<part>{_PART_WORDS})[\s-]+)\Z")
_WHICH_BEFORE = re.compile(
    r"\b(?P<which>(?i:"
    + first_letter_alternation(
        ["last", "next", r"this\s+past", r"this\s+coming", "this", "coming", "previous"]
    )
    + r"))\s+\Z"
)

# The words of each holiday ("(?i)"); the first letter plain (see _leading).
_HOLIDAY_WORDS = [
    (r"christmas\s+eve", "christmaseve"),
    (r"christmas(?:\s+day)?", "christmas"),
    (r"xmas", "christmas"),
    (r"boxing\s+day", "boxingday"),
    (r"new\s+year['’]?s\s+eve", "newyearseve"),
    (r"new\s+year['’]?s(?:\s+day)?", "newyear"),
    (r"new\s+year(?:\s+day)?", "newyear"),
    (r"easter\s+monday", "eastermonday"),
    (r"easter(?:\s+sunday)?", "easter"),
    (r"good\s+friday", "goodfriday"),
    (r"independence\s+day", "independence"),
    (r"juneteenth", "juneteenth"),
    (r"hallowe['’]?en", "halloween"),
    (r"valentine['’]?s\s+day", "valentine"),
    (r"st\.?\s+patrick['’]?s\s+day", "patrick"),
    (r"saint\s+patrick['’]?s\s+day", "patrick"),
    (r"earth\s+day", "earthday"),
    (r"veterans['’]?\s+day", "veterans"),
    (r"thanksgiving(?:\s+day)?", "thanksgiving"),
    (r"labor\s+day", "labor"),
    (r"memorial\s+day", "memorial"),
    (r"martin\s+luther\s+king(?:\s+jr\.?)?\s+day", "mlk"),
    (r"mlk\s+day", "mlk"),
    (r"presidents['’]?\s+day", "presidents"),
    (r"columbus\s+day", "columbus"),
    (r"mother['’]?s\s+day", "mothers"),
    (r"father['’]?s\s+day", "fathers"),
]


def _holiday_pattern(keys: Collection[str]) -> re.Pattern[str]:
    return re.compile(
        r"(?P<hol>"
        + _leading([words for words, key in _HOLIDAY_WORDS if key in keys])
        + r")(?![\w'’])(?P<weekend>\s+(?i:weekend))?(?:(?:\s+(?i:of|in))?,?\s+"
        + _YEAR
        + r"(?![\w%.,]\d|\d)|\s+(?i:of)\s+(?:(?i:the)\s+)?(?P<which>(?i:this|next|last|"
        r"current|previous|coming))\s+(?i:year)\b)?"
    )


# The second day of a range within one month, and what may follow it when no year does:
# not a counted noun or a percent ("March 3 to 9 people" is no range of days).
_DAY_RANGE_JOIN = r"\s*[-–]\s*|\s+(?i:to|through|thru|until|till|and)\s+"
_DAY_TWO = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?(?![\d,.]\d|[\w%])"
_YEARLESS_DAY_END = (
    r"(?!\s*(?:%|[-–/]\d|(?i:per\b|percent)))"
    r"(?!\s+(?!(?i:in|at|on|and|or|to|for|with|when|while|as|the|after|before|but|by|from|"
    r"this|last|next|of|amid|during|was|were|is|are|will|would|had|has)\b)[A-Za-z])"
)

_HOLIDAYS_NEW_YEAR = {"newyear", "newyearseve"}
_HOLIDAYS_NO_DAY = {
    "christmas",
    "christmaseve",
    "easter",
    "eastermonday",
    "halloween",
    "thanksgiving",
    "juneteenth",
}

# Ordered: the first pattern that claims a stretch of text wins.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "2022-02-24", "2018-7-6", "2019/08/01", "2017-02-03T09:04:08Z", "Friday 2018-7-6"
    (
        "iso",
        re.compile(
            rf"(?:{_WEEKDAY_ANY},?\s+)?(?<![\w/.-]){_YEAR}(?P<sep>[-/.])(?P<m>1[0-2]|0?[1-9])"
            rf"(?P=sep)(?P<d>3[01]|[12]\d|0?[1-9]){_ISO_TIME}(?![\w-]|[./]\d)"
        ),
    ),
    # "2019/aug/01", "2019-aug-1"
    (
        "ymd",
        re.compile(
            rf"(?<![\w/.-]){_YEAR}(?P<sep>[-/])(?P<month>(?i:{'|'.join(MONTHS)}))(?P=sep)"
            rf"(?P<day>3[01]|[12]\d|0?[1-9])(?![\w/-])"
        ),
    ),
    # "20161016", "2016 10 16": a year, a month and a day with no separator or with spaces
    (
        "compact",
        re.compile(
            rf"(?<![\w$€£.,/])(?<!\d-){_YEAR}(?P<sp> ?)(?P<m>0[1-9]|1[0-2])(?P=sp)"
            r"(?P<d>0[1-9]|[12]\d|3[01])(?![\w%]|[.,:/-]?\d|\s?(?:%|per\s?cent|percent))"
        ),
    ),
    # a month name, a year and a day in another order: "23-Sep-2020", "Sep-23-2020",
    # "September-2020-23", "2020/23/Sep", "23-2020-September"
    (
        "mixed",
        re.compile(
            r"(?<![\w/.-])(?:" + _MONTH_ANY_FAST + r"(?P<s1>[-/.])(?:(?P<d1>3[01]|[12]\d|0?[1-9])"
            r"(?P=s1)(?P<y1>(?:1[89]|20)\d\d)|(?P<y2>(?:1[89]|20)\d\d)(?P=s1)"
            r"(?P<d2>3[01]|[12]\d|0?[1-9]))"
            r"|(?P<d3>3[01]|[12]\d|0?[1-9])(?P<s3>[-/.])(?:(?P<m3>(?i:[a-z]{3,9}))\.?(?P=s3)"
            r"(?P<y3>(?:1[89]|20)\d\d)|(?P<y4>(?:1[89]|20)\d\d)(?P=s3)(?P<m4>(?i:[a-z]{3,9})))"
            r"|(?P<y5>(?:1[89]|20)\d\d)(?P<s5>[-/.])(?P<d5>3[01]|[12]\d|0?[1-9])(?P=s5)"
            r"(?P<m5>(?i:[a-z]{3,9})))(?![\w/]|[.-]\d)"
        ),
    ),
    # "5/1-5/7/2020", "10/1-11/2/2017", "5/1-5/7, 2020": two days of one year
    (
        "slashrange",
        re.compile(
            r"(?<![\w/.,])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)\s*[-–]\s*(?P<c>[0-3]?\d)/(?P<d>[0-3]?\d)"
            r"(?:/(?P<y>(?:1[89]|20)\d\d|\d\d)|,\s*(?P<y2>(?:1[89]|20)\d\d))(?![\w/]|[.,]\d)"
        ),
    ),
    # "07/23/98", "25/04/21", "12/02/2025", "06-17-2014", "23.04.2022": which number is the
    # day is read by `facts_date_order` when both orders make a date (SPEC 3).
    (
        "slash",
        re.compile(
            rf"(?:{_WEEKDAY_ANY},?\s+)?(?<![\w/.,])(?<!\d\.)(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)"
            rf"(?P=sep)(?P<y>(?:1[89]|20)\d\d|\d\d)(?![\w/]|[.,]\d)"
        ),
    ),
    # "the first Monday of next month", "the last Friday in March 2020"
    (
        "nthweekday",
        re.compile(
            r"(?P<ordinal>"
            + _leading(["first", "second", "third", "fourth", "fifth", "last", "final"])
            + rf")\s+{_WEEKDAY_ANY}\s+(?i:of|in)\s+(?:{_MONTH}(?:,?\s+{_YEAR}(?!\d))?|"
            r"(?i:(?:the\s+)?(?P<which>this|next|last|current|coming|previous)\s+month)\b)"
        ),
    ),
    # days of one month: "March 3-9, 2024", "Oct. 10 to 12", "May 3 and 4", "3-9 March"
    (
        "mdrange",
        re.compile(
            rf"{_MONTH_DAY_FAST}\s*{_DAY}(?:{_DAY_RANGE_JOIN}){_DAY_TWO}"
            rf"(?:,?\s+{_YEAR}(?!\d)|{_YEARLESS_DAY_END})"
        ),
    ),
    (
        "dmrange",
        re.compile(
            rf"{_DAY_FIRST}(?:{_DAY_RANGE_JOIN}){_DAY_TWO}\s+(?:of\s+)?{_MONTH_DAY_FAST}\b"
            rf"(?:,?\s+{_YEAR}(?!\d))?"
        ),
    ),
    # (a weekday before it, "Friday, June 5, 2020", is read by the reader)
    ("mdy", re.compile(rf"{_MONTH_ANY_FAST}\s*{_DAY}(?:\s+of)?\s*,?\s+{_YEAR}(?!\d)")),
    (
        "dmy",
        re.compile(
            rf"{_DAY_FIRST.replace(',]', ']')}(?:\s+day)?(?:\s+of)?\s+{_MONTH_ANY_FAST},?\s+"
            rf"{_YEAR}(?!\d)"
        ),
    ),
    # "the fourth of July", "the twenty-first of March, 2020"
    ("wdm", re.compile(rf"\b{_ORDINAL_DAY}\s+(?:day\s+)?of\s+{_MONTH_ANY}(?:,?\s+{_YEAR}(?!\d))?")),
    ("my", re.compile(rf"{_MONTH_ANY_FAST}(?:\s+of\s+|,?\s+|[/-]){_YEAR}(?!\d|-\d)")),
    # a year in words, with the month and day before it read by the reader: "13 Sept
    # nineteen seventy two", "October two thousand and five", "in two thousand and twenty"
    ("wordyear", re.compile(_WORD_YEAR)),
    ("md", re.compile(rf"{_MONTH_DAY_FAST}\s+{_DAY}(?![\d,]*\d)(?!\s*(?:%|per))")),
    ("dm", re.compile(rf"{_DAY_FIRST}\s+(?:of\s+)?{_MONTH_DAY_FAST}\b")),
    # "Christmas", "easter 2018", "Thanksgiving weekend", "Independence Day of this year"
    # (three names for one pattern, each run where one kind of holiday word is: see _NEEDS)
    ("holiday", _holiday_pattern(_HOLIDAYS_NO_DAY)),
    (
        "holidayday",
        _holiday_pattern(
            {key for _, key in _HOLIDAY_WORDS} - _HOLIDAYS_NO_DAY - _HOLIDAYS_NEW_YEAR
        ),
    ),
    ("holidayny", _holiday_pattern(_HOLIDAYS_NEW_YEAR)),
    # "Wednesday the 31st", "wednesday the thirty first"
    (
        "weekdaynth",
        re.compile(
            rf"{_WEEKDAY_FAST},?\s+(?i:the)\s+(?:(?P<day>[0-3]?\d)(?:st|nd|rd|th)|(?P<dayword>(?i:"
            r"twenty[-\s](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirty[-\s]first|"
            + first_letter_alternation(sorted(ORDINAL_WORDS, key=len, reverse=True))
            + r")))\b(?!\s+(?:day\s+)?(?i:of)\s)"
        ),
    ),
    (
        "century",
        re.compile(
            r"(?:\b(?i:the)\s+)?(?:\b(?P<part>(?i:early|mid|late))[\s-]+)?\b(?:(?P<c>[12]?\d)"
            rf"(?:st|nd|rd|th)|{_ORDINAL_DAY})(?:\s+|-)(?i:century)\b"
        ),
    ),
    (
        "decade",
        re.compile(
            r"(?:\b(?i:the)\s+)?(?:\b(?P<part>(?i:early|mid|late))[\s-]+)?(?<![\w$€£.,-])"
            r"(?P<decade>(?:1[89]|20)\d0)['’]?s\b"
        ),
    ),
    (
        "yearrange",
        re.compile(
            rf"(?<![\w$€£.,/-]){_YEAR}[-–/~](?P<year2>(?:1[89]|20)\d\d|\d\d)(?![\w%.,/-]?\d|[/-][A-Za-z])"
            r"(?!\s?(?:%|per\s?cent|percent))"
        ),
    ),
    # "2015-3", "2019-12" (a year range "2011-12" is read above); "12-2015", "12/2015"
    ("yearmonth", re.compile(rf"(?<![\w$€£.,/-]){_YEAR}-(?P<m>1[0-2]|0?[1-9])(?![\w%/-]|[.,]\d)")),
    (
        "monthyear",
        re.compile(rf"(?<![\w$€£.,/-])(?P<m>1[0-2]|0?[1-9])[-/]{_YEAR}(?![\w/-]|[.,]\d)"),
    ),
    (
        "yearpart",
        re.compile(
            rf"(?P<part>{_leading(_PART_OF)})\s+"
            rf"(?:(?i:the\s+year)\s+)?{_YEAR}{_AFTER_YEAR}"
        ),
    ),
    (
        "season",
        re.compile(
            rf"(?:\b(?i:the)\s+)?\b(?P<season>(?i:spring|summer|autumn|fall|winter))\s+(?:of\s+)?"
            rf"{_YEAR}{_AFTER_YEAR}"
        ),
    ),
    (
        "piece",
        re.compile(
            rf"(?:\b(?i:the)\s+)?\b(?P<ordinal>(?i:first|second|third|fourth|final|last))\s+"
            rf"(?P<piece>(?i:half|quarter))\s+of\s+{_YEAR}{_AFTER_YEAR}"
        ),
    ),
    # "Q2 2024", "q3 2019", "H1-2024", "2017-q1", "2019 H2"
    (
        "quarter",
        re.compile(
            rf"\b(?:(?P<piece>[QqHh])(?P<n>[1-4])[\s-]+{_YEAR}(?!\d)|"
            rf"(?<![\w$€£.,/-]){_YEAR.replace('year', 'year2')}[\s-]+(?P<piece2>[QqHh])(?P<n2>[1-4])\b)"
        ),
    ),
    # "the first quarter of next year", "next year's second half", "the last quarter of
    # this year"
    (
        "relpiece",
        re.compile(
            r"(?i:(?:\bthe\s+)?\b(?P<ordinal>first|second|third|fourth|final|last)\s+"
            r"(?P<piece>half|quarter)\s+of\s+(?:the\s+)?(?P<which>this|next|last|current|previous|"
            r"coming)\s+year\b|\b(?P<which2>this|next|last)\s+year['’]s\s+(?P<ordinal2>first|second|"
            r"third|fourth|final|last)\s+(?P<piece2>half|quarter)\b)"
        ),
    ),
    # "Q3" alone, after a word that makes it a period: "in Q3", "last Q4"
    (
        "barequarter",
        re.compile(
            r"\b(?i:in|during|for|since|by|until|through|the|this|last|next|its|their)\s+"
            r"(?P<piece>Q)(?P<n>[1-4])\b(?![-/]\d)"
        ),
    ),
    # "early next year", "the end of this month", "by the end of the year"
    (
        "relpart",
        re.compile(
            rf"(?P<part>{_leading(_PART_OF)})[\s-]+"
            r"(?i:(?:(?P<which>this|next|last)|the)\s+(?P<unit>week|month|year)\b)"
        ),
    ),
    # "the first week of 2015", "the last week of March 2020", "the second week of next month"
    (
        "weekof",
        re.compile(
            r"(?:\b(?i:the)\s+)?\b(?P<ordinal>(?i:first|second|third|fourth|fifth|last|final|1st|"
            r"2nd|3rd|4th|5th))\s+(?i:week)\s+of\s+(?:(?:"
            + _MONTH
            + r",?\s+)?"
            + _YEAR
            + r"(?!\d)|(?i:(?:the\s+)?(?P<which>this|next|last|current|coming|previous)\s+"
            r"(?P<unit>month|year))\b)"
        ),
    ),
    # "week 31", "week 3 of 2027"
    (
        "weeknum",
        re.compile(
            rf"\b[Ww]eek\s+(?P<wn>[1-4]?\d|5[0-3])\b(?!\.\d|,\d)"
            rf"(?:\s+of\s+{_YEAR}(?!\d))?"
        ),
    ),
    # "Tuesday of last week", "next week on Wednesday", "next week's Monday"
    (
        "weekinweek",
        re.compile(
            rf"\b(?:{_WEEKDAY_ANY}\s+of\s+(?P<which>(?i:last|next|this))\s+(?i:week)|"
            r"(?P<which2>(?i:last|next|this))\s+(?i:week)(?:['’]s)?,?\s+(?:(?i:on)\s+)?"
            r"(?P<weekday2>(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday)))\b"
        ),
    ),
    (
        "weekend",
        re.compile(
            r"(?P<which>"
            + _leading(
                [r"this\s+past", r"this\s+coming", "this", "next", "last", "the", r"over\s+the"]
            )
            + r")\s+(?i:weekend)\b"
        ),
    ),
    # "2017 april": a year, then a month name
    (
        "yearname",
        re.compile(
            rf"(?<![\w$€£.,-]){_YEAR}\s+(?P<month>(?i:january|february|april|june|july|august|"
            r"september|october|november|december)|March|May)(?![a-zA-Z])(?!\s*\d)"
        ),
    ),
    ("adjyear", re.compile(rf"(?i)\b(?P<prefix>pre|post|mid|early|late)-{_YEAR}\b")),
    # (not after a slash: "13/13/2025" is a slash date that names no day, not a year)
    (
        "year",
        re.compile(
            r"(?P<year>[12](?<![\w$€£.,/-][12])(?:(?<=1)[89]|(?<=2)0)\d\d)"
            r"(?![\w%.,]\d|\d|[-–]\d|\s?(?:%|per\s?cent|percent))"
        ),
    ),
    # a year of the next century after a word that makes it a time: "by 2100", "in 2150"
    # (the reader checks the word; "at 2100 GMT" is a time of day)
    (
        "faryear",
        re.compile(
            r"(?<![\w$€£.,/-])(?P<year>21\d\d)(?![\w%.,]\d|\d|[-–]\d|\s?(?:%|per\s?cent|percent))"
        ),
    ),
    ("month_last_year", re.compile(rf"{_MONTH}\s+last\s+year\b")),
    ("month", re.compile(rf"{_MONTH_FAST}\b")),
    (
        "ago",
        re.compile(
            # (not "the past 5 weeks and 4 days ago": a span, then an offset)
            r"(?i)\b(?<!last\s)(?<!past\s)(?<!next\s)(?<!the\s)"
            r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
            r"(?P<unit>day|week|fortnight|month|year|decade)s?(?P<more>(?:,?\s+(?:and\s+)?(?:\d+|a|an|one|two|three|"
            r"four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:day|week|month|year)s?)*)"
            r"\s+ago\b"
        ),
    ),
    # "three weeks from now", "two days from today", "a week from tomorrow"
    (
        "fromnow",
        re.compile(
            rf"\b{_COUNT}\s+{_UNIT}\s+(?P<dir>(?i:from|after|before))\s+"
            r"(?P<anchor>(?i:now|today|tomorrow|tmrw|yesterday))\b"
        ),
    ),
    # "the next five days", "the past three years", "over the last 3 months"
    (
        "span",
        re.compile(
            r"(?P<which>"
            + _leading(["next", "past", "last", "previous", "coming", "upcoming"])
            + rf")\s+{_COUNT}\s+{_UNIT.replace('decade', 'decade|quarter')}\b"
        ),
    ),
    # "the 5 upcoming years", "the two coming weeks"
    (
        "countspan",
        re.compile(
            rf"{_leading(['the'])}\s+{_COUNT}\s+(?P<which>(?i:upcoming|coming|next|past|last))\s+"
            rf"{_UNIT.replace('decade', 'decade|quarter')}\b"
        ),
    ),
    # "in two weeks" (said of the future: checked by the reader)
    ("inoffset", re.compile(rf"{_leading(['in', 'within'])}\s+{_COUNT}\s+{_UNIT}\b")),
    (
        "period",
        re.compile(
            r"(?P<which>"
            + _leading(
                [
                    "earlier",
                    "later",
                    "last",
                    "this",
                    "next",
                    "previous",
                    "coming",
                    "current",
                    "past",
                    r"the\s+rest",
                    r"the\s+remainder",
                    r"the\s+remaining",
                    "rest",
                    "remainder",
                ]
            )
            + r")\s+(?P<inthe>(?i:this\s+|in\s+the\s+|of\s+the\s+|of\s+this\s+))?"
            r"(?P<unit>(?i:week|month|quarter|year))\b"
        ),
    ),
    ("weekday", re.compile(rf"{_WEEKDAY_FAST}\b")),
    ("day", re.compile(r"(?i)\b(?P<word>today|yesterday|tomorrow|tonight|tmrw)\b")),
]


@dataclass(frozen=True)
class DateFound:
    """A date in text: absolute days, or a relative expression resolved later."""

    start: int
    end: int
    low: date | None
    high: date | None
    relative: RelativeDate | None = None  # resolved by ``resolve``
    attributive: tuple[str, ...] = ()  # "the 2022 invasion": the noun the year modifies
    weekday: int | None = None  # weekday written beside an absolute date


# What each pattern cannot match without: a year, a month name, a weekday... Running every
# pattern over every window is most of the cost of finding dates, so a window is searched
# with a pattern only when it holds everything that pattern needs. None of these contains
# whitespace, and windows are cut at whitespace, so an occurrence lies wholly inside a
# window or wholly outside it; each is cased as in the patterns (or case-insensitive).
_MONTH_WORDS = first_letter_alternation(sorted(MONTHS, key=len, reverse=True))
_NEEDS = {
    "digit": re.compile(r"\d"),  # _DAY
    # Words few windows hold, looked for at once; each on its own only where one is.
    "rare": re.compile(
        first_letter_alternation(
            ["century", "week", "half", "quarter", "ago", "last"]
            + sorted(ORDINAL_WORDS)
            + [
                "christmas",
                "xmas",
                "easter",
                "hallowe",
                "thanksgiving",
                "juneteenth",
                "eighteen",
                "nineteen",
                "thousand",
                r"twenty[-\s]+t",
            ]
        )
    ),
    "last": re.compile(r"last"),
    # Written in lower case: looked for in the window in lower case (far faster than (?i)).
    "monthi": re.compile(rf"\b(?:{_MONTH_WORDS})(?![a-z])"),  # _MONTH_ANY: a month word
    "dayi": re.compile(r"day"),
    "ago": re.compile(r"ago"),
    # A unit after a space: every pattern that needs one has a word before it.
    "units": re.compile(
        r"\s(?:"
        + first_letter_alternation(
            ["day", "week", "fortnight", "month", "quarter", "year", "decade"]
        )
        + ")"
    ),
    "day": re.compile(
        first_letter_alternation(["today", "yesterday", "tomorrow", "tonight", "tmrw", "now"])
    ),
    "century": re.compile(r"century"),
    "ordinal": re.compile(first_letter_alternation(sorted(ORDINAL_WORDS))),
    "week": re.compile(r"week"),
    "piece": re.compile(r"half|quarter"),
    "yearpart": re.compile(
        first_letter_alternation(["early", "mid", "late", "end", "start", "beginning", "middle"])
    ),
    # Looked for only where what holds them is: a year holds a digit...
    "year": re.compile(r"(?:1[89]|20)\d\d"),  # _YEAR, and a decade ("1990s")
    "slash": re.compile(r"\d[/.-]\d"),
    "faryear": re.compile(r"21\d\d"),
    "bareq": re.compile(r"Q[1-4]"),
    "month": re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"),  # _MONTH
    "monthday": re.compile(  # _MONTH_DAY
        r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|january|february|april|june|july|"
        r"august|september|october|november|december"
    ),
    "weekday": re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"),  # _WEEKDAY_ANY
    "unit": re.compile(
        r"\s(?:" + first_letter_alternation(["week", "month", "quarter", "year"]) + ")"
    ),
    # What the patterns around a year need besides it.
    "iso": re.compile(r"(?:1[89]|20)\d\d[-/.][01]?\d[-/.][0-3]?\d"),
    "decade": re.compile(r"(?:1[89]|20)\d0['’]?s"),
    "yeardash": re.compile(r"(?:1[89]|20)\d\d[-–/~]\w"),
    "dashyear": re.compile(r"\d[-/](?:1[89]|20)\d\d"),
    "season": re.compile(
        first_letter_alternation(["spring", "summer", "autumn", "fall", "winter"])
    ),
    "quarter": re.compile(r"[qh][1-4]"),
    "adjyear": re.compile(r"-(?:1[89]|20)\d\d"),
    "compact": re.compile(r"(?:19|20)\d\d ?[01]\d ?[0-3]\d"),
    "mixsep": re.compile(r"[-/.](?:(?<=[a-z][-/.])\d|(?<=\d[-/.])[a-z])"),
    "slashrange": re.compile(r"\d/\d\d?\s*[-–]\s*\d\d?/\d"),
    "wordyear": re.compile(
        first_letter_alternation(["eighteen", "nineteen", "thousand", r"twenty[-\s]+t"])
    ),
    "holiday": re.compile(
        first_letter_alternation(
            ["christmas", "xmas", "easter(?!n)", "hallowe", "thanksgiving", "juneteenth"]
        )
    ),
    # Holidays named "... day" (or "Good Friday"), looked for where "day" is.
    "holidayday": re.compile(r"\sday|good\sf"),
    "newyear": re.compile(r"new\syear"),  # looked for where a unit is
    "daythe": re.compile(r"day,?\sthe\s"),  # "Friday the 13th"
    # years in words and holidays with no "day" in them, looked for where "rare" is
    "rare2": re.compile(
        first_letter_alternation(
            [
                "christmas",
                "xmas",
                "easter",
                "hallowe",
                "thanksgiving",
                "juneteenth",
                "eighteen",
                "nineteen",
                "thousand",
                r"twenty[-\s]+t",
            ]
        )
    ),
    "spanword": re.compile(r"coming|next|past|last"),
}
# The needs looked for in the window's text in lower case.
_LOWER = {
    "rare",
    "monthi",
    "dayi",
    "ago",
    "units",
    "day",
    "century",
    "ordinal",
    "week",
    "piece",
    "yearpart",
    "weekday",
    "unit",
    "season",
    "quarter",
    "mixsep",
    "wordyear",
    "holiday",
    "holidayday",
    "daythe",
    "rare2",
    "newyear",
    "spanword",
}
# Which needs are looked for only when another is there (every occurrence of the inner one
# is an occurrence of the outer: a year is digits, "Jan" is "jan", "week" is a unit).
_INSIDE = {
    "digit": ("year", "slash", "bareq", "faryear"),
    "rare": ("last", "ago", "century", "ordinal", "week", "piece", "rare2"),
    "rare2": ("wordyear", "holiday"),
    "monthi": ("month", "monthday", "mixsep"),
    "units": ("unit", "spanword", "newyear"),
    "dayi": ("weekday", "holidayday", "daythe"),
    "year": ("iso", "decade", "yeardash", "dashyear", "season", "quarter", "adjyear", "compact"),
    "slash": ("slashrange",),
}
_NEED_BIT = {name: 1 << index for index, name in enumerate(_NEEDS)}
_INNER = {inner for inners in _INSIDE.values() for inner in inners}


# A need's search, its bit, whether it looks in the lower-cased text, and the needs looked
# for only where it is.
_NeedSearch = tuple[Callable[[str, int, int], re.Match[str] | None], int, bool, list["_NeedSearch"]]


def _need_searches(names: Iterable[str]) -> list[_NeedSearch]:
    return [
        (
            _NEEDS[name].search,
            _NEED_BIT[name],
            name in _LOWER,
            _need_searches(_INSIDE.get(name, ())),
        )
        for name in names
    ]


_NEED_SEARCHES = _need_searches([name for name in _NEEDS if name not in _INNER])
PATTERN_NEEDS = {
    "iso": ("iso",),
    "ymd": ("yeardash", "monthi"),
    "slash": ("slash",),
    "mdy": ("monthi", "year"),
    "dmy": ("monthi", "year"),
    "wdm": ("monthi", "ordinal"),
    "my": ("monthi", "year"),
    "md": ("monthday", "digit"),
    "dm": ("monthday", "digit"),
    "mdrange": ("monthday", "digit"),
    "dmrange": ("monthday", "digit"),
    "century": ("century",),
    "decade": ("decade",),
    "yearrange": ("yeardash",),
    "yearmonth": ("yeardash",),
    "monthyear": ("dashyear",),
    "yearpart": ("yearpart", "year"),
    "season": ("season", "year"),
    "piece": ("piece", "year"),
    "quarter": ("quarter", "year"),
    "relpiece": ("piece", "unit"),
    "barequarter": ("bareq",),
    "adjyear": ("adjyear",),
    "year": ("year",),
    "faryear": ("faryear",),
    "yearname": ("year", "monthi"),
    "month_last_year": ("month", "last"),
    "relpart": ("yearpart", "unit"),
    "weekof": ("week",),
    "weeknum": ("week", "digit"),
    "weekinweek": ("week", "weekday"),
    "weekend": ("week",),
    "month": ("month",),
    "ago": ("ago",),
    "fromnow": ("units", "day"),
    "span": ("units",),
    "inoffset": ("units",),
    "period": ("unit",),
    "weekday": ("weekday",),
    "day": ("day",),
    "compact": ("compact",),
    "mixed": ("monthi", "year", "mixsep"),
    "slashrange": ("slashrange",),
    "wordyear": ("wordyear",),
    "holiday": ("holiday",),
    "holidayday": ("holidayday",),
    "holidayny": ("newyear",),
    "weekdaynth": ("weekday", "daythe"),
    "nthweekday": ("weekday", "rare"),
    "countspan": ("units", "spanword"),
}
_PATTERN_MASKS = [
    (name, pattern, sum(_NEED_BIT[need] for need in PATTERN_NEEDS[name]))
    for name, pattern in PATTERNS
]


def find_dates(text: str) -> list[DateFound]:
    """Every date expression in ``text``, leftmost-longest, non-overlapping, with the words
    that join or frame them read (``_combine``)."""
    return _combine(text, find_date_atoms(text))


def find_date_atoms(text: str) -> list[DateFound]:
    """The date expressions the patterns find, each on its own."""
    found: list[DateFound] = []
    taken = TakenSpans()
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = text  # a letter whose lower case is longer: (?i) searches instead
    windows = _windows(text, lowered)
    holds = _window_needs(text, windows, lowered)
    for name, pattern, mask in _PATTERN_MASKS:
        for (low, high), held in zip(windows, holds, strict=True):
            if held & mask != mask:
                continue  # something the pattern needs is missing: it cannot match here
            for match in pattern.finditer(text, low, high):
                if taken.overlaps(match.start(), match.end()):
                    continue
                item = _read(name, match, text)
                if item is not None:
                    found.append(item)
                    # (a reader may take words before the match: "Friday, June 5, 2020")
                    taken.add(min(match.start(), item.start), max(match.end(), item.end))
    return sorted(found, key=lambda d: d.start)


# Every date expression holds one of these; the patterns only run in windows around them.
TRIGGER_WORDS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "ago",
    "week",
    "month",
    "year",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "half",
    "quarter",
    "day",
    "fortnight",
    "decade",
    "century",
    "tmrw",
    "christmas",
    "xmas",
    "easter",
    "hallowe",
    "thanksgiving",
    "juneteenth",
    "eighteen",
    "nineteen",
    "thousand",
)


# Digits first: they are cheap to rule out, and no word starts with a digit or "Q1", "H2";
# the words are grouped by first letter (see first_letter_alternation): the same matches.
TRIGGER = re.compile(rf"\d\d|[QH][1-4]|\b(?i:{first_letter_alternation(list(TRIGGER_WORDS))})")
# The same over the text in lower case, far faster than (?i) (it also takes "q1", "h2").
TRIGGER_LOWER = re.compile(rf"\d\d|[qh][1-4]|\b(?:{first_letter_alternation(list(TRIGGER_WORDS))})")
TRIGGER_LENGTH = max(len(word) for word in TRIGGER_WORDS)
WINDOW = 48  # characters either side of a trigger: longer than any date expression's reach


def _windows(text: str, lowered: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` around triggers, cut at whitespace so that word boundaries and
    look-arounds at their edges read as they do in the whole text. A trigger whose stretch
    lies inside the last window changes nothing, so the search jumps to where a trigger
    could reach past it."""
    search = (
        TRIGGER_LOWER.search
        if lowered is not text and len(lowered) == len(text)
        else TRIGGER.search
    )
    subject = lowered if search == TRIGGER_LOWER.search else text
    windows: list[tuple[int, int]] = []
    size = len(text)
    position = 0
    while True:
        match = search(subject, position)
        if match is None:
            return windows
        if windows and match.end() + WINDOW <= windows[-1][1]:
            position = max(match.end(), windows[-1][1] - WINDOW - TRIGGER_LENGTH)
            continue
        low = max(0, match.start() - WINDOW)
        while low > 0 and not text[low - 1].isspace():
            low -= 1
        high = min(size, match.end() + WINDOW)
        while high < size and not text[high].isspace():
            high += 1
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], high)
        else:
            windows.append((low, high))
        position = max(match.end(), high - WINDOW - TRIGGER_LENGTH)


def _window_needs(text: str, windows: list[tuple[int, int]], lowered: str) -> list[int]:
    """Per window, the bits of ``_NEEDS`` that occur in it (``lowered``: the text in lower
    case, or the text itself when lower case would move characters)."""
    if lowered is text:
        return [
            _held(text, low, high, text[low:high].lower(), 0, len(text[low:high]), _NEED_SEARCHES)
            for low, high in windows
        ]
    return [_held(text, low, high, lowered, low, high, _NEED_SEARCHES) for low, high in windows]


def _held(
    text: str,
    low: int,
    high: int,
    lowered: str,
    lower_low: int,
    lower_high: int,
    searches: list[_NeedSearch],
) -> int:
    held = 0
    for need, bit, in_lower_case, inside in searches:
        if need(lowered, lower_low, lower_high) if in_lower_case else need(text, low, high):
            held |= bit
            if inside:
                held |= _held(text, low, high, lowered, lower_low, lower_high, inside)
    return held


# A match's groups as ``re.Match.groupdict`` gives them: a str, or None for a group that
# took no part (Any, as re types it, so that a group the pattern always fills reads as a str).
_Groups = dict[str, Any]


def _read(name: str, match: re.Match[str], text: str) -> DateFound | None:
    g = match.groupdict()
    try:
        return _READERS[name](match, g, text)
    except (ValueError, KeyError):
        return None  # "Feb 30" and the like: not a date we can use


def _month(g: _Groups) -> int:
    return MONTHS[(g["month"] or "").lower().rstrip(".")]


def _weekday(g: _Groups) -> int | None:
    return WEEKDAYS[g["weekday"].lower()] if g.get("weekday") else None


def _named_weekday(g: _Groups) -> int:
    """The weekday of a pattern that always names one."""
    return WEEKDAYS[g["weekday"].lower()]


def _day_found(match: re.Match[str], day: date, g: _Groups) -> DateFound:
    return DateFound(match.start(), match.end(), day, day, weekday=_weekday(g))


def _weekday_before(found: DateFound, text: str, pattern: re.Pattern[str]) -> DateFound:
    """The date with the weekday written before it ("Friday, June 5, 2020")."""
    before = pattern.search(text, max(0, found.start - 12), found.start)
    if not before:
        return found
    return replace(found, start=before.start(), weekday=WEEKDAYS[before.group("weekday").lower()])


def _count(raw: str) -> int:
    """3, "three", "forty-two", "a"."""
    raw = raw.lower()
    if raw.isdigit():
        return int(raw)
    return sum(NUMBER_WORDS[word] for word in re.split(r"[-\s]+", raw))


def _ordinal(raw: str) -> int:
    """ "fourth", "twenty-first", "3rd", "last" (-1)."""
    raw = raw.lower()
    if raw in ("last", "final"):
        return -1
    digits = re.match(r"\d+", raw)
    if digits:
        return int(digits.group())
    words = re.split(r"[-\s]+", raw)
    return sum(TENS_WORDS.get(word, 0) or ORDINAL_WORDS[word] for word in words)


def _read_iso(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    day = date(int(g["year"]), int(g["m"]), int(g["d"]))
    return _day_found(match, day, g)


def _read_year_month_day(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    return _day_found(match, date(int(g["year"]), _month(g), int(g["day"])), g)


def _read_full(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    found = _day_found(match, date(int(g["year"]), _month(g), int(g["day"])), g)
    return _weekday_before(found, text, _WEEKDAY_ANY_BEFORE)


def _read_word_day(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """ "the fourth of July", "the twenty-first of March, 2020"."""
    month, day = _month(g), _ordinal(g["dayword"])
    if g.get("year"):
        return _day_found(match, date(int(g["year"]), month, day), g)
    before = text[max(0, match.start() - 4) : match.start()].lower()
    if not re.search(r"\b(?:the|on)\s+$", before):
        return None  # "a third of March's budget" is a fraction
    if not 1 <= day <= calendar.monthrange(2000, month)[1]:
        return None
    cue = tense_cue(text, match.start(), match.end())
    return DateFound(match.start(), match.end(), None, None, _month_day(month, day, None, cue))


def _read_month_year(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    before = _PART_BEFORE.search(text, max(0, match.start() - 16), match.start())
    part = before.group("part") if before else None
    if (g["month"] or "").lower() == "may" and not part and _modal_may(text, match.start("month")):
        return None
    low, high = month_part(int(g["year"]), _month(g), part)
    return DateFound(before.start() if before else match.start(), match.end(), low, high)


def _read_year_then_month(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    low, high = month_part(int(g["year"]), _month(g), None)
    return DateFound(match.start(), match.end(), low, high)


def _read_numeric_month(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """ "2015-3", "2019-12", "12-2015": a month of a year in figures."""
    low, high = month_part(int(g["year"]), int(g["m"]), None)
    return DateFound(match.start(), match.end(), low, high)


def _read_day_range(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """ "March 3-9, 2024", "3 to 9 March", "May 3 and 4": days of one month; without a year
    both ends are placed by the same tense cue (SPEC 3), the end on or after the start."""
    month, first, last = _month(g), int(g["day"]), int(g["day2"])
    if not 1 <= first < last <= calendar.monthrange(2000, month)[1]:
        return None
    if g["year"]:
        year = int(g["year"])
        if last > calendar.monthrange(year, month)[1]:
            return None
        return DateFound(
            match.start(), match.end(), date(year, month, first), date(year, month, last)
        )
    cue = tense_cue(text, match.start(), match.end())
    return DateFound(
        match.start(),
        match.end(),
        None,
        None,
        RelativeDate(
            DateForm.RANGE,
            parts=(_month_day(month, first, None, cue), _month_day(month, last, None, cue)),
        ),
    )


def _read_month_day(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    month, day = _month(g), int(g["day"])
    if not 1 <= day <= calendar.monthrange(2000, month)[1]:
        return None
    before = _WEEKDAY_BEFORE.search(text, max(0, match.start() - 12), match.start())
    weekday = WEEKDAYS[before.group("weekday").lower()] if before else None
    cue = "" if weekday is not None else tense_cue(text, match.start(), match.end())
    return DateFound(
        before.start() if before else match.start(),
        match.end(),
        None,
        None,
        _month_day(month, day, weekday, cue),
        weekday=weekday,
    )


def _month_day(month: int, day: int, weekday: int | None, cue: str) -> RelativeDate:
    return RelativeDate(DateForm.MONTH_DAY, (month, day, weekday, cue))


# Words near a yearless date that say which way it lies from the publication (SPEC 3).
FORWARD_CUES = frozenset(
    {
        "will",
        "'ll",
        "shall",
        "would",
        "due",
        "scheduled",
        "upcoming",
        "next",
        "plans",
        "plan",
        "planned",
        "planning",
        "expected",
        "set",
        "slated",
        "until",
        "ahead",
        "coming",
        "postponed",
        "rescheduled",
        "tomorrow",
        "going",
        # intentions: "wants to repay it in three years", "aims to open by May 11"
        "want",
        "wants",
        "hope",
        "hopes",
        "aim",
        "aims",
        "intend",
        "intends",
        "seek",
        "seeks",
    }
)
BACKWARD_CUES = frozenset(
    {
        "was",
        "were",
        "had",
        "did",
        "ago",
        "last",
        "earlier",
        "previously",
        "since",
        "happened",
        "occurred",
        "took",
        "began",
        "ended",
        "came",
    }
)
# Irregular past tenses and participles (regular ones end in -ed, see _cue); only forms that
# are not also a present tense or a noun in copy ("set", "cut", "put", "read", "left").
IRREGULAR_PAST = frozenset(
    {
        "met",
        "said",
        "told",
        "won",
        "lost",
        "fell",
        "rose",
        "went",
        "saw",
        "made",
        "gave",
        "held",
        "found",
        "got",
        "brought",
        "bought",
        "sent",
        "spent",
        "built",
        "ran",
        "stood",
        "spoke",
        "wrote",
        "broke",
        "chose",
        "drove",
        "flew",
        "grew",
        "knew",
        "threw",
        "drew",
        "led",
        "fled",
        "fought",
        "caught",
        "taught",
        "thought",
        "sold",
        "paid",
        "kept",
        "felt",
        "heard",
        "struck",
        "swore",
        "stole",
        "shook",
        "became",
        "sank",
        "withdrew",
        "overtook",
        "oversaw",
        "underwent",
        "sought",
        "dealt",
        "sprang",
        "shot",
        "hid",
        "forgot",
        "froze",
        "woke",
        "tore",
        "wore",
        "rode",
        "slept",
        "meant",
        "lent",
        "bent",
        "sped",
    }
)
# How far the cue is looked for: the sentence's words before the date, and a few after.
CUE_WORDS_BEFORE = 8
CUE_WORDS_AFTER = 3


def tense_cue(text: str, start: int, end: int) -> str:
    """ "ahead", "back" or "" for a day and month written without a year: the tense word
    nearest to it in its own stretch of the sentence (commas end a stretch, so a relative
    clause's "was elected" says nothing of the date after it), before it (a past participle,
    "was", "had") or just after it ("will", "is due", "scheduled")."""
    before = re.split(r"[.!?\n,;]", text[max(0, start - 200) : start])[-1]
    after = re.split(r"[.!?\n,;]", text[end : end + 80])[0]
    words_before = re.findall(r"[\w'’]+", before)[-CUE_WORDS_BEFORE:]
    words_after = re.findall(r"[\w'’]+", after)[:CUE_WORDS_AFTER]
    # Nearest first, alternating sides: the nearer cue wins ("the meeting on May 11 will").
    order = []
    for distance in range(max(len(words_before), len(words_after))):
        if distance < len(words_after):
            order.append((words_after, distance))
        if distance < len(words_before):
            order.append((words_before, len(words_before) - 1 - distance))
    for words, index in order:
        cue = _cue(words, index)
        if cue:
            return cue
    return ""


def _cue(words: list[str], index: int) -> str:
    word = words[index]
    lowered = word.lower().replace("’", "'")
    if lowered in FORWARD_CUES or lowered.endswith("'ll"):
        return "ahead"
    if lowered == "to" and index > 0 and words[index - 1].lower() in ("is", "are", "was", "were"):
        return "ahead"  # "the vote is to be held on May 11"
    if lowered in BACKWARD_CUES:
        return "back"
    # A past tense or participle written in lower case ("was freed", "the talks collapsed",
    # "they met"); a capitalised one is a name ("the United Nations summit"). After "be" it
    # is a passive of any tense ("is to be held", "will be signed"): the word before decides.
    if (lowered in IRREGULAR_PAST or len(word) > 4 and word.endswith("ed")) and word.islower():
        if index > 0 and words[index - 1].lower() in ("be", "being"):
            return ""
        return "back"
    return ""


def _read_adjective_year(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    year = int(g["year"])
    prefix = g["prefix"].lower()
    if prefix in ("pre", "post"):
        return DateFound(
            match.start(),
            match.end(),
            date(year, 1, 1),
            date(year, 12, 31),
            attributive=_following_nouns(text, match.end()) or ("-",),
        )
    low, high = year_part(year, prefix)
    return DateFound(
        match.start(), match.end(), low, high, attributive=_following_nouns(text, match.end())
    )


def _read_year(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    year = int(g["year"])
    if _after_name(text, match.start()):
        return None  # "Vision 2030", "Euro 2024": part of a name
    nouns = _following_nouns(text, match.end())
    if nouns and nouns[0].lower().endswith("s") and not nouns[0].lower().endswith("ss"):
        return None  # "2000 troops" is a count, not a year
    lead = text[max(0, match.start() - 6) : match.start()].lower()
    if re.search(r"\b(?:the|a|its|their|his|her)\s+$", lead) and not nouns:
        return None
    return DateFound(
        match.start(), match.end(), date(year, 1, 1), date(year, 12, 31), attributive=nouns
    )


# Words before a year of the next century that make it a time, and words after a four-digit
# number that make it a time of day ("2130 GMT", "2100 hours").
_FAR_YEAR_LEAD = re.compile(
    r"\b(?i:in|by|until|till|before|after|through|beyond|since|the\s+year|circa)\s+\Z"
)
_CLOCK_AFTER = re.compile(
    r"\s*(?:GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|PST|PDT|IST|JST|Z\b|[Hh]ours\b|[Hh]rs\b|h\b|"
    r"[Ll]ocal\b|(?i:am|pm)\b)"
)


def _read_far_year(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """ "by 2100", "in 2150": a year past 2099 only after a word that makes it a time."""
    if not _FAR_YEAR_LEAD.search(
        text, max(0, match.start() - 24), match.start()
    ) or _CLOCK_AFTER.match(text, match.end()):
        return None
    return _read_year(match, g, text)


def _after_name(text: str, start: int) -> bool:
    """Is the word right before ``start`` a capitalised name in mid-sentence?"""
    found = re.search(
        r"([.!?:\n“\"(]?)\s*(\S+)\s+([A-Z][A-Za-z]+)\s+$", text[max(0, start - 40) : start]
    )
    if not found or found.group(1):
        return False
    previous, name = found.group(2), found.group(3).lower()
    if previous[-1:] in '.!?:“"(' or name in STOP_WORDS:
        return False
    return name.rstrip(".") not in MONTHS and name not in WEEKDAYS and name not in SEASONS


def _read_decade(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    first = int(g["decade"])
    spans = {"early": (0, 3), "mid": (3, 7), "late": (7, 9)}
    low, high = spans.get((g.get("part") or "").lower(), (0, 9))
    return DateFound(
        match.start(), match.end(), date(first + low, 1, 1), date(first + high, 12, 31)
    )


def _read_year_range(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    first, second = int(g["year"]), g["year2"]
    last = int(second) if len(second) == 4 else first - first % 100 + int(second)
    if not first < last <= first + 50:
        return None  # "2022-2018" or "2022-10" (a month) is not a span of years
    return DateFound(
        match.start(),
        match.end(),
        date(first, 1, 1),
        date(last, 12, 31),
        attributive=_following_nouns(text, match.end()),
    )


def _read_year_part(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    part = re.sub(r"\s+", " ", g["part"].lower())
    part = part.removeprefix("the ").replace(" of", "")
    part = {"end": "late", "start": "early", "beginning": "early", "middle": "mid"}.get(part, part)
    low, high = year_part(int(g["year"]), part)
    return DateFound(match.start(), match.end(), low, high)


SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}


def _read_season(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    year, season = int(g["year"]), g["season"].lower()
    if season == "winter":  # December to February: either winter that touches the year
        return DateFound(
            match.start(),
            match.end(),
            date(year - 1, 12, 1),
            date(year + 1, 2, calendar.monthrange(year + 1, 2)[1]),
        )
    first, last = SEASONS[season]
    return DateFound(
        match.start(),
        match.end(),
        date(year, first, 1),
        date(year, last, calendar.monthrange(year, last)[1]),
    )


def _read_piece(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """ "the first half of 2024", "the third quarter of 2023", "Q2 2024", "2017-q1", "H1 2024"."""
    year = int(g.get("year") or g["year2"])
    piece = (g.get("piece") or g["piece2"]).lower()
    size = 6 if piece in ("half", "h") else 3
    if g.get("n") or g.get("n2"):
        index = int(g.get("n") or g["n2"])
    else:
        index = _piece_index(g["ordinal"], size)
    if index > 12 // size:
        return None
    first, last = (index - 1) * size + 1, index * size
    return DateFound(
        match.start(),
        match.end(),
        date(year, first, 1),
        date(year, last, calendar.monthrange(year, last)[1]),
    )


def _piece_index(ordinal: str, size: int) -> int:
    return {"first": 1, "second": 2, "third": 3, "fourth": 4}.get(ordinal.lower(), 12 // size)


YEAR_SHIFTS = {"this": 0, "current": 0, "next": 1, "coming": 1, "last": -1, "previous": -1}


def _read_relative_piece(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """ "the first quarter of next year", "next year's second half"."""
    piece = (g.get("piece") or g["piece2"]).lower()
    size = 6 if piece == "half" else 3
    index = _piece_index(g.get("ordinal") or g["ordinal2"], size)
    if index > 12 // size:
        return None
    shift = YEAR_SHIFTS[(g.get("which") or g["which2"]).lower()]
    return DateFound(
        match.start(), match.end(), None, None, RelativeDate(DateForm.PIECE, (index, size, shift))
    )


# "this Q3": of the publication's year (a shift of 0); "last Q4", "next Q1": by that tense.
_BARE_QUARTER_LEADS: dict[str, int | str] = {"this": 0, "last": "back", "next": "ahead"}


def _read_bare_quarter(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """ "in Q3", "last Q4": the quarter of the publication's year, or by tense."""
    lead = text[match.start() : match.start("piece")].split()[0].lower()
    which = (
        _BARE_QUARTER_LEADS[lead]
        if lead in _BARE_QUARTER_LEADS
        else tense_cue(text, match.start("piece"), match.end())
    )
    return DateFound(
        match.start("piece"),
        match.end(),
        None,
        None,
        RelativeDate(DateForm.PIECE, (int(g["n"]), 3, which)),
    )


def _read_month_last_year(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    return DateFound(
        match.start(),
        match.end(),
        None,
        None,
        RelativeDate(DateForm.MONTH_LAST_YEAR, (_month(g),)),
    )


def _read_month(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    word = g["month"] or ""
    before = _LEAD_BEFORE.search(text, max(0, match.start() - 16), match.start())
    g = {**g, **(before.groupdict() if before else {})}
    lead = (g.get("lead") or "").strip().lower()
    if not word[0].isupper() or (
        word == "May" and lead not in MONTH_LEADS and _modal_may(text, match.start("month"))
    ):
        return None
    part = (g.get("part") or "").strip().lower()
    start = (
        match.start()
        if not before or lead not in ("last", "next", "this", "early", "mid", "late")
        else before.start()
    )
    spec = RelativeDate(DateForm.MONTH, (_month(g), lead or part or "-"))
    return DateFound(start, match.end(), None, None, spec)


def _read_ago(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """ "three years ago"; "two weeks and two days ago" (give or take half its last unit)."""
    raw = g["n"].lower()
    count = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
    if not (g.get("more") or "").strip():
        bound = _AGO_BOUND.search(text, max(0, match.start() - 16), match.start())
        if bound:
            # "more than two years ago": on or before that day; "less than": since then
            form = (
                DateForm.AGO_BEFORE
                if bound.group(1).lower() in ("more than", "over", "at least")
                else DateForm.AGO_SINCE
            )
            return DateFound(
                bound.start(1),
                match.end(),
                None,
                None,
                RelativeDate(form, (count, g["unit"].lower())),
            )
        return DateFound(
            match.start(),
            match.end(),
            None,
            None,
            RelativeDate(DateForm.AGO, (count, g["unit"].lower())),
        )
    parts = [(count, g["unit"].lower())] + [
        (_count(n), unit.lower())
        for n, unit in re.findall(r"(?i)(\d+|[a-z]+)\s+(day|week|month|year)s?", g["more"])
        if n.lower() != "and"
    ]
    return DateFound(
        match.start(),
        match.end(),
        None,
        None,
        RelativeDate(DateForm.AGO_MULTI, tuple(value for part in parts for value in part)),
    )


# A bound before "N units ago" makes it open: "more than two years ago", "less than a week
# ago".
_AGO_BOUND = re.compile(r"(?i)\b(more than|over|at least|less than|under|fewer than)\s+$")

PERIOD_WORDS = {"previous": "last", "coming": "next", "current": "this"}


def _read_period(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    which = g["which"].lower()
    which = PERIOD_WORDS.get(which, which)
    inthe = (g.get("inthe") or "").strip().lower()
    unit = g["unit"].lower()
    rest = which.split()[-1] in ("rest", "remainder", "remaining")
    if rest != inthe.startswith("of") or rest and unit == "quarter":
        return None  # "the rest this week", "last of the week"
    if rest:  # "the rest of the week": from publication to its end
        return DateFound(match.start(), match.end(), None, None, _period_spec("later", unit))
    if inthe.startswith("in") and which not in ("earlier", "later"):
        return None  # "this in the week"
    if which == "past":
        if unit == "quarter":  # "the past quarter": the last one reported
            return DateFound(
                match.start(), match.end(), None, None, _period_spec("last", "quarter")
            )
        if _MEASURED_FROM.match(text, match.end()):
            return None  # "the past year of his life"
        return DateFound(match.start(), match.end(), None, None, _span("back", 1, unit))
    return DateFound(match.start(), match.end(), None, None, _period_spec(which, unit))


def _period_spec(which: str, unit: str) -> RelativeDate:
    return RelativeDate(DateForm.PERIOD, (which, unit))


def _span(direction: str, count: int, unit: str) -> RelativeDate:
    return RelativeDate(DateForm.SPAN, (direction, count, unit))


WEEKDAY_WORDS = {"this past": "last", "previous": "last", "this coming": "next", "coming": "next"}


def _read_weekday(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    before = _WHICH_BEFORE.search(text, max(0, match.start() - 16), match.start())
    start = before.start() if before else match.start()
    which = " ".join(before.group("which").lower().split()) if before else "on"
    if which == "previous":  # "previous Monday": the Monday of the week before
        return DateFound(start, match.end(), None, None, _weekday_in_week(-1, _named_weekday(g)))
    which = WEEKDAY_WORDS.get(which, which)
    if which == "on" and _future_verb_before(text, start):
        which = "ahead"  # "the council will vote on Tuesday" (SPEC 3)
    return DateFound(
        start, match.end(), None, None, RelativeDate(DateForm.WEEKDAY, (_named_weekday(g), which))
    )


# Words that put the verb a bare weekday attaches to in the future. Only these, and only
# before the weekday in its own stretch of the sentence: "said Tuesday it would ..." is past.
WEEKDAY_FORWARD = frozenset(
    {
        "will",
        "shall",
        "scheduled",
        "due",
        "expected",
        "set",
        "plans",
        "planned",
        "upcoming",
        "slated",
    }
)


def _future_verb_before(text: str, start: int) -> bool:
    before = re.split(r"[.!?;:,\n]", text[max(0, start - 60) : start])[-1]
    words = re.findall(r"[\w']+", before.lower())[-6:]
    return any(word in WEEKDAY_FORWARD or word.endswith("'ll") for word in words)


def _read_day(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    if _POSSESSIVE.match(text, match.end()):
        # "today's promises": a thing of the day, like a year used as an adjective (SPEC 3)
        nouns = _following_nouns(text, match.end() + 2)
        return DateFound(
            match.start(),
            match.end(),
            None,
            None,
            _day_spec(DAY_OFFSETS[g["word"].lower()]),
            attributive=nouns or ("-",),
        )
    offset = DAY_OFFSETS[g["word"].lower()]
    return DateFound(match.start(), match.end(), None, None, _day_spec(offset))


def _day_spec(offset: int) -> RelativeDate:
    return RelativeDate(DateForm.DAY, (offset,))


DAY_OFFSETS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "tmrw": 1}


def _read_slash(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """A slash date: placed when one day/month order makes a date (or both give the same
    day, or only one falls on the weekday written beside it), else kept for
    `facts_date_order` to place (``resolve``). Dots and dashes ("23.04.2022", "06-17-2014")
    only with a four-digit year: "1.2.20" is a version."""
    if g["sep"] != "/" and len(g["y"]) != 4:
        return None
    first, second, year = int(g["a"]), int(g["b"]), full_year(g["y"])
    as_mdy, as_dmy = day_or_none(year, first, second), day_or_none(year, second, first)
    if as_mdy is None and as_dmy is None:
        return None
    weekday = _weekday(g)
    if (
        weekday is not None
        and as_mdy
        and as_dmy
        and as_mdy != as_dmy
        and (as_mdy.weekday() == weekday) != (as_dmy.weekday() == weekday)
    ):
        as_mdy, as_dmy = (as_mdy, None) if as_mdy.weekday() == weekday else (None, as_dmy)
    if as_mdy is None or as_dmy is None or as_mdy == as_dmy:
        day = as_mdy or as_dmy
        return DateFound(match.start(), match.end(), day, day, weekday=weekday)
    return DateFound(
        match.start(),
        match.end(),
        None,
        None,
        relative=RelativeDate(DateForm.SLASH, (first, second, year)),
        weekday=weekday,
    )


def full_year(text: str) -> int:
    """A two-digit year the POSIX way: 69-99 are the 1900s, 00-68 the 2000s."""
    if len(text) == 4:
        return int(text)
    return (1900 if int(text) >= 69 else 2000) + int(text)


def day_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _resolve_slash(order: str | None, first: int, second: int, year: int) -> tuple[date, date]:
    """A slash date both orders make a date of, read by `facts_date_order`."""
    if order not in DATE_ORDERS:
        raise Unresolved(
            f"{first}/{second} can be read month first or day first; set the "
            "ini option facts_date_order to MDY or DMY"
        )
    month, day = (first, second) if order == "MDY" else (second, first)
    found = date(year, month, day)
    return found, found


def _resolve_slash_range(
    order: str | None, a: int, b: int, c: int, d: int, year: int
) -> tuple[date, date]:
    """Two slash days of one year both orders read, read by `facts_date_order`."""
    if order not in DATE_ORDERS:
        raise Unresolved(
            f"{a}/{b}-{c}/{d} can be read month first or day first; set the "
            "ini option facts_date_order to MDY or DMY"
        )
    if order == "MDY":
        return date(year, a, b), date(year, c, d)
    return date(year, b, a), date(year, d, c)


# The relative dates a date order reads, not a publication date.
_BY_DATE_ORDER: dict[DateForm, Callable[..., tuple[date, date]]] = {
    DateForm.SLASH: _resolve_slash,
    DateForm.SLASH_RANGE: _resolve_slash_range,
}


def _read_century(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """ "the 15th century", "the early twentieth century"; not "19th-century" (an adjective
    naming a style, not a date claim)."""
    if re.search(r"-(?i:century)$", match.group()):
        return None
    number = int(g["c"]) if g.get("c") else _ordinal(g["dayword"])
    if not 1 <= number <= 21:
        return None
    first = (number - 1) * 100
    spans = {"early": (0, 39), "mid": (30, 79), "late": (70, 99)}
    low, high = spans.get((g.get("part") or "").lower(), (0, 99))
    return DateFound(
        match.start(), match.end(), date(max(first + low, 1), 1, 1), date(first + high, 12, 31)
    )


def _read_relative_part(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """ "early next year", "the end of this month", "by the middle of the week"."""
    part = _part_word(g["part"])
    which = (g.get("which") or "this").lower()
    return DateFound(
        match.start(),
        match.end(),
        None,
        None,
        RelativeDate(DateForm.PERIOD_PART, (which, g["unit"].lower(), part)),
    )


def _part_word(raw: str) -> str:
    part = re.sub(r"\s+", " ", raw.lower()).removeprefix("the ").replace(" of", "")
    return {"end": "late", "start": "early", "beginning": "early", "middle": "mid"}.get(part, part)


def _read_week_of(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """ "the first week of 2015" (ISO week 1), "the last week of March 2020" (its last seven
    days), "the second week of next month"."""
    index = _ordinal(g["ordinal"])
    if not -1 <= index <= 5 or index == 0:
        return None
    if g.get("year"):
        year = int(g["year"])
        if g.get("month"):
            low, high = _week_of_month(year, _month(g), index)
        else:
            low, high = _iso_week(year, index)
        return DateFound(match.start(), match.end(), low, high)
    which = PERIOD_WORDS.get(g["which"].lower(), g["which"].lower())
    return DateFound(
        match.start(),
        match.end(),
        None,
        None,
        RelativeDate(DateForm.WEEK_OF, (index, which, g["unit"].lower())),
    )


def _read_week_number(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """ "week 31" (an ISO week of the publication's year), "week 3 of 2027"."""
    number = int(g["wn"])
    if not 1 <= number <= 53:
        return None
    if g.get("year"):
        low, high = _iso_week(int(g["year"]), number)
        return DateFound(match.start(), match.end(), low, high)
    return DateFound(
        match.start(), match.end(), None, None, RelativeDate(DateForm.ISO_WEEK, (number,))
    )


def _read_weekday_in_week(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """ "Tuesday of last week", "next week on Wednesday"."""
    which = (g.get("which") or g["which2"]).lower()
    weekday = WEEKDAYS[(g.get("weekday") or g["weekday2"]).lower()]
    shift = {"last": -1, "this": 0, "next": 1}[which]
    return DateFound(match.start(), match.end(), None, None, _weekday_in_week(shift, weekday))


def _weekday_in_week(shift: int, weekday: int) -> RelativeDate:
    return RelativeDate(DateForm.WEEKDAY_IN_WEEK, (shift, weekday))


def _read_weekend(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    which = " ".join(g["which"].lower().split())
    which = {"this past": "last", "this coming": "next", "over the": "the"}.get(which, which)
    cue = tense_cue(text, match.start(), match.end()) if which == "the" else ""
    if which == "the" and match.group().lower().startswith("over"):
        cue = cue or "back"  # "over the weekend" tells of one gone by, unless told otherwise
    return DateFound(
        match.start() if which != "the" else match.start("which"),
        match.end(),
        None,
        None,
        RelativeDate(DateForm.WEEKEND, (which, cue)),
    )


ANCHOR_DAYS = {"now": 0, "today": 0, "tomorrow": 1, "tmrw": 1, "yesterday": -1}


def _read_from_now(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """ "three weeks from now", "two days before yesterday"."""
    sign = -1 if g["dir"].lower() == "before" else 1
    anchor = _day_spec(ANCHOR_DAYS[g["anchor"].lower()])
    return DateFound(
        match.start(),
        match.end(),
        None,
        None,
        _shift(_count(g["n"]), g["unit"].lower(), sign, anchor),
    )


def _shift(count: int, unit: str, sign: int, spec: RelativeDate) -> RelativeDate:
    return RelativeDate(DateForm.SHIFT, (count, unit, sign), (spec,))


# A span or offset followed by these words is measured from something else ("in the two
# years after the war", "the last three years of his life").
_MEASURED_FROM = re.compile(
    r"\s+(?i:of|after|before|from|since|following|prior|to|ago|later|earlier)\b"
)


def _read_span(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """ "the next five days", "the past three years": from publication on, or up to it."""
    if _MEASURED_FROM.match(text, match.end()):
        return None
    count = _count(g["n"])
    if count < 1:
        return None
    direction = "ahead" if g["which"].lower() in ("next", "coming", "upcoming") else "back"
    return DateFound(
        match.start(), match.end(), None, None, _span(direction, count, g["unit"].lower())
    )


def _read_in_offset(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """ "will be back in two weeks": that far ahead of publication, give or take half a unit
    ("within a year": any day up to then). Only when the words point ahead: "built in two
    weeks" is a duration."""
    if _MEASURED_FROM.match(text, match.end()):
        return None
    if tense_cue(text, match.start(), match.end()) != "ahead" and not _future_verb_before(
        text, match.start()
    ):
        return None
    count = _count(g["n"])
    if count < 1:
        return None
    unit = g["unit"].lower()
    if match.group().lower().startswith("within"):
        return DateFound(match.start(), match.end(), None, None, _span("ahead", count, unit))
    return DateFound(
        match.start(), match.end(), None, None, RelativeDate(DateForm.AHEAD, (count, unit))
    )


def word_year(raw: str) -> int:
    """ "nineteen seventy-two" 1972, "nineteen hundred" 1900, "eighteen oh five" 1805, "two
    thousand and five" 2005, "twenty twenty-one" 2021."""
    words = [word for word in re.split(r"[-\s]+", raw.lower()) if word not in ("and", "oh")]
    if words[:2] == ["two", "thousand"]:
        century, rest = 20, words[2:]
    else:
        century, rest = NUMBER_WORDS[words[0]], words[1:]
        if rest[:1] == ["hundred"]:
            rest = rest[1:]
    return century * 100 + sum(NUMBER_WORDS[word] for word in rest)


def _day_number(raw: str) -> int:
    """ "15", "15th", "fifteen", "fifteenth", "thirty-first"."""
    raw = raw.lower()
    digits = re.match(r"\d+", raw)
    if digits:
        return int(digits.group())
    return sum(
        TENS_WORDS.get(word, 0) or ORDINAL_WORDS.get(word, 0) or NUMBER_WORDS[word]
        for word in re.split(r"[-\s]+", raw)
    )


_DAY_ANY = rf"(?:[0-3]?\d(?:st|nd|rd|th)?|{_DAY_WORD})"
# What may stand before a year in words and make it a date: "13 Sept", "fifteen August",
# "October", "October 5,", "the fifth of October".
_WORD_YEAR_BEFORE = re.compile(
    rf"(?i:\b(?:(?:the\s+)?(?P<day1>{_DAY_ANY})\s+(?:of\s+)?)?"
    rf"(?P<month>{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?"
    rf"(?:\s+(?:the\s+)?(?P<day2>{_DAY_ANY}))?,?\s+)\Z"
)
_WORD_YEAR_LEAD = re.compile(
    r"\b(?i:in|since|by|until|till|of|from|during|before|after|year|through)\s+\Z"
)


def _read_word_year(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """A year in words: with a month (and day) before it, or alone after "in", "since"..."""
    year = word_year(g["wordyear"])
    if not 1800 <= year <= 2099:
        return None
    before = _WORD_YEAR_BEFORE.search(text, max(0, match.start() - 40), match.start())
    if before:
        day_word = before.group("day1") or before.group("day2")
        month = MONTHS[before.group("month").lower()]
        if before.group("month") == "may" or (
            before.group("month").lower() == "march" and not day_word
        ):
            before = None  # "may two thousand", "march nineteen ..." : verbs
    if before:
        if day_word:
            day = date(year, month, _day_number(day_word))
            return DateFound(before.start(), match.end(), day, day)
        low, high = month_part(year, month, None)
        return DateFound(before.start(), match.end(), low, high)
    if g["wordyear"].lower().startswith("twenty") or year % 100 == 0 and year != 2000:
        return None  # "twenty twenty", "nineteen hundred": counts unless beside a month
    if not _WORD_YEAR_LEAD.search(text, max(0, match.start() - 10), match.start()):
        return None  # "two thousand and five" alone is a count
    nouns = _following_nouns(text, match.end())
    if nouns:
        return None  # "in two thousand and five cases"
    return DateFound(match.start(), match.end(), date(year, 1, 1), date(year, 12, 31))


def _read_compact(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """ "20161016", "2016 10 16"."""
    day = date(int(g["year"]), int(g["m"]), int(g["d"]))
    return DateFound(match.start(), match.end(), day, day)


def _read_mixed(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """A month name, a year and a day in any order, joined by one separator."""
    month = g.get("month") or g.get("m3") or g.get("m4") or g.get("m5") or ""
    year = g.get("y1") or g.get("y2") or g.get("y3") or g.get("y4") or g.get("y5")
    day = g.get("d1") or g.get("d2") or g.get("d3") or g.get("d5")
    assert year and day  # the pattern takes one of each
    found = date(int(year), MONTHS[month.lower().rstrip(".")], int(day))
    return DateFound(match.start(), match.end(), found, found)


def _read_slash_range(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """Two slash days of one year ("5/1-5/7/2020"): read like a slash date (SPEC 3), the
    same order for both ends."""
    year = full_year(g["y"] or g["y2"])
    a, b, c, d = (int(g[k]) for k in "abcd")
    readings = {}
    for order, (m1, d1, m2, d2) in (("MDY", (a, b, c, d)), ("DMY", (b, a, d, c))):
        low, high = day_or_none(year, m1, d1), day_or_none(year, m2, d2)
        if low and high and low <= high:
            readings[order] = (low, high)
    if not readings:
        return None
    if len(readings) == 1 or readings["MDY"] == readings["DMY"]:
        low, high = next(iter(readings.values()))
        return DateFound(match.start(), match.end(), low, high)
    return DateFound(
        match.start(),
        match.end(),
        None,
        None,
        relative=RelativeDate(DateForm.SLASH_RANGE, (a, b, c, d, year)),
    )


def _read_holiday(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """ "Christmas", "easter 2018", "the Thanksgiving weekend", "the weekend of Easter",
    "next Easter", "Independence Day of this year"."""
    words = " ".join(g["hol"].split())
    key = holiday_key(words)
    dated = bool(g.get("year") or g.get("which"))
    if key in _HOLIDAY_CAPITALISED and not words[0].isupper() and not dated:
        return None
    owner = _HOLIDAY_OWNER.search(text, max(0, match.start() - 30), match.start())
    if owner and owner.group().split()[0].lower() not in _HOLIDAY_OWNERS_US:
        return None  # "Mexico's Independence Day", "Lunar New Year", "Canadian Thanksgiving"
    if not dated and re.match(r"\s+[A-Z][a-z]", text[match.end() : match.end() + 3]):
        return None  # "Easter Island", "Christmas Carol"
    lead = re.search(
        r"\b(?P<which>(?i:next|following|coming|upcoming|last|previous|past|this))"
        r"\s+\Z",
        text[max(0, match.start() - 12) : match.start()],
    )
    if (
        key == "newyear"
        and words.lower().replace("’", "'") in ("new year", "new year day")
        and not dated
        and not lead
        and not re.search(
            r"(?i)\b(?:before|after|until|till|by|since)\s+(?:the\s+)?\Z",
            text[max(0, match.start() - 12) : match.start()],
        )
    ):
        return None  # "the new year" is a season, not New Year's Day
    weekend = bool(g.get("weekend"))
    the = _THE_BEFORE.search(text, max(0, match.start() - 4), match.start())
    start = the.start() if the and not lead else match.start()
    weekend_of = re.search(
        r"(?i)\b(?:the\s+)?weekend\s+of\s+(?:the\s+)?\Z", text[max(0, start - 20) : start]
    )
    if weekend_of and not weekend:
        weekend, start = True, start - len(weekend_of.group())
    if g.get("year"):
        day = HOLIDAYS[key](int(g["year"]))
        low, high = holiday_weekend(day) if weekend else (day, day)
        return DateFound(start, match.end(), low, high)
    if g.get("which"):
        which = "y" + str(YEAR_SHIFTS[g["which"].lower()])
    elif lead:
        which = {
            "following": "next",
            "coming": "next",
            "upcoming": "next",
            "previous": "last",
            "past": "last",
        }.get(lead.group("which").lower(), lead.group("which").lower())
        start = min(start, match.start() - len(lead.group()))
    else:
        which = ""
    cue = tense_cue(text, start, match.end()) if not which else ""
    nouns = (
        ()
        if weekend
        else tuple(
            n
            for n in _following_nouns(text, match.end())
            if n not in ("eve", "morning", "night", "evening")
        )[:1]
    )
    return DateFound(
        start,
        match.end(),
        None,
        None,
        RelativeDate(DateForm.HOLIDAY, (key, which, cue, weekend)),
        attributive=nouns,
    )


def _read_weekday_nth(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """ "Wednesday the 31st": the day of that number nearest publication that falls on
    that weekday, or by tense."""
    day = int(g["day"]) if g.get("day") else _ordinal(g["dayword"])
    if not 1 <= day <= 31:
        return None
    cue = tense_cue(text, match.start(), match.end())
    return DateFound(
        match.start(),
        match.end(),
        None,
        None,
        RelativeDate(DateForm.WEEKDAY_NTH, (_named_weekday(g), day, cue)),
    )


def _read_nth_weekday(match: re.Match[str], g: _Groups, text: str) -> DateFound | None:
    """ "the first Monday of next month", "the last Friday in March 2020", "the second
    Tuesday of November" (by tense)."""
    index, weekday = _ordinal(g["ordinal"]), _named_weekday(g)
    if not -1 <= index <= 5 or index == 0:
        return None
    the = _THE_BEFORE.search(text, max(0, match.start() - 4), match.start())
    start = the.start() if the else match.start()
    if g.get("year"):
        day = nth_weekday(int(g["year"]), _month(g), index, weekday)
        return DateFound(start, match.end(), day, day)
    if g.get("month"):
        cue = tense_cue(text, start, match.end())
        spec = RelativeDate(DateForm.NTH_WEEKDAY, (index, weekday, _month(g), cue))
        return DateFound(start, match.end(), None, None, spec)
    which = PERIOD_WORDS.get(g["which"].lower(), g["which"].lower())
    shift = {"last": -1, "next": 1}.get(which, 0)
    spec = RelativeDate(DateForm.NTH_WEEKDAY_SHIFTED, (index, weekday, shift))
    return DateFound(start, match.end(), None, None, spec)


_THE_BEFORE = re.compile(r"\b(?i:the)\s+\Z")


_READERS = {
    "slash": _read_slash,
    "iso": _read_iso,
    "ymd": _read_year_month_day,
    "mdy": _read_full,
    "dmy": _read_full,
    "wdm": _read_word_day,
    "my": _read_month_year,
    "yearname": _read_year_then_month,
    "yearmonth": _read_numeric_month,
    "monthyear": _read_numeric_month,
    "md": _read_month_day,
    "dm": _read_month_day,
    "mdrange": _read_day_range,
    "dmrange": _read_day_range,
    "adjyear": _read_adjective_year,
    "year": _read_year,
    "faryear": _read_far_year,
    "month_last_year": _read_month_last_year,
    "month": _read_month,
    "century": _read_century,
    "decade": _read_decade,
    "yearrange": _read_year_range,
    "yearpart": _read_year_part,
    "season": _read_season,
    "piece": _read_piece,
    "quarter": _read_piece,
    "relpiece": _read_relative_piece,
    "barequarter": _read_bare_quarter,
    "relpart": _read_relative_part,
    "weekof": _read_week_of,
    "weeknum": _read_week_number,
    "weekinweek": _read_weekday_in_week,
    "weekend": _read_weekend,
    "fromnow": _read_from_now,
    "span": _read_span,
    "inoffset": _read_in_offset,
    "ago": _read_ago,
    "period": _read_period,
    "weekday": _read_weekday,
    "day": _read_day,
    "compact": _read_compact,
    "mixed": _read_mixed,
    "slashrange": _read_slash_range,
    "wordyear": _read_word_year,
    "holiday": _read_holiday,
    "holidayday": _read_holiday,
    "holidayny": _read_holiday,
    "weekdaynth": _read_weekday_nth,
    "nthweekday": _read_nth_weekday,
    "countspan": _read_span,  # "the 5 upcoming years", "the two coming weeks"
}


MONTH_LEADS = {
    "in",
    "since",
    "until",
    "till",
    "during",
    "throughout",
    "from",
    "before",
    "after",
    "of",
    "last",
    "next",
    "this",
    "early",
    "mid",
    "late",
}


def _modal_may(text: str, start: int) -> bool:
    """ "May" the month, or "may" the verb written at a sentence start?"""
    after = text[start + 3 : start + 20]
    if re.match(r"\s+(?:\d|of\b|last\b|this\b|next\b)|[/-]\d", after):
        return False
    # The end of a range of months ("from March to May", "between January and May",
    # "Feb-May"): the verb never follows a month name and a range's joiner. The name of a
    # person can ("in March and May said", "from March to May's resignation"): "and" joins
    # a range only after "between", as in ``_ranges``, and a possessive or a verb after it
    # keeps it a name.
    if _possessive_or_verb(after):
        return True
    return not _ends_range_of_months(text, start)


def _possessive_or_verb(after: str) -> bool:
    word = _WORD_AFTER.match(after)
    if word is None:
        return False
    found = word.group(1).strip()
    return (
        found.startswith(("'s", "\u2019s"))
        or found in IRREGULAR_PAST
        or found in _VERBS_AFTER_A_NAME
        or len(found) > 4
        and found.endswith("ed")
    )


def _ends_range_of_months(text: str, start: int) -> bool:
    """Does a month name and a range's joiner stand right before ``start``?"""
    month = _MONTH_THEN_GAP.search(text, max(0, start - 24), start)
    if month is None:
        return False
    if "and" not in month.group("gap").lower():
        return True
    lead = _RANGE_LEAD.search(text, max(0, month.start() - 12), month.start())
    return bool(lead and lead.group("lead").lower() == "between")


_WORD_AFTER = re.compile(r"(['\u2019]s\b|\s+[a-z]+\b)")
_VERBS_AFTER_A_NAME = frozenset(
    {
        "says",
        "tells",
        "adds",
        "is",
        "was",
        "has",
        "had",
        "will",
        "would",
        "could",
        "should",
        "can",
        "might",
        "must",
        "did",
        "does",
    }
)


_NEXT_WORD = re.compile(r"[ \t]+([a-z][a-z-]*)\b")


def _following_nouns(text: str, end: int) -> tuple[str, ...]:
    """The content words right after a year ("2022 invasion", "pre-2014 borders")."""
    words: list[str] = []
    position = end
    while len(words) < 3:
        # Matched in place: slicing off the rest of the text each time copies all of it.
        match = _NEXT_WORD.match(text, position)
        if not match or match.group(1) in STOP_WORDS:
            break
        words.append(match.group(1))
        position = match.end()
    return tuple(words)


def month_part(year: int, month: int, part: str | None) -> tuple[date, date]:
    last = calendar.monthrange(year, month)[1]
    part = re.sub(r"\s+", " ", (part or "").lower())
    spans = {
        "early": (1, 10),
        "mid": (11, 20),
        "late": (21, last),
        "end of": (21, last),
        "the end of": (21, last),
        "the start of": (1, 10),
    }
    first, final = spans.get(part, (1, last))
    return date(year, month, first), date(year, month, final)


def year_part(year: int, part: str | None) -> tuple[date, date]:
    spans = {"early": (1, 4), "mid": (4, 9), "late": (9, 12)}
    first, final = spans.get((part or "").lower(), (1, 12))
    return date(year, first, 1), date(year, final, calendar.monthrange(year, final)[1])


# ---------------------------------------------------------------- holidays


def easter(year: int) -> date:
    """Easter Sunday of a Gregorian year (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


def nth_weekday(year: int, month: int, index: int, weekday: int) -> date:
    """The ``index``-th (1-5; -1 the last) given weekday of a month."""
    if index == -1:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (index - 1))
    if day.month != month:
        raise ValueError("no such weekday in the month")
    return day


def _fixed(month: int, day: int) -> Callable[[int], date]:
    return lambda year: date(year, month, day)


def _nth(month: int, index: int, weekday: int) -> Callable[[int], date]:
    return lambda year: nth_weekday(year, month, index, weekday)


# The holidays a newsroom dates things by (the US ones by their US rules), by a key that
# names each one in a relative expression.
HOLIDAYS = {
    "christmas": _fixed(12, 25),
    "christmaseve": _fixed(12, 24),
    "boxingday": _fixed(12, 26),
    "newyear": _fixed(1, 1),
    "newyearseve": _fixed(12, 31),
    "easter": easter,
    "goodfriday": lambda year: easter(year) - timedelta(days=2),
    "eastermonday": lambda year: easter(year) + timedelta(days=1),
    "independence": _fixed(7, 4),
    "juneteenth": _fixed(6, 19),
    "halloween": _fixed(10, 31),
    "valentine": _fixed(2, 14),
    "patrick": _fixed(3, 17),
    "earthday": _fixed(4, 22),
    "veterans": _fixed(11, 11),
    "thanksgiving": _nth(11, 4, 3),
    "labor": _nth(9, 1, 0),
    "memorial": _nth(5, -1, 0),
    "mlk": _nth(1, 3, 0),
    "presidents": _nth(2, 3, 0),
    "columbus": _nth(10, 2, 0),
    "mothers": _nth(5, 2, 6),
    "fathers": _nth(6, 3, 6),
}
# Holidays whose words are common nouns in lower case ("a memorial day for the victims"):
# read only when capitalised.
_HOLIDAY_CAPITALISED = {
    "boxingday",
    "goodfriday",
    "independence",
    "veterans",
    "labor",
    "memorial",
    "presidents",
    "columbus",
    "mothers",
    "fathers",
}
# A holiday a country names its own ("Mexico's Independence Day", "Canadian Thanksgiving")
# is another day: only these words may stand right before one.
_HOLIDAY_OWNER = re.compile(r"(?:\b[A-Z][\w.]*|\w+['’]s)\s+\Z")
_HOLIDAY_OWNERS_US = {
    "us",
    "u.s.",
    "american",
    "america's",
    "the",
    "on",
    "this",
    "next",
    "last",
    "by",
    "since",
    "until",
    "after",
    "before",
    "over",
    "at",
    "for",
    "during",
    "from",
    "of",
    "in",
    "till",
    "each",
    "every",
    "a",
}


def holiday_key(words: str) -> str:
    for pattern, key in _HOLIDAY_WORDS:
        if re.fullmatch(pattern, words, re.IGNORECASE):
            return key
    raise KeyError(words)


def holiday_weekend(day: date) -> tuple[date, date]:
    """The long weekend a holiday makes: Saturday to a Monday holiday, a Thursday or Friday
    one to the Sunday after it, a Saturday or Sunday one its own weekend."""
    weekday = day.weekday()
    if weekday == 0:
        return day - timedelta(days=2), day
    if weekday in (3, 4):
        return day, day + timedelta(days=6 - weekday)
    if weekday in (5, 6):
        return day - timedelta(days=weekday - 5), day + timedelta(days=6 - weekday)
    raise ValueError("a holiday in mid-week makes no weekend")


def by_tense(published: date, on_year: Callable[[int], date], cue: str, what: str) -> date:
    """A yearly day (``on_year(year)``) placed by tense like a day and month (SPEC 3): the
    latest on or before publication, the earliest after it when the words point ahead, the
    nearer one when only one is within 45 days."""
    back = on_year(published.year)
    if back > published:
        back = on_year(published.year - 1)
    ahead = on_year(published.year + 1)
    if on_year(published.year) > published:
        ahead = on_year(published.year)
    if cue == "back":
        return back
    if cue in ("ahead", "next"):
        return ahead
    near_back = (published - back).days <= NEAR_DAYS
    near_ahead = (ahead - published).days <= NEAR_DAYS
    if near_back != near_ahead:
        return back if near_back else ahead
    raise Unresolved(
        f"{what} with no year and no tense cue: {back.isoformat()} and "
        f"{ahead.isoformat()} are both {'near' if near_back else 'far from'} "
        "the publication date"
    )


def _resolve_holiday(
    published: date, key: str, which: str, cue: str, weekend: bool
) -> tuple[date, date]:
    """A holiday without a year: "last Christmas", "next Easter", "Christmas of next year"
    ("y1"), or by tense."""
    on_year = HOLIDAYS[key]
    if which.startswith("y"):
        day = on_year(published.year + int(which[1:]))
    elif which == "this":
        day = on_year(published.year)
    elif which == "last":
        day = by_tense(published - timedelta(days=1), on_year, "back", key)
    else:
        day = by_tense(published, on_year, "ahead" if which == "next" else cue, key)
    return holiday_weekend(day) if weekend else (day, day)


# ---------------------------------------------------------------- words around dates

# Between the two ends of a range: "2011 to 2013", "Nov 18-Dec 19, 2015", "between June 26
# and June 28"; "and" only after "between".
_RANGE_GAP = re.compile(r"\s*[-–—~]\s*|\s+(?i:to|through|thru|until|till|and)\s+")
_RANGE_LEAD = re.compile(r"\b(?i:(?P<lead>from|between))\s+$")
# A month name and a range's joiner, ending where the text is searched up to (see _modal_may).
_MONTH_THEN_GAP = re.compile(
    "(?:" + "|".join(_MONTH_CASED) + ")(?P<gap>" + _RANGE_GAP.pattern + ")$"
)
# A range's end that is no date expression of its own: "between Aug 2019 and now".
_TO_NOW = re.compile(r"\s+(?i:(?P<join>to|until|till|through|and)\s+(?:now|date|the\s+present))\b")
# Words that open an interval on one side (SPEC 3 reads `at least`, `before` the same way
# for numbers): the date is where the interval starts or ends.
_OPEN_BEFORE = re.compile(
    r"\b(?P<word>(?i:since|after|before|until|till|by|prior\s+to|ahead\s+of|no\s+later\s+than|"
    r"not\s+later\s+than|no\s+earlier\s+than|not\s+earlier\s+than|not\s+before|"
    r"as\s+early\s+as|as\s+late\s+as|starting(?:\s+(?:from|in|on))?|beginning\s+(?:in|on)|"
    r"up\s+to|later\s+than|earlier\s+than|greater\s+than))\s+$"
    r"|(?P<sign>(?:<|>)\s*=?|[≤≥])\s*$"
)
_OPEN_AFTER = re.compile(
    r"(?:\s*,)?\s+(?P<word>(?i:or\s+later|and\s+later|or\s+after|and\s+after|onwards?|"
    r"and\s+beyond|or\s+earlier|and\s+earlier|or\s+before|and\s+before|and\s+greater|"
    r"or\s+greater))\b(?!\s*\d)"
    # "on 1/1/2016 and after the vote": "after" opens a clause of its own
    r"(?!\s+(?i:the|a|an|my|his|her|its|their|our|your|this|that|these|those|which|he|she|"
    r"they|we|it|i|you)\b)"
)
OPEN_WORDS = {
    "since": "from",
    "no earlier than": "from",
    "not earlier than": "from",
    "not before": "from",
    "as early as": "from",
    "starting": "from",
    "starting from": "from",
    "starting in": "from",
    "starting on": "from",
    "beginning in": "from",
    "beginning on": "from",
    "or later": "from",
    "and later": "from",
    "onwards": "from",
    "onward": "from",
    "and beyond": "from",
    "after": "after",
    "later than": "after",
    "or after": "from",
    "and after": "from",
    "before": "before",
    "prior to": "before",
    "ahead of": "before",
    "earlier than": "before",
    "until": "until",
    "till": "until",
    "by": "until",
    "no later than": "until",
    "not later than": "until",
    "as late as": "until",
    "up to": "until",
    "or earlier": "until",
    "and earlier": "until",
    "or before": "until",
    "and before": "until",
    "greater than": "after",
    "and greater": "from",
    "or greater": "from",
    "<": "before",
    ">": "after",
    "<=": "until",
    ">=": "from",
    "≤": "until",
    "≥": "from",
}
# The last word of each phrase before a date that opens an interval.
_OPEN_LAST_WORDS = {
    "since",
    "after",
    "before",
    "until",
    "till",
    "by",
    "to",
    "of",
    "than",
    "as",
    "starting",
    "from",
    "in",
    "on",
}
_OPEN_SIGNS = ("<", ">", "=", "≤", "≥")
# "three weeks from Tuesday", "two days before yesterday", "a week after May 5"
_OFFSET_BEFORE = re.compile(
    rf"(?:\b{_COUNT}\s+{_UNIT}|\b(?i:the)\s+(?P<theday>(?i:day)))\s+"
    r"(?P<dir>(?i:from|after|before))\s+$"
)
_POSSESSIVE = re.compile(r"['’]s\b")
# How far before a date the words that frame it are looked for.
_REACH = 40


def _combine(text: str, atoms: list[DateFound]) -> list[DateFound]:
    """Date expressions with the words that join or frame them: offsets from a date, then
    ranges, then open intervals."""
    items = [_offset(text, _duration(text, item)) for item in atoms]
    items = _in_year(text, items)
    items = _ranges(text, items)
    return [_open(text, item) for item in items]


def _part(item: DateFound) -> RelativeDate:
    """An item as one part of a compound relative expression."""
    if item.relative:
        return item.relative
    assert item.low is not None and item.high is not None
    return RelativeDate(DateForm.ABSOLUTE, (item.low, item.high))


def _compound(item: DateFound) -> bool:
    return bool(item.relative and item.relative.parts)


def _form(item: DateFound) -> DateForm | None:
    return item.relative.form if item.relative else None


# Relative dates that name one day, which "the day after" may move.
_DAY_FORMS = frozenset(
    {
        DateForm.MONTH_DAY,
        DateForm.HOLIDAY,
        DateForm.WEEKDAY,
        DateForm.WEEKDAY_NTH,
        DateForm.DAY,
    }
)


def _framing(
    text: str, item: DateFound, endings: tuple[str, ...], near: int, pattern: re.Pattern[str]
) -> re.Match[str] | None:
    """The phrase of ``pattern`` that ends right where ``item`` starts ("three weeks from",
    "for two days, starting"), looked for only when the words just before end in one of
    ``endings`` (a cheap test first), and never for a date that names a thing or is already
    a compound."""
    if not text[max(0, item.start - near) : item.start].rstrip().lower().endswith(endings):
        return None
    if item.attributive or _compound(item) or _POSSESSIVE.match(text, item.end):
        return None
    found = pattern.search(text, max(0, item.start - _REACH), item.start)
    return found if found and found.end() == item.start else None


def _offset(text: str, item: DateFound) -> DateFound:
    found = _framing(text, item, ("from", "after", "before"), 8, _OFFSET_BEFORE)
    if found is None:
        return item
    if found.group("theday"):
        if found.group("dir").lower() == "from" or not (
            item.low is not None and item.low == item.high or _form(item) in _DAY_FORMS
        ):
            return item  # "the day after March": no day
        count, unit = 1, "day"
    else:
        count, unit = _count(found.group("n")), found.group("unit").lower()
    sign = -1 if found.group("dir").lower() == "before" else 1
    if item.relative:
        spec = _shift(count, unit, sign, item.relative)
        return DateFound(found.start(), item.end, None, None, spec)
    assert item.low is not None and item.high is not None
    return DateFound(
        found.start(),
        item.end,
        shift_day(item.low, sign * count, unit),
        shift_day(item.high, sign * count, unit),
    )


# "a week starting tomorrow", "for three days, from Monday", "for two months beginning in
# March": a stretch of that length from the date's first day ("three weeks from Monday",
# with no "for" and no comma, is an offset: ``_offset``).
_DURATION_BEFORE = re.compile(
    rf"(?P<for>\b(?i:for)\s+)?\b{_COUNT}\s+{_UNIT}(?P<comma>,)?\s+"
    r"(?P<join>(?i:starting|beginning|from))(?:\s+(?i:on|in|from))?\s+$"
)


def _duration(text: str, item: DateFound) -> DateFound:
    found = _framing(
        text, item, ("starting", "beginning", "from", " on", " in"), 16, _DURATION_BEFORE
    )
    if found is None:
        return item
    if found.group("join").lower() == "from" and not (found.group("for") or found.group("comma")):
        return item
    count, unit = _count(found.group("n")), found.group("unit").lower()
    if count < 1:
        return item
    if item.relative:
        spec = RelativeDate(DateForm.FOR, (count, unit), (item.relative,))
        return DateFound(found.start("n"), item.end, None, None, spec)
    assert item.low is not None
    return DateFound(
        found.start("n"), item.end, item.low, shift_day(item.low, count, unit) - timedelta(days=1)
    )


_IN_YEAR_GAP = re.compile(r"\s+(?i:in|of)\s+")


def _in_year(text: str, items: list[DateFound]) -> list[DateFound]:
    """A date written without a year and then "in 2020": placed in that year."""
    out: list[DateFound] = []
    index = 0
    while index < len(items):
        item = items[index]
        following = items[index + 1] if index + 1 < len(items) else None
        if (
            item.relative
            and following is not None
            and following.low is not None
            and not following.attributive
            and not following.relative
            and following.low == date(following.low.year, 1, 1)
            and following.high == date(following.low.year, 12, 31)
            and _IN_YEAR_GAP.fullmatch(text, item.end, following.start)
        ):
            placed = _placed_in(item.relative, following.low.year)
            if placed is not None:
                out.append(DateFound(item.start, following.end, *placed))
                index += 2
                continue
        out.append(item)
        index += 1
    return out


def _placed_in(spec: RelativeDate, year: int) -> tuple[date, date] | None:
    """A yearless date or a range of two, placed in ``year`` (the end's year for a range)."""
    if spec.form is DateForm.RANGE:
        first, second = spec.parts
        low, high = _yearless_in(first, year), _yearless_in(second, year)
        if low is None or high is None:
            return None
        if low[0] > high[1]:
            low = _yearless_in(first, year - 1)
            assert low is not None
        return low[0], high[1]
    if spec.form in (DateForm.MONTH_DAY, DateForm.MONTH):
        return _yearless_in(spec, year)
    return None


def _ranges(text: str, items: list[DateFound]) -> list[DateFound]:
    out: list[DateFound] = []
    index = 0
    while index < len(items):
        first = items[index]
        lead = _RANGE_LEAD.search(text, max(0, first.start - 12), first.start)
        between = bool(lead and lead.group("lead").lower() == "between")
        merged = None
        if index + 1 < len(items) and items[index + 1].start - first.end <= 9:
            second = items[index + 1]
            gap = _RANGE_GAP.fullmatch(text, first.end, second.start)
            if gap and (between or "and" not in gap.group().lower()):
                merged = _range(first, second)
        if merged is None and not first.attributive:
            now = _TO_NOW.match(text, first.end)
            if now and (between or now.group("join").lower() != "and"):
                now_item = DateFound(now.start(), now.end(), None, None, _day_spec(0))
                merged = _range(first, now_item)
                index -= 1  # the second end was no item of its own
        if merged is None:
            out.append(first)
            index += 1
            continue
        start = lead.start() if lead else merged.start
        out.append(replace(merged, start=start))
        index += 2
    return out


def _range(first: DateFound, second: DateFound) -> DateFound | None:
    """One interval from the first day of ``first`` to the last of ``second``; an end
    written without a year takes the other end's ("Nov 18-Dec 19, 2015")."""
    if first.attributive or second.attributive or _compound(first) or _compound(second):
        return None
    if _is_weekday(first) != _is_weekday(second) and not (_one_day(first) or _one_day(second)):
        return None  # "Friday-June": a weekday ranges only with a day
    start, end = first.start, second.end
    if first.low is not None and second.high is not None:
        if second.high < first.low:
            return None
        return DateFound(start, end, first.low, second.high)
    if first.relative and second.high is not None:
        placed = _yearless_in(first.relative, second.high.year)
        if placed is not None:
            low = placed[0]
            if low > second.high:
                placed = _yearless_in(first.relative, second.high.year - 1)
                assert placed is not None
                low = placed[0]
            return DateFound(start, end, low, second.high)
    if second.relative and first.low is not None:
        placed = _yearless_in(second.relative, first.low.year)
        if placed is not None:
            high = placed[1]
            if high < first.low:
                placed = _yearless_in(second.relative, first.low.year + 1)
                assert placed is not None
                high = placed[1]
            return DateFound(start, end, first.low, high)
    spec = RelativeDate(DateForm.RANGE, parts=(_part(first), _part(second)))
    return DateFound(start, end, None, None, spec)


def _is_weekday(item: DateFound) -> bool:
    return _form(item) is DateForm.WEEKDAY


def _one_day(item: DateFound) -> bool:
    return (
        item.low is not None
        and item.low == item.high
        or _form(item) in (DateForm.MONTH_DAY, DateForm.DAY, DateForm.HOLIDAY)
    )


def _open(text: str, item: DateFound) -> DateFound:
    """ "since 1989" is every day from 1 January 1989 on; "until November 2018" every day up
    to 30 November 2018; "after Feb 2018" starts on 1 March; "2012 or later"."""
    if (
        item.attributive
        or _POSSESSIVE.match(text, item.end)
        or (_compound(item) and _form(item) is not DateForm.RANGE)
    ):
        return item
    last_word = text[max(0, item.start - 10) : item.start].rstrip().rpartition(" ")[2].lower()
    before = (
        _OPEN_BEFORE.search(text, max(0, item.start - _REACH), item.start)
        if last_word in _OPEN_LAST_WORDS or last_word.endswith(_OPEN_SIGNS)
        else None
    )
    after = _OPEN_AFTER.match(text, item.end)
    if before and before.end() == item.start:
        word = " ".join(
            (before.group("word") or re.sub(r"\s+", "", before.group("sign"))).lower().split()
        )
        start, end = before.start(), item.end
    elif after:
        word = " ".join(after.group("word").lower().split())
        start, end = item.start, after.end()
    else:
        return item
    side = OPEN_WORDS[word]
    if side == "before" and re.match(r"(?i)(?:the\s+)?end\s+of\b", text[item.start : item.end]):
        side = "until"  # "before the end of the year": by its last day
    if item.relative:
        if _compound(item):
            return item  # no open interval of a relative range
        spec = RelativeDate(DateForm.OPEN, (side,), (item.relative,))
        return DateFound(start, end, None, None, spec)
    assert item.low is not None and item.high is not None
    low, high = _open_days(side, item.low, item.high)
    return DateFound(start, end, low, high)


def _open_days(side: str, low: date, high: date) -> tuple[date, date]:
    if side == "from":
        return low, OPEN_HIGH
    if side == "after":
        return high + timedelta(days=1), OPEN_HIGH
    if side == "before":
        return OPEN_LOW, low - timedelta(days=1)
    return OPEN_LOW, high


def is_open(low: date, high: date) -> bool:
    """Has the interval of days an open end ("since 1989")?"""
    return low <= OPEN_LOW or high >= OPEN_HIGH


def describe_interval(low: date, high: date) -> str:
    """Days as a report shows them: "2022-02-24", "2014-01-01 .. 2016-12-31", "on or after
    1989-01-01"."""
    if low <= OPEN_LOW and high >= OPEN_HIGH:
        return "any day"
    if high >= OPEN_HIGH:
        return f"on or after {low.isoformat()}"
    if low <= OPEN_LOW:
        return f"on or before {high.isoformat()}"
    if low == high:
        return low.isoformat()
    return f"{low.isoformat()} .. {high.isoformat()}"


def shift_day(day: date, count: int, unit: str) -> date:
    """``day`` moved by ``count`` days, weeks, fortnights, months, years or decades (a month
    later than 31 January is the last day of February)."""
    if unit in ("day", "week", "fortnight"):
        return day + timedelta(days=count * {"day": 1, "week": 7, "fortnight": 14}[unit])
    months = count * {"month": 1, "year": 12, "decade": 120}[unit]
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _yearless_in(spec: RelativeDate, year: int) -> tuple[date, date] | None:
    """A day and month or a month written without a year ("Nov 18", "from May"), placed in
    ``year``; None for any other expression."""
    place = _YEARLESS.get(spec.form)
    return place(year, *spec.args) if place else None


def _month_day_in(
    year: int, month: int, day: int, weekday: int | None, cue: str
) -> tuple[date, date] | None:
    if weekday is not None:
        return None  # placed by its weekday instead
    found = _valid_day(year, month, day, -1)
    return found, found


def _month_in(year: int, month: int, lead: str) -> tuple[date, date] | None:
    if lead in ("last", "next", "this"):
        return None
    return month_part(year, month, lead if lead in ("early", "mid", "late") else None)


_YEARLESS: dict[DateForm, Callable[..., tuple[date, date] | None]] = {
    DateForm.MONTH_DAY: _month_day_in,
    DateForm.MONTH: _month_in,
}


def _week_of_month(year: int, month: int, index: int) -> tuple[date, date]:
    last = calendar.monthrange(year, month)[1]
    if index == -1:
        return date(year, month, last - 6), date(year, month, last)
    first = 7 * (index - 1) + 1
    if first > last:
        raise ValueError("no such week")
    return date(year, month, first), date(year, month, min(7 * index, last))


def _iso_week(year: int, index: int) -> tuple[date, date]:
    if index == -1:
        index = date(year, 12, 28).isocalendar()[1]
    monday = date.fromisocalendar(year, index, 1)
    return monday, monday + timedelta(days=6)


def resolve(
    spec: RelativeDate, published: date | None, date_order: DateOrder | None = None
) -> tuple[date, date]:
    """The days a relative expression names, seen from ``published`` (a slash date both
    orders make a date of: read by ``date_order``, `facts_date_order`)."""
    if spec.parts:
        return _resolve_compound(spec, published, date_order)
    by_order = _BY_DATE_ORDER.get(spec.form)
    if by_order is not None:
        return by_order(date_order, *spec.args)
    if spec.form is DateForm.ABSOLUTE:
        low, high = spec.args
        assert isinstance(low, date) and isinstance(high, date)
        return low, high
    if published is None:
        raise Unresolved("no publication date to read it from")
    return _RESOLVERS[spec.form](published, *spec.args)


def needs_publication(spec: RelativeDate) -> bool:
    """Whether a relative expression is read from the publication date."""
    if spec.parts:
        return any(needs_publication(part) for part in spec.parts)
    return spec.form not in (DateForm.SLASH, DateForm.SLASH_RANGE, DateForm.ABSOLUTE)


def _resolve_compound(
    spec: RelativeDate, published: date | None, date_order: DateOrder | None
) -> tuple[date, date]:
    """A range of two expressions, or one expression opened, shifted or stretched."""
    if spec.form is DateForm.RANGE:
        first, last = spec.parts
        low, _ = resolve(first, published, date_order)
        placed = _yearless_on_or_after(last, low)
        end = placed[1] if placed else resolve(last, published, date_order)[1]
        if end < low:
            raise Unresolved("the range ends before it starts")
        return low, end
    (inner,) = spec.parts
    return _FROM_PART[spec.form](resolve(inner, published, date_order), *spec.args)


def _open_part(days: tuple[date, date], side: str) -> tuple[date, date]:
    return _open_days(side, *days)


def _shift_part(days: tuple[date, date], count: int, unit: str, sign: int) -> tuple[date, date]:
    low, high = days
    return shift_day(low, sign * count, unit), shift_day(high, sign * count, unit)


def _stretch_part(days: tuple[date, date], count: int, unit: str) -> tuple[date, date]:
    low, _ = days
    return low, shift_day(low, count, unit) - timedelta(days=1)


_FROM_PART: dict[DateForm, Callable[..., tuple[date, date]]] = {
    DateForm.OPEN: _open_part,
    DateForm.SHIFT: _shift_part,
    DateForm.FOR: _stretch_part,
}


def _yearless_on_or_after(spec: RelativeDate, day: date) -> tuple[date, date] | None:
    """A range's end written without a year: its first occurrence from the range's start on
    ("from next Monday to Friday")."""
    if spec.form is DateForm.WEEKDAY and spec.args[1] in ("on", "ahead"):
        weekday = cast(int, spec.args[0])
        found = day + timedelta(days=(weekday - day.weekday()) % 7)
        return found, found
    placed = _yearless_in(spec, day.year)
    if placed is not None and placed[1] < day:
        placed = _yearless_in(spec, day.year + 1)
    return placed


def _resolve_weekday(published: date, weekday: int, which: str) -> tuple[date, date]:
    back = (published.weekday() - weekday) % 7
    if which in ("next", "ahead"):
        day = published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
    elif which == "last" and back == 0:
        day = published - timedelta(days=7)
    else:
        day = published - timedelta(days=back)
    return day, day


def _resolve_day(published: date, offset: int) -> tuple[date, date]:
    day = published + timedelta(days=offset)
    return day, day


class Unresolved(ValueError):
    """A relative date its words do not place on the calendar (SPEC 3): unresolved, never a
    contradiction."""


# A day and month with no tense cue is placed only when one of its two candidates lies
# within this many days of publication and the other does not (SPEC 3).
NEAR_DAYS = 45


def _resolve_monthday(
    published: date, month: int, day: int, weekday: int | None, cue: str
) -> tuple[date, date]:
    """With a weekday ("Sunday, Feb. 16"), the year next to publication in which that day
    falls on that weekday. Otherwise by tense: the latest such day on or before publication
    ("was freed on April 14"), the earliest after it when the words point ahead ("the
    meeting on March 6 will"), and with no cue the nearer of the two when only one is within
    45 days; else unresolved."""
    if weekday is not None:
        for year in (published.year, published.year - 1, published.year + 1):
            try:
                found = date(year, month, day)
            except ValueError:
                continue
            if found.weekday() == weekday:
                return found, found
    back = _month_day_on_or_before(published, month, day)
    ahead = _month_day_after(published, month, day)
    if cue == "back":
        return back, back
    if cue == "ahead":
        return ahead, ahead
    near_back = (published - back).days <= NEAR_DAYS
    near_ahead = (ahead - published).days <= NEAR_DAYS
    if near_back != near_ahead:
        found = back if near_back else ahead
        return found, found
    raise Unresolved(
        f"no year and no tense cue: {back.isoformat()} and {ahead.isoformat()} "
        f"are both {'near' if near_back else 'far from'} the publication date"
    )


def _month_day_on_or_before(published: date, month: int, day: int) -> date:
    year = (
        published.year if (month, day) <= (published.month, published.day) else published.year - 1
    )
    return _valid_day(year, month, day, -1)


def _month_day_after(published: date, month: int, day: int) -> date:
    year = published.year if (month, day) > (published.month, published.day) else published.year + 1
    return _valid_day(year, month, day, 1)


def _valid_day(year: int, month: int, day: int, step: int) -> date:
    """February 29 in the nearest leap year going ``step`` years at a time."""
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            year += step


def _resolve_month(published: date, number: int, lead: str) -> tuple[date, date]:
    year = published.year
    if lead == "next":
        year += 1 if number <= published.month else 0
    elif lead == "this":
        pass  # "this May": May of the publication's year
    elif number > published.month or (lead == "last" and number == published.month):
        year -= 1
    part = lead if lead in ("early", "mid", "late") else None
    return month_part(year, number, part)


def _resolve_month_last_year(published: date, month: int) -> tuple[date, date]:
    return month_part(published.year - 1, month, None)


def _resolve_period(published: date, which: str, unit: str) -> tuple[date, date]:
    low, high = _period(published, unit, {"last": -1, "next": 1}.get(which, 0))
    if which == "earlier":
        return low, published
    if which == "later":
        return published, high
    return low, high


def _period(published: date, unit: str, shift: int) -> tuple[date, date]:
    if unit == "week":
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=shift)
        return monday, monday + timedelta(days=6)
    if unit == "month":
        index = published.year * 12 + published.month - 1 + shift
        year, month = divmod(index, 12)
        return month_part(year, month + 1, None)
    if unit == "quarter":
        index = published.year * 4 + (published.month - 1) // 3 + shift
        year, quarter = divmod(index, 4)
        return date(year, 3 * quarter + 1, 1), date(
            year, 3 * quarter + 3, calendar.monthrange(year, 3 * quarter + 3)[1]
        )
    return date(published.year + shift, 1, 1), date(published.year + shift, 12, 31)


# Days in each unit an offset counts in ("three years ago"), on average.
_UNIT_DAYS = {
    "day": 1,
    "week": 7,
    "fortnight": 14,
    "month": 30.44,
    "year": 365.25,
    "decade": 3652.5,
}


def _half_unit(unit: str) -> timedelta:
    """How far either side of an offset's day it may fall: half its unit (none for days)."""
    return timedelta(days=0 if unit == "day" else round(_UNIT_DAYS[unit] / 2))


def _resolve_ago(published: date, count: int, unit: str, sign: int = -1) -> tuple[date, date]:
    """ "three years ago": the day that far back, give or take half a unit."""
    centre = published + sign * timedelta(days=round(count * _UNIT_DAYS[unit]))
    half = _half_unit(unit)
    return centre - half, centre + half


def _resolve_ago_before(published: date, count: int, unit: str) -> tuple[date, date]:
    """ "more than three years ago": any day up to three years back (its far edge)."""
    return OPEN_LOW, _resolve_ago(published, count, unit)[1]


def _resolve_ago_since(published: date, count: int, unit: str) -> tuple[date, date]:
    """ "less than a week ago": from about a week back to publication."""
    return _resolve_ago(published, count, unit)[0], published


def _resolve_ahead(published: date, count: int, unit: str) -> tuple[date, date]:
    """ "in two weeks": the day that far ahead, give or take half a unit."""
    return _resolve_ago(published, count, unit, sign=1)


def _resolve_span(published: date, direction: str, count: int, unit: str) -> tuple[date, date]:
    """ "the next five days": from the day after publication; "the past three years": up to
    the publication day."""
    if unit == "quarter":  # "the coming three quarters": whole reporting quarters
        if direction == "ahead":
            return _period(published, "quarter", 1)[0], _period(published, "quarter", count)[1]
        return _period(published, "quarter", -count)[0], _period(published, "quarter", -1)[1]
    if direction == "ahead":
        return published + timedelta(days=1), shift_day(published, count, unit)
    return shift_day(published, -count, unit), published


def _resolve_piece(
    published: date, number: int, months: int, which: int | str
) -> tuple[date, date]:
    """A quarter or half: of a year shifted from the publication's (0, 1, -1), or of the
    year that places it by tense: the latest begun by publication, or with words that point
    ahead ("ahead") the first not yet over."""
    year = published.year + (which if isinstance(which, int) else 0)

    def bounds(year: int) -> tuple[date, date]:
        last = number * months
        return date(year, last - months + 1, 1), date(
            year, last, calendar.monthrange(year, last)[1]
        )

    low, high = bounds(year)
    if which == "ahead" and high < published:
        return bounds(year + 1)
    if which in ("back", "") and low > published:
        return bounds(year - 1)
    return low, high


def _resolve_period_part(published: date, which: str, unit: str, part: str) -> tuple[date, date]:
    """ "early next year", "the end of this month", "the middle of last week"."""
    low, _ = _period(published, unit, {"last": -1, "next": 1}.get(which, 0))
    if unit == "year":
        return year_part(low.year, part)
    if unit == "month":
        return month_part(low.year, low.month, part)
    first, last = {"early": (0, 2), "mid": (1, 4), "late": (3, 6)}.get(part, (0, 6))
    return low + timedelta(days=first), low + timedelta(days=last)


def _resolve_week_of(published: date, index: int, which: str, unit: str) -> tuple[date, date]:
    """ "the last week of this month" (its last seven days), "the first week of next year"
    (ISO week 1)."""
    low, _ = _period(published, unit, {"last": -1, "next": 1}.get(which, 0))
    if unit == "month":
        return _week_of_month(low.year, low.month, index)
    return _iso_week(low.year, index)


def _resolve_iso_week(published: date, number: int) -> tuple[date, date]:
    return _iso_week(published.year, number)


def _resolve_weekday_in_week(published: date, shift: int, weekday: int) -> tuple[date, date]:
    day = published - timedelta(days=published.weekday()) + timedelta(weeks=shift, days=weekday)
    return day, day


def _resolve_weekend(published: date, which: str, cue: str) -> tuple[date, date]:
    """The Saturday and Sunday of the publication's week ("this weekend"), of the week
    after or before it; "the weekend" by tense, else the nearer one (unresolved on a
    Wednesday, halfway between two)."""
    saturday = published - timedelta(days=published.weekday()) + timedelta(days=5)
    if which == "the" and published.weekday() < 5:
        if not cue:
            if published.weekday() == 2:
                raise Unresolved('"the weekend" on a Wednesday: the last one or the next')
            cue = "back" if published.weekday() < 2 else "ahead"
        if cue == "back":
            saturday -= timedelta(days=7)
    else:
        saturday += timedelta(days={"next": 7, "last": -7}.get(which, 0))
    return saturday, saturday + timedelta(days=1)


def _resolve_ago_multi(published: date, *counts_units: int | str) -> tuple[date, date]:
    """ "two weeks and two days ago": that far back, give or take half the last unit."""
    steps = [
        (cast(int, count), cast(str, unit))
        for count, unit in zip(counts_units[::2], counts_units[1::2], strict=True)
    ]
    centre = published
    for count, unit in steps:
        centre = shift_day(centre, -count, unit)
    half = _half_unit(steps[-1][1])
    return centre - half, centre + half


def _resolve_weekday_nth(published: date, weekday: int, day: int, cue: str) -> tuple[date, date]:
    """ "Wednesday the 31st": a month's day of that number on that weekday; the latest on or
    before publication, the earliest after it when the words point ahead, else the nearer
    one if within 45 days."""
    candidates = []
    for shift in range(-14, 15):
        year, month = divmod(published.year * 12 + published.month - 1 + shift, 12)
        found = day_or_none(year, month + 1, day)
        if found and found.weekday() == weekday:
            candidates.append(found)
    back = [c for c in candidates if c <= published]
    ahead = [c for c in candidates if c > published]
    if cue == "back" and back:
        return back[-1], back[-1]
    if cue == "ahead" and ahead:
        return ahead[0], ahead[0]
    near = [c for c in candidates if abs((c - published).days) <= NEAR_DAYS]
    if len(near) == 1:
        return near[0], near[0]
    raise Unresolved("a weekday and a day of the month with no month and no tense cue")


def _resolve_nth_weekday(
    published: date, index: int, weekday: int, month: int, cue: str
) -> tuple[date, date]:
    day = by_tense(
        published,
        lambda year: nth_weekday(year, month, index, weekday),
        cue,
        "a weekday of a month",
    )
    return day, day


def _resolve_nth_weekday_shifted(
    published: date, index: int, weekday: int, shift: int
) -> tuple[date, date]:
    low, _ = _period(published, "month", shift)
    day = nth_weekday(low.year, low.month, index, weekday)
    return day, day


# Each is called with the publication date and the expression's ``args`` (see DateForm).
_RESOLVERS: dict[DateForm, Callable[..., tuple[date, date]]] = {
    DateForm.WEEKDAY: _resolve_weekday,
    DateForm.DAY: _resolve_day,
    DateForm.MONTH_DAY: _resolve_monthday,
    DateForm.MONTH: _resolve_month,
    DateForm.MONTH_LAST_YEAR: _resolve_month_last_year,
    DateForm.PERIOD: _resolve_period,
    DateForm.AGO: _resolve_ago,
    DateForm.AHEAD: _resolve_ahead,
    DateForm.SPAN: _resolve_span,
    DateForm.PIECE: _resolve_piece,
    DateForm.PERIOD_PART: _resolve_period_part,
    DateForm.WEEK_OF: _resolve_week_of,
    DateForm.ISO_WEEK: _resolve_iso_week,
    DateForm.WEEKDAY_IN_WEEK: _resolve_weekday_in_week,
    DateForm.WEEKEND: _resolve_weekend,
    DateForm.HOLIDAY: _resolve_holiday,
    DateForm.AGO_MULTI: _resolve_ago_multi,
    DateForm.AGO_BEFORE: _resolve_ago_before,
    DateForm.AGO_SINCE: _resolve_ago_since,
    DateForm.WEEKDAY_NTH: _resolve_weekday_nth,
    DateForm.NTH_WEEKDAY: _resolve_nth_weekday,
    DateForm.NTH_WEEKDAY_SHIFTED: _resolve_nth_weekday_shifted,
}


def parse_canonical_date(text: str) -> tuple[date, date]:
    """A fact file's date: "2022-02-24", "24 February 2022", "September 2022", "2022"."""
    text = text.strip()
    found = find_dates(text)
    if "/" in text:  # (a slash date, even one only one order reads, is no ISO date)
        found = []
    if (
        len(found) != 1
        or found[0].low is None
        or found[0].high is None
        or found[0].end - found[0].start < len(text) - 1
        or is_open(found[0].low, found[0].high)
    ):
        raise ValueSyntaxError(
            f"cannot read {text!r} as a date (write 2022-02-24, "
            "24 February 2022, September 2022 or 2022)"
        )
    return found[0].low, found[0].high


def publication_date(text: str) -> date | None:
    """A publication date from a dateline near the top: a labelled one beats a bare one."""
    head = text[:1500]
    labelled = re.search(
        r"(?i)\b(?:published|posted|updated|first published)(?:\s+on)?[:\s]+", head
    )
    if labelled:
        day = _first_full_date(head[labelled.end() : labelled.end() + 40], lenient=True)
        if day:
            return day
    lines = [line for line in head.splitlines() if line.strip()][:6]
    for line in lines:
        if len(line) < 60:
            day = _first_full_date(line, lenient=False)
            if day:
                return day
    return None


def _first_full_date(text: str, lenient: bool) -> date | None:
    """The first day-precise date in ``text``; lenient allows digits glued after the year."""
    if lenient:
        text = re.sub(r"((?:1[89]|20)\d\d)(\d)", r"\1 \2", text, count=1)
    for item in find_dates(text):
        if item.low is not None and item.low == item.high:
            return item.low
    return None


def placed_days(
    mention: DateMention, published: date | None, date_order: DateOrder | None = None
) -> tuple[date, date] | None:
    """The days a date mention names: as written, or for a relative one placed from the
    publication date (a slash date both orders read, by `facts_date_order`); None when its
    words do not place it (SPEC 3: unresolved)."""
    if mention.relative:
        try:
            return resolve(mention.relative, published, date_order)
        except Unresolved:
            return None
    if mention.date_low is not None and mention.date_high is not None:
        return mention.date_low, mention.date_high
    return None
