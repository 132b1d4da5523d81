"""The spaCy pipeline: blank English plus the project's own sentence and mention components."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, cast

import numpy
import spacy

# (a compiled module spaCy ships without type stubs)
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START, SPACY  # type: ignore[import-not-found]
from spacy.language import Language
from spacy.tokens import Doc

from checks.extract.dates import DateFound, find_dates, publication_date
from checks.extract.quantities import Quantity, find_quantities
from checks.extract.quotes import QuoteSpan, find_quotes
from checks.extract.tokenizer import CachingTokenizer
from checks.model.defaults import DEFAULT_PIPELINE
from checks.model.kinds import Kind
from checks.model.mentions import (
    DateMention,
    Mention,
    ParsedSource,
    QuantityMention,
    QuoteMention,
    Sentence,
)
from checks.read.sources import SourceText, line_starts

if TYPE_CHECKING:
    from thinc.types import Ints2d

SENTENCE_END = {".", "!", "?", "…"}
CLOSERS = {"”", "’", '"', "'", ")", "]", "»"}
OPENERS = {"“", "‘", '"', "'", "(", "[", "«"}
CLAUSE_PUNCT = {",", ";", ":", "(", ")", "–", "—", "--", "“", "”", '"'}
CLAUSE_WORDS = {
    "which",
    "who",
    "whom",
    "whose",
    "while",
    "whereas",
    "although",
    "though",
    "because",
    "including",
    "after",
    "before",
    "when",
    "where",
    "since",
    "unless",
    "but",
}
_CLAUSE_OPENERS = frozenset(CLAUSE_PUNCT | CLAUSE_WORDS)

if not Doc.has_extension("facts_mentions"):
    Doc.set_extension("facts_mentions", default=None)


class _Tokens:
    """A doc's tokens as plain lists, read in one call: making spaCy Token objects one by
    one is what costs most in a pipeline this light."""

    def __init__(self, doc: Doc) -> None:
        # Doc.text joins every token's text again; the tokenizer kept the original string.
        kept: str | None = doc.user_data.get("facts_text")
        self.text = doc.text if kept is None else kept
        table = doc.to_array([IDX, LENGTH, SPACY, IS_SPACE])
        text = self.text
        # Column by column: numpy converts whole columns to lists far faster than rows.
        self.starts: list[int] = table[:, 0].tolist()
        ends = (table[:, 0] + table[:, 1]).tolist()
        self.words = [text[start:end] for start, end in zip(self.starts, ends, strict=True)]
        self.glued: list[bool] = (table[:, 2] == 0).tolist()  # no whitespace after it
        self.space: list[bool] = (table[:, 3] != 0).tolist()
        self.space_indices: list[int] = numpy.flatnonzero(table[:, 3]).tolist()


def _tokens(doc: Doc) -> _Tokens:
    tokens = doc.user_data.get("facts_tokens")
    if tokens is None:
        tokens = doc.user_data["facts_tokens"] = _Tokens(doc)
    return tokens


@Language.component("facts_sentences")
def facts_sentences(doc: Doc) -> Doc:
    """Sentence starts for news copy: line breaks end paragraphs; an opening quote starts anew."""
    if not len(doc):
        return doc
    tokens = _tokens(doc)
    words, space = tokens.words, tokens.space
    # A sentence starts at the first word, at the first word after a line break, and at the
    # first word after one that ends a sentence; only the few tokens that can end one are
    # looked at closely.
    breaks = [i for i in tokens.space_indices if "\n" in words[i] or "\r" in words[i]]
    ends = [i for i, word in enumerate(words) if word in _MAY_END and _ends_sentence(tokens, i)]
    starts = numpy.full((len(doc), 1), -1, dtype="int32")
    starts[0, 0] = 1
    for index in breaks + ends:
        following = index + 1
        while following < len(words) and space[following]:
            following += 1
        if following < len(words):
            starts[following, 0] = 1
    # Setting token.is_sent_start one by one rescans the doc each time; one array is linear.
    doc.from_array([SENT_START], cast("Ints2d", starts.astype("uint64")))
    return doc


_MAY_END = SENTENCE_END | CLOSERS


def _ends_sentence(tokens: _Tokens, index: int) -> bool:
    """Does a sentence end after token ``index``? Closing quotes stay with their sentence."""
    words, glued = tokens.words, tokens.glued
    word = words[index]
    glued_next = words[index + 1] if index + 1 < len(words) and glued[index] else None
    if word in SENTENCE_END:
        if glued_next is not None and glued_next in CLOSERS:
            return False  # the closing mark after the full stop ends the sentence instead
        return _next_starts(tokens, index)
    if word in CLOSERS and index > 0 and words[index - 1] in SENTENCE_END and glued[index - 1]:
        return _next_starts(tokens, index)
    return False


def _next_starts(tokens: _Tokens, index: int) -> bool:
    if index + 1 >= len(tokens.words):
        return True
    following = tokens.words[index + 1]
    first = following[:1]
    return first.isupper() or first.isdigit() or following in OPENERS or tokens.space[index + 1]


@Language.component("facts_mentions")
def facts_mentions(doc: Doc) -> Doc:
    """Dates, amounts, counts and quotes, as spans in doc.spans["facts"]."""
    text = _tokens(doc).text
    dates = find_dates(text)
    taken = [(d.start, d.end) for d in dates]
    quantities = find_quantities(text, taken)
    quotes = find_quotes(text)
    spans = []
    for item, label in (
        [(d, "DATE") for d in dates]
        + [(q, q.kind.upper()) for q in quantities]
        + [(q, "QUOTE") for q in quotes]
    ):
        span = doc.char_span(item.start, item.end, label=label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans["facts"] = spans
    doc._.facts_mentions = (dates, quantities, quotes)
    return doc


@lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_PIPELINE) -> Language:
    """The built-in pipeline, or an installed trained one with our components added."""
    if name in ("", DEFAULT_PIPELINE):
        nlp = spacy.blank("en")
    else:
        nlp = spacy.load(name, exclude=["ner", "lemmatizer", "textcat"])
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("facts_sentences", before="parser")
    else:
        nlp.add_pipe("facts_sentences")
    nlp.add_pipe("facts_mentions")
    nlp.tokenizer = CachingTokenizer(nlp.tokenizer)
    # spaCy refuses texts over 1,000,000 characters (ValueError E088, which would stop every
    # source of the batch); the size of a source is bounded by facts_max_source_bytes instead.
    nlp.max_length = 2**31 - 1
    return nlp


def parse_source(nlp: Language, source: SourceText) -> ParsedSource:
    """Read one source with the pipeline into plain data (see ``ParsedSource``)."""
    doc = nlp(source.text)
    return to_parsed(doc, source)


def parse_sources(nlp: Language, sources: list[SourceText]) -> list[ParsedSource]:
    """Many sources at once, batched through ``nlp.pipe``."""
    docs = nlp.pipe(s.text for s in sources)
    return [to_parsed(doc, source) for doc, source in zip(docs, sources, strict=True)]


def to_parsed(doc: Doc, source: SourceText) -> ParsedSource:
    sentences = _sentences(doc)
    starts = [s.start for s in sentences]
    dates, quantities, quotes = doc._.facts_mentions
    mentions: list[Mention] = [_date_mention(d, source.text, sentences, starts) for d in dates]
    mentions += [_quantity_mention(q, source.text, sentences, starts) for q in quantities]
    mentions += [_quote_mention(q, sentences, starts) for q in quotes]
    mentions.sort(key=lambda m: (m.start, m.end))
    published = source.front_matter_date or publication_date(source.text)
    # Lines are the file's (HTML text adds breaks for blocks; see checks.read.sources).
    lines = source.line_starts if source.line_starts is not None else line_starts(source.text)
    return ParsedSource(
        source.path,
        source.content_hash,
        source.text,
        lines,
        published,
        tuple(sentences),
        tuple(mentions),
    )


def _sentences(doc: Doc) -> list[Sentence]:
    """Sentences as plain data, in one pass over the token lists (``doc.sents`` is slower)."""
    if not len(doc):
        return []
    tokens = _tokens(doc)
    bounds = numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
    if not bounds or bounds[0] != 0:
        bounds.insert(0, 0)
    bounds.append(len(doc))
    space_indices = tokens.space_indices
    # A trained pipeline's dependency parse decides which clause each token is in (SPEC 4);
    # the built-in pipeline reads punctuation and function words (``_clauses``).
    heads, roots = _clause_heads(doc) if doc.has_annotation("DEP") else (None, frozenset())
    sentences = []
    paragraph = 0
    previous_end = 0
    text, words, token_starts = tokens.text, tokens.words, tokens.starts
    for first, stop in pairwise(bounds):
        # Space tokens (runs of blank lines) are left out: a sentence's trailing ones by
        # moving its end; the rare ones inside it one by one.
        while stop > first and tokens.space[stop - 1]:
            stop -= 1
        if stop == first:
            continue
        group: Sequence[int]
        if bisect_left(space_indices, first) != bisect_left(space_indices, stop):
            group = [i for i in range(first, stop) if not tokens.space[i]]
            if not group:
                continue
            keys = tuple(match_key(words[i]) for i in group)
            offsets = tuple(token_starts[i] for i in group)
        else:
            group = range(first, stop)
            keys = tuple(map(match_key, words[first:stop]))
            offsets = tuple(token_starts[first:stop])
        start = token_starts[group[0]]
        if "\n" in text[previous_end:start] or "\r" in text[previous_end:start]:
            paragraph += 1
        end = token_starts[group[-1]] + len(words[group[-1]])
        previous_end = end
        if heads is None:
            sentences.append(
                Sentence(start, end, paragraph, text[start:end], keys, offsets, _clauses(keys))
            )
        else:
            sentences.append(
                Sentence(
                    start,
                    end,
                    paragraph,
                    text[start:end],
                    keys,
                    offsets,
                    _numbered([heads[i] for i in group], roots),
                    from_parse=True,
                )
            )
    return sentences


# Dependency labels that make a token the head of a clause or phrase of its own: relative,
# adverbial, complement and participial clauses, appositions, loosely joined clauses.
CLAUSE_DEPS = frozenset(
    {"relcl", "advcl", "ccomp", "csubj", "csubjpass", "acl", "parataxis", "appos", "ROOT"}
)


def _clause_heads(doc: Doc) -> tuple[list[int], frozenset[int]]:
    """Per token, the token heading its clause: the nearest of itself and its ancestors
    that heads a clause (a verb joined by "and" to another heads its own). A sentence's
    root heads itself."""
    deps = [token.dep_ for token in doc]
    pos = [token.pos_ for token in doc]
    parent = [token.head.i for token in doc]
    found: list[int] = [-1] * len(doc)
    for index in range(len(doc)):
        path = []
        at = index
        while found[at] < 0:
            if (
                deps[at] in CLAUSE_DEPS
                or parent[at] == at
                or (deps[at] == "conj" and pos[at] in ("VERB", "AUX"))
            ):
                found[at] = at
                break
            path.append(at)
            at = parent[at]
        for step in path:
            found[step] = found[at]
    return found, frozenset(index for index, head in enumerate(parent) if head == index)


def _numbered(heads: list[int], roots: frozenset[int]) -> tuple[int, ...]:
    """Clause heads as clause numbers: 0 for the main clause (the one the parse's root
    heads; the first root when the parse and the sentence split disagree), then 1, 2... in
    order of appearance."""
    main = next((head for head in heads if head in roots), heads[0])
    numbers = {main: 0}
    for head in heads:
        numbers.setdefault(head, len(numbers))
    return tuple(numbers[head] for head in heads)


def _clauses(keys: tuple[str, ...]) -> tuple[int, ...]:
    """Clause numbers: punctuation and subordinating words open a new clause."""
    clause, numbers = 0, []
    for key in keys:
        if key in _CLAUSE_OPENERS:
            clause += 1
        numbers.append(clause)
    return tuple(numbers)


@lru_cache(maxsize=200_000)
def match_key(word: str) -> str:
    """A token's form for anchor matching: lower case, no possessive, plural folded to singular."""
    key = word.lower().replace("’", "'")
    if key in ("'s", "'"):
        return key
    key = re.sub(r"'s$", "", key)
    if re.fullmatch(r"(?:[a-z]\.){2,}", key):
        return key.replace(".", "")  # U.S. -> us
    if len(key) > 4 and key.endswith("ies"):
        return key[:-3] + "y"
    if len(key) > 4 and re.search(r"(?:ss|sh|ch|x|z)es$", key):
        return key[:-2]
    if len(key) > 3 and key.endswith("s") and not re.search(r"(?:ss|us|is|ys)$", key):
        return key[:-1]
    return key


def _locate(
    start: int, end: int, sentences: list[Sentence], starts: list[int]
) -> tuple[int, int, int]:
    index = max(0, bisect_right(starts, start) - 1)
    sentence = sentences[index]
    first = sentence.token_at(start)
    last = sentence.token_at(max(start, end - 1)) + 1
    return index, first, last


def _date_mention(
    found: DateFound, text: str, sentences: list[Sentence], starts: list[int]
) -> DateMention:
    index, first, last = _locate(found.start, found.end, sentences, starts)
    return DateMention(
        Kind.DATE,
        text[found.start : found.end],
        found.start,
        found.end,
        index,
        first,
        last,
        date_low=found.low,
        date_high=found.high,
        relative=found.relative,
        attributive=found.attributive,
    )


def _quantity_mention(
    found: Quantity, text: str, sentences: list[Sentence], starts: list[int]
) -> QuantityMention:
    index, first, last = _locate(found.start, found.end, sentences, starts)
    return QuantityMention(
        found.kind,
        text[found.start : found.end],
        found.start,
        found.end,
        index,
        first,
        last,
        interval=found.interval,
        unit=found.unit,
        noun_words=found.noun_words,
        noun_end_token=_noun_end(found, text, sentences[index], last),
        noun=found.noun,
        qualifier=found.qualifier,
        other=found.other,
        antecedent=found.antecedent,
    )


def _noun_end(found: Quantity, text: str, sentence: Sentence, last: int) -> int | None:
    """The token after the value's last noun word, found by reading the noun words on from
    the value ("$82 a share": "share" is two tokens on, past "a")."""
    if not found.noun_words:
        return None
    at = found.end
    for word in found.noun_words:
        at = text.find(word, at, min(len(text), at + NOUN_WORDS_REACH))
        if at < 0 or at >= sentence.end:
            return None
        at += len(word)
    return max(last, sentence.token_at(at - 1) + 1)


# How far past the value (or the noun word before) the next noun word may stand.
NOUN_WORDS_REACH = 40


def _quote_mention(found: QuoteSpan, sentences: list[Sentence], starts: list[int]) -> QuoteMention:
    index, first, last = _locate(found.start, found.end, sentences, starts)
    return QuoteMention(
        Kind.QUOTE, found.text, found.start, found.end, index, first, last, speaker=found.speaker
    )
