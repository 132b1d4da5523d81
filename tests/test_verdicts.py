"""Verdicts (SPEC section 5): intervals that meet are consistent, disjoint ones contradict."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from passages import verdicts

from checks.facts.values import Tolerance
from checks.judge.verdicts import describe, widen
from checks.model.intervals import Interval
from checks.model.kinds import Verdict


def fact(value_line: str, about: str = "[bridge]", extra: str = "") -> str:
    return f"""
facts:
  - id: the-fact
    {value_line}
    about: {about}
    {extra}
"""


@pytest.mark.parametrize(
    "value_line, passage, expected",
    [
        # units convert with pint, compared at the source's stated precision
        ("amount: 12 km", "The bridge is 7.46 miles long.", "consistent"),
        ("amount: 12 km", "The bridge is 9 miles long.", "contradiction"),
        ("amount: 12 km", "The bridge is 12,000 metres long.", "consistent"),
        # a rounded source value agrees with an exact canonical one inside its rounding
        ("amount: 66.5 billion USD", "The bridge cost $66.5bn.", "consistent"),
        ("amount: 66.5 billion USD", "The bridge cost 66.5 billion dollars.", "consistent"),
        ("amount: 66.5 billion USD", "The bridge cost $66.54bn.", "contradiction"),
        ("amount: 66.5 billion USD", "The bridge cost $66.6bn.", "contradiction"),
        ("amount: 66.5 billion USD", "The bridge cost about $67bn.", "consistent"),
        ("amount: 66.5 billion USD", "The bridge cost more than $60bn.", "consistent"),
        ("amount: 66.5 billion USD", "The bridge cost less than $60bn.", "contradiction"),
        ("amount: more than 66.5 billion USD", "The bridge cost $66.5bn.", "consistent"),
        ("amount: more than 66.5 billion USD", "The bridge cost $66.4bn.", "contradiction"),
        # counts are exact; approximations widen
        ("count: 32", "The bridge has 32 pillars.", "consistent"),
        ("count: 32", "The bridge has 33 pillars.", "contradiction"),
        ("count: 32", "The bridge has about 30 pillars.", "consistent"),
        ("count: 32", "The bridge has nearly 30 pillars.", "contradiction"),
        ("count: 32", "The bridge has dozens of pillars.", "consistent"),
        ("count: about 50", "The bridge has 46 pillars.", "consistent"),
        ("count: about 50", "The bridge has 56 pillars.", "contradiction"),
        # percentages and fractions
        ("amount: 20 percent", "A fifth of the bridge is painted.", "consistent"),
        ("amount: 25 percent", "A fifth of the bridge is painted.", "contradiction"),
        ("amount: 25 percent", "One in four bridge users cycle.", "consistent"),
        # dates are intervals of days
        ("date: 2022-02-24", "The bridge opened on Feb. 24, 2022.", "consistent"),
        ("date: 2022-02-24", "The bridge opened in February 2022.", "consistent"),
        ("date: 2022-02-24", "The bridge opened on 25 February 2022.", "contradiction"),
        ("date: September 2022", "The bridge opened on Sept. 30, 2022.", "consistent"),
        ("date: 2022", "The bridge opened in mid-2021.", "contradiction"),
    ],
)
def test_verdicts_follow_the_interval_table(value_line, passage, expected):
    assert [v for _, _, v in verdicts(passage, fact(value_line))] == [expected]


@pytest.mark.parametrize(
    "tolerance, passage, expected",
    [
        ("2%", "The bridge cost $101bn.", "consistent"),
        ("2%", "The bridge cost $103bn.", "contradiction"),
        ("3 billion USD", "The bridge cost $103bn.", "consistent"),
    ],
)
def test_tolerance_widens_the_canonical_value(tolerance, passage, expected):
    facts = fact("amount: 100 billion USD", extra=f"tolerance: {tolerance}")
    assert [v for _, _, v in verdicts(passage, facts)] == [expected]


def test_day_tolerance_for_dates():
    facts = fact("date: 2022-02-24", extra="tolerance: 1 day")
    assert [v for _, _, v in verdicts("The bridge opened on 25 February 2022.", facts)] == [
        "consistent"
    ]


def test_relative_date_without_publication_date_is_unresolved_never_a_contradiction():
    facts = fact("date: 2022-02-24")
    assert [v for _, _, v in verdicts("The bridge opened three years ago.", facts)] == [
        "unresolved"
    ]
    assert [
        v
        for _, _, v in verdicts(
            "The bridge opened three years ago.", facts, published=date(2025, 2, 24)
        )
    ] == ["consistent"]


def test_only_failing_verdicts_fail():
    assert {v for v in Verdict if v.fails} == {
        Verdict.CONTRADICTION,
        Verdict.MISQUOTE,
        Verdict.MISATTRIBUTED,
    }


def test_intervals_are_described_in_an_editors_units():
    interval = Interval(Fraction(63_500_000_000), Fraction(64_500_000_000), True, False)
    assert describe(interval, "USD") == "[63.5, 64.5) billion USD"
    assert describe(Interval(Fraction(45), Fraction(55), True, False), None) == "[45, 55)"
    assert describe(Interval(Fraction(5), None, False, False), "percent") == "(5, +inf) percent"


def test_widen_relative_and_absolute():
    exact = Interval.exact(Fraction(100))
    assert widen(exact, Tolerance(relative=Fraction(1, 50))).low == 98
    assert widen(exact, Tolerance(absolute=Fraction(3))).high == 103
    assert widen(exact, None) == exact
