"""Two classes of date expressions (SPEC 3): a stretch of time anchored at a date ("for
three days starting Monday") and years of the next century after a word that makes them a
time ("by 2100"). Sentences are our own, about invented events."""

from __future__ import annotations

from datetime import date

import pytest
from passages import date_spans

from checks.extract.dates import OPEN_LOW

PUBLISHED = date(2025, 2, 12)  # a Wednesday


def days(text: str, published: date = PUBLISHED) -> list[tuple[str, date, date]]:
    return date_spans(text, published)


@pytest.mark.parametrize(
    "text, span, low, high",
    [
        (
            "The harbour will close for a week starting tomorrow.",
            "a week starting tomorrow",
            date(2025, 2, 13),
            date(2025, 2, 19),
        ),
        (
            "Trains stopped for three days, from Monday.",
            "three days, from Monday",
            date(2025, 2, 10),
            date(2025, 2, 12),
        ),
        (
            "The festival runs for two months beginning in March 2026.",
            "two months beginning in March 2026",
            date(2026, 3, 1),
            date(2026, 4, 30),
        ),
        (
            "Pickets will stand for 10 days starting on June 3, 2025.",
            "10 days starting on June 3, 2025",
            date(2025, 6, 3),
            date(2025, 6, 12),
        ),
        (
            "The museum shuts for one year from 2026.",
            "one year from 2026",
            date(2026, 1, 1),
            date(2026, 12, 31),
        ),
    ],
)
def test_a_stretch_anchored_at_a_date(text, span, low, high):
    assert days(text) == [(span, low, high)]


@pytest.mark.parametrize(
    "text, span, low, high",
    [
        # with no "for" and no comma, "N units from X" stays an offset
        (
            "The vote comes three weeks from Monday.",
            "three weeks from Monday",
            date(2025, 3, 3),
            date(2025, 3, 3),
        ),
        # a stretch of hours is no stretch of days: only the open start is read
        ("A truce holds for 48 hours starting Friday.", "starting Friday", date(2025, 2, 7), None),
    ],
)
def test_what_is_no_stretch(text, span, low, high):
    found = days(text)
    assert [(s, lo) for s, lo, _ in found] == [(span, low)]
    if high is not None:
        assert found[0][2] == high


@pytest.mark.parametrize(
    "text, span, low, high",
    [
        (
            "Seas may rise by a metre by 2100, the panel said.",
            "by 2100",
            OPEN_LOW,
            date(2100, 12, 31),
        ),
        ("The harbour lease runs until 2150.", "until 2150", OPEN_LOW, date(2150, 12, 31)),
        ("In 2100 the town will be under water.", "2100", date(2100, 1, 1), date(2100, 12, 31)),
        # ("beyond" opens no interval here: the year alone)
        (
            "Models look beyond 2100 for the first time.",
            "2100",
            date(2100, 1, 1),
            date(2100, 12, 31),
        ),
    ],
)
def test_years_of_the_next_century(text, span, low, high):
    assert days(text) == [(span, low, high)]


@pytest.mark.parametrize(
    "text",
    [
        "The raid began at 2100 GMT.",
        "Curfew starts by 2100 hours.",
        "The shelter held 2100 people in 2100 beds.",
        "Turnout rose to 2100 from 1900 voters.",
        "The count stood at about 2150 after 2130 local time.",
    ],
)
def test_far_numbers_that_are_no_years(text):
    assert [span for span, _, _ in days(text) if span.startswith("21") or " 21" in span] == []
