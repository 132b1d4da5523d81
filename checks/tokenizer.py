"""The pipeline's tokenizer: spaCy's own, with its chunk cache kept filled.

spaCy's tokenizer splits a text at whitespace into chunks and caches how each chunk splits,
but within one text it stops saving chunks to that cache once any special case (``don't``,
``U.S.``, ``'s``) has been seen, which in news copy is within the first lines. So nearly
every chunk of every text runs the prefix, suffix and infix searches again, run after run:
four fifths of the tokenizer's time. Tokenizing each chunk not seen before on its own first
fills the cache the way spaCy meant it to, and the text's tokens are spaCy's, unchanged (the
cache only replays what the same rules gave for the same chunk).
"""

from __future__ import annotations

from itertools import islice

from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

# Distinct chunks remembered (and cached by spaCy) per process: a chunk is a word with its
# punctuation, so a large archive has a few hundred thousand; past this the tokenizer runs as
# spaCy's alone does. spaCy's cache holds a few dozen bytes per chunk.
CHUNK_CACHE_SIZE = 200_000


class CachingTokenizer:
    """spaCy's tokenizer with its chunk cache filled first; also keeps each text it was given
    in ``doc.user_data["facts_text"]`` (``Doc.text`` would join every token again)."""

    def __init__(self, tokenizer, cache_size: int = CHUNK_CACHE_SIZE) -> None:
        self.tokenizer = tokenizer
        # Another kind of tokenizer (a trained pipeline may bring its own) has no such cache.
        self.cache_size = cache_size if isinstance(tokenizer, Tokenizer) else 0
        if self.cache_size:
            tokenizer.max_cache_size = max(tokenizer.max_cache_size, cache_size)
        self.seen: set[str] = set()

    def __call__(self, text: str) -> Doc:
        if len(self.seen) < self.cache_size:
            self._fill_cache(text)
        doc = self.tokenizer(text)
        doc.user_data["facts_text"] = text
        return doc

    def _fill_cache(self, text: str) -> None:
        # spaCy's chunks are the runs between whitespace, as str.split() finds them (both use
        # the same Unicode whitespace test). Runs of whitespace are chunks too, but few and
        # cheap: not worth finding.
        new = set(text.split())
        new.difference_update(self.seen)
        room = self.cache_size - len(self.seen)
        if len(new) > room:      # a very long text must not carry the memory past the bound
            new = set(islice(new, room))
        tokenize = self.tokenizer
        for chunk in new:
            tokenize(chunk)          # alone, no earlier special case stops it being cached
        self.seen.update(new)

    def __getattr__(self, name: str):   # rules, prefix_search, to_disk ... of the original
        return getattr(self.tokenizer, name)
