"""More classes of date expressions (SPEC 3): holidays, years and days in words, compact and
mixed-order numeric dates, slash ranges sharing a year, a year after a yearless date, period
words, compound offsets and comparisons. Sentences are our own, about invented events."""

from __future__ import annotations

from datetime import date

import pytest
from passages import date_spans

from checks.extract.dates import (
    OPEN_HIGH,
    OPEN_LOW,
    Unresolved,
    easter,
    find_dates,
    needs_publication,
    resolve,
)
from checks.model.relative_dates import DateForm

PUBLISHED = date(2025, 2, 12)  # a Wednesday


def days(text: str, published: date = PUBLISHED) -> list[tuple[str, date, date]]:
    return date_spans(text, published)


def test_easter_by_the_gregorian_computus():
    assert [easter(year) for year in (2018, 2019, 2024, 2025, 2038)] == [
        date(2018, 4, 1),
        date(2019, 4, 21),
        date(2024, 3, 31),
        date(2025, 4, 20),
        date(2038, 4, 25),
    ]


@pytest.mark.parametrize(
    "text, span, low, high",
    [
        # with a year
        (
            "The harbour festival returns at Easter 2026.",
            "Easter 2026",
            date(2026, 4, 5),
            date(2026, 4, 5),
        ),
        (
            "The choir last sang on christmas eve 2019.",
            "christmas eve 2019",
            date(2019, 12, 24),
            date(2019, 12, 24),
        ),
        (
            "The mill burned on Thanksgiving 2023.",
            "Thanksgiving 2023",
            date(2023, 11, 23),
            date(2023, 11, 23),
        ),
        (
            "Crowds filled the pier on Labor Day 2024.",
            "Labor Day 2024",
            date(2024, 9, 2),
            date(2024, 9, 2),
        ),
        (
            "The ferry sank on Memorial Day of 2021.",
            "Memorial Day of 2021",
            date(2021, 5, 31),
            date(2021, 5, 31),
        ),
        (
            "Volunteers planted oaks on Earth Day 2012.",
            "Earth Day 2012",
            date(2012, 4, 22),
            date(2012, 4, 22),
        ),
        # long weekends
        (
            "Traffic peaked over the Thanksgiving weekend 2023.",
            "the Thanksgiving weekend 2023",
            date(2023, 11, 23),
            date(2023, 11, 26),
        ),
        (
            "The fair ran over the weekend of Memorial Day 2024.",
            "the weekend of Memorial Day 2024",
            date(2024, 5, 25),
            date(2024, 5, 27),
        ),
        (
            "The fair ran over Halloween weekend 2027.",
            "Halloween weekend 2027",
            date(2027, 10, 30),
            date(2027, 10, 31),
        ),
        # relative to publication
        (
            "The lights will be lit on Christmas Eve.",
            "Christmas Eve",
            date(2025, 12, 24),
            date(2025, 12, 24),
        ),
        (
            "The bakery closed last Christmas.",
            "last Christmas",
            date(2024, 12, 25),
            date(2024, 12, 25),
        ),
        (
            "The tournament returns next Easter.",
            "next Easter",
            date(2025, 4, 20),
            date(2025, 4, 20),
        ),
        (
            "The parade on Independence Day of this year drew crowds.",
            "Independence Day of this year",
            date(2025, 7, 4),
            date(2025, 7, 4),
        ),
        (
            "The town was flooded on New Year's Day.",
            "New Year's Day",
            date(2025, 1, 1),
            date(2025, 1, 1),
        ),
        (
            "Valentine's Day sales will be counted.",
            "Valentine's Day",
            date(2025, 2, 14),
            date(2025, 2, 14),
        ),
        # anchors of offsets
        (
            "The recall came two weeks before Christmas 2024.",
            "two weeks before Christmas 2024",
            date(2024, 12, 11),
            date(2024, 12, 11),
        ),
        (
            "The vote will be held three days after Easter.",
            "three days after Easter",
            date(2025, 4, 23),
            date(2025, 4, 23),
        ),
        (
            "Shops will reopen the day after Thanksgiving 2025.",
            "the day after Thanksgiving 2025",
            date(2025, 11, 28),
            date(2025, 11, 28),
        ),
        (
            "The shelter will stay open until the new year.",
            "until the new year",
            OPEN_LOW,
            date(2026, 1, 1),
        ),
    ],
)
def test_holidays(text, span, low, high):
    assert (span, low, high) in days(text), days(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mexico's Independence Day parade drew crowds.",  # another country's day
        "The crew sailed to Easter Island.",  # a name
        "Canadian Thanksgiving falls in October.",
        "The city held a memorial day for the victims.",  # a common noun
        "Families hope the new year brings relief.",  # a season, not 1 January
        "Traders in Eastern Europe sold grain.",
    ],
)
def test_not_holidays(text):
    assert not [
        f
        for f in find_dates(text)
        if f.relative
        and f.relative.form is DateForm.HOLIDAY
        or (f.low and f.low.month in (1, 7, 10, 11) and f.low == f.high)
    ], find_dates(text)


def test_a_holiday_with_no_year_and_no_tense_cue_far_away_is_unresolved():
    found = find_dates("Halloween is a busy night for the fire brigade.")
    assert len(found) == 1
    with pytest.raises(Unresolved):
        resolve(found[0].relative, PUBLISHED)


def test_a_holiday_used_as_an_adjective_names_a_thing():
    found = find_dates("The Christmas market opened early.")
    assert [f.attributive for f in found] == [("market",)]


@pytest.mark.parametrize(
    "text, span, low, high",
    [
        # years in words, with a month and day before them or alone after "in"
        (
            "The mine opened on 13 Sept nineteen seventy two.",
            "13 Sept nineteen seventy two",
            date(1972, 9, 13),
            date(1972, 9, 13),
        ),
        (
            "The charter dates from fifteen August nineteen hundred ninety three.",
            "fifteen August nineteen hundred ninety three",
            date(1993, 8, 15),
            date(1993, 8, 15),
        ),
        (
            "The bridge opened in October two thousand and five.",
            "October two thousand and five",
            date(2005, 10, 1),
            date(2005, 10, 31),
        ),
        (
            "The club folded in October two thousand and reformed later.",
            "October two thousand",
            date(2000, 10, 1),
            date(2000, 10, 31),
        ),
        (
            "The club was founded in nineteen eighty-four.",
            "nineteen eighty-four",
            date(1984, 1, 1),
            date(1984, 12, 31),
        ),
        (
            "The tram returned in two thousand and twenty.",
            "two thousand and twenty",
            date(2020, 1, 1),
            date(2020, 12, 31),
        ),
        (
            "The mill closed on March the fifth, twenty twenty-one.",
            "March the fifth, twenty twenty-one",
            date(2021, 3, 5),
            date(2021, 3, 5),
        ),
        # a weekday and a day of the month, in figures or words
        (
            "The council will meet on Friday the 28th.",
            "Friday the 28th",
            date(2025, 2, 28),
            date(2025, 2, 28),
        ),
        (
            "The vote was on wednesday the twenty-second.",
            "wednesday the twenty-second",
            date(2025, 1, 22),
            date(2025, 1, 22),
        ),
    ],
)
def test_words(text, span, low, high):
    assert (span, low, high) in days(text), days(text)


@pytest.mark.parametrize(
    "text",
    [
        "The fund paid two thousand and five families.",  # a count
        "Two thousand and five people signed it.",
        "Nineteen hundred troops crossed.",
    ],
)
def test_counts_in_words_are_no_years(text):
    assert find_dates(text) == []


@pytest.mark.parametrize(
    "text, span, low, high",
    [
        (
            "The file was stamped 20161016 by the clerk.",
            "20161016",
            date(2016, 10, 16),
            date(2016, 10, 16),
        ),
        (
            "The log reads 2016 10 16 at the top.",
            "2016 10 16",
            date(2016, 10, 16),
            date(2016, 10, 16),
        ),
        ("The shipment left on 23-Sep-2020.", "23-Sep-2020", date(2020, 9, 23), date(2020, 9, 23)),
        ("The shipment left on Sep-23-2020.", "Sep-23-2020", date(2020, 9, 23), date(2020, 9, 23)),
        ("The shipment left on 2020/23/Sep.", "2020/23/Sep", date(2020, 9, 23), date(2020, 9, 23)),
        (
            "The survey covers Dec/2018-May/2019.",
            "Dec/2018-May/2019",
            date(2018, 12, 1),
            date(2019, 5, 31),
        ),
        # two slash days of one year: read when one order makes both dates
        ("The fair runs 6/28-7/14/2026.", "6/28-7/14/2026", date(2026, 6, 28), date(2026, 7, 14)),
        ("The fair runs 28/6-14/7, 2026.", "28/6-14/7, 2026", date(2026, 6, 28), date(2026, 7, 14)),
    ],
)
def test_numeric_forms(text, span, low, high):
    assert (span, low, high) in days(text), days(text)


def test_an_ambiguous_slash_range_waits_for_the_date_order():
    found = find_dates("The festival runs 10/1-11/2/2017.")
    assert len(found) == 1 and not needs_publication(found[0].relative)
    assert resolve(found[0].relative, None, "MDY") == (date(2017, 10, 1), date(2017, 11, 2))
    assert resolve(found[0].relative, None, "DMY") == (date(2017, 1, 10), date(2017, 2, 11))
    with pytest.raises(Unresolved):
        resolve(found[0].relative, PUBLISHED)


@pytest.mark.parametrize(
    "text",
    [
        "Its code is 20161399.",  # no such month or day
        "The fund holds $20161016.",  # money
        "The 2022/23 budget passed.",  # a fiscal year is read as one, not a date in it
    ],
)
def test_not_compact_dates(text):
    assert not [d for d in days(text) if d[1] == d[2]]


@pytest.mark.parametrize(
    "text, span, low, high",
    [
        # a year after a yearless day or range
        (
            "The camp runs 26 june to 28 june in 2026.",
            "26 june to 28 june in 2026",
            date(2026, 6, 26),
            date(2026, 6, 28),
        ),
        (
            "The camp ran from 26 june in 2019 to 28 june in 2020.",
            "from 26 june in 2019 to 28 june in 2020",
            date(2019, 6, 26),
            date(2020, 6, 28),
        ),
        (
            "The lease runs from this May to Oct 2026.",
            "from this May to Oct 2026",
            date(2025, 5, 1),
            date(2026, 10, 31),
        ),
        (
            "The bridge closes from next Monday to Friday.",
            "from next Monday to Friday",
            date(2025, 2, 17),
            date(2025, 2, 21),
        ),
        # the n-th weekday of a month
        (
            "The board meets the first Monday of next month.",
            "the first Monday of next month",
            date(2025, 3, 3),
            date(2025, 3, 3),
        ),
        (
            "The primary is on the last Tuesday in March 2026.",
            "the last Tuesday in March 2026",
            date(2026, 3, 31),
            date(2026, 3, 31),
        ),
        (
            "The race will be held on the second Sunday of May.",
            "the second Sunday of May",
            date(2025, 5, 11),
            date(2025, 5, 11),
        ),
        # period words
        (
            "The union met earlier in the week.",
            "earlier in the week",
            date(2025, 2, 10),
            date(2025, 2, 12),
        ),
        (
            "The road is shut for the rest of the week.",
            "the rest of the week",
            date(2025, 2, 12),
            date(2025, 2, 16),
        ),
        (
            "Exports fell in the past quarter.",
            "past quarter",
            date(2024, 10, 1),
            date(2024, 12, 31),
        ),
        (
            "Hiring will slow over the coming three quarters.",
            "coming three quarters",
            date(2025, 4, 1),
            date(2025, 12, 31),
        ),
        (
            "Rents will rise in the 2 upcoming years.",
            "the 2 upcoming years",
            date(2025, 2, 13),
            date(2027, 2, 12),
        ),
        (
            "The mayor spoke on previous Monday.",
            "previous Monday",
            date(2025, 2, 3),
            date(2025, 2, 3),
        ),
        # compound offsets, comparisons
        (
            "The well ran dry 2 weeks and 3 days ago.",
            "2 weeks and 3 days ago",
            date(2025, 1, 26),
            date(2025, 1, 26),
        ),
        # a compound offset that opens with a fortnight or a decade (a fortnight was no unit
        # there, and a decade was read as a day)
        (
            "The lock gates jammed a fortnight and two days ago.",
            "a fortnight and two days ago",
            date(2025, 1, 27),
            date(2025, 1, 27),
        ),
        (
            "The lighthouse went dark a decade and two years ago.",
            "a decade and two years ago",
            date(2012, 8, 13),
            date(2013, 8, 14),
        ),
        (
            "Only boats from years greater than 2012 may enter.",
            "greater than 2012",
            date(2013, 1, 1),
            OPEN_HIGH,
        ),
        ("Models from 2016 and greater qualify.", "2016 and greater", date(2016, 1, 1), OPEN_HIGH),
        ("Filter: <=2019", "<=2019", OPEN_LOW, date(2019, 12, 31)),
        # a clause after "and after" is no open interval
        (
            "The depot shut on 1 May 2016 and after the vote reopened.",
            "1 May 2016",
            date(2016, 5, 1),
            date(2016, 5, 1),
        ),
        (
            "The tower was built in the 15th  century.",
            "the 15th  century",
            date(1400, 1, 1),
            date(1499, 12, 31),
        ),
    ],
)
def test_more_classes(text, span, low, high):
    assert (span, low, high) in days(text), days(text)


def test_a_weekday_does_not_range_with_a_month():
    assert all("Friday-Jun" not in span for span, _, _ in days("The call is this Friday-Jun."))


def test_a_span_before_an_offset_stays_a_span():
    assert days("The crew searched for the last 3 months and 2 days ago found the wreck.") == [
        ("last 3 months", date(2024, 11, 12), date(2025, 2, 12)),
        ("2 days ago", date(2025, 2, 10), date(2025, 2, 10)),
    ]
