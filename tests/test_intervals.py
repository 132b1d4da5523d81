"""The interval table of SPEC section 3, row by row, as the engine reads sources."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from checks.extract.quantities import find_quantities
from checks.facts.values import parse_value
from checks.model.intervals import Interval

INF = None


def only(text: str):
    found = find_quantities(text, [])
    assert len(found) == 1, found
    return found[0]


def bounds(interval: Interval):
    return (interval.low, interval.high, interval.low_inclusive, interval.high_inclusive)


@pytest.mark.parametrize(
    "text, expected",
    [
        # plain counts are exact; round thousands are read at their last non-zero digit
        ("32 allies", (F(32), F(32), True, True)),
        ("thirty-two allies", (F(32), F(32), True, True)),
        ("1,200 troops", (F(1150), F(1250), True, False)),
        ("1,234 troops", (F(1234), F(1234), True, True)),
        # plain measures round at their written precision
        ("$126 billion", (F(125_500_000_000), F(126_500_000_000), True, False)),
        ("$66.5bn", (F(66_450_000_000), F(66_550_000_000), True, False)),
        ("5%", (F(9, 2), F(11, 2), True, False)),
        ("12 km", (F(23, 2), F(25, 2), True, False)),
        # approximation: trailing zeros are not significant
        ("about 50 countries", (F(45), F(55), True, False)),
        ("about $64bn", (F(63_500_000_000), F(64_500_000_000), True, False)),
        ("about 30 percent", (F(25), F(35), True, False)),
        ("roughly 3.4%", (F(335, 100), F(345, 100), True, False)),
        # bounds
        ("more than 40 countries", (F(40), INF, False, False)),
        ("over $126 billion", (F(126_000_000_000), INF, False, False)),
        ("at least 28 people", (F(28), INF, True, False)),
        ("28 or more people", (F(28), INF, True, False)),
        ("fewer than 10 ships", (F(0), F(10), True, False)),
        ("less than 3 percent", (INF, F(3), False, False)),
        ("nearly 50 countries", (F(45), F(50), True, False)),
        ("up to 40 jets", (F(0), F(40), True, True)),
        ("as many as 40 jets", (F(0), F(40), True, True)),
        # ranges
        ("between 40 and 50 countries", (F(40), F(50), True, True)),
        ("40-50 countries", (F(40), F(50), True, True)),
        ("$40-50bn", (F(40_000_000_000), F(50_000_000_000), True, True)),
        # the N other X counts the subject too
        ("the 31 other nations", (F(32), F(32), True, True)),
        # fractions
        ("a fifth of the land", (F(20), F(20), True, True)),
        ("three-quarters of firms", (F(75), F(75), True, True)),
        ("one in four adults", (F(25), F(25), True, True)),
        ("around a fifth of the land", (F(55, 3), F(45, 2), True, True)),
        # vague amounts
        ("dozens of countries", (F(24), F(99), True, True)),
    ],
)
def test_source_intervals(text, expected):
    assert bounds(only(text).interval) == expected


@pytest.mark.parametrize(
    "text, unit",
    [
        ("$126bn", "USD"),
        ("US$54K", "USD"),
        ("USD 126bn", "USD"),
        ("126 billion dollars", "USD"),
        ("€4.5m", "EUR"),
        ("£187 million", "GBP"),
        ("A$12m", "AUD"),
        ("C$3bn", "CAD"),
        ("five per cent", "percent"),
        ("5 percentage points", "percentage_point"),
        ("4,000 tonnes", "metric_ton"),
        ("3.5 miles", "mile"),
    ],
)
def test_units_and_currencies(text, unit):
    assert only(text).unit == unit


@pytest.mark.parametrize(
    "text",
    [
        "Article 5 protections",
        "a Leopard 2 tank",
        "before 11 am",
        "the 24-hour strike",
        "call 555-123-4567",
        "version 3.8.0",
        "COVID-19 cases",
        "the fourth year",
    ],
)
def test_not_quantities(text):
    assert find_quantities(text, []) == []


def test_count_noun_and_modifiers():
    found = only("the approximately 50 member countries that")
    assert found.kind == "count"
    assert found.noun_words == ("member", "countries")
    assert found.noun == "countries"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("66.5 billion USD", (F(66_500_000_000), F(66_500_000_000), True, True)),
        ("more than 126 billion USD", (F(126_000_000_000), INF, False, False)),
        ("5 percent", (F(5), F(5), True, True)),
        ("about 20%", (F(15), F(25), True, False)),
        ("$187 million", (F(187_000_000), F(187_000_000), True, True)),
    ],
)
def test_canonical_amounts_are_exact_unless_qualified(text, expected):
    assert bounds(parse_value("amount", text).interval) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("32", (F(32), F(32), True, True)),
        ("thirty-two", (F(32), F(32), True, True)),
        ("about 50", (F(45), F(55), True, False)),
        ("between 40 and 50", (F(40), F(50), True, True)),
    ],
)
def test_canonical_counts(text, expected):
    assert bounds(parse_value("count", text).interval) == expected


def test_intersection_is_open_at_excluded_bounds():
    more_than = Interval(F(66), None, False, False)
    assert not Interval(F(64), F(66), True, True).intersects(more_than)
    assert Interval(F(64), F(67), True, False).intersects(more_than)
    assert Interval.exact(F(32)).intersects(Interval.exact(F(32)))
