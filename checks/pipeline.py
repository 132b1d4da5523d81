"""The spaCy pipeline: blank English plus the project's own sentence and mention components."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from checks.dates import find_dates, publication_date
from checks.mentions import Mention, ParsedSource, Sentence
from checks.quantities import find_quantities
from checks.quotes import find_quotes
from checks.sources import SourceText, line_starts

DEFAULT_PIPELINE = "builtin"
SENTENCE_END = {".", "!", "?", "…"}
CLOSERS = {"”", "’", '"', "'", ")", "]", "»"}
OPENERS = {"“", "‘", '"', "'", "(", "[", "«"}
CLAUSE_PUNCT = {",", ";", ":", "(", ")", "–", "—", "--", "“", "”", '"'}
CLAUSE_WORDS = {"which", "who", "whom", "whose", "while", "whereas", "although", "though",
                "because", "including", "after", "before", "when", "where", "since", "unless",
                "but"}

if not Doc.has_extension("facts_mentions"):
    Doc.set_extension("facts_mentions", default=None)


@Language.component("facts_sentences")
def facts_sentences(doc: Doc) -> Doc:
    """Sentence starts for news copy: line breaks end paragraphs; an opening quote starts anew."""
    starts = numpy.full((len(doc), 1), -1, dtype="int32")
    previous_end = True
    for index, token in enumerate(doc):
        if token.is_space:
            previous_end = previous_end or "\n" in token.text or "\r" in token.text
            continue
        if previous_end or index == 0:
            starts[index, 0] = 1
        previous_end = _ends_sentence(doc, index)
    if len(doc):
        starts[0, 0] = 1
        # Setting token.is_sent_start one by one rescans the doc each time; one array is linear.
        doc.from_array([SENT_START], starts.astype("uint64"))
    return doc


def _ends_sentence(doc: Doc, index: int) -> bool:
    """Does a sentence end after token ``index``? Closing quotes stay with their sentence."""
    token = doc[index]
    if "\n" in token.whitespace_ or "\r" in token.whitespace_:
        return True
    glued_next = doc[index + 1] if index + 1 < len(doc) and not token.whitespace_ else None
    if token.text in SENTENCE_END:
        if glued_next is not None and glued_next.text in CLOSERS:
            return False  # the closing mark after the full stop ends the sentence instead
        return _next_starts(doc, index)
    previous = doc[index - 1] if index > 0 else None
    if token.text in CLOSERS and previous is not None and previous.text in SENTENCE_END \
            and not previous.whitespace_:
        return _next_starts(doc, index)
    return False


def _next_starts(doc: Doc, index: int) -> bool:
    if "\n" in doc[index].whitespace_:
        return True
    nxt = doc[index + 1] if index + 1 < len(doc) else None
    if nxt is None:
        return True
    first = nxt.text[:1]
    return first.isupper() or first.isdigit() or nxt.text in OPENERS or nxt.is_space


@Language.component("facts_mentions")
def facts_mentions(doc: Doc) -> Doc:
    """Dates, amounts, counts and quotes, as spans in doc.spans["facts"]."""
    text = doc.text
    dates = find_dates(text)
    taken = [(d.start, d.end) for d in dates]
    quantities = find_quantities(text, taken)
    quotes = find_quotes(text)
    spans = []
    for item, label in [(d, "DATE") for d in dates] + [(q, q.kind.upper()) for q in quantities] \
            + [(q, "QUOTE") for q in quotes]:
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
    return nlp


def parse_source(nlp: Language, source: SourceText) -> ParsedSource:
    """Read one source with the pipeline into plain data (see ``ParsedSource``)."""
    doc = nlp(source.text)
    return to_parsed(doc, source)


def parse_sources(nlp: Language, sources: list[SourceText]) -> list[ParsedSource]:
    """Many sources at once, batched through ``nlp.pipe``."""
    docs = nlp.pipe(s.text for s in sources)
    return [to_parsed(doc, source) for doc, source in zip(docs, sources)]


def to_parsed(doc: Doc, source: SourceText) -> ParsedSource:
    sentences = _sentences(doc)
    starts = [s.start for s in sentences]
    dates, quantities, quotes = doc._.facts_mentions
    mentions = [m for m in (_date_mention(d, source.text, sentences, starts) for d in dates)]
    mentions += [_quantity_mention(q, source.text, sentences, starts) for q in quantities]
    mentions += [_quote_mention(q, sentences, starts) for q in quotes]
    mentions.sort(key=lambda m: (m.start, m.end))
    published = source.front_matter_date or publication_date(source.text)
    return ParsedSource(source.path, source.content_hash, source.text, line_starts(source.text),
                        published, tuple(sentences), tuple(mentions))


def _sentences(doc: Doc) -> list[Sentence]:
    """Sentences as plain data, in one pass over the tokens (``doc.sents`` is slower)."""
    groups: list[list] = []
    for token in doc:
        if token.is_sent_start or not groups:
            groups.append([])
        if not token.is_space:
            groups[-1].append(token)
    sentences = []
    paragraph = 0
    previous_end = 0
    text = doc.text  # Doc.text is rebuilt from the tokens at every access
    for tokens in groups:
        if not tokens:
            continue
        start = tokens[0].idx
        if re.search(r"[\r\n]", text[previous_end:start]):
            paragraph += 1
        end = tokens[-1].idx + len(tokens[-1].text)
        previous_end = end
        keys = tuple(match_key(t.text) for t in tokens)
        sentences.append(Sentence(start, end, paragraph, text[start:end], keys,
                                  tuple(t.idx for t in tokens), _clauses(keys)))
    return sentences


def _clauses(keys: tuple[str, ...]) -> tuple[int, ...]:
    """Clause numbers: punctuation and subordinating words open a new clause."""
    clause, numbers = 0, []
    for key in keys:
        if key in CLAUSE_PUNCT or key in CLAUSE_WORDS:
            clause += 1
        numbers.append(clause)
    return tuple(numbers)


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


def _locate(start: int, end: int, sentences: list[Sentence], starts: list[int]):
    import bisect

    index = max(0, bisect.bisect_right(starts, start) - 1)
    sentence = sentences[index]
    first = sentence.token_at(start)
    last = sentence.token_at(max(start, end - 1)) + 1
    return index, first, last


def _date_mention(found, text, sentences, starts) -> Mention:
    index, first, last = _locate(found.start, found.end, sentences, starts)
    return Mention("date", text[found.start:found.end], found.start, found.end, index, first,
                   last, date_low=found.low, date_high=found.high, relative=found.relative,
                   attributive=found.attributive)


def _quantity_mention(found, text, sentences, starts) -> Mention:
    index, first, last = _locate(found.start, found.end, sentences, starts)
    return Mention(found.kind, text[found.start:found.end], found.start, found.end, index, first,
                   last, interval=found.interval, unit=found.unit, noun_words=found.noun_words,
                   noun=found.noun, qualifier=found.qualifier)


def _quote_mention(found, sentences, starts) -> Mention:
    index, first, last = _locate(found.start, found.end, sentences, starts)
    return Mention("quote", found.text, found.start, found.end, index, first, last,
                   speaker=found.speaker)
