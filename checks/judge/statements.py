"""What each source states: its amounts, counts and placeable dates, each with the words
that say what it is about. The self-checks compare one source's statements with each other;
--facts-suggest compares the sources' statements with each other's."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from spacy.lang.en.stop_words import STOP_WORDS

from checks.extract.dates import MONTHS, OPEN_HIGH, OPEN_LOW, WEEKDAYS, placed_days
from checks.extract.pipeline import match_key
from checks.model.defaults import DateOrder
from checks.model.intervals import Interval
from checks.model.kinds import Kind
from checks.model.mentions import DateMention, Mention, ParsedSource, QuantityMention

KINDS = (Kind.AMOUNT, Kind.COUNT, Kind.DATE)
# Words that say how a value is written, not what it is about.
VALUE_WORDS = frozenset(
    {
        *MONTHS,
        "billion",
        "million",
        "thousand",
        "trillion",
        "bn",
        "percent",
        "per",
        "cent",
        "dollar",
        "euro",
        "pound",
        "about",
        "approximately",
        "around",
        "roughly",
        "more",
        "less",
        "nearly",
        "almost",
        "least",
        "over",
        "under",
        "than",
        "including",
        "year",
        "month",
        "week",
        "day",
        *WEEKDAYS,
    }
)
# Bounds that keep the cost linear in the text (SPEC section 9) and never bind on news copy
# (in the seeds and the test corpora no sentence has more than 62 tokens, nor more than 5
# values of one kind):
# - the words that describe a value are read within this many tokens either side of it, so
#   a statement holds at most a few hundred words however long its sentence;
CONTEXT_TOKENS = 100
# - a sentence stating more values of one kind than this is a list or a table (or a text
#   with no full stop), not a statement of a fact per value: its values of that kind are
#   left out, instead of each being compared with every other.
MAX_VALUES_PER_SENTENCE = 24
# Two values in the same terms further apart than this ratio are about different things.
MAX_DISAGREEMENT_RATIO = 2
_ZERO = Fraction(0)
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True)
class Statement:
    """One value a source states, with where, and the words that say what it is about."""

    source: str
    line: int
    column: int
    kind: Kind
    text: str
    unit: str | None
    noun: str | None  # match key of what is counted or measured
    noun_text: str | None
    interval: Interval | None  # amounts and counts
    days: tuple[date, date] | None  # dates
    context: frozenset[str]  # match keys of distinctive words in the mention's clause
    words: tuple[tuple[str, str], ...]  # (match key, word as written) for those words
    around: frozenset[str]  # match keys of distinctive words in the whole sentence
    sentence: str


def statements(
    parsed: dict[str, ParsedSource], date_order: DateOrder | None = None
) -> list[Statement]:
    """Every amount, count and placeable date in the sources, in source order (but none
    from a sentence that lists more than ``MAX_VALUES_PER_SENTENCE`` of one kind)."""
    found = []
    for _, source in sorted(parsed.items()):
        listed = Counter((m.sentence, m.kind) for m in source.mentions if m.kind in KINDS)
        sentences: dict[int, _SentenceWords] = {}  # per sentence, read once
        for mention in source.mentions:
            if listed[(mention.sentence, mention.kind)] > MAX_VALUES_PER_SENTENCE:
                continue
            statement = _statement(source, mention, sentences, date_order)
            if statement is not None:
                found.append(statement)
    return found


@dataclass(frozen=True)
class _SentenceWords:
    """What every statement of one sentence shares: its text, written once, and its
    distinctive words as (token index, key, word as written), by token index."""

    text: str
    distinctive: list[tuple[int, str, str]]
    indices: list[int]

    @classmethod
    def read(cls, source: ParsedSource, index: int) -> _SentenceWords:
        distinctive = _distinctive_words(source, index)
        return cls(
            " ".join(source.sentences[index].text.split()),
            distinctive,
            [i for i, _, _ in distinctive],
        )

    def near(self, mention: Mention) -> list[tuple[int, str, str]]:
        """The distinctive words within ``CONTEXT_TOKENS`` of the mention."""
        low = bisect.bisect_left(self.indices, mention.first_token - CONTEXT_TOKENS)
        high = bisect.bisect_left(self.indices, mention.last_token + CONTEXT_TOKENS)
        return self.distinctive[low:high]


def _statement(
    source: ParsedSource,
    mention: Mention,
    sentences: dict[int, _SentenceWords],
    date_order: DateOrder | None,
) -> Statement | None:
    days: tuple[date, date] | None = None
    unit: str | None = None
    interval: Interval | None = None
    if isinstance(mention, DateMention):
        days = _days(source, mention, date_order)
        if days is None:
            return None
        noun = mention.attributive[0] if mention.attributive else None
    elif isinstance(mention, QuantityMention):
        unit, interval, noun = mention.unit, mention.interval, mention.noun
    else:
        return None  # a quotation states no value
    noun_key = match_key(noun) if noun else None
    if mention.sentence not in sentences:
        sentences[mention.sentence] = _SentenceWords.read(source, mention.sentence)
    sentence = sentences[mention.sentence]
    distinctive = sentence.near(mention)
    words = tuple(
        (k, w) for k, w in _clause_words(source, mention, distinctive, True) if k != noun_key
    )
    around = frozenset(k for k, _ in _clause_words(source, mention, distinctive, False)) - {
        noun_key
    }
    line, column = source.line_column(mention.start)
    return Statement(
        source.path,
        line,
        column,
        mention.kind,
        " ".join(mention.text.split()),
        unit,
        noun_key,
        noun,
        interval,
        days,
        frozenset(key for key, _ in words),
        words,
        around,
        sentence.text,
    )


def _days(
    source: ParsedSource, mention: DateMention, date_order: DateOrder | None
) -> tuple[date, date] | None:
    """Absolute dates as written; relative ones placed by the source's own dateline (and
    slash dates both orders read, by `facts_date_order`)."""
    days = placed_days(mention, source.published, date_order)
    # An open interval ("since 1989") is no value a fact could hold.
    if days is None or days[0] == OPEN_LOW or days[1] == OPEN_HIGH:
        return None
    return days


def _clause_words(
    source: ParsedSource,
    mention: Mention,
    distinctive: list[tuple[int, str, str]],
    clause_only: bool,
) -> list[tuple[str, str]]:
    """Distinctive words of the mention's clause (or sentence): what a fact's anchors would be.
    ``distinctive`` holds the sentence's near the mention (``_SentenceWords.near``)."""
    clauses = source.sentences[mention.sentence].clauses
    clause = clauses[mention.first_token]
    return [
        (key, written)
        for index, key, written in distinctive
        if not (
            mention.first_token <= index < mention.last_token
            or clause_only
            and clauses[index] != clause
        )
    ]


def _distinctive_words(source: ParsedSource, sentence_index: int) -> list[tuple[int, str, str]]:
    """(token index, key, word as written) of a sentence's distinctive words."""
    sentence = source.sentences[sentence_index]
    words = []
    for index, key in enumerate(sentence.keys):
        end = sentence.offsets[index + 1] if index + 1 < len(sentence.offsets) else sentence.end
        written = source.text[sentence.offsets[index] : end].strip()
        if _distinctive(written, key):
            words.append((index, key, written))
    return words


def _distinctive(written: str, key: str) -> bool:
    if not WORD.fullmatch(written) or key in VALUE_WORDS:
        return False
    acronym = written.isupper() and len(written) >= 2  # "US" is not the pronoun "us"
    return acronym or (len(key) > 2 and key not in STOP_WORDS)


def same_magnitude(a: Statement, b: Statement) -> bool:
    """Two values in the same terms that differ many times over are about different things.

    Sources that disagree about one thing usually disagree by a little ($66.5bn or $64bn);
    2.3% and 30% in similar sentences are two different shares.
    """
    if a.kind == Kind.DATE:
        return True
    first, second = _middle(a), _middle(b)
    if first is None or second is None or first <= 0 or second <= 0:
        return False
    return max(first, second) / min(first, second) <= MAX_DISAGREEMENT_RATIO


def _middle(statement: Statement) -> Fraction | None:
    """The middle of an amount's or a count's interval (None when it is open both ways)."""
    assert statement.interval is not None  # (every amount and count has one)
    bounds = [b for b in (statement.interval.low, statement.interval.high) if b is not None]
    return sum(bounds, _ZERO) / len(bounds) if bounds else None


def all_true_at_once(members: list[Statement]) -> bool:
    if members[0].kind == Kind.DATE:
        days = [_days_of(s) for s in members]
        return max(low for low, _ in days) <= min(high for _, high in days)
    intervals = [_interval_of(s) for s in members]
    return all(a.intersects(b) for a in intervals for b in intervals)


def _days_of(statement: Statement) -> tuple[date, date]:
    assert statement.days is not None  # (every date statement is placed)
    return statement.days


def _interval_of(statement: Statement) -> Interval:
    assert statement.interval is not None  # (every amount and count has one)
    return statement.interval
