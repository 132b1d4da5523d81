"""Clauses from a trained pipeline's dependency parse (SPEC 4), and where a value's noun
words end. The parse is written by hand here, so no trained pipeline is needed."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from checks.extract.pipeline import _clause_heads, _numbered, load_pipeline, parse_source
from checks.read.sources import SourceText


def _doc(words, heads, deps, pos):
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos)


def test_a_relative_clause_and_a_joined_verb_are_clauses_of_their_own():
    # "The ferry , which sank , carried 40 and lost 9 ."
    words = ["The", "ferry", ",", "which", "sank", ",", "carried", "40", "and", "lost", "9", "."]
    heads = [1, 6, 1, 4, 1, 1, 6, 6, 6, 6, 9, 6]
    deps = [
        "det",
        "nsubj",
        "punct",
        "nsubj",
        "relcl",
        "punct",
        "ROOT",
        "dobj",
        "cc",
        "conj",
        "dobj",
        "punct",
    ]
    pos = [
        "DET",
        "NOUN",
        "PUNCT",
        "PRON",
        "VERB",
        "PUNCT",
        "VERB",
        "NUM",
        "CCONJ",
        "VERB",
        "NUM",
        "PUNCT",
    ]
    heads_of, roots = _clause_heads(_doc(words, heads, deps, pos))
    clauses = _numbered(heads_of, roots)
    assert clauses[6] == clauses[7] == clauses[1] == 0  # carried 40: the main clause
    assert clauses[3] == clauses[4] != 0  # which sank
    assert clauses[9] == clauses[10] not in (0, clauses[4])  # lost 9


def test_the_main_clause_is_the_roots_even_when_another_is_longer():
    # "Owners sold , arguing that the old ferry was worth far more ."
    words = [
        "Owners",
        "sold",
        ",",
        "arguing",
        "that",
        "the",
        "old",
        "ferry",
        "was",
        "worth",
        "far",
        "more",
        ".",
    ]
    heads = [1, 1, 1, 1, 8, 7, 7, 8, 3, 8, 11, 9, 1]
    deps = [
        "nsubj",
        "ROOT",
        "punct",
        "advcl",
        "mark",
        "det",
        "amod",
        "nsubj",
        "ccomp",
        "acomp",
        "advmod",
        "npadvmod",
        "punct",
    ]
    pos = [
        "NOUN",
        "VERB",
        "PUNCT",
        "VERB",
        "SCONJ",
        "DET",
        "ADJ",
        "NOUN",
        "AUX",
        "ADJ",
        "ADV",
        "ADJ",
        "PUNCT",
    ]
    heads_of, roots = _clause_heads(_doc(words, heads, deps, pos))
    clauses = _numbered(heads_of, roots)
    assert clauses[0] == clauses[1] == 0 and clauses[7] != 0


def test_a_rate_values_noun_words_end_past_its_article():
    """ "$82 a share" ends after "share", two tokens past the value: a relative clause right
    after it is on the value's noun."""
    text = "They paid the $82 a share that the board set. A $48-a-share offer came.\n"
    parsed = parse_source(load_pipeline(), SourceText("a.txt", text, "", None))
    ends = [parsed.sentences[m.sentence].keys[m.first_token : m.noun_end] for m in parsed.mentions]
    assert ends[0] == ("$", "82", "a", "share")
    assert ends[1][:7] == ("$", "48", "-", "a", "-", "share", "offer")
