"""Reading numbers as journalists write them: digits, words, scale words and their precision."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from checks.model.errors import ValueSyntaxError

UNITS_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALE_WORDS = {
    "hundred": 100,
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    # South Asian copy: a lakh is a hundred thousand, a crore ten million ("35 lakh rupees").
    "lakh": 10**5,
    "lakhs": 10**5,
    "crore": 10**7,
    "crores": 10**7,
}
# Suffixes glued to digits or standing alone in copy ("66.5bn", "$54K", "€4.5m").
SCALE_ABBREVIATIONS = {
    "k": 10**3,
    "K": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "million": 10**6,
    "bn": 10**9,
    "b": 10**9,
    "billion": 10**9,
    "tn": 10**12,
    "trn": 10**12,
    "trillion": 10**12,
    "T": 10**12,
    "B": 10**9,
    "lakh": 10**5,
    "lakhs": 10**5,
    "crore": 10**7,
    "crores": 10**7,
}


def first_letter_alternation(alternatives: list[str]) -> str:
    """``alternatives`` (regexes that each start with a plain lower-case letter) as one group,
    grouped by that letter and in their order within a group, behind a look-ahead for the
    first letters: "(?=[tf])(?:t(?:wenty|hree)|f(?:ive))".

    The regex engine then rules out most words with one test and tries one group at the
    others, instead of trying every alternative at every word: that is most of the cost of
    a long list of words scanned over a whole text. Alternatives with different first letters
    never match at the same place, and a letter and a one-letter class match the same
    characters with or without (?i), so the matches are the same as the plain alternation's.
    """
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        groups.setdefault(alternative[0], []).append(alternative[1:])
    grouped = "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())
    return f"(?=[{''.join(groups)}])(?:{grouped})"


_UNITS_ONE_TO_NINE = "|".join(list(UNITS_WORDS)[1:10])
# "twenty", "twenty-one", "seventeen": tens with an optional unit, then units longest first.
_WORD_NUMBER = first_letter_alternation(
    [rf"{tens}(?:[-\s](?:{_UNITS_ONE_TO_NINE}))?" for tens in TENS_WORDS]
    + sorted(UNITS_WORDS, key=len, reverse=True)
)
# A number written in words, optionally with "hundred" ("two hundred", "a dozen").
WORD_NUMBER_PATTERN = (
    rf"(?:(?:{_WORD_NUMBER}\s+)?dozen|{_WORD_NUMBER}(?:[-\s]hundred(?:(?:\s+and)?[-\s]"
    rf"{_WORD_NUMBER})?)?|a\s+dozen)"
)
# Words across scale words, as one number: "one thousand five hundred", "two million three
# hundred thousand", "one thousand and one" (read alone, "five hundred" would be a figure the
# text never gives).
# (A tail tried only once a word number has matched: as an alternative of its own it was
# tried at every word, a tenth of the time of reading quantities.)
_SCALE_WORD = r"(?:thousand|million|billion|trillion)"
SCALE_WORDS_BETWEEN_TAIL = rf"(?:\s+{_SCALE_WORD}(?:\s+and)?\s+{WORD_NUMBER_PATTERN}\b)*"
_INNER_SCALE = re.compile(rf"(?i)\b{_SCALE_WORD}\s+(?:and\s+)?[a-z]")
DIGIT_NUMBER_PATTERN = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# Words that count a scale word after them: "a million", "half a million", "a half million",
# "a quarter of a million" (only before a scale word: "a" and "half" alone are no numbers).
_SCALE_AHEAD = r"(?=[\s-]+(?:thousand|million|billion|trillion)\b)"
# "two and a half million", "2 and a half billion": a tail tried only once a number has
# matched (as an alternative of its own it was tried at every word, a fifth of the time).
AND_A_HALF_BEFORE_SCALE = rf"(?:\s+and\s+a\s+half{_SCALE_AHEAD})?"
_AND_A_HALF = re.compile(r"(?i)(?P<whole>.+?)\s+and\s+a\s+half")
# (Each form is led by a look-ahead that fails fast: they are tried at every word of every
# text, and a bare word-number alternation there costs a tenth of the reading of quantities.)
_SCALED_WORDS = (
    r"(?=[aAhH])(?<!and\s)(?<!and\sa\s)(?:(?:a\s+)?half(?:\s+an?)?{ahead}"
    r"|a\s+quarter\s+of\s+an?{ahead}"
    r"|an?{ahead})"
)
SCALED_WORDS_PATTERN = _SCALED_WORDS.format(ahead=_SCALE_AHEAD)
_SCALED_WORDS_ALONE = re.compile(_SCALED_WORDS.format(ahead=""), re.IGNORECASE)
FRACTION_WORDS = {"half": Fraction(1, 2), "quarter": Fraction(1, 4), "quarters": Fraction(1, 4)}
# A fraction in figures: "1/4", "10 1/2", "2½", "½" (read only before a unit: "1/4" alone
# is a date or a score).
VULGAR_FRACTIONS = {
    "½": Fraction(1, 2),
    "¼": Fraction(1, 4),
    "¾": Fraction(3, 4),
    "⅓": Fraction(1, 3),
    "⅔": Fraction(2, 3),
    "⅛": Fraction(1, 8),
    "⅜": Fraction(3, 8),
    "⅝": Fraction(5, 8),
    "⅞": Fraction(7, 8),
}
_VULGAR = "".join(VULGAR_FRACTIONS)
FRACTION_NUMBER_PATTERN = (
    rf"(?:\d{{1,4}}[ \t]+)?[1-9]\d?/[1-9]\d?(?![\d/.,]\d|/)"
    rf"|\d{{1,4}}[ \t]?[{_VULGAR}]|[{_VULGAR}]"
)


@dataclass(frozen=True)
class WrittenNumber:
    """A number as written: its value and the place value of its last written digit."""

    value: Fraction
    step: Fraction  # place value of the last written digit, after scaling
    trailing_zeros: int  # zeros at the end of an integer mantissa ("1,200" has 2)
    in_words: bool

    def significant_step(self) -> Fraction:
        """The step once trailing zeros are read as not significant ("about 50" is [45, 55))."""
        return self.step * 10**self.trailing_zeros


MAX_DIGITS = 100


def parse_digits(text: str) -> tuple[Fraction, Fraction, int]:
    """Value, step and trailing zeros of "1,200", "66.5", "50"."""
    plain = text.replace(",", "")
    if not re.fullmatch(r"\d+(?:\.\d+)?", plain):
        raise ValueSyntaxError(f"not a number: {text!r}")
    # No figure in prose has this many digits (a serial or a hash does); Python also refuses
    # to convert strings of over 4,300 digits to int.
    if len(plain) > MAX_DIGITS:
        raise ValueSyntaxError(f"not a number: {len(plain)} digits")
    if "." in plain:
        decimals = len(plain.split(".")[1])
        return Fraction(plain), Fraction(1, 10**decimals), 0
    trailing = len(plain) - len(plain.rstrip("0")) if plain.strip("0") else 0
    return Fraction(int(plain)), Fraction(1), trailing


def parse_words(text: str) -> Fraction:
    """Value of "thirty-two", "two hundred and five", "a dozen"."""
    words = re.split(r"[\s-]+", text.lower().strip())
    words = [w for w in words if w not in ("and", "a", "an")]
    total, current = 0, 0
    for word in words:
        if word == "dozen":
            current = max(current, 1) * 12
        elif word in UNITS_WORDS:
            current += UNITS_WORDS[word]
        elif word in TENS_WORDS:
            current += TENS_WORDS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in SCALE_WORDS:
            total += max(current, 1) * SCALE_WORDS[word]
            current = 0
        else:
            raise ValueSyntaxError(f"not a number: {text!r}")
    return Fraction(total + current)


def read_number(core: str, scale: str | None = None) -> WrittenNumber:
    """A number in digits or words with an optional scale word or suffix."""
    if re.fullmatch(FRACTION_NUMBER_PATTERN, core):
        value, step = read_fraction(core)
        return WrittenNumber(value, step, 0, False)
    if scale and _SCALED_WORDS_ALONE.fullmatch(core):
        # "half a million" is written to the half million: [250,000, 750,000)
        value, step = read_scaled_words(core)
        factor = SCALE_ABBREVIATIONS.get(scale) or SCALE_ABBREVIATIONS[scale.lower()]
        return WrittenNumber(value * factor, step * factor, 0, True)
    if scale and (and_a_half := _AND_A_HALF.fullmatch(core)):
        # "two and a half million" is written to the half million, like "half a million"
        whole = read_number(and_a_half.group("whole"))
        factor = SCALE_ABBREVIATIONS.get(scale) or SCALE_ABBREVIATIONS[scale.lower()]
        half = Fraction(1, 2)
        return WrittenNumber((whole.value + half) * factor, half * factor, 0, whole.in_words)
    if core.startswith("."):
        core = "0" + core  # ".75 €", "$.50": a price without its leading zero
    if re.fullmatch(DIGIT_NUMBER_PATTERN, core):
        value, step, trailing = parse_digits(core)
        in_words = False
    else:
        value, step, trailing, in_words = parse_words(core), Fraction(1), 0, True
        trailing = _trailing_zeros(value)
        if _INNER_SCALE.search(core):
            # "one thousand five hundred" is written to its last word: to the hundred
            if scale:  # "two million three hundred" + "thousand"
                value, scale = parse_words(f"{core} {scale}"), None
                trailing = _trailing_zeros(value)
            step, trailing = Fraction(10**trailing), 0
    if scale:
        known = SCALE_ABBREVIATIONS.get(scale) or SCALE_ABBREVIATIONS.get(scale.lower())
        if known is None:
            raise ValueSyntaxError(f"unknown scale {scale!r}")
        value, step = value * known, step * known
    return WrittenNumber(value, step, trailing, in_words)


def read_scaled_words(core: str) -> tuple[Fraction, Fraction]:
    """Value and step of the words before a scale word: "a" (1, to the one), "half a"
    (1/2, to the half), "two and a half" (5/2, to the half), "three quarters of a" (3/4, to
    the quarter)."""
    words = [w for w in re.split(r"\s+", core.lower().strip()) if w not in ("and", "of")]
    whole, fraction, count = Fraction(0), None, None
    for word in words:
        if word in FRACTION_WORDS:
            fraction = FRACTION_WORDS[word] * (count if count is not None else 1)
            count = None
        elif word in ("a", "an"):
            continue
        elif word.isdigit():
            whole = Fraction(int(word))
        else:
            number = parse_words(word)
            if fraction is None and "quarter" in core.lower() and whole == 0:
                count = number  # "three quarters"
            else:
                whole = number
    if fraction is None:
        return Fraction(1), Fraction(1)  # "a million"
    return whole + fraction, FRACTION_WORDS[
        "half"
    ] if fraction.denominator == 2 else FRACTION_WORDS["quarter"]


def read_fraction(core: str) -> tuple[Fraction, Fraction]:
    """Value and step of "10 1/2" (10.5, to the half), "2½", "1/4"."""
    core = core.strip()
    if "/" in core:
        whole, part = core.split() if len(core.split()) == 2 else ("", core)
        numerator, denominator = (int(x) for x in part.split("/"))
        fraction = Fraction(numerator, denominator)
    else:
        whole, fraction = core[:-1].strip(), VULGAR_FRACTIONS[core[-1]]
    step = Fraction(1, fraction.denominator)
    if whole and fraction >= 1:
        raise ValueSyntaxError(f"not a mixed number: {core!r}")
    return Fraction(int(whole.strip() or 0)) + fraction, step


def _trailing_zeros(value: Fraction) -> int:
    if value.denominator != 1 or value == 0:
        return 0
    text = str(value.numerator)
    return len(text) - len(text.rstrip("0"))
