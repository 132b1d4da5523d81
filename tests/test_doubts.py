"""SPEC 4's certainty tests (checks.link.doubts): each turns a would-be failure into `uncertain`,
and its certain twin still fails. Sentences of our own."""

from __future__ import annotations

import pytest

from checks.extract.pipeline import load_pipeline, parse_source
from checks.facts.factfile import load_fact_file
from checks.facts.values import parse_tolerance, parse_value
from checks.read.sources import SourceText
from checks.run.engine import check_parsed

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
  - id: price-per-ticket
    amount: 40 USD
    of: [ticket]
  - id: bridge-cost
    amount: 2 billion USD
    of: [bridge]
  - id: ferries-sold
    count: 12
    of: [ferries]
    about: [sold]
  - id: ferries-kept
    count: 28
    of: [ferries]
    about: [kept]
"""


def verdicts(sentence: str, published: str | None = "2025-03-07") -> dict[str, tuple[str, str]]:
    """(fact id, mention) -> (verdict, detail) for every link of the sentence."""
    from datetime import date

    fact_file = load_fact_file("f.yaml", FACTS, parse_value, parse_tolerance)
    parsed = parse_source(load_pipeline(), SourceText("a.txt", sentence + "\n", "", None))
    day = date.fromisoformat(published) if published else None
    return {
        (fact.id, link.mention.text): (
            link.verdict.value,
            link.judgement.doubt or link.judgement.detail,
        )
        for fact, link in check_parsed(parsed, fact_file, published=day)
    }


@pytest.mark.parametrize(
    "doubtful, certain, reason",
    [
        # test 4: a referent-change word in the mention's own phrase
        (
            "The previous police budget of $61 million was cut.",
            "The police budget of $61 million was cut.",
            "`previous` marks another figure",
        ),
        (
            "Last year's police budget of $61 million was cut.",
            "This police budget of $61 million was cut.",
            "`last year",
        ),
        # test 4: the earlier term of a comparison
        (
            "Revenue rose to $9.4 billion, up from $8.1 billion.",
            "Revenue reached $8.1 billion.",
            "the value follows `up from`",
        ),
        (
            "Revenue went from $8.1 billion in 2023 to $9.4 billion.",
            "Revenue grew to $8.1 billion.",
            "the value follows `from`",
        ),
        (
            "Revenue was $8.1 billion previously.",
            "Revenue was $8.1 billion this spring.",
            "followed by `previously`",
        ),
        # test 5: a date attached to a reporting verb
        (
            "The council voted, the clerk said Thursday.",
            "The council voted on Thursday.",
            "dates the statement",
        ),
        # test 1: an anchor only in an opening phrase set off by a comma
        (
            "Recalling the vote, the mayor spoke on Thursday.",
            "The vote was held on Thursday.",
            "opening phrase",
        ),
        # test 1: an anchor beyond a break in the sentence
        (
            "The sinking was mourned; divers returned on June 5.",
            "The sinking came on June 5.",
            "stands beyond `;`",
        ),
        # test 6: one fact, two values in the sentence: the closer one keeps the link
        (
            "Of 30 ferries on the list, the board sold 12 ferries.",
            "The board sold 14 ferries.",
            "fits `ferries-sold` better",
        ),
        # SPEC 4: a measure's `of` noun must be in the value's own phrase
        (
            "Bridge shares fell to $3 billion.",
            "The bridge of $3 billion opened.",
            "`bridge` is not in the value's own phrase",
        ),
        # test 4: the sentence's subject is another thing of the kind
        (
            "Its previous police budget, drawn up in May, came to $61 million.",
            "Its police budget, drawn up in May, came to $61 million.",
            "the sentence is about",
        ),
        # test 5: a reporting verb with its object before the date
        (
            "The clerk announced the council vote on Thursday.",
            "The council vote took place on Thursday.",
            "dates the statement",
        ),
        # a value inside an opening attribution
        (
            "According to a report on the vote last Thursday, the council acted.",
            "The council held the vote last Thursday.",
            "attribution",
        ),
        # test 1: a reduced relative clause dates its own verb
        (
            "The ferry bought by the board in June 2024 was lost in the sinking.",
            "The ferry was lost in the sinking of June 2024.",
            "dates `bought`",
        ),
        # test 1: the value is in a relative clause on another noun
        (
            "The Harbour Board levy funds a yard that builds 14 percent of the hulls.",
            "The Harbour Board raised its levy to 14 percent.",
            "in a clause about `yard`",
        ),
        # test 2: the anchor is only the reference point of the value
        (
            "Two weeks into the sinking inquiry the wreck was found on June 20.",
            "The sinking inquiry closed on June 20.",
            "reference point of `into`",
        ),
        # test 4: a referent word after the value, and a difference rather than an amount
        (
            "The police budget of $61 million in the previous year was cut.",
            "The police budget of $61 million was cut.",
            "`previous` marks another figure",
        ),
        (
            "The police budget is $3 million larger than last year's.",
            "The police budget is $3 million.",
            "the value is a difference",
        ),
        # test 6: two facts as close to the mention as each other
        (
            "The Harbour Board's levy and fee rose to 14 percent.",
            "The Harbour Board's levy rose to 14 percent.",
            "also fits",
        ),
    ],
)
def test_a_doubt_makes_a_would_be_failure_uncertain(doubtful, certain, reason):
    found = verdicts(doubtful)
    uncertain = {
        fact: detail for fact, (verdict, detail) in found.items() if verdict == "uncertain"
    }
    assert uncertain and any(reason in detail for detail in uncertain.values()), found
    assert not any(
        verdict in ("contradiction", "misquote", "misattributed") for verdict, _ in found.values()
    ), found
    twin = verdicts(certain)
    assert any(verdict == "contradiction" for verdict, _ in twin.values()), twin


def test_a_doubtful_link_that_agrees_stays_consistent():
    found = verdicts("The previous police budget of $58 million was kept.")
    assert found[("budget", "$58 million")][0] == "consistent"


def test_a_bracketed_insertion_between_anchor_and_value_is_no_break():
    found = verdicts("The police budget (the city's largest) is $61 million.")
    assert found[("budget", "$61 million")][0] == "contradiction"


def test_a_fact_whose_anchors_carry_the_word_is_certain():
    fact_file = load_fact_file(
        "f.yaml",
        """
facts:
  - id: first-offer
    amount: 70 USD
    about: [[first offer]]
""",
        parse_value,
        parse_tolerance,
    )
    parsed = parse_source(
        load_pipeline(), SourceText("a.txt", "Its first offer of $75 was rejected.\n", "", None)
    )
    [(_, link)] = check_parsed(parsed, fact_file)
    assert link.verdict.value == "contradiction"


def test_a_price_per_something_is_only_about_a_fact_of_that_something():
    found = verdicts("Tickets to the $7 billion bridge sold at $45 a ticket.")
    assert found[("price-per-ticket", "$45")][0] == "contradiction"
    assert not any(fact == "bridge-cost" and text == "$45" for fact, text in found)


def test_a_verb_of_measuring_ties_the_value_to_its_subject():
    found = verdicts("The bridge will cost some $3 billion.")
    assert found[("bridge-cost", "some $3 billion")][0] == "contradiction"


def test_a_participle_before_its_noun_is_no_verb_of_the_date():
    found = verdicts("The sinking of the damaged ferry came on June 5.")
    assert found[("ferry-sinking", "June 5")][0] == "contradiction"


def test_a_relative_clause_on_the_values_noun_holds_its_own_anchors():
    """ "the 30 ferries which it kept": the clause says which ferries, so `kept` is the
    value's own anchor (it was out of reach in a clause of its own)."""
    found = verdicts("The board repainted the 30 ferries which it kept.")
    assert found[("ferries-kept", "30")][0] == "contradiction"


def test_a_verbs_particle_before_a_number_is_no_qualifier():
    """ "handed over 21 ferries" hands over exactly 21; "cost over $20" is more than $20."""
    from checks.extract.pipeline import load_pipeline, parse_source

    parsed = parse_source(
        load_pipeline(),
        SourceText(
            "a.txt", "The crew handed over 21 ferries. The repair cost over $20.\n", "", None
        ),
    )
    by_text = {m.text: m.interval for m in parsed.mentions if m.kind in ("count", "amount")}
    assert by_text["21"].low == by_text["21"].high == 21
    assert "over $20" in by_text


def test_a_fact_resting_on_the_same_of_noun_and_more_anchors_wins():
    """ "$45 a ticket" for the bridge: a fact of tickets about the bridge beats one of tickets
    alone (both match `of`; the first also has its anchor)."""
    fact_file = load_fact_file(
        "f.yaml",
        """
facts:
  - id: any-ticket
    amount: 40 USD
    of: [ticket]
  - id: bridge-ticket
    amount: 45 USD
    of: [ticket]
    about: [bridge]
""",
        parse_value,
        parse_tolerance,
    )
    parsed = parse_source(
        load_pipeline(), SourceText("a.txt", "Crossing the bridge costs $45 a ticket.\n", "", None)
    )
    [(fact, link)] = check_parsed(parsed, fact_file)
    assert (fact.id, link.verdict.value) == ("bridge-ticket", "consistent")


def test_a_quotation_holding_two_canonical_quotes_is_compared_with_each():
    """SPEC 4: one quotation, two canonical wordings: each gets its own verdict; a short
    quotation sharing only a stock phrase with another canonical quote is not compared."""
    fact_file = load_fact_file(
        "f.yaml",
        """
facts:
  - id: first-words
    quote: We opened the new bridge this morning after four years of work.
    speaker: Ana Lopez
  - id: second-words
    quote: The crossing will save commuters twenty minutes every day.
    speaker: Ana Lopez
  - id: short-words
    quote: The work will continue.
    speaker: Ana Lopez
""",
        parse_value,
        parse_tolerance,
    )
    text = (
        "“We opened the new bridge this morning after four years of work. The crossing "
        "will save commuters thirty minutes every day,” Ana Lopez said.\\n"
    )
    parsed = parse_source(load_pipeline(), SourceText("a.txt", text, "", None))
    verdicts_by_fact = {
        fact.id: link.verdict.value for fact, link in check_parsed(parsed, fact_file)
    }
    assert verdicts_by_fact == {"first-words": "consistent", "second-words": "misquote"}


def test_an_anchor_that_only_modifies_a_noun_is_weak_when_another_fact_could_take_it():
    """SPEC 4, test 3: "the repaired ferry" (the participle only modifies "ferry")."""
    from checks.link.doubts import Placement, modifier_anchor

    parsed = parse_source(
        load_pipeline(),
        SourceText(
            "a.txt",
            "The repaired ferry sank on June 9. The ferry was repaired on June 9.\n",
            "",
            None,
        ),
    )
    fact_file = load_fact_file("f.yaml", FACTS, parse_value, parse_tolerance)
    rival = fact_file.facts[0]
    found = []
    for mention in (m for m in parsed.mentions if m.kind == "date"):
        sentence = parsed.sentences[mention.sentence]
        anchor = sentence.keys.index("repaired")
        placement = Placement(
            mention,
            sentence,
            rival,
            frozenset({"repaired"}),
            (1.0, 3.0),
            ((rival, (1.0, 5.0)),),
            (anchor,),
        )
        found.append(modifier_anchor(placement))
        assert (
            modifier_anchor(
                Placement(
                    mention, sentence, rival, frozenset({"repaired"}), (1.0, 3.0), (), (anchor,)
                )
            )
            is None
        )  # no rival
    assert found == ["`repaired` only modifies `ferry`", None]


def test_end_to_end_doubtful_sentences_warn_and_their_certain_twins_fail(pytester):
    """As users run it: each sentence of a doubtful kind passes with an `uncertain` warning
    naming its doubt; the same figure in a plain sentence fails the run."""
    pytester.makeini("[pytest]\ntestpaths = expectations\nfacts_sources = sources/*\n")
    pytester.mkdir("expectations")
    pytester.mkdir("sources")
    (pytester.path / "expectations" / "story.yaml").write_text(
        "published:\n  sources/*: 2025-03-07\n" + FACTS, encoding="utf-8"
    )
    (pytester.path / "sources" / "doubtful.txt").write_text(
        "Revenue rose to $9.4 billion, up from $8.1 billion.\n\n"
        "The council voted, the clerk said Thursday.\n\n"
        "The previous police budget of $61 million was cut.\n",
        encoding="utf-8",
    )
    (pytester.path / "sources" / "certain.txt").write_text(
        "Revenue reached $8.1 billion.\n\nThe council voted on Thursday.\n\n"
        "The police budget of $61 million was cut.\n",
        encoding="utf-8",
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-rA", "-k", "doubtful or certain")
    output = result.stdout.str()
    for doubt in (
        "the value follows `up from`",
        "dates the statement",
        "`previous` marks another figure",
    ):
        assert f"doubt:        {doubt}" in output
    failed = {line.split(" ")[1] for line in result.stdout.lines if line.startswith("FAILED ")}
    assert failed == {
        "expectations/story.yaml::revenue[sources/certain.txt]",
        "expectations/story.yaml::budget-vote[sources/certain.txt]",
        "expectations/story.yaml::budget[sources/certain.txt]",
    }
    import json

    verdicts = {
        (r["fact"], r["source"]): r["verdict"]
        for r in json.loads((pytester.path / "reports" / "facts.json").read_text())["results"]
        if r["source"]
    }
    assert verdicts[("revenue", "sources/doubtful.txt")] == "uncertain"


@pytest.mark.parametrize(
    "sentence, fact_id",
    [
        ("Revenue in the first quarter rose to $9.8 billion.", "revenue"),
        ("Former chief Ana Ruiz said the police budget would be $61 million.", "budget"),
        ("The council voted on a police budget that totals $61 million.", "budget"),
        ("Revenue, up from $8.1 billion, reached $9.8 billion.", "revenue"),
        ("The police budget — approved after a long debate — is $61 million.", "budget"),
        ("The vote will be held next Tuesday.", "budget-vote"),
    ],
)
def test_plain_contradictions_stay_certain(sentence, fact_id):
    """Reviewed regressions: words that only look like doubts must not hide these."""
    found = verdicts(sentence)
    assert any(
        fact == fact_id and verdict == "contradiction" for (fact, _), (verdict, _) in found.items()
    ), found


E2E_FACTS = (
    FACTS
    + """  - id: ferry-repaired
    date: 2025-05-01
    about: [repaired]
"""
)


@pytest.mark.parametrize(
    "rule, doubtful, certain, doubt",
    [
        (
            "1 own clause",
            "The sinking was mourned; divers returned on June 5.",
            "The sinking came on June 5.",
            "stands beyond `;`",
        ),
        (
            "2 reference point",
            "Two weeks into the sinking inquiry the wreck was found on June 20.",
            "The sinking inquiry closed on June 20.",
            "reference point of `into`",
        ),
        (
            "3 modifier",
            "The sinking of the repaired ferry came on June 5.",
            "The ferry was repaired on June 5.",
            "`repaired` only modifies `ferry`",
        ),
        (
            "4 same referent",
            "The previous police budget of $61 million was cut.",
            "The police budget of $61 million was cut.",
            "`previous` marks another figure",
        ),
        (
            "5 telling, not the event",
            "The council voted, the clerk said Thursday.",
            "The council voted on June 26.",
            "dates the statement",
        ),
        (
            "6 one winner",
            "The Harbour Board's levy and fee rose to 14 percent.",
            "The Harbour Board's levy rose to 14 percent.",
            "also fits",
        ),
    ],
)
def test_each_certainty_test_end_to_end(pytester, rule, doubtful, certain, doubt):
    """SPEC 4's six certainty tests as users meet them: the doubtful sentence passes with an
    `uncertain` warning naming its doubt; its certain twin fails the run."""
    pytester.makeini("[pytest]\ntestpaths = expectations\nfacts_sources = sources/*\n")
    pytester.mkdir("expectations")
    pytester.mkdir("sources")
    (pytester.path / "expectations" / "story.yaml").write_text(
        "published:\n  sources/*: 2025-07-04\n" + E2E_FACTS, encoding="utf-8"
    )
    (pytester.path / "sources" / "doubtful.txt").write_text(doubtful + "\n", encoding="utf-8")
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.OK, rule
    assert any(
        line.strip().startswith("doubt:") and doubt in line for line in result.stdout.lines
    ), rule
    (pytester.path / "sources" / "doubtful.txt").write_text(certain + "\n", encoding="utf-8")
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, rule


def test_a_fact_another_value_of_the_sentence_wins_is_no_rival():
    """SPEC 4, test 6, jointly: "sold 12 ferries and kept 28 ferries": `ferries-kept` wins
    28, so it does not make 12 a tie for `ferries-sold`."""
    found = verdicts("The board sold 14 ferries and kept 28 ferries.")
    assert found[("ferries-sold", "14")][0] == "contradiction"
    assert found[("ferries-kept", "28")][0] == "consistent"


def test_a_rivals_anchor_after_and_opens_another_verb_phrase():
    """ "sold 14 ferries and kept 40": `kept` belongs to the 40, so 14 is certainly the
    ferries sold, not a tie with the ferries kept."""
    found = verdicts("The board sold 14 ferries and kept 40.")
    assert found[("ferries-sold", "14")][0] == "contradiction"
