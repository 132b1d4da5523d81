"""Hostile texts (SPEC section 9, "Cost is linear in the input"): right answers at small
sizes, and work that grows with the text, counted rather than timed (the machine is noisy).

Timings at three sizes are in benchmarks/hostile_text.py.
"""

from __future__ import annotations

import random

import pytest
import spacy

from checks.extract.pipeline import parse_source
from checks.extract.tokenizer import AFFIX_WORK_LIMIT, CachingTokenizer, affix_work, too_costly
from checks.facts.factfile import load_fact_file
from checks.facts.values import parse_tolerance, parse_value
from checks.judge import selfchecks, statements
from checks.judge.selfchecks import Gathered, read_for_checks
from checks.link import linking
from checks.link.linking import ClauseMaps, link_source
from checks.read.sources import SourceText
from checks.report import suggest

FACTS = """
names:
  NATO: [alliance]
facts:
  - id: troops
    count: 5
    about: [NATO]
  - id: allies
    count: 32
    of: [allies]
    about: [NATO]
  - id: gdp
    amount: 5 percent
    about: [GDP, [target, goal]]
  - id: us-aid
    amount: 66.5 billion USD
    of: [aid]
    about: [US]
"""


def parsed(nlp, text: str):
    return parse_source(nlp, SourceText("a.txt", text, "", None))


def _tokens(doc):
    return [(t.text, t.idx, t.whitespace_, t.norm_) for t in doc]


# --- the tokenizer -------------------------------------------------------------------------


class _Recording:
    """spaCy's tokenizer, keeping every string it was given."""

    def __init__(self) -> None:
        self.tokenizer = spacy.blank("en").tokenizer
        self.given: list[str] = []

    def __call__(self, text):
        self.given.append(text)
        return self.tokenizer(text)


@pytest.mark.parametrize(
    "text",
    [
        "He said " + '"' * 3_000 + " then.\n",
        "NATO gave (" + "(" * 1_500 + "5 tanks" + ")" * 1_500 + ").\n",
        "“" * 1_000 + " and " + "[" * 700 + "]" * 700,
    ],
)
def test_runs_of_one_mark_keep_spacy_tokens(text):
    """spaCy gives one token per mark in such runs: cutting them changes no token (in runs
    of other marks a token may end at a cut: "’’" is one token of spaCy's)."""
    assert any(too_costly(chunk) for chunk in text.split())
    plain = spacy.blank("en").tokenizer(text)
    doc = CachingTokenizer(spacy.blank("en").tokenizer)(text)
    assert _tokens(doc) == _tokens(plain)
    assert doc.user_data["facts_text"] == text


def test_spacy_is_never_given_a_costly_chunk():
    """The work the affix loop can do is bounded per chunk, so per character."""
    rng = random.Random(5)
    marks = "\"'()[]{}.,;:!?-–—“”‘’«»$%&*#@/\\|"
    text = (
        "It said "
        + "".join(rng.choice(marks + "ab5") for _ in range(20_000))
        + " and "
        + "(" * 5_000
        + " done.\n"
    )
    recording = _Recording()
    doc = CachingTokenizer(recording)(text)
    chunks = [chunk for given in recording.given for chunk in given.split()]
    assert max(affix_work(chunk) for chunk in chunks) <= AFFIX_WORK_LIMIT
    # Every token is where the text has it, and nothing is lost or added.
    assert "".join(t.text_with_ws for t in doc) == text
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)
    assert doc.user_data["facts_text"] == text


def test_ordinary_long_chunks_are_not_cut():
    url = (
        "https://www.example.com/news/2025/2/12/hegseth-says-return-to-ukraines-pre-2014-"
        "borders-unrealistic?utm_source=newsletter&utm_medium=email&utm_campaign=daily"
    )
    words = "-".join(["state-of-the-art"] * 10)
    for chunk in (url, words, "a" * 10_000, "5" * 10_000):
        assert not too_costly(chunk), chunk[:40]
    text = f"See {url} and {words}, (e.g. here).\n"
    assert _tokens(CachingTokenizer(spacy.blank("en").tokenizer)(text)) == _tokens(
        spacy.blank("en").tokenizer(text)
    )


def test_mentions_inside_and_after_hostile_runs_are_where_the_text_has_them(nlp):
    text = (
        "Quote marks "
        + '"' * 2_000
        + " end. NATO gave ("
        + "(" * 1_000
        + "5 tanks"
        + ")" * 1_000
        + ").\nThe US sent $66.5 billion in aid.\n"
    )
    source = parsed(nlp, text)
    said = {(m.text, m.noun) for m in source.mentions}
    assert {("5", "tanks"), ("$66.5 billion", "aid")} <= said
    for mention in source.mentions:
        assert text[mention.start : mention.end] == mention.text


# --- linking ---------------------------------------------------------------------------------


def _closeness_by_scanning(parsed, mention, fact, names, window, clause_maps):
    """``anchor_closeness`` as it was: every occurrence of every anchor in the scope."""
    sentence = parsed.sentences[mention.sentence]
    clauses = clause_maps(mention.sentence)
    home = clauses[mention.first_token]
    if not fact.about:
        return ((0.0, 0.0, 0) if fact.of else (2.0, float(linking.FAR), 0)), frozenset()
    scopes = [sentence]
    if window == "paragraph":
        scopes = [s for s in parsed.sentences if s.paragraph == sentence.paragraph]
    tiers, distances, used = [], [], []
    in_home = bool(fact.of)
    for alternatives in linking.anchor_keys(fact.about, tuple(names.items())):
        best = None
        for keys in alternatives:
            for scope in scopes:
                for position in linking._occurrences(scope, keys):
                    own_phrase = (
                        mention.last_token <= position < linking.own_phrase_end(sentence, mention)
                    )  # a relative clause on the value's own noun
                    if scope is sentence and clauses[position] not in (0, home) and not own_phrase:
                        continue
                    found = (
                        linking._tier(sentence, mention, position, len(keys), clauses)
                        if scope is sentence
                        else (3, linking.FAR)
                    )
                    in_home = in_home or scope is sentence and clauses[position] == home
                    if best is None or found < best[:2]:
                        best = (*found, (scope.start, position))
        if best is None:
            return None
        tiers.append(best[0])
        distances.append(best[1])
        used.append(best[2])
    if home != 0 and not in_home:
        return None
    return (sum(tiers) / len(tiers), sum(distances) / len(distances), -len(tiers)), frozenset(used)


_WORDS = [
    "NATO",
    "alliance",
    "GDP",
    "target",
    "goal",
    "US",
    "aid",
    "allies",
    "said",
    "which",
    "after",
    "including",
    "(",
    ")",
    ",",
    ",",
    "the",
    "of",
    "5",
    "32",
    "5 percent",
    "$66.5 billion",
    "5 allies",
    "in",
    "and",
    "if",
    ";",
    "\n\n",
    ".",
    "It",
]


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("window", ["sentence", "paragraph"])
def test_nearest_anchors_are_what_a_scan_of_every_occurrence_finds(nlp, seed, window):
    """Looking only at the occurrences that can be nearest gives what scanning all gave."""
    rng = random.Random(seed)
    text = " ".join(rng.choice(_WORDS) for _ in range(400)) + ".\n"
    source = parsed(nlp, text)
    fact_file = load_fact_file("f.yaml", FACTS, parse_value, parse_tolerance)
    maps = ClauseMaps(source)
    compared = 0
    for mention in source.mentions:
        for fact in fact_file.facts:
            if fact.kind != mention.kind:
                continue
            compared += 1
            assert linking.anchor_closeness(
                source, mention, fact, fact_file.names, window, maps
            ) == _closeness_by_scanning(source, mention, fact, fact_file.names, window, maps)
    assert compared > 20


def test_anchors_looked_at_per_mention_do_not_grow_with_the_sentence(nlp, monkeypatch):
    looked_at = []
    nearest = linking._nearest_occurrences

    def counting(*args):
        found = nearest(*args)
        looked_at.append(len(found))
        return found

    monkeypatch.setattr(linking, "_nearest_occurrences", counting)
    fact_file = load_fact_file("f.yaml", FACTS, parse_value, parse_tolerance)
    facts = [(f, f.value) for f in fact_file.facts]
    for repeats in (100, 1_000):
        looked_at.clear()
        source = parsed(nlp, "NATO said" + " 5 NATO," * repeats + " 5.\n")
        links = link_source(source, facts, fact_file.names)
        assert len(links) == repeats + 1
        assert all(link.fact.id == "troops" for link in links)
        assert max(looked_at) <= 4


# --- checks that need no fact, and suggest ---------------------------------------------------


def test_a_sentence_listing_many_values_states_none_of_them(nlp):
    listed = "NATO figures were 5" + ", 5" * statements.MAX_VALUES_PER_SENTENCE + ".\n"
    few = "NATO figures were 5" + ", 5" * (statements.MAX_VALUES_PER_SENTENCE - 1) + ".\n"
    assert statements.statements({"a.txt": parsed(nlp, listed)}) == []
    assert (
        len(statements.statements({"a.txt": parsed(nlp, few)}))
        == statements.MAX_VALUES_PER_SENTENCE
    )


def test_statements_share_their_sentence_and_read_words_near_the_value(nlp):
    words = " ".join(f"word{i}x" for i in range(3 * statements.CONTEXT_TOKENS))
    text = f"Officials said 5 allies {words} and 7 allies {words} met.\n"
    found = statements.statements({"a.txt": parsed(nlp, text)})
    assert len(found) == 2
    assert found[0].sentence is found[1].sentence == " ".join(text.split())
    for statement in found:
        assert len(statement.words) <= 2 * statements.CONTEXT_TOKENS
    assert "official" in found[0].around and "official" not in found[1].around


def test_two_values_compares_each_value_with_a_bounded_number_of_others(nlp, monkeypatch):
    compared = []
    same_terms = selfchecks._same_terms

    def counting(a, b, common):
        compared.append((a, b))
        return same_terms(a, b, common)

    monkeypatch.setattr(selfchecks, "_same_terms", counting)
    for sentences in (100, 400):
        compared.clear()
        # Other values around, so that the bridge's words are not the story's common words.
        text = "".join(
            f"The bridge in Vienna carries {1001 + 2 * i} vehicles on the Danube.\n\n"
            f"Team{i} won {i + 1} matches in Town{i}, and Club{i} lost {i + 2} "
            f"games.\n\nMayor{i} opened {i + 3} schools.\n\n"
            for i in range(sentences)
        )
        gathered = Gathered()
        gathered.add("a.txt", read_for_checks(parsed(nlp, text)))
        findings = gathered.findings()["a.txt"]
        assert len(compared) <= selfchecks.PARTNERS * 4 * sentences  # 4 values each
        # Each value is told of the ones before it, up to PARTNERS of them.
        told = [f for f in findings if "count of vehicles" in f.message]
        assert len(told) == sum(min(i, selfchecks.PARTNERS) for i in range(sentences))


def test_suggest_never_pairs_values_of_one_source(nlp, monkeypatch):
    pairs = []
    evidence = suggest._evidence

    def counting(a, b, weights):
        pairs.append((a.source, b.source))
        return evidence(a, b, weights)

    monkeypatch.setattr(suggest, "_evidence", counting)
    text = "".join(
        f"The bridge in Vienna carries {1000 + i} vehicles.\n\nTeam{i} won {i + 1} "
        f"matches in Town{i}.\n\nMayor{i} opened {i + 3} schools.\n\n"
        for i in range(50)
    )
    one = parsed(nlp, text)
    other = parse_source(
        nlp, SourceText("b.txt", "The bridge in Vienna carries 1000 vehicles.\n", "", None)
    )
    groups = suggest.group_statements(statements.statements({"a.txt": one, "b.txt": other}))
    assert pairs and all(a != b for a, b in pairs)
    assert len(pairs) == 50  # b's one value of vehicles with each of a's
    assert [len(g.statements) for g in groups if g.noun_text == "vehicles"] == [51]
