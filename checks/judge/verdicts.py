"""Verdicts (SPEC section 5): can what a source says and what a fact says both be true?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from checks.extract.dates import Unresolved, describe_interval, needs_publication, resolve
from checks.extract.quotes import compare_quote, same_speaker
from checks.extract.units import CURRENCIES, convert
from checks.facts.factfile import Fact
from checks.facts.speakers import by_fact_speaker, speaker_aliases
from checks.facts.values import CanonicalValue, DateValue, QuantityValue, QuoteValue, Tolerance
from checks.model.defaults import DateOrder
from checks.model.intervals import Interval
from checks.model.kinds import Verdict
from checks.model.mentions import DateMention, Mention, QuantityMention, QuoteMention

_ZERO = Fraction(0)
SCALES = [
    (Fraction(10**12), "trillion"),
    (Fraction(10**9), "billion"),
    (Fraction(10**6), "million"),
]


@dataclass(frozen=True)
class Judgement:
    """A verdict on one mention against one fact, with the words to explain it."""

    verdict: Verdict
    source_interval: str
    canonical_interval: str
    detail: str
    doubt: str | None = None  # why the link is uncertain (SPEC 4), for Verdict.UNCERTAIN


def judge(
    mention: Mention,
    fact: Fact,
    value: CanonicalValue,
    published: date | None,
    names: dict[str, tuple[str, ...]],
    date_order: DateOrder | None = None,
) -> Judgement:
    # (linking pairs a mention only with facts of its kind: a pair of two kinds is a bug)
    if isinstance(value, QuoteValue):
        assert isinstance(mention, QuoteMention)
        return _judge_quote(mention, fact, value, names)
    if isinstance(value, DateValue):
        assert isinstance(mention, DateMention)
        return _judge_date(mention, fact, value, published, date_order)
    assert isinstance(mention, QuantityMention)
    return _judge_number(mention, fact, value)


def _judge_number(mention: QuantityMention, fact: Fact, value: QuantityValue) -> Judgement:
    unit = value.unit
    source = mention.interval
    if unit and mention.unit and mention.unit != unit:
        source = converted(source, mention.unit, unit)
    canonical = widen(value.interval, fact.tolerance)
    source_text, canonical_text = describe(source, unit), describe(canonical, unit)
    if source.intersects(canonical):
        return Judgement(
            Verdict.CONSISTENT,
            source_text,
            canonical_text,
            "the source's value can be the canonical one",
        )
    side = "below" if _below(source, canonical) else "above"
    detail = (
        f"every value the source's words allow is {side} every value the fact allows, "
        "so both cannot be true"
    )
    return Judgement(Verdict.CONTRADICTION, source_text, canonical_text, detail)


def _below(source: Interval, canonical: Interval) -> bool:
    return source.high is not None and canonical.low is not None and source.high <= canonical.low


def converted(interval: Interval, unit_from: str, unit_to: str) -> Interval:
    """An interval in ``unit_from`` expressed in ``unit_to`` (same dimension)."""
    low = None if interval.low is None else convert(interval.low, unit_from, unit_to)
    high = None if interval.high is None else convert(interval.high, unit_from, unit_to)
    return Interval(low, high, interval.low_inclusive, interval.high_inclusive)


def widen(interval: Interval, tolerance: Tolerance | None) -> Interval:
    """The canonical interval widened by the fact's ``tolerance``."""
    if tolerance is None:
        return interval
    if tolerance.relative is not None:
        low = abs(interval.low or _ZERO) * tolerance.relative
        high = abs(interval.high or _ZERO) * tolerance.relative
        return interval.widened(low, high)
    if tolerance.absolute is not None:
        return interval.widened(tolerance.absolute, tolerance.absolute)
    return interval


def describe(interval: Interval, unit: str | None) -> str:
    """An interval in words an editor reads: "[63.5, 64.5) billion USD", "[45, 55)"."""
    if unit in CURRENCIES or unit is None:
        magnitude = max(abs(v) for v in (interval.low, interval.high, _ZERO) if v is not None)
        for scale, word in SCALES:
            if magnitude >= scale:
                return interval.format(scale, f"{word} {unit or ''}".strip())
        return interval.format(suffix=unit or "")
    if unit == "percent":
        return interval.format(suffix="percent")
    return interval.format(suffix=unit)


def _judge_date(
    mention: DateMention,
    fact: Fact,
    value: DateValue,
    published: date | None,
    date_order: DateOrder | None,
) -> Judgement:
    low, high = mention.date_low, mention.date_high
    canonical_low, canonical_high = value.date_low, value.date_high
    if fact.tolerance is not None and fact.tolerance.days:
        canonical_low -= timedelta(days=fact.tolerance.days)
        canonical_high += timedelta(days=fact.tolerance.days)
    canonical_text = describe_days(canonical_low, canonical_high)
    if mention.relative:
        if published is None and needs_publication(mention.relative):
            return Judgement(
                Verdict.UNRESOLVED,
                f"relative date {mention.text!r}",
                canonical_text,
                "no publication date for this source, so a relative date cannot "
                "be placed (add it to the fact file's `published` map)",
            )
        try:
            low, high = resolve(mention.relative, published, date_order)
        except Unresolved as why:
            what = "relative date" if needs_publication(mention.relative) else "slash date"
            return Judgement(
                Verdict.UNRESOLVED,
                f"{what} {mention.text!r}",
                canonical_text,
                f"the date cannot be placed: {why}",
            )
    assert low is not None and high is not None
    source_text = describe_interval(low, high)  # "on or after 1989-01-01" when open
    if low <= canonical_high and canonical_low <= high:
        return Judgement(
            Verdict.CONSISTENT, source_text, canonical_text, "the source's days overlap the fact's"
        )
    detail = "the source's days and the fact's days do not overlap, so both cannot be true"
    if mention.relative and published and needs_publication(mention.relative):
        detail += f" (read against the publication date {published.isoformat()})"
    return Judgement(Verdict.CONTRADICTION, source_text, canonical_text, detail)


def describe_days(low: date, high: date) -> str:
    if low == high:
        return low.isoformat()
    return f"{low.isoformat()} .. {high.isoformat()}"


def _judge_quote(
    mention: QuoteMention, fact: Fact, value: QuoteValue, names: dict[str, tuple[str, ...]]
) -> Judgement:
    comparison = compare_quote(
        mention.text, value.quote, near=by_fact_speaker(mention, fact, names)
    )
    said_by = mention.speaker or "unknown speaker"
    if not comparison.consistent:
        return Judgement(
            Verdict.MISQUOTE,
            f"{said_by}: “{mention.text}”",
            f"{fact.speaker}: “{value.quote}”",
            f"the wording differs beyond normalisation: {comparison.diff}",
        )
    if (
        fact.speaker
        and mention.speaker
        and not same_speaker(mention.speaker, fact.speaker, speaker_aliases(fact.speaker, names))
    ):
        return Judgement(
            Verdict.MISATTRIBUTED,
            f"{said_by}: “{mention.text}”",
            f"{fact.speaker}: “{value.quote}”",
            f"the source attributes these words to {mention.speaker}, the fact to {fact.speaker}",
        )
    return Judgement(
        Verdict.CONSISTENT,
        f"{said_by}: “{mention.text}”",
        f"{fact.speaker}: “{value.quote}”",
        "the wording is part of the canonical one",
    )
