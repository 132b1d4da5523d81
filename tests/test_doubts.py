"""SPEC 4's certainty tests (checks.doubts): each turns a would-be failure into `uncertain`,
and its certain twin still fails. Sentences of our own."""

from __future__ import annotations

import pytest

from checks.engine import check_parsed
from checks.factfile import load_fact_file
from checks.pipeline import load_pipeline, parse_source
from checks.sources import SourceText
from checks.values import parse_tolerance, parse_value

FACTS = """
names:
  Harbour Board: [board]
facts:
  - id: budget
    amount: 58 million USD
    about: [[police budget, police]]
  - id: budget-vote
    date: 2025-03-04
    about: [[vote, voted]]
  - id: ferry-sinking
    date: 2025-06-03
    about: [sinking]
  - id: revenue
    amount: 9.4 billion USD
    about: [revenue]
  - id: harbour-levy
    amount: 12 percent
    about: [Harbour Board, levy]
  - id: harbour-fee
    amount: 12 percent
    about: [Harbour Board, fee]
"""


def verdicts(sentence: str, published: str | None = "2025-03-07") -> dict[str, tuple[str, str]]:
    """(fact id, mention) -> (verdict, detail) for every link of the sentence."""
    from datetime import date

    fact_file = load_fact_file("f.yaml", FACTS, parse_value, parse_tolerance)
    parsed = parse_source(load_pipeline(), SourceText("a.txt", sentence + "\n", "", None))
    day = date.fromisoformat(published) if published else None
    return {(fact.id, link.mention.text): (link.verdict.value, link.judgement.detail)
            for fact, link in check_parsed(parsed, fact_file, published=day)}


@pytest.mark.parametrize("doubtful, certain, reason", [
    # test 4: a referent-change word in the mention's own phrase
    ("The previous police budget of $61 million was cut.",
     "The police budget of $61 million was cut.", "`previous` marks another figure"),
    ("Last year's police budget of $61 million was cut.",
     "This police budget of $61 million was cut.", "`last year"),
    # test 4: the earlier term of a comparison
    ("Revenue rose to $9.4 billion, up from $8.1 billion.",
     "Revenue reached $8.1 billion.", "the value follows `up from`"),
    ("Revenue went from $8.1 billion in 2023 to $9.4 billion.",
     "Revenue grew to $8.1 billion.", "the value follows `from`"),
    ("Revenue was $8.1 billion previously.",
     "Revenue was $8.1 billion this spring.", "followed by `previously`"),
    # test 5: a date attached to a reporting verb
    ("The council voted, the clerk said Thursday.",
     "The council voted on Thursday.", "dates the statement"),
    # test 1: an anchor only in an opening phrase set off by a comma
    ("Recalling the vote, the mayor spoke on Thursday.",
     "The vote was held on Thursday.", "opening phrase"),
    # test 1: an anchor beyond a break in the sentence
    ("The sinking was mourned; divers returned on June 5.",
     "The sinking came on June 5.", "stands beyond `;`"),
    # test 6: two facts as close to the mention as each other
    ("The Harbour Board's levy and fee rose to 14 percent.",
     "The Harbour Board's levy rose to 14 percent.", "also fits"),
])
def test_a_doubt_makes_a_would_be_failure_uncertain(doubtful, certain, reason):
    found = verdicts(doubtful)
    uncertain = {fact: detail for fact, (verdict, detail) in found.items()
                 if verdict == "uncertain"}
    assert uncertain and any(reason in detail for detail in uncertain.values()), found
    assert not any(verdict in ("contradiction", "misquote", "misattributed")
                   for verdict, _ in found.values()), found
    twin = verdicts(certain)
    assert any(verdict == "contradiction" for verdict, _ in twin.values()), twin


def test_a_doubtful_link_that_agrees_stays_consistent():
    found = verdicts("The previous police budget of $58 million was kept.")
    assert found[("budget", "$58 million")][0] == "consistent"


def test_a_bracketed_insertion_between_anchor_and_value_is_no_break():
    found = verdicts("The police budget (the city's largest) is $61 million.")
    assert found[("budget", "$61 million")][0] == "contradiction"


def test_a_fact_whose_anchors_carry_the_word_is_certain():
    fact_file = load_fact_file("f.yaml", """
facts:
  - id: first-offer
    amount: 70 USD
    about: [[first offer]]
""", parse_value, parse_tolerance)
    parsed = parse_source(load_pipeline(), SourceText(
        "a.txt", "Its first offer of $75 was rejected.\n", "", None))
    [(_, link)] = check_parsed(parsed, fact_file)
    assert link.verdict.value == "contradiction"
