"""Doubts about which event a mention speaks of: the anchor verb acting on another thing
than the event's counts count, an anchor only in a clause describing the value's noun,
clauses joined by "but" or a spaced hyphen. Sentences of our own; each doubtful sentence has
a certain twin that still fails."""

from __future__ import annotations

from datetime import date

import pytest
from passages import fact_file

from checks.extract.pipeline import load_pipeline, parse_source
from checks.extract.quantities import find_quantities
from checks.read.sources import SourceText
from checks.run.engine import check_parsed

FACTS = """
facts:
  - id: rescue-date
    date: 2025-06-10
    about: [[rescued, rescue]]
  - id: climbers-rescued
    count: 6
    of: [climbers, hikers]
    about: [[rescued, rescue]]
  - id: climbers-stranded
    count: 9
    of: [climbers]
    about: [stranded]
"""


def verdicts(sentence: str) -> dict[tuple[str, str], tuple[str, str]]:
    parsed = parse_source(load_pipeline(), SourceText("a.txt", sentence + "\n", "", None))
    return {
        (fact.id, link.mention.text): (
            link.verdict.value,
            link.judgement.doubt or link.judgement.detail,
        )
        for fact, link in check_parsed(parsed, fact_file(FACTS), published=date(2025, 6, 20))
    }


@pytest.mark.parametrize(
    "doubtful, certain, fact, mention, reason",
    [
        # The passive's subject is not what the event's count counts (climbers, hikers).
        (
            "Two dogs were rescued on June 8.",
            "The climbers were rescued on June 8.",
            "rescue-date",
            "June 8",
            "`rescued` acts on `dog`",
        ),
        # ... nor is the active verb's object.
        (
            "Rangers rescued a helicopter crew on June 8.",
            "Rangers rescued the climbers on June 8.",
            "rescue-date",
            "June 8",
            "`rescued` acts on `crew`",
        ),
        # The winner's anchor only says which climbers; the sentence is about their rescue.
        (
            "The rescue of 8 climbers who were stranded on the ridge ended well.",
            "8 climbers who were stranded on the ridge walked down.",
            "climbers-stranded",
            "8",
            "`stranded` is in a clause describing `climbers`",
        ),
        # A dash typed as a spaced hyphen, and "but", join two clauses.
        (
            "The climbers were rescued - the storm ended on June 12.",
            "The well-known climbers were rescued on June 12.",
            "rescue-date",
            "June 12",
            "stands beyond `-`",
        ),
        (
            "Rangers rescued 7 climbers, but the storm ended on June 12.",
            "Rangers rescued 7 climbers and the storm ended on June 12.",
            "rescue-date",
            "June 12",
            "beyond",
        ),
        # The value agrees with a fact another value of the sentence won.
        (
            "Rangers rescue 6 stranded climbers but leave 40 hikers.",
            "Rangers rescue 5 stranded climbers but leave 40 hikers.",
            "climbers-stranded",
            None,
            "also fits `climbers-rescued`, which it agrees with",
        ),
    ],
)
def test_a_doubt_about_the_event_and_its_certain_twin(doubtful, certain, fact, mention, reason):
    found = verdicts(doubtful)
    key = (fact, mention or "6")
    assert found[key][0] == "uncertain" and reason in found[key][1], found
    key = (fact, mention or "5")
    assert verdicts(certain)[key][0] == "contradiction", verdicts(certain)


def test_a_verb_that_can_name_a_version_is_read_as_a_verb_before_a_count():
    assert [q.kind for q in find_quantities("The rebels release 21 hostages.", [])] == ["count"]
    assert find_quantities("The bug was fixed in release 21.", []) == []
    assert find_quantities("Release 21 is out.", []) == []


def test_others_counts_what_the_count_before_it_counts():
    """ "30 climbers and ... 12 others": the 12 are climbers too."""
    found = verdicts("The storm injured 30 climbers and stranded 12 others on the ridge.")
    assert found[("climbers-stranded", "12")][0] == "contradiction", found


def test_a_values_phrase_ends_at_since():
    """ "12 climbers in huts since rescue stalled": the rescue is in another clause,
    not in the phrase of the 12."""
    found = verdicts("The storm stranded 12 climbers in huts since rescue stalled.")
    assert found[("climbers-stranded", "12")][0] == "contradiction", found


def test_agreeing_with_an_open_ended_fact_is_no_doubt():
    """Any large count agrees with "more than 20": that says nothing of which fact it is."""
    facts = (
        FACTS
        + """  - id: hikers-lost
    count: more than 20
    of: [hikers]
    about: [lost]
  - id: hikers-found
    count: 6
    of: [hikers]
    about: [found]
"""
    )
    parsed = parse_source(
        load_pipeline(),
        SourceText("a.txt", "Rangers found 35 hikers and the lost party.\n", "", None),
    )
    found = {
        (fact.id, link.mention.text): link.verdict.value
        for fact, link in check_parsed(parsed, fact_file(facts))
    }
    assert found[("hikers-found", "35")] == "contradiction", found


NATO_FACTS = """
facts:
  - id: alliance-meeting
    date: 2025-06-24
    about: [Alliance]
  - id: summit-date
    date: 2025-06-25
    about: [summit]
"""


@pytest.mark.parametrize(
    "sentence, verdict",
    [
        # SPEC 4, test 3: a name that only modifies a noun, with another fact a candidate.
        ("The summit was held in a tent outside Alliance headquarters on June 5.", "uncertain"),
        ("The summit was held in a tent outside the Alliance on June 5.", "contradiction"),
        ("The Alliance met on June 5.", "contradiction"),
    ],
)
def test_a_name_that_only_modifies_a_noun_is_weak_support(sentence, verdict):
    parsed = parse_source(load_pipeline(), SourceText("a.txt", sentence + "\n", "", None))
    found = {
        fact.id: link
        for fact, link in check_parsed(parsed, fact_file(NATO_FACTS), published=date(2025, 7, 1))
    }
    assert found["alliance-meeting"].verdict.value == verdict
    if verdict == "uncertain":
        assert (
            "`Alliance` only modifies `headquarters`" in found["alliance-meeting"].judgement.doubt
        )


def test_but_with_the_same_subject_is_no_break():
    """ "Rangers were tired but rescued the climbers on June 12": one subject, one clause
    for the anchor's purpose; the date stays certain."""
    found = verdicts("Rangers were tired but rescued the climbers on June 12.")
    assert found[("rescue-date", "June 12")][0] == "contradiction", found


def test_a_pronoun_subject_says_nothing_of_what_was_acted_on():
    found = verdicts("They were rescued on June 8.")
    assert found[("rescue-date", "June 8")][0] == "contradiction", found


@pytest.mark.parametrize(
    "sentence, word, modifies",
    [
        ("The summit met outside Alliance headquarters.", "alliance", True),
        ("Strikes cost the Alliance a week.", "strike", False),  # opens the sentence
        ("On Monday the Alliance expects to meet.", "alliance", False),  # before its verb
        ("On Monday the Alliance cuts 300 posts.", "alliance", False),
    ],
)
def test_a_name_modifies_a_noun_only_inside_a_sentence_and_before_a_noun(sentence, word, modifies):
    from checks.link.doubts import _name_before_noun

    parsed = parse_source(load_pipeline(), SourceText("a.txt", sentence + "\n", "", None))
    only = parsed.sentences[0]
    assert _name_before_noun(only, only.keys.index(word)) is modifies
