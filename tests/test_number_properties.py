"""Property tests: a number written in digits, in words, with separators or with a scale word
reads back as the value it was written from, and the interval always holds that value."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.extract.numbers import parse_words, read_number
from checks.extract.quantities import find_quantities

UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
SUFFIXES = {"k": 10**3, "m": 10**6, "bn": 10**9, "tn": 10**12}


def below_hundred(n: int, hyphen: str = "-") -> str:
    if n < 20:
        return UNITS[n]
    tens, units = divmod(n, 10)
    return TENS[tens] + (hyphen + UNITS[units] if units else "")


def in_words(n: int, joiner: str = " and ") -> str:
    """English words for 1..999, as copy writes them ("two hundred and five")."""
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        parts.append(f"{UNITS[hundreds]} hundred")
    if rest or not hundreds:
        parts.append(below_hundred(rest))
    return joiner.join(parts)


def with_separators(n: int) -> str:
    return f"{n:,}"


@given(st.integers(min_value=0, max_value=10**15))
def test_digits_with_and_without_separators_read_the_same(n):
    assert read_number(str(n)).value == n
    assert read_number(with_separators(n)).value == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=6))
def test_decimals_read_exactly(whole, places):
    text = f"{whole:,}.{'7' * places}"
    number = read_number(text)
    assert number.value == Fraction(text.replace(",", ""))
    assert number.step == Fraction(1, 10**places)


@given(st.integers(min_value=1, max_value=999), st.sampled_from([" and ", " "]))
def test_words_read_back(n, joiner):
    assert parse_words(in_words(n, joiner)) == n


@given(
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=0, max_value=999),
    st.sampled_from(["thousand", "million", "billion"]),
)
def test_words_with_scale_words(high, low, scale):
    text = f"{in_words(high)} {scale}" + (f" {in_words(low)}" if low else "")
    assert parse_words(text) == high * SCALES[scale] + low


@given(
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=0, max_value=9),
    st.sampled_from(sorted(SCALES)),
)
def test_digits_with_scale_words(whole, tenth, scale):
    text = f"{whole}.{tenth}"
    number = read_number(text, scale)
    assert number.value == Fraction(text) * SCALES[scale]
    assert number.step == Fraction(SCALES[scale], 10)


@given(st.integers(min_value=1, max_value=999), st.sampled_from(sorted(SUFFIXES)))
def test_glued_suffixes(whole, suffix):
    assert read_number(str(whole), suffix).value == whole * SUFFIXES[suffix]


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=2, max_value=999))
def test_counts_in_words_and_digits_agree(n):
    digits = find_quantities(f"Officials said {n} soldiers were hurt.", [])
    words = find_quantities(f"Officials said {in_words(n)} soldiers were hurt.", [])
    assert len(digits) == len(words) == 1
    assert digits[0].interval == words[0].interval
    assert digits[0].interval.low == n == digits[0].interval.high


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=0, max_value=9),
    st.sampled_from([("bn", 10**9), (" billion", 10**9), ("m", 10**6), (" million", 10**6)]),
)
def test_money_interval_holds_its_value(whole, tenth, scale):
    suffix, factor = scale
    text = f"The fund raised ${whole}.{tenth}{suffix} last year."
    found = [q for q in find_quantities(text, []) if q.unit == "USD"]
    assert len(found) == 1
    value = Fraction(f"{whole}.{tenth}") * factor
    interval = found[0].interval
    assert interval.low <= value < interval.high
    assert interval.high - interval.low == Fraction(factor, 10)
