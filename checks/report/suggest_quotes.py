"""Quotes for ``--facts-suggest``: the same quotation in several sources, with its speaker.

Two quotations from different sources are taken to be one when the checker itself would link
one to the other (``compare_quote``: SPEC 4's run of shared words), so a suggested quote fact
links to the sources it came from. The group agrees when every source's wording fits the
fullest one (a fragment fits the whole) and every source that names a speaker names the same
person; otherwise it is a disagreement, a misquote or misattribution for the editor to
settle. Imports no pytest.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from checks.extract.quotes import compare_quote, quote_words, same_speaker
from checks.link.linking import plain_words
from checks.model.kinds import Kind
from checks.model.mentions import ParsedSource, QuoteMention
from checks.model.visible import visible

# A word shared by more quotations than this is a stock word of the corpus: it proposes no
# pair (a quotation also shares its rarer words with its copies), which keeps the grouping
# near-linear in the number of quotations.
COMMON_WORD_QUOTES = 200
RAREST_WORDS = 3  # the words of each quotation that propose pairs (see _candidate_pairs)
MIN_WORDS = 3  # shorter quotations ("illusionary goal") are scare quotes, not facts


@dataclass(frozen=True)
class QuoteStatement:
    """One quotation a source gives, with where and whom it gives it to."""

    source: str
    line: int
    column: int
    text: str
    speaker: str | None
    sentence: str


@dataclass(frozen=True)
class QuoteGroup:
    """Quotations from at least two sources that are one quotation."""

    statements: tuple[QuoteStatement, ...]
    quote: str
    speaker: str | None
    agree: bool
    kind = Kind.QUOTE

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({s.source for s in self.statements}))

    @property
    def subject(self) -> str:
        """How the terminal names the quotation: its first words and its speaker."""
        words = self.quote.split()
        opening = " ".join(words[:6]) + (" ..." if len(words) > 6 else "")
        return f'quote "{opening}"' + (f" by {self.speaker}" if self.speaker else "")


def quote_statements(parsed: dict[str, ParsedSource]) -> list[QuoteStatement]:
    """Every quotation of ``MIN_WORDS`` words or more in the sources, in source order."""
    found = []
    for path, source in sorted(parsed.items()):
        for mention in source.mentions:
            if not isinstance(mention, QuoteMention) or len(quote_words(mention.text)) < MIN_WORDS:
                continue
            line, column = source.line_column(mention.start)
            text = " ".join(mention.text.split()).rstrip(",;: ")
            found.append(
                QuoteStatement(
                    path,
                    line,
                    column,
                    text,
                    mention.speaker,
                    source.sentences[mention.sentence].text,
                )
            )
    return found


def group_quotes(found: list[QuoteStatement]) -> list[QuoteGroup]:
    """Groups of one quotation across at least two sources, in the order first given.

    Wordings are taken fullest first; each joins the group of the first fuller wording it
    links to, compared with that group's fullest wording, or starts a group of its own. So
    a fragment two different quotations share ("rebuild the harbour") joins one of them and
    never makes the two one quotation."""
    # One wording quoted by many sources (wire copy) is one quotation at once; the pairs
    # compared are of distinct wordings, so its copies cost nothing more.
    wordings: dict[tuple[str, ...], list[QuoteStatement]] = {}
    for statement in found:
        wordings.setdefault(quote_words(statement.text), []).append(statement)
    keys = list(wordings)
    neighbours: dict[int, list[int]] = defaultdict(list)
    for first, second in _candidate_pairs([wordings[key][0] for key in keys]):
        neighbours[first].append(second)
        neighbours[second].append(first)
    order = sorted(range(len(keys)), key=lambda number: (-len(keys[number]), number))
    group_of: dict[int, int] = {}  # wording -> the fullest wording of its group
    for number in order:
        text = wordings[keys[number]][0].text
        fuller = sorted({group_of[other] for other in neighbours[number] if other in group_of})
        group_of[number] = next(
            (head for head in fuller if compare_quote(text, wordings[keys[head]][0].text).linked),
            number,
        )
    members: dict[int, list[QuoteStatement]] = defaultdict(list)
    for number in range(len(keys)):  # (wordings in the order first given)
        members[group_of[number]].extend(wordings[keys[number]])
    return [
        _group(group)
        for head, group in sorted(members.items())
        if len({s.source for s in group}) >= 2
    ]


def _candidate_pairs(found: list[QuoteStatement]) -> Iterator[tuple[int, int]]:
    """Pairs of quotations that share a word of four letters or more (the linker's cheap test
    of a quotation, ``plain_words``; not a stock word of the corpus), looked up from one of
    the rarest words of either.

    A fragment's words are all in the whole quotation, and a misquote shares most of the
    words of the quotation it changes: looking up the quotations that hold one of a
    quotation's ``RAREST_WORDS`` rarest words finds both, and keeps the pairs to a few hundred
    per quotation however many words the quotations share."""
    words_of = [plain_words(statement.text) for statement in found]
    by_word: dict[str, list[int]] = defaultdict(list)
    for number, words in enumerate(words_of):
        for word in words:
            by_word[word].append(number)
    seen = set()
    for number, words in enumerate(words_of):
        # (a word no other quotation has proposes nothing: the rarest shared ones do)
        usable = [w for w in words if 1 < len(by_word[w]) <= COMMON_WORD_QUOTES]
        for word in sorted(usable, key=lambda w: (len(by_word[w]), w))[:RAREST_WORDS]:
            for other in by_word[word]:
                pair = (min(number, other), max(number, other))
                if other != number and pair not in seen:
                    seen.add(pair)
                    yield pair


def _group(members: list[QuoteStatement]) -> QuoteGroup:
    fullest = max(members, key=lambda s: len(quote_words(s.text)))  # (the first of them)
    # The speaker most of them name; another name is a disagreement as the run would judge
    # it (``same_speaker``: "the minister" may be anyone, "Zelensky" and "Zelenskyy" are two
    # people unless the fact file's `names` joins them).
    spoken = Counter(s.speaker for s in members if s.speaker)
    speaker = min(spoken, key=lambda text: (-spoken[text], len(text), text)) if spoken else None
    # (no speaker: none of them names one)
    one_speaker = speaker is None or all(same_speaker(said_by, speaker) for said_by in spoken)
    agree = one_speaker and all(compare_quote(s.text, fullest.text).consistent for s in members)
    if agree:
        quote = fullest.text
    else:  # the wording most sources give (the fullest of those): the others to review
        votes = Counter(quote_words(s.text) for s in members)
        quote = max(
            members, key=lambda s: (votes[quote_words(s.text)], len(quote_words(s.text)))
        ).text
    return QuoteGroup(tuple(members), quote, speaker, agree)


def quote_fact_lines(group: QuoteGroup, fact_id: str) -> list[str]:
    """The draft's YAML for the group: the fact, then its speaker if any source names one
    (written as the failures' `accept` entries are: a JSON string is a YAML string, and
    ``visible`` leaves no character a fact file cannot hold)."""
    lines = [
        f"  - id: {fact_id}",
        f"    quote: {json.dumps(visible(group.quote), ensure_ascii=False)}",
    ]
    if group.speaker:
        lines.append(f"    speaker: {json.dumps(visible(group.speaker), ensure_ascii=False)}")
    return lines


def quote_id_words(group: QuoteGroup) -> list[str]:
    """What a quote fact's id is made of: the speaker's last capitalised word and the
    quotation's first content words."""
    names = [w for w in (group.speaker or "").split() if w[:1].isupper()]
    return ["quote", *names[-1:], *[w for w in quote_words(group.quote) if len(w) > 3][:3]]
