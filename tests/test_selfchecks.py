"""Checks that need no fact (SPEC section 8): unit tests on plain text, the seeds, and the plugin."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.extract.pipeline import parse_source
from checks.judge.selfchecks import Gathered, read_for_checks
from checks.read.sources import SourceText
from checks.run.engine import Engine, Settings

ROOT = Path(__file__).resolve().parent.parent


def findings(nlp, text: str) -> list[str]:
    parsed = parse_source(nlp, SourceText("a.txt", text, "", None))
    gathered = Gathered()
    gathered.add("a.txt", read_for_checks(parsed))
    return [str(f) for f in gathered.findings().get("a.txt", [])]


def test_a_weekday_that_does_not_match_its_date(nlp):
    assert findings(nlp, "Ministers met on Thursday, Feb. 12, 2025, in Brussels.\n") == [
        (
            "a.txt:1:18: weekday does not match its date: 12 February 2025 was a Wednesday, not "
            'a Thursday ("Thursday, Feb. 12, 2025")'
        )
    ]


def test_a_weekday_that_matches_is_fine(nlp):
    assert findings(nlp, "Ministers met on Wednesday, Feb. 12, 2025, in Brussels.\n") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The deadline is June 31.\n", 'a.txt:1:17: impossible date "June 31": June has 30 days'),
        (
            "It was signed on 30 February 2024.\n",
            'a.txt:1:18: impossible date "30 February 2024": February 2024 has 29 days',
        ),
        (
            "Filed 2025-02-29 in court.\n",
            'a.txt:1:7: impossible date "2025-02-29": February 2025 has 28 days',
        ),
    ],
)
def test_impossible_dates(nlp, text, expected):
    assert findings(nlp, text) == [expected]


def test_a_leap_day_without_a_year_is_possible(nlp):
    assert findings(nlp, "Her birthday is February 29. It is 2024-02-29 today.\n") == []


def test_one_source_stating_two_values_in_the_same_terms(nlp):
    text = (
        "Sidebar: the bridge carries 40,000 vehicles across the Danube river each day.\n\n"
        "Engineers say the bridge carries 25,000 vehicles across the Danube river each "
        "day.\n"
    )
    assert findings(nlp, text) == [
        (
            'a.txt:3:34: two values for the same thing: "25,000" here, but "40,000" at line 1, '
            "column 29 (count of vehicles)"
        )
    ]


def test_different_things_in_similar_words_are_not_two_values(nlp):
    text = "The 32 allies met in Brussels.\n\nOnly 5 allies spend enough on defence.\n"
    assert findings(nlp, text) == []


def test_the_seeds_raise_no_false_alarm():
    engine = Engine(Settings(rootdir=ROOT, source_globs=("seeds/**/*",)))
    assert len(engine.parsed()) == 5
    assert engine.self_check() == {}


# --- in the plugin -----------------------------------------------------------------------------

INI = "[pytest]\ntestpaths = expectations\nfacts_sources = sources/*\n"
FACTS = "facts:\n  - id: allies\n    count: 32\n    of: [allies]\n"


@pytest.fixture
def story(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini(INI)
    pytester.mkdir("expectations")
    pytester.mkdir("sources")
    (pytester.path / "expectations" / "story.yaml").write_text(FACTS, encoding="utf-8")
    (pytester.path / "sources" / "a.txt").write_text(
        "All 32 allies met on Thursday, Feb. 12, 2025.\n", encoding="utf-8"
    )
    (pytester.path / "sources" / "b.txt").write_text("All 32 allies met.\n", encoding="utf-8")
    return pytester


def test_self_checks_are_warnings_by_default(story):
    result = story.runpytest("-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=3, warnings=1)
    result.stdout.fnmatch_lines(
        [
            "*self-check[[]sources/a.txt[]] PASSED*",
            ("*FactsSelfCheckWarning: sources/a.txt:1:22: weekday does not match its date*"),
        ]
    )
    assert "self-check[sources/b.txt]" not in result.stdout.str()


def test_self_checks_can_fail_the_run(story):
    result = story.runpytest("-p", "no:cacheprovider", "--facts-self-checks", "error")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        [
            (
                "sources/a.txt:1:22: weekday does not match its date: 12 "
                "February 2025 was a Wednesday, not a Thursday*"
            )
        ]
    )


def test_self_checks_can_be_turned_off(story):
    result = story.runpytest("-p", "no:cacheprovider", "--facts-self-checks", "off")
    result.assert_outcomes(passed=2)
