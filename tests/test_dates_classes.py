"""Classes of date expressions read as intervals of days (SPEC 3): ranges, quarters and
halves, parts of periods, open intervals, offsets, centuries, numeric and lower-case forms,
weeks and weekends. Sentences are our own, about invented events."""

from __future__ import annotations

from datetime import date

import pytest
from passages import date_spans

from checks.extract.dates import (
    OPEN_HIGH,
    OPEN_LOW,
    Unresolved,
    describe_interval,
    find_dates,
    needs_publication,
    resolve,
)
from checks.model.relative_dates import DateForm

PUBLISHED = date(2025, 2, 12)  # a Wednesday


def days(text: str, published: date = PUBLISHED) -> list[tuple[str, date, date]]:
    return date_spans(text, published)


@pytest.mark.parametrize(
    "text, span, low, high",
    [
        # ranges: one interval from the first day of one end to the last day of the other
        (
            "The ferry ran from 2011 to 2013.",
            "from 2011 to 2013",
            date(2011, 1, 1),
            date(2013, 12, 31),
        ),
        (
            "The fair is held between June 26 and June 28, 2020.",
            "between June 26 and June 28, 2020",
            date(2020, 6, 26),
            date(2020, 6, 28),
        ),
        (
            "Road works last Nov 18-Dec 19, 2015.",
            "Nov 18-Dec 19, 2015",
            date(2015, 11, 18),
            date(2015, 12, 19),
        ),
        (
            "The skating season ran Oct-Jan 2019.",
            "Oct-Jan 2019",
            date(2018, 10, 1),
            date(2019, 1, 31),
        ),
        (
            "Rents climbed from 2014 through May 2018.",
            "from 2014 through May 2018",
            date(2014, 1, 1),
            date(2018, 5, 31),
        ),
        (
            "The museum shut from 2019-aug-01 to today.",
            "from 2019-aug-01 to today",
            date(2019, 8, 1),
            date(2025, 2, 12),
        ),
        (
            "Membership grew between Aug 2019 and now.",
            "between Aug 2019 and now",
            date(2019, 8, 1),
            date(2025, 2, 12),
        ),
        # quarters and halves
        ("Orders rose in Q1 2017.", "Q1 2017", date(2017, 1, 1), date(2017, 3, 31)),
        ("Orders rose in 2017-q1.", "2017-q1", date(2017, 1, 1), date(2017, 3, 31)),
        ("Orders fell in 2019 H2.", "2019 H2", date(2019, 7, 1), date(2019, 12, 31)),
        (
            "The mill will restart in the first quarter of next year.",
            "the first quarter of next year",
            date(2026, 1, 1),
            date(2026, 3, 31),
        ),
        ("The mill will hire in Q3.", "Q3", date(2025, 7, 1), date(2025, 9, 30)),
        ("The mill hired in Q3.", "Q3", date(2024, 7, 1), date(2024, 9, 30)),
        (
            "Ferry traffic dipped last quarter.",
            "last quarter",
            date(2024, 10, 1),
            date(2024, 12, 31),
        ),
        # parts of periods
        ("The canal froze in early 2003.", "early 2003", date(2003, 1, 1), date(2003, 4, 30)),
        (
            "The depot opens early next year.",
            "early next year",
            date(2026, 1, 1),
            date(2026, 4, 30),
        ),
        (
            "The audit ends at the end of this month.",
            "the end of this month",
            date(2025, 2, 21),
            date(2025, 2, 28),
        ),
        # open intervals
        ("The lighthouse has stood empty since 1989.", "since 1989", date(1989, 1, 1), OPEN_HIGH),
        (
            "The toll stays until November 2018.",
            "until November 2018",
            OPEN_LOW,
            date(2018, 11, 30),
        ),
        (
            "Tickets go on sale as early as March 2026.",
            "as early as March 2026",
            date(2026, 3, 1),
            OPEN_HIGH,
        ),
        ("Boats built in 2012 or later are exempt.", "2012 or later", date(2012, 1, 1), OPEN_HIGH),
        ("The canal reopened after Feb 2018.", "after Feb 2018", date(2018, 3, 1), OPEN_HIGH),
        ("The ruins date from before 1850.", "before 1850", OPEN_LOW, date(1849, 12, 31)),
        (
            "The depot will close by the end of the year.",
            "by the end of the year",
            OPEN_LOW,
            date(2025, 12, 31),
        ),
        (
            "The choir has sung there since yesterday.",
            "since yesterday",
            date(2025, 2, 11),
            OPEN_HIGH,
        ),
        # offsets from publication or from a date
        (
            "The jury will return two days from today.",
            "two days from today",
            date(2025, 2, 14),
            date(2025, 2, 14),
        ),
        (
            "The tide tables change three weeks from tomorrow.",
            "three weeks from tomorrow",
            date(2025, 3, 6),
            date(2025, 3, 6),
        ),
        (
            "The market will move two weeks after May 5, 2025.",
            "two weeks after May 5, 2025",
            date(2025, 5, 19),
            date(2025, 5, 19),
        ),
        (
            "Snow is forecast for the next five days.",
            "next five days",
            date(2025, 2, 13),
            date(2025, 2, 17),
        ),
        (
            "The valley dried out over the past three years.",
            "past three years",
            date(2022, 2, 12),
            date(2025, 2, 12),
        ),
        # decades and centuries
        ("The quarry closed in the 1970s.", "the 1970s", date(1970, 1, 1), date(1979, 12, 31)),
        (
            "The bridge was built in the 15th century.",
            "the 15th century",
            date(1400, 1, 1),
            date(1499, 12, 31),
        ),
        # numeric and lower-case forms
        (
            "The ledger was sealed 2017-02-03T09:04:08Z.",
            "2017-02-03T09:04:08Z",
            date(2017, 2, 3),
            date(2017, 2, 3),
        ),
        ("The survey ran in 2015-3.", "2015-3", date(2015, 3, 1), date(2015, 3, 31)),
        ("The survey ran in 12-2015.", "12-2015", date(2015, 12, 1), date(2015, 12, 31)),
        ("The mayor resigned in 2017 april.", "2017 april", date(2017, 4, 1), date(2017, 4, 30)),
        (
            "The mayor resigned on june 4th 1996.",
            "june 4th 1996",
            date(1996, 6, 4),
            date(1996, 6, 4),
        ),
        ("The dam failed on 23.04.2022.", "23.04.2022", date(2022, 4, 23), date(2022, 4, 23)),
        ("The dam failed on 06-17-2014.", "06-17-2014", date(2014, 6, 17), date(2014, 6, 17)),
        (
            "The parade was on the fourth of July, 1995.",
            "fourth of July, 1995",
            date(1995, 7, 4),
            date(1995, 7, 4),
        ),
        (
            "The keel was laid on the 12th day of December, 2001.",
            "12th day of December, 2001",
            date(2001, 12, 12),
            date(2001, 12, 12),
        ),
        # a weekday beside an absolute date names that date
        (
            "The ferry sank on Friday 2018-7-6.",
            "Friday 2018-7-6",
            date(2018, 7, 6),
            date(2018, 7, 6),
        ),
        # weeks and weekends
        (
            "The fair was held in the first week of 2015.",
            "the first week of 2015",
            date(2014, 12, 29),
            date(2015, 1, 4),
        ),
        ("The count closes in week 31.", "week 31", date(2025, 7, 28), date(2025, 8, 3)),
        (
            "The board met on tuesday of last week.",
            "tuesday of last week",
            date(2025, 2, 4),
            date(2025, 2, 4),
        ),
        ("The band plays next weekend.", "next weekend", date(2025, 2, 22), date(2025, 2, 23)),
        (
            "The choir meets the last week of this month.",
            "the last week of this month",
            date(2025, 2, 22),
            date(2025, 2, 28),
        ),
    ],
)
def test_classes(text, span, low, high):
    assert (span, low, high) in days(text), days(text)


def test_in_some_weeks_is_a_date_only_of_the_future():
    """ "will reopen in two weeks" is that far ahead, give or take half a week; "was rebuilt
    in two weeks" is a duration, no date."""
    assert days("The pier will reopen in two weeks.") == [
        ("in two weeks", date(2025, 2, 22), date(2025, 3, 2))
    ]
    assert [d for d in days("The pier was rebuilt in two weeks.") if "weeks" in d[0]] == []


def test_a_day_word_used_as_an_adjective_names_a_thing():
    """ "today's promises" is like "the 2024 summit": attributive, not a date claim (SPEC 3)."""
    found = find_dates("The mayor said today's promises would be kept.")
    assert [f.attributive for f in found] == [("promises",)]


def test_a_range_written_with_ambiguous_slash_dates_waits_for_the_date_order():
    found = find_dates("The regatta ran from 10/1/2018-10/7/2018.")
    assert len(found) == 1 and found[0].relative and not needs_publication(found[0].relative)
    assert resolve(found[0].relative, None, "MDY") == (date(2018, 10, 1), date(2018, 10, 7))
    with pytest.raises(Unresolved):
        resolve(found[0].relative, PUBLISHED)


def test_a_relative_range_places_its_yearless_end_after_its_start():
    """ "from August to October" read in September: August of this year to October of it,
    not the October before."""
    assert days("The works run from August to October.", date(2016, 9, 7)) == [
        ("from August to October", date(2016, 8, 1), date(2016, 10, 31))
    ]


def test_open_intervals_are_described_by_their_one_end():
    assert describe_interval(date(1989, 1, 1), OPEN_HIGH) == "on or after 1989-01-01"
    assert describe_interval(OPEN_LOW, date(2018, 11, 30)) == "on or before 2018-11-30"


@pytest.mark.parametrize(
    "text",
    [
        "The protest came after Monday's vote.",  # a possessive names the vote's day
        "Since the 2022 invasion, exports fell.",  # a year used as an adjective
    ],
)
def test_no_open_interval_for_dates_that_name_a_thing(text):
    for found in find_dates(text):
        low, high = (
            resolve(found.relative, PUBLISHED) if found.relative else (found.low, found.high)
        )
        assert low > OPEN_LOW and high < OPEN_HIGH


@pytest.mark.parametrize(
    "text",
    ["The 19th-century hall", "a 2022-99 filing", "the market may 2x", "it was built in two weeks"],
)
def test_not_date_classes(text):
    assert find_dates(text) == []


def test_a_fraction_of_a_month_is_no_day_of_it():
    """ "a third of March's budget" is no 3 March (the month alone is read as before)."""
    assert not [
        f
        for f in find_dates("a third of March's budget")
        if f.relative and f.relative.form is DateForm.MONTH_DAY
    ]


@pytest.mark.parametrize(
    "text, span, low, high",
    [
        ("The regatta ran July 4-9, 2023.", "July 4-9, 2023", date(2023, 7, 4), date(2023, 7, 9)),
        (
            "Crews worked Oct. 10 to 12, 2022.",
            "Oct. 10 to 12, 2022",
            date(2022, 10, 10),
            date(2022, 10, 12),
        ),
        (
            "The festival was held 14-16 June 2021.",
            "14-16 June 2021",
            date(2021, 6, 14),
            date(2021, 6, 16),
        ),
        (
            "Polls were open on May 3 and 4, 2024.",
            "May 3 and 4, 2024",
            date(2024, 5, 3),
            date(2024, 5, 4),
        ),
        # without a year: both ends by the tense cue, the past here
        (
            "The climbers were stranded January 20 through 24.",
            "January 20 through 24",
            date(2025, 1, 20),
            date(2025, 1, 24),
        ),
    ],
)
def test_days_of_one_month(text, span, low, high):
    assert (span, low, high) in days(text)


@pytest.mark.parametrize(
    "text",
    [
        "Turnout rose from March 3 to 9 percent.",
        "Tickets went on sale Jan 5-10 people at a time.",
    ],
)
def test_a_number_after_a_day_that_counts_something_is_no_range_of_days(text):
    assert all("-" not in span and " to " not in span for span, _, _ in days(text))


@pytest.mark.parametrize(
    "text, span, low, high",
    [
        # irregular past tenses point back like "was" (SPEC 3)
        ("The two leaders met on October 3.", "October 3", date(2024, 10, 3), date(2024, 10, 3)),
        (
            "The ferry sank on the 9th of August.",
            "9th of August",
            date(2024, 8, 9),
            date(2024, 8, 9),
        ),
        (
            "The inspectors left a fortnight ago.",
            "a fortnight ago",
            date(2025, 1, 22),
            date(2025, 2, 5),
        ),
    ],
)
def test_irregular_past_tenses_and_fortnights(text, span, low, high):
    assert (span, low, high) in days(text)


@pytest.mark.parametrize(
    "text, span, low, high",
    [
        # "May" ending a range of months is the month, whatever follows it
        (
            "The kiln was rebuilt from March to May, 2023.",
            "from March to May, 2023",
            date(2023, 3, 1),
            date(2023, 5, 31),
        ),
        (
            "Lettings slowed between January and May 2022.",
            "between January and May 2022",
            date(2022, 1, 1),
            date(2022, 5, 31),
        ),
        (
            "The Feb-May 2021 survey of owls ended.",
            "Feb-May 2021",
            date(2021, 2, 1),
            date(2021, 5, 31),
        ),
        (
            "The canal was drained from March to May.",
            "from March to May",
            date(2024, 3, 1),
            date(2024, 5, 31),
        ),
    ],
)
def test_may_ending_a_range_of_months(text, span, low, high):
    assert (span, low, high) in days(text)


@pytest.mark.parametrize(
    "text",
    [
        "In March May said she would step down.",
        "The mayor spoke to May and her aides.",
        "Rain and May bring floods, the almanac says.",
        "The deal was signed in March and May said she was pleased.",
        "The budget ran from March to May's resignation.",
    ],
)
def test_may_without_a_month_and_joiner_before_it_is_not_read_as_a_month(text):
    assert all(not span.endswith("May") for span, _, _ in days(text))
