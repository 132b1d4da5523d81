"""Dates as intervals of days, absolute and relative to a publication date."""

from __future__ import annotations

from datetime import date

import pytest

from checks.dates import find_dates, parse_canonical_date, publication_date, resolve
from checks.errors import ValueSyntaxError

PUBLISHED = date(2025, 2, 12)  # a Wednesday


def only(text: str):
    found = find_dates(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("on Feb. 24, 2022, Russia", date(2022, 2, 24), date(2022, 2, 24)),
        ("on 24 February 2022 Russia", date(2022, 2, 24), date(2022, 2, 24)),
        ("on 2022-02-24 Russia", date(2022, 2, 24), date(2022, 2, 24)),
        ("the Sept. 11, 2001, attacks", date(2001, 9, 11), date(2001, 9, 11)),
        ("in September 2022 but", date(2022, 9, 1), date(2022, 9, 30)),
        ("in 2022, when", date(2022, 1, 1), date(2022, 12, 31)),
        ("by mid-2022 it", date(2022, 4, 1), date(2022, 9, 30)),
        ("in early March 2020 it", date(2020, 3, 1), date(2020, 3, 10)),
        ("Thursday, February 13, 2025", date(2025, 2, 13), date(2025, 2, 13)),
    ],
)
def test_absolute_dates(text, low, high):
    found = only(text)
    assert (found.low, found.high, found.relative) == (low, high, None)


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("said Wednesday that", date(2025, 2, 12), date(2025, 2, 12)),
        ("on Monday the", date(2025, 2, 10), date(2025, 2, 10)),
        ("said Thursday that", date(2025, 2, 6), date(2025, 2, 6)),
        ("yesterday he", date(2025, 2, 11), date(2025, 2, 11)),
        ("today he", date(2025, 2, 12), date(2025, 2, 12)),
        ("last week he", date(2025, 2, 3), date(2025, 2, 9)),
        ("earlier this month he", date(2025, 2, 1), date(2025, 2, 12)),
        ("in January, he", date(2025, 1, 1), date(2025, 1, 31)),
        ("in November last year, he", date(2024, 11, 1), date(2024, 11, 30)),
        ("on Feb. 12 he", date(2025, 2, 12), date(2025, 2, 12)),
        ("on March 3 he", date(2024, 3, 3), date(2024, 3, 3)),
    ],
)
def test_relative_dates_resolve_against_publication(text, low, high):
    found = only(text)
    assert found.relative is not None
    assert resolve(found.relative, PUBLISHED) == (low, high)


def test_years_ago_is_a_year_either_side_of_half():
    low, high = resolve(only("three years ago").relative, PUBLISHED)
    assert low < date(2022, 2, 12) < high
    assert (high - low).days <= 366


def test_year_used_as_adjective_names_its_noun():
    assert only("the pre-2014 borders").attributive == ("borders",)
    assert only("since the 2022 invasion").attributive == ("invasion",)
    assert only("in 2022, when").attributive == ()


@pytest.mark.parametrize("text", ["2000 troops", "three years of policy", "a 24-year-old",
                                  "the fourth year", "you may go"])
def test_not_dates(text):
    assert find_dates(text) == []


def test_canonical_dates():
    assert parse_canonical_date("2022-02-24") == (date(2022, 2, 24), date(2022, 2, 24))
    assert parse_canonical_date("September 2022") == (date(2022, 9, 1), date(2022, 9, 30))
    assert parse_canonical_date("2022") == (date(2022, 1, 1), date(2022, 12, 31))
    with pytest.raises(ValueSyntaxError):
        parse_canonical_date("last Tuesday")
    with pytest.raises(ValueSyntaxError):
        parse_canonical_date("sometime")


@pytest.mark.parametrize(
    "head, expected",
    [
        ("Title\n\nPublished On 12 Feb 202512 Feb 2025\n\nBody.", date(2025, 2, 12)),
        ("Thursday, February 13, 2025\n\nTitle\nPublished On 12 Feb 2025\n", date(2025, 2, 12)),
        ("Thursday, February 13, 2025\n\nTitle\n\nBody text.", date(2025, 2, 13)),
        ("Feb 12, 2025 11:41 AM\nTitle", date(2025, 2, 12)),
        ("A body with no dateline. It mentions 2022.", None),
    ],
)
def test_publication_date_from_dateline(head, expected):
    assert publication_date(head) == expected
