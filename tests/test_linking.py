"""Linking (SPEC section 4): which mention is about which fact, and which mentions are about none."""

from __future__ import annotations

import pytest
from passages import verdicts

AID = """
names:
  Germany: [Berlin, German government]
facts:
  - id: total-loans
    amount: more than 80 billion EUR
    about: [[loans, credit]]
  - id: german-share
    amount: 31.2 billion EUR
    about: [Germany]
"""


def test_each_amount_goes_to_the_fact_whose_anchor_is_closest():
    # Shaped like "more than $126 billion in weapons ..., including $66.5 billion from the US".
    passage = (
        "The lenders extended more than €80 billion in loans and credit lines, including "
        "€31.2 billion from Germany, officials said."
    )
    assert verdicts(passage, AID) == [
        ("total-loans", "more than €80 billion", "consistent"),
        ("german-share", "€31.2 billion", "consistent"),
    ]


def test_a_changed_number_in_a_shared_sentence_fails_only_its_own_fact():
    passage = (
        "The lenders extended more than €80 billion in loans and credit lines, including "
        "€29 billion from Germany, officials said."
    )
    assert verdicts(passage, AID) == [
        ("total-loans", "more than €80 billion", "consistent"),
        ("german-share", "€29 billion", "contradiction"),
    ]


RATES = """
facts:
  - id: new-target
    amount: 3.5 percent
    of: [national income, income]
    about: [[raise, lift]]
  - id: old-target
    amount: 1.5 percent
    about: [national income, [already, current, committed]]
"""


def test_two_percentages_in_one_sentence_each_link_to_their_own_fact():
    # Shaped like "5 percent of their GDP, far beyond the 2 percent they had already committed".
    passage = (
        "The council wants members to lift spending to 3.5 percent of their national "
        "income, well above the 1.5 percent they had already committed to."
    )
    assert verdicts(passage, RATES) == [
        ("new-target", "3.5 percent", "consistent"),
        ("old-target", "1.5 percent", "consistent"),
    ]


COUNTS = """
names:
  European Union: [EU, bloc]
facts:
  - id: eu-members
    count: 27
    of: [member states, members, countries]
    about: [European Union]
"""


@pytest.mark.parametrize(
    "passage, expected",
    [
        ("All 27 member states of the European Union signed.", "consistent"),
        ("The EU's 27 members signed the deal.", "consistent"),
        ("The bloc's 26 other members backed Paris.", "consistent"),  # the N other X
        ("All 28 member countries of the EU signed.", "contradiction"),
        ("The bloc's 27 other members backed Paris.", "contradiction"),
    ],
)
def test_counts_link_by_the_noun_they_count(passage, expected):
    assert [v for _, _, v in verdicts(passage, COUNTS)] == [expected]


@pytest.mark.parametrize(
    "passage",
    [
        "The EU fined 12 companies last year.",  # another counted noun
        "Officials from 40 countries attended the summit.",  # no anchor in the sentence
        "The European Union has 24 official languages.",  # `of` does not match
        "Call 555-0127 for EU membership queries.",  # a phone number
    ],
)
def test_mentions_that_are_about_something_else_do_not_link(passage):
    assert verdicts(passage, COUNTS) == []


DATES = """
facts:
  - id: treaty-signed
    date: 1992-02-07
    about: [[treaty, Maastricht]]
  - id: summit-day
    date: 2025-06-24
    about: [summit]
"""


def test_a_year_used_as_an_adjective_is_not_a_date_claim():
    # "the 2004 enlargement" names a thing; it says nothing about when the treaty was signed.
    assert verdicts("The treaty shaped the 2004 enlargement of the bloc.", DATES) == []


def test_an_attributive_year_links_when_its_own_noun_is_the_anchor():
    assert verdicts("Leaders left the 2025 summit early.", DATES) == [
        ("summit-day", "2025", "consistent")
    ]


def test_relative_dates_resolve_against_the_publication_date():
    from datetime import date

    passage = "Leaders met at the summit on Tuesday."
    assert verdicts(passage, DATES, published=date(2025, 6, 26)) == [
        ("summit-day", "Tuesday", "consistent")
    ]
    assert verdicts(passage, DATES, published=date(2025, 7, 3)) == [
        ("summit-day", "Tuesday", "contradiction")
    ]
    assert verdicts(passage, DATES) == [("summit-day", "Tuesday", "unresolved")]


def test_anchors_are_matched_by_lemma_and_case_insensitively():
    assert verdicts("Both TREATIES were signed on Feb. 7, 1992.", DATES) == [
        ("treaty-signed", "Feb. 7, 1992", "consistent")
    ]


def test_paragraph_window_widens_the_anchor_search():
    passage = """
    The Maastricht text was long debated.
    It was signed on 7 February 1992.
    """
    assert verdicts(passage, DATES) == []
    assert verdicts(passage, DATES, window="paragraph") == []  # two paragraphs (two lines)
    one_paragraph = "The Maastricht text was long debated. It was signed on 7 February 1992."
    assert verdicts(one_paragraph, DATES) == []
    assert verdicts(one_paragraph, DATES, window="paragraph") == [
        ("treaty-signed", "7 February 1992", "consistent")
    ]


def test_other_currencies_never_link_to_a_money_fact():
    assert verdicts("Germany put in £31.2 billion of loans.", AID) == []


def test_names_expand_anchors():
    assert verdicts("Berlin contributed €31.2 billion.", AID) == [
        ("german-share", "€31.2 billion", "consistent")
    ]


def test_sidebars_full_of_numbers_raise_nothing():
    passage = """
    Most read
    1. Markets: 3 stocks to watch as rates fall 0.25%
    2. Weather: 40 mm of rain expected on Tuesday
    Sign up for our newsletter. © 2025 The Daily Ledger. All rights reserved.
    Advertisement — Save 50% on your first 12 months.
    """
    facts = AID + COUNTS.split("facts:")[1] + DATES.split("facts:")[1]
    assert verdicts(passage, facts) == []


QUOTES = """
names:
  Maria Lopez: [Lopez, Ms Lopez]
facts:
  - id: no-new-taxes
    quote: We will not raise taxes on working families this year.
    speaker: Maria Lopez
"""


@pytest.mark.parametrize(
    "passage, expected",
    [
        ('"We will not raise taxes on working families this year," Lopez said.', "consistent"),
        ("“We will not raise taxes on working families,” Ms Lopez told reporters.", "consistent"),
        ("Lopez said: “We will never raise taxes on working families this year.”", "misquote"),
        (
            "“We will not raise taxes on working families this year,” said Tom Reyes.",
            "misattributed",
        ),
        ("Lopez promised “not [to] raise taxes on working families”.", "consistent"),
    ],
)
def test_quotes_link_by_wording_and_are_checked_word_by_word(passage, expected):
    assert [v for _, _, v in verdicts(passage, QUOTES)] == [expected]


def test_unrelated_quotes_do_not_link():
    passage = "“We will not be intimidated,” the mayor said. “Families come first.”"
    assert verdicts(passage, QUOTES) == []
