"""Finding dates in text as intervals of days, absolute or relative to a publication date."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.lang.en.stop_words import STOP_WORDS

from checks.errors import ValueSyntaxError
from checks.mentions import TakenSpans
from checks.numbers import first_letter_alternation

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                "twelve": 12}

_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|"
    r"Dec\.?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
# Word lists grouped by first letter (see first_letter_alternation): the same matches, faster.
_PART_WORDS = first_letter_alternation(
    ["early", "mid", "late", r"the\s+end\s+of", r"end\s+of", r"the\s+start\s+of"])
_PART = rf"(?:(?P<part>{_PART_WORDS})[\s-]+)?"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_LEAD_WORDS = first_letter_alternation(
    ["in", "on", "since", "by", "until", "till", "from", "before", "after", "during", "of",
     "throughout", "last", "next", "this", "early", "mid", "late"])
_LEAD = rf"(?P<lead>\b{_LEAD_WORDS}\s+)"

# Ordered: the first pattern that claims a stretch of text wins.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"(?<![\w-]){_YEAR}-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w-])")),
    # "07/23/98", "25/04/21", "12/02/2025": which number is the day is read by
    # `facts_date_order` when both orders make a date (SPEC 3).
    ("slash", re.compile(
        r"(?<![\w/.,-])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>(?:1[89]|20)\d\d|\d\d)"
        r"(?![\w/]|[.,]\d)")),
    ("mdy", re.compile(rf"(?:{_WEEKDAY},?\s+)?\b{_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)")),
    ("dmy", re.compile(rf"(?:{_WEEKDAY},?\s+)?(?<![\w.]){_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}(?!\d)")),
    ("my", re.compile(rf"(?i:{_PART}){_MONTH}(?:\s+of)?,?\s+{_YEAR}(?!\d)")),
    ("md", re.compile(rf"(?:{_WEEKDAY},?\s+)?\b{_MONTH}\s+{_DAY}(?![\d,]*\d)(?!\s*(?:%|per))")),
    ("dm", re.compile(rf"(?:{_WEEKDAY},?\s+)?(?<![\w.,]){_DAY}\s+(?:of\s+)?{_MONTH}\b")),
    ("decade", re.compile(
        r"(?:\b(?i:the)\s+)?(?:\b(?P<part>(?i:early|mid|late))[\s-]+)?(?<![\w$€£.,-])"
        r"(?P<decade>(?:1[89]|20)\d0)['’]?s\b")),
    ("yearrange", re.compile(
        rf"(?<![\w$€£.,/-]){_YEAR}[-–/](?P<year2>(?:1[89]|20)\d\d|\d\d)(?![\w%.,/-]?\d)"
        r"(?!\s?(?:%|per\s?cent|percent))")),
    ("yearpart", re.compile(
        rf"\b(?P<part>(?i:early|mid|late|(?:the\s+)?(?:end|start|beginning|middle)\s+of))\s+"
        rf"{_YEAR}(?![\w%.,-]\d|\d)")),
    ("season", re.compile(
        rf"(?:\b(?i:the)\s+)?\b(?P<season>(?i:spring|summer|autumn|fall|winter))\s+(?:of\s+)?"
        rf"{_YEAR}(?![\w%.,-]\d|\d)")),
    ("piece", re.compile(
        rf"(?:\b(?i:the)\s+)?\b(?P<ordinal>(?i:first|second|third|fourth|final|last))\s+"
        rf"(?P<piece>(?i:half|quarter))\s+of\s+{_YEAR}(?![\w%.,-]\d|\d)")),
    ("quarter", re.compile(rf"\b(?P<piece>[QH])(?P<n>[1-4])\s+{_YEAR}(?!\d)")),
    ("adjyear", re.compile(rf"(?i)\b(?P<prefix>pre|post|mid|early|late)-{_YEAR}\b")),
    ("year", re.compile(rf"(?<![\w$€£.,-]){_YEAR}(?![\w%.,]\d|\d|[-–]\d|\s?(?:%|per\s?cent|percent))")),
    ("month_last_year", re.compile(rf"{_MONTH}\s+last\s+year\b")),
    ("month", re.compile(rf"(?i:{_LEAD}|{_PART}){_MONTH}\b")),
    ("ago", re.compile(
        r"(?i)\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
        r"(?P<unit>day|week|month|year)s?\s+ago\b")),
    ("period", re.compile(
        r"(?i)\b(?P<which>earlier|later|last|this|next)\s+(?:this\s+)?(?P<unit>week|month|year)\b")),
    ("weekday", re.compile(rf"(?:(?P<which>last|next|this)\s+)?\b{_WEEKDAY}\b")),
    ("day", re.compile(r"(?i)\b(?P<word>today|yesterday|tomorrow|tonight)\b")),
]


@dataclass(frozen=True)
class DateFound:
    """A date in text: absolute days, or a relative expression resolved later."""

    start: int
    end: int
    low: date | None
    high: date | None
    relative: str | None = None          # e.g. "weekday:2", resolved by ``resolve``
    attributive: tuple[str, ...] = ()    # "the 2022 invasion": the noun the year modifies
    weekday: int | None = None           # weekday written beside an absolute date


# What each pattern cannot match without: a year, a month name, a weekday... Running every
# pattern over every window is most of the cost of finding dates, so a window is searched
# with a pattern only when it holds everything that pattern needs. None of these contains
# whitespace, and windows are cut at whitespace, so an occurrence lies wholly inside a
# window or wholly outside it; each is cased exactly as in the patterns.
_NEEDS = {
    "year": re.compile(r"(?:1[89]|20)\d\d"),        # _YEAR, and a decade ("1990s")
    "month": re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"),   # _MONTH
    "digit": re.compile(r"\d"),                      # _DAY
    "weekday": re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"),   # _WEEKDAY
    "last": re.compile(r"last"),
    "ago": re.compile(r"(?i)ago"),
    "unit": re.compile(rf"(?i){first_letter_alternation(['week', 'month', 'year'])}"),
    "day": re.compile(
        rf"(?i){first_letter_alternation(['today', 'yesterday', 'tomorrow', 'tonight'])}"),
    # What the patterns around a year need besides it: looked for only where there is a year.
    "iso": re.compile(r"(?:1[89]|20)\d\d-[01]\d-[0-3]\d"),
    "decade": re.compile(r"(?:1[89]|20)\d0['’]?s"),
    "yearrange": re.compile(r"(?:1[89]|20)\d\d[-–/]\d\d"),
    "yearpart": re.compile("(?i)" + first_letter_alternation(
        ["early", "mid", "late", "end", "start", "beginning", "middle"])),
    "season": re.compile(
        rf"(?i){first_letter_alternation(['spring', 'summer', 'autumn', 'fall', 'winter'])}"),
    "piece": re.compile(r"(?i)half|quarter"),
    "quarter": re.compile(r"[QH][1-4]"),
    "adjyear": re.compile(r"-(?:1[89]|20)\d\d"),
    "slash": re.compile(r"\d/\d"),
}
_NEED_BIT = {name: 1 << index for index, name in enumerate(_NEEDS)}
_AROUND_YEAR = ("iso", "decade", "yearrange", "yearpart", "season", "piece", "quarter", "adjyear")
_NEED_SEARCHES = [(need.search, _NEED_BIT[name]) for name, need in _NEEDS.items()
                  if name not in _AROUND_YEAR]
_AROUND_YEAR_SEARCHES = [(_NEEDS[name].search, _NEED_BIT[name]) for name in _AROUND_YEAR]
PATTERN_NEEDS = {
    "iso": ("iso",), "slash": ("slash", "digit"), "mdy": ("month", "year"), "dmy": ("month", "year"),
    "my": ("month", "year"), "md": ("month", "digit"), "dm": ("month", "digit"),
    "decade": ("decade",), "yearrange": ("yearrange",), "yearpart": ("yearpart", "year"),
    "season": ("season", "year"), "piece": ("piece", "year"), "quarter": ("quarter", "year"),
    "adjyear": ("adjyear",), "year": ("year",),
    "month_last_year": ("month", "last"), "month": ("month",), "ago": ("ago",),
    "period": ("unit",), "weekday": ("weekday",), "day": ("day",),
}
_PATTERN_MASKS = [(name, pattern, sum(_NEED_BIT[need] for need in PATTERN_NEEDS[name]))
                  for name, pattern in PATTERNS]


def find_dates(text: str) -> list[DateFound]:
    """Every date expression in ``text``, leftmost-longest, non-overlapping."""
    found: list[DateFound] = []
    taken = TakenSpans()
    windows = _windows(text)
    holds = _window_needs(text, windows)
    for name, pattern, mask in _PATTERN_MASKS:
        for (low, high), held in zip(windows, holds):
            if held & mask != mask:
                continue    # something the pattern needs is missing: it cannot match here
            for match in pattern.finditer(text, low, high):
                if taken.overlaps(match.start(), match.end()):
                    continue
                item = _read(name, match, text)
                if item is not None:
                    found.append(item)
                    taken.add(match.start(), match.end())
    return sorted(found, key=lambda d: d.start)


# Every date expression holds one of these; the patterns only run in windows around them.
TRIGGER_WORDS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "mon",
    "tue", "wed", "thu", "fri", "sat", "sun", "today", "yesterday", "tomorrow", "tonight", "ago",
    "week", "month", "year", "spring", "summer", "autumn", "fall", "winter", "half", "quarter",
)



# Digits first: they are cheap to rule out, and no word starts with a digit or "Q1", "H2";
# the words are grouped by first letter (see first_letter_alternation): the same matches.
TRIGGER = re.compile(rf"\d\d|[QH][1-4]|\b(?i:{first_letter_alternation(list(TRIGGER_WORDS))})")
WINDOW = 48   # characters either side of a trigger: longer than any date expression's reach


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` around triggers, cut at whitespace so that word boundaries and
    look-arounds at their edges read as they do in the whole text."""
    windows: list[tuple[int, int]] = []
    for match in TRIGGER.finditer(text):
        if windows and match.end() + WINDOW <= windows[-1][1]:
            continue
        low = max(0, match.start() - WINDOW)
        while low > 0 and not text[low - 1].isspace():
            low -= 1
        high = min(len(text), match.end() + WINDOW)
        while high < len(text) and not text[high].isspace():
            high += 1
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], high)
        else:
            windows.append((low, high))
    return windows


def _window_needs(text: str, windows: list[tuple[int, int]]) -> list[int]:
    """Per window, the bits of ``_NEEDS`` that occur in it."""
    holds = []
    for low, high in windows:
        held = 0
        for need, bit in _NEED_SEARCHES:
            if need(text, low, high):
                held |= bit
        if held & _NEED_BIT["year"]:
            for need, bit in _AROUND_YEAR_SEARCHES:
                if need(text, low, high):
                    held |= bit
        holds.append(held)
    return holds


def _read(name: str, match: re.Match[str], text: str) -> DateFound | None:
    g = match.groupdict()
    try:
        return _READERS[name](match, g, text)
    except (ValueError, KeyError):
        return None  # "Feb 30" and the like: not a date we can use


def _month(g: dict[str, str | None]) -> int:
    return MONTHS[(g["month"] or "").lower().rstrip(".")]


def _weekday(g: dict[str, str | None]) -> int | None:
    return WEEKDAYS[g["weekday"].lower()] if g.get("weekday") else None


def _day_found(match: re.Match[str], day: date, g: dict[str, str | None]) -> DateFound:
    return DateFound(match.start(), match.end(), day, day, weekday=_weekday(g))


def _read_iso(match, g, text):
    day = date(int(g["year"]), int(g["m"]), int(g["d"]))
    return DateFound(match.start(), match.end(), day, day)


def _read_full(match, g, text):
    return _day_found(match, date(int(g["year"]), _month(g), int(g["day"])), g)


def _read_month_year(match, g, text):
    if (g["month"] or "") == "May" and not g.get("part") and _modal_may(text, match.start()):
        return None
    low, high = month_part(int(g["year"]), _month(g), g.get("part"))
    return DateFound(match.start(), match.end(), low, high)


def _read_month_day(match, g, text):
    month, day = _month(g), int(g["day"])
    if not 1 <= day <= calendar.monthrange(2000, month)[1]:
        return None
    weekday = _weekday(g)
    cue = "" if weekday is not None else tense_cue(text, match.start(), match.end())
    spec = f"monthday:{month}:{day}:{'' if weekday is None else weekday}:{cue}"
    return DateFound(match.start(), match.end(), None, None, spec, weekday=weekday)


# Words near a yearless date that say which way it lies from the publication (SPEC 3).
FORWARD_CUES = frozenset({
    "will", "'ll", "shall", "would", "due", "scheduled", "upcoming", "next", "plans", "plan",
    "planned", "planning", "expected", "set", "slated", "until", "ahead", "coming",
    "postponed", "rescheduled", "tomorrow", "going"})
BACKWARD_CUES = frozenset({
    "was", "were", "had", "did", "ago", "last", "earlier", "previously", "since",
    "happened", "occurred", "took", "began", "ended", "came"})
# How far the cue is looked for: the sentence's words before the date, and a few after.
CUE_WORDS_BEFORE = 8
CUE_WORDS_AFTER = 3


def tense_cue(text: str, start: int, end: int) -> str:
    """"ahead", "back" or "" for a day and month written without a year: the tense word
    nearest to it in its own stretch of the sentence (commas end a stretch, so a relative
    clause's "was elected" says nothing of the date after it), before it (a past participle,
    "was", "had") or just after it ("will", "is due", "scheduled")."""
    before = re.split(r"[.!?\n,;]", text[max(0, start - 200):start])[-1]
    after = re.split(r"[.!?\n,;]", text[end:end + 80])[0]
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
    if lowered == "to" and index > 0 and words[index - 1].lower() in ("is", "are", "was",
                                                                      "were"):
        return "ahead"      # "the vote is to be held on May 11"
    if lowered in BACKWARD_CUES:
        return "back"
    # A past participle written in lower case ("was freed", "the talks collapsed"); a
    # capitalised one is a name ("the United Nations summit").
    if len(word) > 4 and word.endswith("ed") and word.islower():
        return "back"
    return ""


def _read_adjective_year(match, g, text):
    year = int(g["year"])
    prefix = g["prefix"].lower()
    if prefix in ("pre", "post"):
        return DateFound(match.start(), match.end(), date(year, 1, 1), date(year, 12, 31),
                         attributive=_following_nouns(text, match.end()) or ("-",))
    low, high = year_part(year, prefix)
    return DateFound(match.start(), match.end(), low, high,
                     attributive=_following_nouns(text, match.end()))


def _read_year(match, g, text):
    year = int(g["year"])
    if _after_name(text, match.start()):
        return None  # "Vision 2030", "Euro 2024": part of a name
    nouns = _following_nouns(text, match.end())
    if nouns and nouns[0].lower().endswith("s") and not nouns[0].lower().endswith("ss"):
        return None  # "2000 troops" is a count, not a year
    lead = text[max(0, match.start() - 6):match.start()].lower()
    if re.search(r"\b(?:the|a|its|their|his|her)\s+$", lead) and not nouns:
        return None
    return DateFound(match.start(), match.end(), date(year, 1, 1), date(year, 12, 31),
                     attributive=nouns)


def _after_name(text: str, start: int) -> bool:
    """Is the word right before ``start`` a capitalised name in mid-sentence?"""
    found = re.search(r"([.!?:\n“\"(]?)\s*(\S+)\s+([A-Z][A-Za-z]+)\s+$",
                      text[max(0, start - 40):start])
    if not found or found.group(1):
        return False
    previous, name = found.group(2), found.group(3).lower()
    if previous[-1:] in ".!?:“\"(" or name in STOP_WORDS:
        return False
    return name.rstrip(".") not in MONTHS and name not in WEEKDAYS and name not in SEASONS


def _read_decade(match, g, text):
    first = int(g["decade"])
    spans = {"early": (0, 3), "mid": (3, 7), "late": (7, 9)}
    low, high = spans.get((g.get("part") or "").lower(), (0, 9))
    return DateFound(match.start(), match.end(), date(first + low, 1, 1),
                     date(first + high, 12, 31))


def _read_year_range(match, g, text):
    first, second = int(g["year"]), g["year2"]
    last = int(second) if len(second) == 4 else first - first % 100 + int(second)
    if not first < last <= first + 50:
        return None  # "2022-2018" or "2022-10" (a month) is not a span of years
    return DateFound(match.start(), match.end(), date(first, 1, 1), date(last, 12, 31),
                     attributive=_following_nouns(text, match.end()))


def _read_year_part(match, g, text):
    part = re.sub(r"\s+", " ", g["part"].lower())
    part = part.removeprefix("the ").replace(" of", "")
    part = {"end": "late", "start": "early", "beginning": "early", "middle": "mid"}.get(part, part)
    low, high = year_part(int(g["year"]), part)
    return DateFound(match.start(), match.end(), low, high)


SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}


def _read_season(match, g, text):
    year, season = int(g["year"]), g["season"].lower()
    if season == "winter":  # December to February: either winter that touches the year
        return DateFound(match.start(), match.end(), date(year - 1, 12, 1),
                         date(year + 1, 2, calendar.monthrange(year + 1, 2)[1]))
    first, last = SEASONS[season]
    return DateFound(match.start(), match.end(), date(year, first, 1),
                     date(year, last, calendar.monthrange(year, last)[1]))


def _read_piece(match, g, text):
    """"the first half of 2024", "the third quarter of 2023", "Q2 2024", "H1 2024"."""
    year = int(g["year"])
    piece = g["piece"].lower()
    size = 6 if piece in ("half", "h") else 3
    if g.get("n"):
        index = int(g["n"])
    else:
        ordinal = g["ordinal"].lower()
        index = {"first": 1, "second": 2, "third": 3, "fourth": 4}.get(ordinal, 12 // size)
    if index > 12 // size:
        return None
    first, last = (index - 1) * size + 1, index * size
    return DateFound(match.start(), match.end(), date(year, first, 1),
                     date(year, last, calendar.monthrange(year, last)[1]))


def _read_month_last_year(match, g, text):
    return DateFound(match.start(), match.end(), None, None, f"monthlastyear:{_month(g)}")


def _read_month(match, g, text):
    word = g["month"] or ""
    lead = (g.get("lead") or "").strip().lower()
    if not word[0].isupper() or (word == "May" and lead not in MONTH_LEADS
                                 and _modal_may(text, match.start("month"))):
        return None
    part = (g.get("part") or "").strip().lower()
    start = match.start("month") if lead not in ("last", "next", "this", "early", "mid", "late") \
        else match.start()
    spec = f"month:{_month(g)}:{lead or part or '-'}"
    return DateFound(start, match.end(), None, None, spec)


def _read_ago(match, g, text):
    raw = g["n"].lower()
    count = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
    return DateFound(match.start(), match.end(), None, None, f"ago:{count}:{g['unit'].lower()}")


def _read_period(match, g, text):
    which = g["which"].lower()
    return DateFound(match.start(), match.end(), None, None, f"period:{which}:{g['unit'].lower()}")


def _read_weekday(match, g, text):
    which = (g.get("which") or "").lower() or "on"
    if which == "on" and _future_verb_before(text, match.start()):
        which = "ahead"          # "the council will vote on Tuesday" (SPEC 3)
    return DateFound(match.start(), match.end(), None, None, f"weekday:{_weekday(g)}:{which}")


# Words that put the verb a bare weekday attaches to in the future. Only these, and only
# before the weekday in its own stretch of the sentence: "said Tuesday it would ..." is past.
WEEKDAY_FORWARD = frozenset({"will", "shall", "scheduled", "due", "expected", "set", "plans",
                             "planned", "upcoming", "slated"})


def _future_verb_before(text: str, start: int) -> bool:
    before = re.split(r"[.!?;:,\n]", text[max(0, start - 60):start])[-1]
    words = re.findall(r"[\w']+", before.lower())[-6:]
    return any(word in WEEKDAY_FORWARD or word.endswith("'ll") for word in words)


def _read_day(match, g, text):
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[g["word"].lower()]
    return DateFound(match.start(), match.end(), None, None, f"day:{offset}")


def _read_slash(match, g, text):
    """A slash date: placed when one day/month order makes a date (or both give the same
    day), else kept for `facts_date_order` to place (``resolve``)."""
    first, second, year = int(g["a"]), int(g["b"]), _full_year(g["y"])
    as_mdy, as_dmy = _day_or_none(year, first, second), _day_or_none(year, second, first)
    if as_mdy is None and as_dmy is None:
        return None
    if as_mdy is None or as_dmy is None or as_mdy == as_dmy:
        day = as_mdy or as_dmy
        return DateFound(match.start(), match.end(), day, day)
    return DateFound(match.start(), match.end(), None, None,
                     relative=f"slash:{first}:{second}:{year}")


def _full_year(text: str) -> int:
    """A two-digit year the POSIX way: 69-99 are the 1900s, 00-68 the 2000s."""
    if len(text) == 4:
        return int(text)
    return (1900 if int(text) >= 69 else 2000) + int(text)


def _day_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_slash(spec: str, order: str | None) -> tuple[date, date]:
    """A slash date both orders make a date of, read by `facts_date_order`."""
    _, first, second, year = spec.split(":")
    if order not in ("MDY", "DMY"):
        raise Unresolved(f"{first}/{second} can be read month first or day first; set the "
                         "ini option facts_date_order to MDY or DMY")
    month, day = (first, second) if order == "MDY" else (second, first)
    found = date(int(year), int(month), int(day))
    return found, found


_READERS = {
    "slash": _read_slash, "iso": _read_iso, "mdy": _read_full, "dmy": _read_full, "my": _read_month_year,
    "md": _read_month_day, "dm": _read_month_day, "adjyear": _read_adjective_year,
    "year": _read_year, "month_last_year": _read_month_last_year, "month": _read_month,
    "decade": _read_decade, "yearrange": _read_year_range, "yearpart": _read_year_part,
    "season": _read_season, "piece": _read_piece, "quarter": _read_piece,
    "ago": _read_ago, "period": _read_period, "weekday": _read_weekday, "day": _read_day,
}


MONTH_LEADS = {"in", "since", "until", "till", "during", "throughout", "from", "before", "after",
               "of", "last", "next", "early", "mid", "late"}


def _modal_may(text: str, start: int) -> bool:
    """"May" the month, or "may" the verb written at a sentence start?"""
    after = text[start + 3:start + 20]
    return not re.match(r"\s+(?:\d|of\b|last\b|this\b|next\b)", after)


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
    spans = {"early": (1, 10), "mid": (11, 20), "late": (21, last), "end of": (21, last),
             "the end of": (21, last), "the start of": (1, 10)}
    first, final = spans.get(part, (1, last))
    return date(year, month, first), date(year, month, final)


def year_part(year: int, part: str | None) -> tuple[date, date]:
    spans = {"early": (1, 4), "mid": (4, 9), "late": (9, 12)}
    first, final = spans.get((part or "").lower(), (1, 12))
    return date(year, first, 1), date(year, final, calendar.monthrange(year, final)[1])


def resolve(spec: str, published: date | None, date_order: str | None = None
            ) -> tuple[date, date]:
    """The days a relative expression names, seen from ``published`` (a slash date both
    orders make a date of: read by ``date_order``, `facts_date_order`)."""
    kind, *args = spec.split(":")
    if kind == "slash":
        return resolve_slash(spec, date_order)
    if published is None:
        raise Unresolved("no publication date to read it from")
    return _RESOLVERS[kind](published, *args)


def needs_publication(spec: str) -> bool:
    """Whether a relative expression is read from the publication date."""
    return not spec.startswith("slash:")


def _resolve_weekday(published: date, weekday: str, which: str) -> tuple[date, date]:
    back = (published.weekday() - int(weekday)) % 7
    if which in ("next", "ahead"):
        day = published + timedelta(days=(int(weekday) - published.weekday()) % 7 or 7)
    elif which == "last" and back == 0:
        day = published - timedelta(days=7)
    else:
        day = published - timedelta(days=back)
    return day, day


def _resolve_day(published: date, offset: str) -> tuple[date, date]:
    day = published + timedelta(days=int(offset))
    return day, day


class Unresolved(ValueError):
    """A relative date its words do not place on the calendar (SPEC 3): unresolved, never a
    contradiction."""


# A day and month with no tense cue is placed only when one of its two candidates lies
# within this many days of publication and the other does not (SPEC 3).
NEAR_DAYS = 45


def _resolve_monthday(published: date, month: str, day: str,
                      weekday: str = "", cue: str = "") -> tuple[date, date]:
    """With a weekday ("Sunday, Feb. 16"), the year next to publication in which that day
    falls on that weekday. Otherwise by tense: the latest such day on or before publication
    ("was freed on April 14"), the earliest after it when the words point ahead ("the
    meeting on March 6 will"), and with no cue the nearer of the two when only one is within
    45 days; else unresolved."""
    if weekday not in ("", None):
        for year in (published.year, published.year - 1, published.year + 1):
            try:
                found = date(year, int(month), int(day))
            except ValueError:
                continue
            if found.weekday() == int(weekday):
                return found, found
    back = _month_day_on_or_before(published, int(month), int(day))
    ahead = _month_day_after(published, int(month), int(day))
    if cue == "back":
        return back, back
    if cue == "ahead":
        return ahead, ahead
    near_back = (published - back).days <= NEAR_DAYS
    near_ahead = (ahead - published).days <= NEAR_DAYS
    if near_back != near_ahead:
        found = back if near_back else ahead
        return found, found
    raise Unresolved(f"no year and no tense cue: {back.isoformat()} and {ahead.isoformat()} "
                     f"are both {'near' if near_back else 'far from'} the publication date")


def _month_day_on_or_before(published: date, month: int, day: int) -> date:
    year = published.year if (month, day) <= (published.month, published.day) \
        else published.year - 1
    return _valid_day(year, month, day, -1)


def _month_day_after(published: date, month: int, day: int) -> date:
    year = published.year if (month, day) > (published.month, published.day) \
        else published.year + 1
    return _valid_day(year, month, day, 1)


def _valid_day(year: int, month: int, day: int, step: int) -> date:
    """February 29 in the nearest leap year going ``step`` years at a time."""
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            year += step


def _resolve_month(published: date, month: str, lead: str) -> tuple[date, date]:
    number = int(month)
    year = published.year
    if lead == "next":
        year += 1 if number <= published.month else 0
    elif number > published.month or (lead == "last" and number == published.month):
        year -= 1
    part = lead if lead in ("early", "mid", "late") else None
    return month_part(year, number, part)


def _resolve_month_last_year(published: date, month: str) -> tuple[date, date]:
    return month_part(published.year - 1, int(month), None)


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
    return date(published.year + shift, 1, 1), date(published.year + shift, 12, 31)


def _resolve_ago(published: date, count: str, unit: str) -> tuple[date, date]:
    """"three years ago": the day that far back, give or take half a unit."""
    days = {"day": 1, "week": 7, "month": 30.44, "year": 365.25}[unit]
    centre = published - timedelta(days=round(int(count) * days))
    half = timedelta(days=0 if unit == "day" else round(days / 2))
    return centre - half, centre + half


_RESOLVERS = {
    "weekday": _resolve_weekday, "day": _resolve_day, "monthday": _resolve_monthday,
    "month": _resolve_month, "monthlastyear": _resolve_month_last_year,
    "period": _resolve_period, "ago": _resolve_ago,
}


def parse_canonical_date(text: str) -> tuple[date, date]:
    """A fact file's date: "2022-02-24", "24 February 2022", "September 2022", "2022"."""
    text = text.strip()
    found = find_dates(text)
    if "/" in text:     # (a slash date, even one only one order reads, is no ISO date)
        found = []
    if len(found) != 1 or found[0].low is None or found[0].end - found[0].start < len(text) - 1:
        raise ValueSyntaxError(f"cannot read {text!r} as a date (write 2022-02-24, "
                               "24 February 2022, September 2022 or 2022)")
    item = found[0]
    assert item.low is not None and item.high is not None
    return item.low, item.high


def publication_date(text: str) -> date | None:
    """A publication date from a dateline near the top: a labelled one beats a bare one."""
    head = text[:1500]
    labelled = re.search(r"(?i)\b(?:published|posted|updated|first published)(?:\s+on)?[:\s]+",
                         head)
    if labelled:
        day = _first_full_date(head[labelled.end():labelled.end() + 40], lenient=True)
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
