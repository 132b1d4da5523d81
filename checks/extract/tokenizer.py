"""The pipeline's tokenizer: spaCy's own, with its chunk cache kept filled, and long runs of
punctuation cut into pieces so that no text costs more than linear time.

Cache. spaCy's tokenizer splits a text at whitespace into chunks and caches how each chunk
splits, but within one text it stops saving chunks to that cache once any special case
(``don't``, ``U.S.``, ``'s``) has been seen, which in news copy is within the first lines. So
nearly every chunk of every text runs the prefix, suffix and infix searches again, run after
run: four fifths of the tokenizer's time. Tokenizing each chunk not seen before on its own
first fills the cache the way spaCy meant it to, and the text's tokens are spaCy's, unchanged
(the cache only replays what the same rules gave for the same chunk).

Long runs. spaCy strips a chunk's prefixes and suffixes one at a time, and each time searches
the whole rest of the chunk again (its suffix patterns end in ``$``, so a search tries every
position): a chunk of L characters with k affixes costs about k * L steps, so 50,000 ``"`` in
a row took minutes and 10,000 nested brackets half a minute. Nearly every step strips a mark
(a character neither letter nor digit; a unit after a number, as in ``5km``, is the exception
and cannot come twice in a row), so ``len(chunk) * marks`` bounds the work within a factor of
two. A chunk over ``AFFIX_WORK_LIMIT`` is cut into pieces of ``PIECE_CHARS`` characters, which
spaCy tokenizes as chunks of their own (identical pieces, as in a run of one mark, come from
its cache), and the Doc is made with the original text and offsets (``_in_pieces``).
Ordinary text never has such a chunk (a 300-character URL has some 50 marks: 15,000), so its
tokens stay exactly spaCy's; in a cut chunk a token can end at a cut (in a run of one mark,
as of ``"`` or ``(``, spaCy gives one token per mark anyway, so even those tokens are the
same).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice
from typing import TYPE_CHECKING, Any, cast

import numpy

# (compiled modules spaCy ships without type stubs)
from spacy.attrs import IDX, LENGTH, NORM, SPACY  # type: ignore[import-not-found]
from spacy.tokenizer import Tokenizer  # type: ignore[import-not-found]
from spacy.tokens import Doc

if TYPE_CHECKING:
    from thinc.types import Ints2d

# Distinct chunks remembered (and cached by spaCy) per process: a chunk is a word with its
# punctuation, so a large archive has a few hundred thousand; past this the tokenizer runs as
# spaCy's alone does. spaCy's cache holds a few dozen bytes per chunk.
CHUNK_CACHE_SIZE = 200_000

# A chunk whose length times its marks (characters neither letter nor digit) is over this is
# cut: about 128 marks in a row, a few milliseconds of spaCy's time; URLs and words stay far
# below it.
AFFIX_WORK_LIMIT = 16_384
# Cut pieces: the work of one is at most 64 * 64 steps, so a text costs at most ~128 steps
# per character however it is built (its chunks are either under the limit or cut).
PIECE_CHARS = 64

_LONG_CHUNK = re.compile(rf"\S{{{PIECE_CHARS + 1},}}")
_MARK = re.compile(r"[\W_]")  # not str.isalnum(): \w is that and the underscore


def affix_work(chunk: str) -> int:
    """An upper bound on the steps spaCy's affix loop takes on one chunk (see the module)."""
    return len(chunk) * len(_MARK.findall(chunk))


def too_costly(chunk: str) -> bool:
    # Only chunks longer than a piece are counted: the bound holds for shorter ones anyway.
    return len(chunk) > PIECE_CHARS and affix_work(chunk) > AFFIX_WORK_LIMIT


class CachingTokenizer:
    """spaCy's tokenizer with its chunk cache filled first and costly chunks cut; also keeps
    each text it was given in ``doc.user_data["facts_text"]`` (``Doc.text`` would join every
    token again)."""

    def __init__(self, tokenizer: Callable[[str], Doc], cache_size: int = CHUNK_CACHE_SIZE) -> None:
        self.tokenizer = tokenizer
        # Another kind of tokenizer (a trained pipeline may bring its own) has no such cache.
        self.cache_size = 0
        if isinstance(tokenizer, Tokenizer):
            self.cache_size = cache_size
            if cache_size:
                tokenizer.max_cache_size = max(tokenizer.max_cache_size, cache_size)
        self.seen: set[str] = set()

    def __call__(self, text: str) -> Doc:
        # spaCy's chunks are the runs between whitespace, as str.split() finds them (both use
        # the same Unicode whitespace test).
        chunks = set(text.split())
        costly = {chunk for chunk in chunks if too_costly(chunk)}
        if len(self.seen) < self.cache_size:
            self._fill_cache(chunks - costly)
        doc = self._in_pieces(text, costly) if costly else self.tokenizer(text)
        doc.user_data["facts_text"] = text
        return doc

    def _fill_cache(self, chunks: set[str]) -> None:
        # Runs of whitespace are chunks too, but few and cheap: not worth finding.
        new = chunks - self.seen
        room = self.cache_size - len(self.seen)
        if len(new) > room:  # a very long text must not carry the memory past the bound
            new = set(islice(new, room))
        tokenize = self.tokenizer
        for chunk in new:
            tokenize(chunk)  # alone, no earlier special case stops it being cached
        self.seen.update(new)

    def _in_pieces(self, text: str, costly: set[str]) -> Doc:
        """The text tokenized with each costly chunk cut into pieces, as one Doc.

        A space put in at each cut makes the pieces chunks of their own in one call to spaCy
        (the text around them is tokenized in its own context, as ever); then the Doc is
        made again from those tokens without the added spaces, so that its text and offsets
        are the original's (and the norms special cases gave, as ``n't`` -> ``not``, kept).
        """
        parts: list[str] = []
        cuts: list[int] = []  # offsets of the added spaces in the spaced text
        done = 0
        for match in _LONG_CHUNK.finditer(text):
            if match.group() not in costly:
                continue
            start, end = match.span()
            for cut in range(start + PIECE_CHARS, end, PIECE_CHARS):
                parts.append(text[done:cut])
                cuts.append(cut + len(cuts))
                done = cut
        parts.append(text[done:])
        spaced_text = " ".join(parts)
        spaced = self.tokenizer(spaced_text)
        table = spaced.to_array([IDX, LENGTH, SPACY, NORM])
        ends = table[:, 0] + table[:, 1]
        added = numpy.isin(ends, numpy.array(cuts, dtype=ends.dtype))
        spaces = ((table[:, 2] != 0) & ~added).tolist()
        words = [
            spaced_text[start:end]
            for start, end in zip(table[:, 0].tolist(), ends.tolist(), strict=True)
        ]
        doc = Doc(spaced.vocab, words=words, spaces=spaces)
        # (spaCy's stub says to_array gives floats: it gives the attributes' integers)
        doc.from_array([NORM], cast("Ints2d", table[:, 3:4]))
        return doc

    def __getattr__(self, name: str) -> Any:  # rules, prefix_search, to_disk ... of the original
        return getattr(self.tokenizer, name)
