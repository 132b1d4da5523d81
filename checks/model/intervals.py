"""Intervals of numbers: what a number written in a source or a fact file can mean."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Interval:
    """A possibly unbounded interval; ``None`` bounds are infinite."""

    low: Fraction | None
    high: Fraction | None
    low_inclusive: bool = True
    high_inclusive: bool = True

    @classmethod
    def exact(cls, value: Fraction) -> Interval:
        return cls(value, value, True, True)

    @classmethod
    def rounding(cls, value: Fraction, step: Fraction) -> Interval:
        """The values that round to ``value`` when rounded to a multiple of ``step``."""
        half = step / 2
        return cls(value - half, value + half, True, False)

    def intersects(self, other: Interval) -> bool:
        return not (_before(self, other) or _before(other, self))

    def widened(self, below: Fraction, above: Fraction) -> Interval:
        low = None if self.low is None else self.low - below
        high = None if self.high is None else self.high + above
        return Interval(low, high, self.low_inclusive, self.high_inclusive)

    def shifted(self, offset: Fraction) -> Interval:
        return self.widened(-offset, offset)

    def format(self, divisor: Fraction = Fraction(1), suffix: str = "") -> str:
        low = "-inf" if self.low is None else format_number(self.low / divisor)
        high = "+inf" if self.high is None else format_number(self.high / divisor)
        if self.low is not None and self.low == self.high:
            text = f"[{low}]"
        else:
            left = "[" if self.low_inclusive and self.low is not None else "("
            right = "]" if self.high_inclusive and self.high is not None else ")"
            text = f"{left}{low}, {high}{right}"
        return f"{text} {suffix}".rstrip()


def _before(a: Interval, b: Interval) -> bool:
    """True when every value of ``a`` lies below every value of ``b``."""
    if a.high is None or b.low is None:
        return False
    if a.high < b.low:
        return True
    return a.high == b.low and not (a.high_inclusive and b.low_inclusive)


def format_number(value: Fraction) -> str:
    """A short decimal rendering: 66.45, 126, 0.333."""
    if value.denominator == 1:
        return f"{value.numerator:,}".replace(",", "")
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return text
