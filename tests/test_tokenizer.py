"""The caching tokenizer gives spaCy's tokens, whatever it has seen before."""

from __future__ import annotations

from pathlib import Path

import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.extract.tokenizer import CachingTokenizer

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").iterdir())

# Special cases, affixes, URLs, emoticons and whitespace runs: what spaCy's cache and its
# special-case pass treat differently from a plain word.
TRICKY = [
    "Don't stop. The U.S. said it's fine (e.g. here).",
    "  Leading spaces,\ttabs\t\tand\r\nCRLF\n\n\nblank lines \n trailing  ",
    "$126bn, €5m, 20%-30%, 3.5km/h; 1,000,000+ (approx.) :) :-( <3",
    "See https://example.com/a?b=c and mail@example.org, 'quoted' “curly” ‘single’.",
    "I'm, you're, we'll, they'd, can't, won't, ain't, y'all, o'clock, rock 'n' roll.",
    "Mr. Smith vs. Dr. Jones, Jan. 5, a.m., p.m., Inc., Ltd., etc... ?!",
    "non\u00a0breaking\u2009thin\u2028line\u3000ideographic space",
    "",
    "   ",
    "word",
]


def _tokens(doc):
    return [(t.text, t.idx, t.whitespace_, t.norm_) for t in doc]


def test_same_tokens_as_spacy_over_a_run_of_texts():
    plain = spacy.blank("en").tokenizer
    caching = CachingTokenizer(spacy.blank("en").tokenizer)
    texts = TRICKY + [p.read_text(encoding="utf-8", errors="replace") for p in SEEDS]
    # Twice over: the second time every chunk comes from the cache.
    for text in texts + texts:
        assert _tokens(caching(text)) == _tokens(plain(text)), text[:60]


def test_keeps_the_text_it_was_given():
    caching = CachingTokenizer(spacy.blank("en").tokenizer)
    text = "It  said:\n“No.”  "
    assert caching(text).user_data["facts_text"] == text


def test_each_chunk_is_remembered_once_and_the_memory_is_bounded():
    caching = CachingTokenizer(spacy.blank("en").tokenizer, cache_size=4)
    caching("one two two three")
    assert caching.seen == {"one", "two", "three"}
    caching("three two one")
    assert caching.seen == {"one", "two", "three"}
    caching("four five six")
    assert len(caching.seen) == 4  # up to the bound, however long the text
    caching("seven eight")
    assert "seven" not in caching.seen and len(caching.seen) == 4
    plain = spacy.blank("en").tokenizer
    assert _tokens(caching("seven, don't eight.")) == _tokens(plain("seven, don't eight."))


_PIECES = st.sampled_from(
    [
        "don't",
        "U.S.",
        "'s",
        ":)",
        "(",
        ")",
        ".",
        ",",
        "$",
        "5",
        "bn",
        "e.g.",
        "word",
        "Word",
        "-",
        "—",
        "“",
        "”",
        "'",
        "%",
        "\n",
        " ",
        "  ",
        "\t",
        "\r\n",
        "\u00a0",
        "http://x.io",
        "a.m.",
        "n't",
    ]
)


# One pair for every example (making a tokenizer takes a while): the caching one's memory
# grows over the examples, as it does over a corpus.
_PLAIN = spacy.blank("en").tokenizer
_CACHING = CachingTokenizer(spacy.blank("en").tokenizer)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_PIECES, max_size=12).map("".join), min_size=1, max_size=4))
def test_same_tokens_as_spacy_on_generated_texts(texts):
    plain, caching = _PLAIN, _CACHING
    for text in texts + texts:
        assert _tokens(caching(text)) == _tokens(plain(text))


def test_another_kind_of_tokenizer_is_only_wrapped():
    calls = []

    def whitespace(text):
        calls.append(text)
        return spacy.blank("en").make_doc(text)

    caching = CachingTokenizer(whitespace)
    assert [t.text for t in caching("two words")] == ["two", "words"]
    assert calls == ["two words"] and not caching.seen


def _counting_prefix_searches(tokenizer):
    """Make ``tokenizer`` count its prefix searches (spaCy runs one for each chunk it does
    not take from its cache); set before any use, as setting it empties the cache."""
    calls = []
    search = tokenizer.prefix_search

    def counted(text):
        calls.append(text)
        return search(text)

    tokenizer.prefix_search = counted
    return calls


def test_a_text_seen_before_is_tokenized_from_spacys_cache():
    """What the caching is for: after a special case ("Don't") spaCy alone stops caching the
    chunks of a text, so it splits them again the next time; filled first, it does not."""
    text = "Don't stop, friends. (Really) they said: “go!”"
    plain = spacy.blank("en").tokenizer
    plain_calls = _counting_prefix_searches(plain)
    caching = CachingTokenizer(spacy.blank("en").tokenizer)
    caching_calls = _counting_prefix_searches(caching.tokenizer)
    plain(text)
    caching(text)
    plain_calls.clear()
    caching_calls.clear()
    assert _tokens(caching(text)) == _tokens(plain(text))
    assert plain_calls  # spaCy alone searched the chunks again
    assert caching_calls == []  # every chunk came from the cache
