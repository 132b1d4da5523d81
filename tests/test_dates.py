"""Dates as intervals of days, absolute and relative to a publication date."""

from __future__ import annotations

from datetime import date

import pytest

from checks.extract.dates import (
    Unresolved,
    find_dates,
    parse_canonical_date,
    publication_date,
    resolve,
)
from checks.model.errors import ValueSyntaxError

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
        ("in mid-2022 it", date(2022, 4, 1), date(2022, 9, 30)),
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
        # SPEC 3: no tense cue, and only the coming March 3 is within 45 days
        ("on March 3 he", date(2025, 3, 3), date(2025, 3, 3)),
        ("it was held on March 3", date(2024, 3, 3), date(2024, 3, 3)),
        ("the vote will be on Jan. 30", date(2026, 1, 30), date(2026, 1, 30)),
        ("he visited on Jan. 30", date(2025, 1, 30), date(2025, 1, 30)),
        # SPEC 3: a bare weekday is the latest on or before publication (a Wednesday) ...
        ("the council voted on Monday", date(2025, 2, 10), date(2025, 2, 10)),
        ("the firm said Monday it would cut jobs", date(2025, 2, 10), date(2025, 2, 10)),
        # ... unless its verb points ahead
        ("the council will vote on Monday", date(2025, 2, 17), date(2025, 2, 17)),
        ("the talks on Jan. 30 collapsed", date(2025, 1, 30), date(2025, 1, 30)),
    ],
)
def test_relative_dates_resolve_against_publication(text, low, high):
    found = only(text)
    assert found.relative is not None
    assert resolve(found.relative, PUBLISHED) == (low, high)


def test_a_yearless_date_with_no_cue_and_no_near_candidate_is_unresolved():
    """SPEC 3: neither June 20 (2024 or 2025) is within 45 days of 12 February 2025."""
    from checks.extract.dates import Unresolved

    with pytest.raises(Unresolved):
        resolve(only("on June 20 the group").relative, PUBLISHED)


def test_years_ago_is_a_year_either_side_of_half():
    low, high = resolve(only("three years ago").relative, PUBLISHED)
    assert low < date(2022, 2, 12) < high
    assert (high - low).days <= 366


def test_year_used_as_adjective_names_its_noun():
    assert only("the pre-2014 borders").attributive == ("borders",)
    assert only("since the 2022 invasion").attributive == ("invasion",)
    assert only("in 2022, when").attributive == ()


@pytest.mark.parametrize(
    "text",
    ["2000 troops", "three years of policy", "a 24-year-old", "the fourth year", "you may go"],
)
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


def _full_scan(text: str):
    """find_dates without its trigger windows: every pattern over the whole text."""
    from checks.extract.dates import PATTERNS, _combine, _read
    from checks.model.mentions import TakenSpans

    found, taken = [], TakenSpans()
    for name, pattern in PATTERNS:
        for match in pattern.finditer(text):
            if not taken.overlaps(match.start(), match.end()):
                item = _read(name, match, text)
                if item is not None:
                    found.append(item)
                    taken.add(min(match.start(), item.start), max(match.end(), item.end))
    return _combine(text, sorted(found, key=lambda d: d.start))


def test_windows_find_what_a_full_scan_finds():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "seeds").glob("*.txt"))]
    texts += [
        p.read_text(encoding="utf-8")
        for p in sorted((root / "tests" / "corpus").glob("mentions*.yaml"))
    ]
    for text in texts:
        assert find_dates(text) == _full_scan(text)


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("in the 1990s", date(1990, 1, 1), date(1999, 12, 31)),
        ("in late 2023", date(2023, 9, 1), date(2023, 12, 31)),
        ("in Q3 2024", date(2024, 7, 1), date(2024, 9, 30)),
        ("in the winter of 2022", date(2021, 12, 1), date(2023, 2, 28)),
        ("in 2014-16", date(2014, 1, 1), date(2016, 12, 31)),
    ],
)
def test_periods(text, low, high):
    found = only(text)
    assert (found.low, found.high) == (low, high)


def test_weekday_picks_the_year_of_a_month_day():
    found = only("on Sunday, Feb. 16")
    assert resolve(found.relative, PUBLISHED) == (date(2025, 2, 16), date(2025, 2, 16))


@pytest.mark.parametrize("text", ["the Vision 2030 plan", "a 2022-99 filing", "on 9/11"])
def test_names_and_codes_are_not_dates(text):
    assert [d for d in find_dates(text) if d.low and d.low.year in (2030, 2022)] == []


@pytest.mark.parametrize(
    "text, cue",
    [
        ("The United Nations summit on May 11 will draw leaders.", "ahead"),  # a name, not a verb
        ("The long-awaited summit on May 11 is expected to draw crowds.", "ahead"),
        ("The council aims to reopen the pier on May 11.", "ahead"),  # an intention
        ("The election is to be held on May 11.", "ahead"),
        ("They’ll meet on May 11.", "ahead"),
        ("The president, who was elected in 2019, faces voters on May 11.", ""),  # other stretch
        ("The hostages were freed on May 11.", "back"),
        ("The treaty will be signed on May 11.", "ahead"),  # a passive: "will" decides
        ("The envoys met on May 11.", "back"),  # an irregular past tense
        ("The trophy will be held by the winners from May 11.", "ahead"),
    ],
)
def test_the_tense_cue_is_the_nearest_in_the_dates_own_stretch(text, cue):
    from checks.extract.dates import tense_cue

    at = text.index("May 11")
    assert tense_cue(text, at, at + len("May 11")) == cue


@pytest.mark.parametrize(
    "text, day",
    [
        ("The lease ran out on 07/23/98.", date(1998, 7, 23)),  # only month first is a date
        ("The lease ran out on 25/04/21.", date(2021, 4, 25)),  # only day first is a date
        ("The lease ran out on 6/6/2024.", date(2024, 6, 6)),  # both orders, one day
    ],
)
def test_a_slash_date_only_one_order_reads_is_placed(text, day):
    found = only(text)
    assert (found.low, found.high, found.relative) == (day, day, None)


def test_a_slash_date_both_orders_read_waits_for_the_date_order():
    found = only("The lease ran out on 12/02/2025.")
    assert found.low is None and found.relative
    assert resolve(found.relative, None, "MDY") == (date(2025, 12, 2), date(2025, 12, 2))
    assert resolve(found.relative, None, "DMY") == (date(2025, 2, 12), date(2025, 2, 12))
    with pytest.raises(Unresolved, match="facts_date_order"):
        resolve(found.relative, PUBLISHED)


@pytest.mark.parametrize("text", ["a 3/4 majority", "open 24/7", "scored 1/2/3 in drills"])
def test_fractions_and_such_are_no_slash_dates(text):
    assert find_dates(text) == []


@pytest.mark.parametrize(
    "text, says",
    [
        ("12/02/2025", "month first it is 2025-12-02, day first 2025-02-12"),
        ("07/23/98", "write it the ISO way: 1998-07-23"),
    ],
)
def test_a_fact_files_slash_date_is_refused_with_its_iso_form(text, says):
    from checks.facts.factfile import explain_value

    with pytest.raises(ValueSyntaxError):
        parse_canonical_date(text)
    assert says in explain_value("date", text)


@pytest.mark.parametrize(
    "order, outcome, verdict",
    [("DMY", 0, "consistent"), ("MDY", 1, "contradiction"), (None, 0, "unresolved")],
)
def test_facts_date_order_reads_an_ambiguous_slash_date(pytester, order, outcome, verdict):
    """SPEC 3: "12/02/2025" is 12 February day first, 2 December month first, and
    unresolved (never a failure) when the project does not say which."""
    import json

    ini = "[pytest]\ntestpaths = expectations\nfacts_sources = sources/*\n"
    pytester.makeini(ini + (f"facts_date_order = {order}\n" if order else ""))
    pytester.mkdir("expectations")
    pytester.mkdir("sources")
    (pytester.path / "expectations" / "lease.yaml").write_text(
        "facts:\n  - id: lease-end\n    date: 2025-02-12\n    about: [lease]\n", encoding="utf-8"
    )
    (pytester.path / "sources" / "a.txt").write_text(
        "The lease ran out on 12/02/2025.\n", encoding="utf-8"
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == outcome
    rows = json.loads((pytester.path / "reports" / "facts.json").read_text())["results"]
    assert [row["verdict"] for row in rows if row["fact"] == "lease-end"] == [verdict]


@pytest.mark.parametrize(
    "text, span, low, high",
    [
        # A bound before "ago" opens the interval (SPEC 3's qualifiers, read on a date).
        (
            "The dam failed more than two years ago.",
            "more than two years ago",
            date.min,
            date(2023, 8, 15),
        ),  # (two years back, give or take half a year)
        (
            "The bridge opened less than a week ago.",
            "less than a week ago",
            date(2025, 2, 1),
            PUBLISHED,
        ),
    ],
)
def test_a_bound_before_ago_opens_the_interval(text, span, low, high):
    found = only(text)
    assert (text[found.start : found.end], *resolve(found.relative, PUBLISHED)) == (span, low, high)
