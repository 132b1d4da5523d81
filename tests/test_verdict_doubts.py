"""Doubts that need the verdicts (checks.judge.verdict_doubts): each turns a would-be failure into
`uncertain`, and its certain twin still fails. Sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest
from passages import fact_file

from checks.extract.pipeline import load_pipeline, parse_source
from checks.read.sources import SourceText
from checks.run.engine import check_parsed

FACTS = """
facts:
  - id: council-vote
    date: 2025-03-04
    about: [[vote, voted]]
  - id: fare
    amount: 4 USD
    about: [fare]
  - id: bridge-cost
    amount: 2 billion USD
    of: [bridge]
  - id: price-per-share
    amount: 82 USD
    of: [share]
  - id: cash-part
    amount: 60 USD
    about: [cash]
  - id: bid-value
    amount: about 121 billion USD
    about: [bid]
  - id: bid-date
    date: 2025-02-05
    about: [bid]
  - id: ferries-in-service
    count: 28
    of: [ferries]
    about: [service]
"""


def verdicts(sentence: str, published: date) -> dict[tuple[str, str], tuple[str, str]]:
    """(fact id, mention) -> (verdict, doubt or detail) for every link of the sentence."""
    parsed = parse_source(load_pipeline(), SourceText("a.txt", sentence + "\n", "", None))
    return {
        (fact.id, link.mention.text): (
            link.verdict.value,
            link.judgement.doubt or link.judgement.detail,
        )
        for fact, link in check_parsed(parsed, fact_file(FACTS), published=published)
    }


JULY = date(2025, 7, 4)


@pytest.mark.parametrize(
    "doubtful, certain, fact, reason",
    [
        # A weekday names a day near publication: not a vote held four months earlier.
        (
            ("The council voted on Thursday.", JULY, "Thursday"),
            ("The council voted on Thursday.", date(2025, 3, 8), "Thursday"),
            "council-vote",
            "names a day near publication",
        ),
        # Ten thousand times off: another figure of the same unit, not the fare misreported.
        (
            ("The fare scheme will cost $90,000.", JULY, "$90,000"),
            ("The fare will be $5.", JULY, "$5"),
            "fare",
            "ten thousand times",
        ),
        # The value agrees with another fact whose anchors stand as near.
        (
            ("The cash part was $60 a share.", JULY, "$60"),
            ("The cash part was $50 a share.", JULY, "$50"),
            "price-per-share",
            "also fits `cash-part`, which it agrees with",
        ),
        # Two values side by side both disagree: another bid, not two mistakes.
        (
            ("It made a $29 billion bid in October 2023.", JULY, "$29 billion"),
            ("It made a $29 billion bid on Feb. 5, 2025.", JULY, "$29 billion"),
            "bid-value",
            "beside it disagrees with `bid-date` too",
        ),
        # A state told in a statement months before publication is that time's state.
        (
            ("The operator said in March it still had 31 ferries in service.", JULY, "31"),
            ("The operator said on Wednesday it still had 31 ferries in service.", JULY, "31"),
            "ferries-in-service",
            "told in a statement of March 2025",
        ),
    ],
)
def test_a_doubt_from_the_verdicts_and_its_certain_twin(doubtful, certain, fact, reason):
    sentence, published, mention = doubtful
    verdict, doubt = verdicts(sentence, published)[(fact, mention)]
    assert (verdict, reason in doubt) == ("uncertain", True), doubt
    sentence, published, mention = certain
    assert verdicts(sentence, published)[(fact, mention)][0] == "contradiction"


def test_a_million_for_a_billion_slip_stays_certain():
    """A factor of a thousand is the slip an editor must hear about."""
    found = verdicts("The bridge of $3 million opened.", JULY)
    assert found[("bridge-cost", "$3 million")][0] == "contradiction"


def test_the_other_value_of_the_pair_is_in_doubt_too():
    found = verdicts("It made a $29 billion bid in October 2023.", JULY)
    verdict, doubt = found[("bid-date", "October 2023")]
    assert verdict == "uncertain" and "beside it disagrees with `bid-value`" in doubt


def test_values_across_a_verb_are_two_things():
    """ "the $7 billion bridge sold at $45 a share": a verb between the values makes them
    two things' values, so each failure stays certain."""
    found = verdicts("The $7 billion bridge sold at $45 a share.", JULY)
    assert found[("bridge-cost", "$7 billion")][0] == "contradiction"
    assert found[("price-per-share", "$45")][0] == "contradiction"


def test_a_consistent_link_stays_consistent_whatever_its_neighbours():
    found = verdicts("It made a $121 billion bid in October 2023.", JULY)
    assert found[("bid-value", "$121 billion")][0] == "consistent"
    assert found[("bid-date", "October 2023")][0] == "contradiction"


def test_an_event_told_months_later_stays_certain():
    """Only a state ("still", "remain") may have changed since an earlier statement; an
    announcement recalled later is still that announcement."""
    found = verdicts("The operator announced in March that it had 31 ferries in service.", JULY)
    assert found[("ferries-in-service", "31")][0] == "contradiction"


def test_two_values_joined_by_and_are_two_things():
    """ "$90 billion and a 2023 date": each may be a mistake of its own, so both stay
    certain."""
    found = verdicts("Its bid was worth $90 billion and was made in October 2023.", JULY)
    assert found[("bid-value", "$90 billion")][0] == "contradiction"


APPOSITION_FACTS = """
facts:
  - id: bid-total
    amount: about 121 billion USD
    about: [[bid, offer]]
  - id: first-bid-total
    amount: about 103 billion USD
    about: [[initial, first, previous]]
"""


@pytest.mark.parametrize(
    "sentence",
    [
        "Its initial bid of $70 a share, or $99 billion, was turned down.",
        "Its initial bid of $70 a share, or about $99 billion, was turned down.",
        "The previous offer of $99 billion was turned down.",
    ],
)
def test_a_word_marking_another_thing_gives_the_value_to_the_fact_carrying_it(sentence):
    """SPEC 4, test 4: "initial" marks another bid than the current one; the fact resting
    on "initial" takes the value, certainly (a value in apposition, "or $99 billion",
    shares the phrase of the value it restates)."""
    parsed = parse_source(load_pipeline(), SourceText("a.txt", sentence + "\n", "", None))
    found = {
        (fact.id, link.mention.text): link.verdict.value
        for fact, link in check_parsed(parsed, fact_file(APPOSITION_FACTS))
    }
    assert [(fact, verdict) for (fact, text), verdict in found.items() if "99" in text] == [
        ("first-bid-total", "contradiction")
    ], found
