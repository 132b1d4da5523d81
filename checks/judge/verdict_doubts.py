"""Doubts that need the verdicts (SPEC 4): read once every mention of a source is judged.

The tests in checks.link.doubts look at the words around one link. These look at what the link
would say and what the links beside it say: a value that agrees with another fact it could
be about, two values side by side that both disagree with their facts (another offer,
another release), a weekday that can only name a day near publication, a figure thousands
of times off its fact's, a figure told in a statement dated weeks before publication.
Each returns the reason in words, or None. They only ever turn a would-be failure into
`uncertain`; a consistent link stays consistent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from checks.extract.dates import placed_days
from checks.facts.factfile import Fact
from checks.facts.values import DateValue, QuantityValue
from checks.judge.verdicts import Judgement, converted, judge
from checks.link.doubts import REPORTING, SEPARATORS, VERB_SIGNS, telling, thing, verb_like
from checks.model.defaults import DateOrder
from checks.model.intervals import Interval
from checks.model.kinds import Kind, Verdict
from checks.model.mentions import DateMention, Mention, ParsedSource, QuantityMention
from checks.model.relative_dates import DateForm


@dataclass(frozen=True)
class Judged:
    """A link and its verdict before any doubt is applied."""

    mention: Mention
    fact: Fact
    judgement: Judgement
    near_rivals: tuple[Fact, ...]


@dataclass(frozen=True)
class Context:
    """What the tests may look at besides the link: the source, its publication date, the
    fact file's names, and every link of the link's sentence."""

    parsed: ParsedSource
    published: date | None
    names: dict[str, tuple[str, ...]]
    failing_at: dict[int, list[Judged]]  # the sentence's would-be failures by first token
    sentence_dates: Sequence[DateMention]  # the date mentions of the link's sentence
    date_order: DateOrder | None  # `facts_date_order`


def verdict_doubt(link: Judged, context: Context) -> str | None:
    """The first reason to doubt a would-be failure, or None (also for a passing link)."""
    if not link.judgement.verdict.fails or link.mention.kind == Kind.QUOTE:
        return None
    for test in VERDICT_DOUBTS:
        reason = test(link, context)
        if reason:
            return reason
    return None


# A weekday or "yesterday" names a day within a week of publication; a fact's day farther
# than this from publication cannot be the one it names.
DEICTIC_REACH = timedelta(days=14)


def far_from_publication(link: Judged, context: Context) -> str | None:
    """A weekday, "today" or "yesterday" is read from the publication date and names a day
    within a week of it. When the fact's day is not within that week, the source speaks of
    something that happened near publication, not of the fact's event (a later story's
    "freed on Saturday" about a later release)."""
    mention, value = link.mention, link.fact.value
    if (
        context.published is None
        or not isinstance(mention, DateMention)
        or not mention.relative
        or mention.relative.form not in (DateForm.WEEKDAY, DateForm.DAY)
    ):
        return None
    assert isinstance(value, DateValue)  # (a date mention links to date facts only)
    low, high = context.published - DEICTIC_REACH, context.published + DEICTIC_REACH
    if value.date_high < low or value.date_low > high:
        return (
            f"`{mention.text}` names a day near publication "
            f"({context.published.isoformat()}), far from the fact's"
        )
    return None


# Values this many times apart are two different figures, not one figure misreported (a
# million/billion slip is a factor of 1,000 and stays a certain contradiction).
SCALE_APART = Fraction(10_000)


def another_scale(link: Judged, context: Context) -> str | None:
    """A figure that is more than ten thousand times larger or smaller than the fact's is
    another figure of the same unit ("$9 billion" against a price of $40 a share)."""
    mention, value = link.mention, link.fact.value
    if not isinstance(mention, QuantityMention) or not isinstance(value, QuantityValue):
        return None
    source, canonical = mention.interval, value.interval
    if mention.unit and value.unit and mention.unit != value.unit:
        source = converted(source, mention.unit, value.unit)  # (linked: same dimension)
    ratio = _ratio(source, canonical)
    if ratio is not None and ratio >= SCALE_APART:
        return (
            "the value is more than ten thousand times the fact's or a ten-thousandth "
            "of it: another figure"
        )
    return None


def _ratio(source: Interval, canonical: Interval) -> Fraction | None:
    """How many times apart the nearest edges of two positive intervals are."""
    low, high = source.low, source.high
    canonical_low, canonical_high = canonical.low, canonical.high
    if low is None or high is None or canonical_low is None or canonical_high is None:
        return None
    if min(low, high, canonical_low, canonical_high) <= 0:
        return None
    if high <= canonical_low:
        return canonical_low / high
    if canonical_high <= low:
        return low / canonical_high
    return None


def agrees_with_rival(link: Judged, context: Context) -> str | None:
    """SPEC 4, test 6: another fact whose anchors stand about as near could take the
    mention, and the mention agrees with it ("the portion in cash was $60 a share": a
    per-share price fact and a cash fact both fit; $60 is the cash)."""
    for rival in link.near_rivals:
        value = rival.value
        if isinstance(value, QuantityValue) and (
            value.interval.low is None or value.interval.high is None
        ):
            continue  # any large figure agrees with "more than 20,000": that says nothing
        verdict = judge(
            link.mention, rival, value, context.published, context.names, context.date_order
        ).verdict
        if verdict is Verdict.CONSISTENT:
            return f"also fits `{rival.id}`, which it agrees with"
    return None


# Two values this close, with no break between them, describe one thing.
SIDE_BY_SIDE = 5
# Tokens a value's words may take ("more than two and a half million").
LONGEST_VALUE = 12


def beside_another_failure(link: Judged, context: Context) -> str | None:
    """Two values side by side in one phrase that both disagree with their facts ("its $29
    billion bid in October 2023", against facts on this year's bid) describe another thing
    of the kind, not two mistakes; a changed value beside one that agrees stays certain."""
    mention = link.mention
    keys = context.parsed.sentences[mention.sentence].keys
    # (Only the tokens around the mention are looked at: a sentence of thousands of values
    # stays linear.)
    for start in range(
        max(0, mention.first_token - SIDE_BY_SIDE - LONGEST_VALUE),
        mention.last_token + SIDE_BY_SIDE + LONGEST_VALUE,
    ):
        for other in context.failing_at.get(start, ()):
            if (
                other.fact.id == link.fact.id
                or other.mention.kind == Kind.QUOTE
                or other.mention is mention
            ):
                continue
            first, second = sorted((mention, other.mention), key=lambda m: m.first_token)
            between = [key for key in keys[first.last_token : second.first_token] if key != "-"]
            if len(between) <= SIDE_BY_SIDE and _one_phrase(between):
                return (
                    f"`{other.mention.text}` beside it disagrees with `{other.fact.id}` "
                    f"too: likely another {thing(mention.kind)}"
                )
    return None


# Pronouns that open a clause on the noun before them with no relative word: "the bid it
# made last year".
SUBJECT_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i", "you"})


def _one_phrase(between: Sequence[str]) -> bool:
    """Whether the words between two values keep them in one phrase: no break, and no verb
    unless it is in a clause on the first value's noun ("the $7 billion bridge sold at $45
    a ticket" is two things; "the $4 billion bid it placed in May" is one)."""
    if any(key in SEPARATORS or key in (",", ".", "and", "or") for key in between):
        return False  # ("3,000 troops and 20 tanks": two things, each may be wrong)
    if (
        between
        and between[0] in SUBJECT_PRONOUNS
        or len(between) > 1
        and between[1] in SUBJECT_PRONOUNS
    ):
        return True
    return not any(key in VERB_SIGNS or key in REPORTING or verb_like(key) for key in between)


# Words that make a figure a state at the time of telling, not an event: "the 40 ferries
# still in service", "the 40 who remain", "currently employs".
STATE_WORDS = frozenset({"still", "remain", "remains", "remaining", "currently", "now"})
# A statement dated this long before publication may describe a state that has changed.
STALE_AFTER = timedelta(days=7)


def earlier_statement(link: Judged, context: Context) -> str | None:
    """A count or amount of a state ("still in service", "remain") told in a statement
    dated weeks before publication ("the operator said in March it still ran 40 ferries")
    gives the figure of that time, which may since have changed."""
    if link.mention.kind == Kind.DATE or context.published is None:
        return None
    sentence = context.parsed.sentences[link.mention.sentence]
    if not any(key in STATE_WORDS for key in sentence.keys):
        return None  # an event told later ("announced on Oct. 11 it would cut 6,000
        # jobs") is still that event; a state ("still in service") may change
    for other in context.sentence_dates:
        attached = telling(sentence.keys, other)
        if not attached:
            continue
        days = placed_days(other, context.published, context.date_order)
        if days is not None and days[1] < context.published - STALE_AFTER:
            return (
                f"told in a statement of {days[1].strftime('%B %Y')} "
                f"(`{other.text}`), weeks before publication"
            )
    return None


VERDICT_DOUBTS = (
    far_from_publication,
    another_scale,
    agrees_with_rival,
    earlier_statement,
    beside_another_failure,
)
