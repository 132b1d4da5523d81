"""Canonical values in fact files, read by the same engine that reads sources."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import ClassVar

from checks.extract.dates import parse_canonical_date
from checks.extract.quantities import Quantity, find_quantities
from checks.model.errors import ValueSyntaxError
from checks.model.intervals import Interval
from checks.model.kinds import Kind


@dataclass(frozen=True)
class QuantityValue:
    """What an amount or a count fact says: an interval, with its unit (None for a count)."""

    kind: Kind
    interval: Interval
    unit: str | None = None


@dataclass(frozen=True)
class DateValue:
    """What a date fact says: a span of days, first and last included."""

    date_low: date
    date_high: date
    kind: ClassVar[Kind] = Kind.DATE


@dataclass(frozen=True)
class QuoteValue:
    """What a quote fact says: the canonical wording."""

    quote: str
    kind: ClassVar[Kind] = Kind.QUOTE


# What a fact says, of its kind's own type.
CanonicalValue = QuantityValue | DateValue | QuoteValue


@dataclass(frozen=True)
class Tolerance:
    """How far a canonical value may be widened: relative (a fraction) or absolute."""

    relative: Fraction | None = None
    absolute: Fraction | None = None
    unit: str | None = None
    days: int | None = None


def parse_value(kind: Kind, text: str) -> CanonicalValue:
    """A fact's value: exact unless it says otherwise ("about 50", "more than $126bn")."""
    text = " ".join(str(text).split())
    if not text:
        raise ValueSyntaxError("the value is empty")
    if kind == Kind.DATE:
        low, high = parse_canonical_date(text)
        return DateValue(low, high)
    if kind == Kind.QUOTE:
        return QuoteValue(text)
    quantity = _single_quantity(text, kind)
    interval = quantity.interval
    if quantity.qualifier is None and interval.low is not None and interval.high is not None:
        interval = Interval.exact((interval.low + interval.high) / 2)
    return QuantityValue(kind, interval, quantity.unit)


def _single_quantity(text: str, kind: Kind) -> Quantity:
    found = find_quantities(text, [])
    if len(found) != 1 or len(text[: found[0].start].strip()) or _leftover(text, found[0]):
        raise ValueSyntaxError(f"cannot read {text!r} as one {kind}")
    quantity = found[0]
    if kind == Kind.COUNT and quantity.kind != Kind.COUNT:
        raise ValueSyntaxError(f"{text!r} has a unit or currency; use 'amount' for it")
    if kind == Kind.AMOUNT and quantity.kind != Kind.AMOUNT:
        raise ValueSyntaxError(
            f"{text!r} has no unit or currency (write '5 percent', "
            "'66.5 billion USD', '12 km'), or use 'count'"
        )
    return quantity


def _leftover(text: str, quantity: Quantity) -> bool:
    rest = text[quantity.end :].strip()
    words = set(quantity.noun_words)
    return bool(rest) and not all(w.strip(".,") in words for w in rest.split())


def parse_tolerance(text: str) -> Tolerance:
    """``2%`` (relative), ``0.5 billion USD`` / ``3`` (absolute), ``1 day`` (dates)."""
    text = " ".join(str(text).split())
    days = re.fullmatch(r"(\d+)\s+(day|week)s?", text)
    if days:
        return Tolerance(days=int(days.group(1)) * (7 if days.group(2) == "week" else 1))
    relative = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(?:%|percent|per cent)", text)
    if relative:
        return Tolerance(relative=Fraction(relative.group(1)) / 100)
    found = find_quantities(text, [])
    if len(found) != 1:
        raise ValueSyntaxError(
            f"cannot read tolerance {text!r} (write 2%, 3, 0.5 billion USD or 1 day)"
        )
    interval = found[0].interval
    assert interval.low is not None and interval.high is not None
    return Tolerance(absolute=(interval.low + interval.high) / 2, unit=found[0].unit)
