"""Finding amounts (money, percent, physical) and counts in text, with their intervals."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from fractions import Fraction

from spacy.lang.en.stop_words import STOP_WORDS

from checks.extract.currencies import tables as currency_tables
from checks.extract.dates import MONTHS, WEEKDAYS
from checks.extract.numbers import (
    AND_A_HALF_BEFORE_SCALE,
    DIGIT_NUMBER_PATTERN,
    FRACTION_NUMBER_PATTERN,
    SCALE_WORDS_BETWEEN_TAIL,
    SCALED_WORDS_PATTERN,
    WORD_NUMBER_PATTERN,
    WrittenNumber,
    first_letter_alternation,
    read_number,
)
from checks.extract.units import CURRENCIES, canonical_unit, compatible, convert, unit_for
from checks.extract.units import TIME_UNITS as TIME_UNIT_NAMES
from checks.extract.units import _simple_unit as simple_unit
from checks.model.errors import ValueSyntaxError
from checks.model.intervals import Interval
from checks.model.kinds import Kind
from checks.model.mentions import TakenSpans

# Words before a number that change what it means (SPEC section 3), longest first.
QUALIFIERS = {
    "about": "approx",
    "approximately": "approx",
    "approx.": "approx",
    "around": "approx",
    "roughly": "approx",
    "some": "approx",
    "an estimated": "approx",
    "estimated": "approx",
    "circa": "approx",
    "close to": "approx",
    "in the region of": "approx",
    "more than": "more",
    "over": "more",
    "above": "more",
    "exceeding": "more",
    "upward of": "more",
    "upwards of": "more",
    "in excess of": "more",
    "greater than": "more",
    "just over": "more",
    "well over": "more",
    "larger than": "more",
    "higher than": "more",
    "at least": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "a minimum of": "at_least",
    "greater than or equal to": "at_least",
    "more than or equal to": "at_least",
    "less than": "less",
    "under": "less",
    "fewer than": "less",
    "below": "less",
    "smaller than": "less",
    "lower than": "less",
    "nearly": "nearly",
    "almost": "nearly",
    "just under": "nearly",
    "not quite": "nearly",
    "up to": "up_to",
    "as many as": "up_to",
    "as much as": "up_to",
    "at most": "up_to",
    "a maximum of": "up_to",
    "no more than": "up_to",
    "less than or equal to": "up_to",
    "fewer than or equal to": "up_to",
    "less or equal to": "up_to",
    "less or equal than": "up_to",
    "greater or equal to": "at_least",
    "greater or equal than": "at_least",
    "more or equal to": "at_least",
    "more or equal than": "at_least",
    "larger or equal to": "at_least",
    "larger than or equal to": "at_least",
    "smaller or equal to": "up_to",
    "smaller than or equal to": "up_to",
    "surpass": "more",
    "surpasses": "more",
    "surpassed": "more",
    "surpassing": "more",
    "exceed": "more",
    "exceeds": "more",
    "exceeded": "more",
}
SUFFIX_QUALIFIERS = {
    "or more": "at_least",
    "-plus": "at_least",
    "+": "at_least",
    "or fewer": "up_to",
    "or less": "up_to",
    "or greater": "at_least",
    "or above": "at_least",
    "or higher": "at_least",
    "or over": "at_least",
    "or below": "up_to",
    "or under": "up_to",
    "or lower": "up_to",
}


def first_char_alternation(alternatives: list[str]) -> str:
    """Literal strings (any first character, matched as written) as one group, grouped by
    their first character behind a look-ahead, like numbers.first_letter_alternation."""
    groups: dict[str, list[str]] = {}
    for alternative in sorted(alternatives, key=len, reverse=True):
        groups.setdefault(alternative[0], []).append(re.escape(alternative[1:]))
    grouped = "|".join(
        f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items()
    )
    first_chars = "".join(re.escape(first) for first in groups)
    return f"(?=[{first_chars}])(?:{grouped})"


_CURRENCIES = currency_tables()
# Symbols written before a number ("R$ 12", "Rp 10,000", "USD 17.25") and after it ("45 €",
# "3,990 Ft", "250 BRL"), as written; "HK$" and "MXN$" also in lower case.
_SYMBOLS = dict(_CURRENCIES.symbols)
_SYMBOLS.update(
    {
        s.lower(): c
        for s, c in _CURRENCIES.symbols.items()
        if s.endswith("$") and len(s) >= 3 and s[:-1].isalpha()
    }
)
# A prefix of two letters or more may stand apart from its dollar sign ("HK $ 10bn", "nz $ 5");
# one letter may not ("A $48-a-share offer": an article).
_SYMBOLS.update(
    {
        f"{p[:-1]} $": c
        for p, c in list(_SYMBOLS.items())
        if p.endswith("$") and p[:-1].isalpha() and len(p) >= 3
    }
)
# After a number a symbol may also be a minor unit ("75¢").
# The major currencies' codes also in lower case ("20 usd") and with a scale letter glued
# on, as European business copy writes them ("120 MEUR", "5 kUSD").
_AFTER_SYMBOLS = {
    **{s: (c, Fraction(1)) for s, c in _SYMBOLS.items()},
    "¢": ("USD", Fraction(1, 100)),
    **{c.lower(): (c, Fraction(1)) for c in _CURRENCIES.major if c.lower() not in STOP_WORDS},
    **{f"M{c}": (c, Fraction(10**6)) for c in _CURRENCIES.major},
    **{f"k{c}": (c, Fraction(10**3)) for c in _CURRENCIES.major},
}
_CURRENCY_PREFIX = first_char_alternation(list(_SYMBOLS))
_CURRENCY_AFTER = first_char_alternation(list(_AFTER_SYMBOLS))
# Names and minor units after a number ("forints", "Brazilian reals", "cents", "kopecks"),
# grouped by first letter (see first_letter_alternation): tried after every number.
_MONEY_WORDS = {
    **{n: (c, Fraction(1)) for n, c in _CURRENCIES.names.items()},
    **{n: m for n, m in _CURRENCIES.minor.items() if len(n) > 1},
}
_CURRENCY_WORD = first_letter_alternation(
    [
        re.escape(s)
        for s in sorted(_MONEY_WORDS, key=len, reverse=True)
        if s[:1].isascii() and s[:1].isalpha()
    ]
)
SIGNED_UNITS = ("degree_Celsius", "degree_Fahrenheit", "degree", "kelvin")

# Thousands grouped by spaces, the SI way ("10 000 dollars", "3 500 km", with a no-break or
# thin space too): groups of exactly three digits, no other number right after.
SPACED_THOUSANDS = (
    r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+"
    r"(?![\d,.]\d|[ \u00a0\u202f\u2009]?\d|[ \u00a0\u202f\u2009]?[/:-]\d)"
)

# One number with what is glued to it: "$126bn", "US$ 54K", "66.5 billion dollars", "5 per cent".
# Physical units are read after the match (see _unit_after): pint's registry carries them.
ATOM = re.compile(
    rf"""
    (?<![\w/.,$€£¥])(?<![A-Za-z]-)(?<!\d-\d{{3}}-)
    (?P<neg>[-−](?=[\d$€£¥]|[A-Z]{{1,3}}\$))?
    (?:(?P<cur>{_CURRENCY_PREFIX})\s?(?P<neg2>[-−](?=\d))?)?
    (?P<num>(?P<frac>{FRACTION_NUMBER_PATTERN})|(?P<spaced>{SPACED_THOUSANDS})|{DIGIT_NUMBER_PATTERN}(?![\d,.]\d)(?!/\d)(?i:{AND_A_HALF_BEFORE_SCALE})|(?P<bare_decimal>\.\d+)(?![\d,.]\d)|(?i:{SCALED_WORDS_PATTERN})|(?i:{WORD_NUMBER_PATTERN})\b(?i:{SCALE_WORDS_BETWEEN_TAIL}{AND_A_HALF_BEFORE_SCALE}))
    (?:(?P<glued>bn|mn|mln|tn|trn|[mkKbBT])(?![\w])|[\s-]?(?P<scale>(?i:thousand|million|billion|trillion|lakhs?|crores?)|bn|mn|tn)\b)?
    (?:
        [\s-]?(?P<pct>%|(?i:per\s?cent|percent)\b)
      | \s(?P<pp>(?i:percentage\s+points?))\b
      | [\s-]?(?P<curword>(?i:{_CURRENCY_WORD}))\b
      | \s?(?P<code>{_CURRENCY_AFTER})(?![\w$])(?:(?<=[A-Za-z])|(?!\s?\d))
        (?:\s(?P<late_scale>(?i:thousand|million|billion|trillion)|bn|mn)\b)?
      | (?P<pence>p)(?![\w]|\.m\b)
      | \s(?P<bp>(?i:basis\s+points?|bps?))\b
      | (?P<degc>°\s?[CF]|[CF](?![\w])|[ \t][CF](?![\w'’&/-]|\.\w))\b
      | [ \t]?(?P<yo>yo|y/o|y\.o\.)(?![\w/])
    )?
    (?P<suffix>\s(?i:or\s(?:more|fewer|less|greater|above|higher|over|below|under|lower))\b|-plus\b|\+)?
    """,
    re.VERBOSE,
)
SUFFIX = re.compile(
    r"\s(?i:or\s(?:more|fewer|less|greater|above|higher|over|below|under|lower))"
    r"\b|-plus\b|\+"
)

# The words after a number that may be its unit: up to four, "km/h" and "km / h" included.
_UNIT_TOKEN = re.compile(
    r"sq\.|[°º](?:[ \t]?[CFcf](?![\w]))?|"
    r"[A-Za-zµμΩ][^\W\d_]*(?:-[^\W\d_]+)*(?:\^?[23²³](?![\w]))?"
)
_UNIT_GAP = re.compile(r"[ \t]*/[ \t]*|[ \t]")
# First words of two-word units and unit phrases ("nautical miles", "square metres").
_UNIT_OPENERS = frozenset(
    {
        "square",
        "sq",
        "sq.",
        "cubic",
        "cu",
        "nautical",
        "light",
        "metric",
        "fluid",
        "short",
        "long",
        "troy",
        "imperial",
        "degrees",
        "degree",
        "us",
        "british",
        "statute",
    }
)
# An age: "a 35-year-old pilot", "ten years old", "three years of age".
AGE_AFTER = re.compile(r"(?:-|\s+)old\b|\s+of\s+age\b")
# "Tamimi, 17, was": a person's age in apposition.
APPOSITION_AGE = re.compile(r"\b[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?,\s$")
APPOSITION_AGE_AFTER = re.compile(r",\s+(?:[a-z]|and\b)")
FRACTIONS = {
    "half": Fraction(1, 2),
    "third": Fraction(1, 3),
    "quarter": Fraction(1, 4),
    "fifth": Fraction(1, 5),
    "sixth": Fraction(1, 6),
    "eighth": Fraction(1, 8),
    "tenth": Fraction(1, 10),
}
_FRACTION_COUNT = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "seven": 7,
    "nine": 9,
}
# The word lists go through first_letter_alternation, and a look-ahead for what a fraction
# can start with (a word number, digits, "half") rules out most words with one test: this
# runs over every word of a text.
_ONE_TO_NINE_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_FRACTION_WORDS = first_letter_alternation(list(FRACTIONS))
_ONE_TO_NINE = first_letter_alternation(_ONE_TO_NINE_WORDS)
_TWO_TO_TEN = first_letter_alternation(_ONE_TO_NINE_WORDS[1:] + ["ten"])
_FRACTION_FIRST = "".join(sorted({w[0] for w in [*_FRACTION_COUNT, *_ONE_TO_NINE_WORDS, "half"]}))
FRACTION = re.compile(
    rf"(?i)\b(?=[{_FRACTION_FIRST}\d])(?:(?P<n>{first_letter_alternation(list(_FRACTION_COUNT))})[\s-]"
    rf"(?P<d>{_FRACTION_WORDS})s?(?=\s+of\b|\s*$)"
    # (not "a quarter of a million": a number before a scale word)
    r"(?!\s+of\s+an?\s+(?:thousand|million|billion|trillion)\b)|"
    rf"(?<![\d,.])(?P<one>{_ONE_TO_NINE}|\d+)\s+"
    rf"(?:in|out\s+of)\s+(?P<every>{_TWO_TO_TEN}|\d+)\b(?![.,]\d)|(?P<half>half)(?=\s+of\b)"
    r"|(?P<point>\b(?:a|one)\s+(?:single\s+)?percentage\s+point)\b)"
)
# The next common fractions, for "about a fifth": no wider than halfway to its neighbours.
COMMON_FRACTIONS = sorted({Fraction(n, d) for d in (2, 3, 4, 5, 6, 8, 10) for n in range(1, d)})

_VAGUE_WORDS = first_letter_alternation(
    [
        r"tens\s+of\s+(?:thousands|millions|billions)",
        r"hundreds\s+of\s+(?:thousands|millions|billions)",
        "dozens",
        "scores",
        "hundreds",
        "thousands",
        "millions",
        "billions",
        "trillions",
    ]
)
VAGUE = re.compile(
    rf"(?i)\b(?P<vague>{_VAGUE_WORDS})\s+of\b(?:\s+(?P<curword>dollars|euros|pounds)\b)?"
)
VAGUE_RANGES = {
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2000, 999_999),
    "millions": (2 * 10**6, 999 * 10**6),
    "billions": (2 * 10**9, 999 * 10**9),
    "trillions": (2 * 10**12, 999 * 10**12),
    "tens of thousands": (10**4, 99_999),
    "tens of millions": (10**7, 99 * 10**6),
    "tens of billions": (10**10, 99 * 10**9),
    "hundreds of thousands": (10**5, 999_999),
    "hundreds of millions": (10**8, 999 * 10**6),
    "hundreds of billions": (10**11, 999 * 10**9),
}

# A capitalised word or these before a number make it an identifier, not a quantity.
IDENTIFIER_WORDS = {
    "article",
    "section",
    "chapter",
    "part",
    "clause",
    "paragraph",
    "no",
    "no.",
    "number",
    "flight",
    "route",
    "room",
    "version",
    "v",
    "act",
    "resolution",
    "page",
    "p.",
    "grade",
    "level",
    "phase",
    "stage",
    "season",
    "episode",
    "round",
    "leopard",
    "vol",
    "vol.",
    "figure",
    "table",
    "line",
    "gate",
    "platform",
    "channel",
    "tier",
    "category",
    "item",
    "release",
    "update",
    "build",
    "patch",
    "ward",
    "pier",
    "block",
    "proposition",
    "prop",
    "interstate",
    "highway",
    "motorway",
    "ios",
    "android",
    "windows",
    "model",
    "unit",
    "bay",
}
# Identifier words that are as often verbs: "release 21 hostages", "build 5 schools".
VERB_IDENTIFIERS = frozenset({"release", "update", "build", "patch", "block"})


def _verb_before_count(words: list[str], previous: str) -> bool:
    """Whether an identifier word before a number is a verb: lower-case and not after a
    determiner or preposition ("they release 21 hostages"; not "in release 21")."""
    if previous not in VERB_IDENTIFIERS:
        return False
    before = words[-2].lower() if len(words) > 1 else ""
    return before not in ("the", "a", "in", "of", "from", "to", "with", "for", "on", "this")


# Capitalised words that may stand before a number at a sentence start without naming it.
NOT_NAMES = {
    "exactly",
    "only",
    "just",
    "precisely",
    "nearly",
    "fully",
    "today",
    "yesterday",
    "and",
    "but",
    "while",
    "with",
    "police",
    "officials",
    "reuters",
    "ap",
    "afp",
    "us",
    "uk",
    "eu",
    "un",
    "nato",
    *MONTHS,
    *WEEKDAYS,
}
WORD_NUMBERS = {
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
    "dozen",
    "hundreds",
    "thousands",
    "millions",
}
TIME_AFTER = re.compile(r"\s?(?i:a\.?m\.?|p\.?m\.?|gmt|utc|bst|cet|est|edt|pst|hrs|h\b)(?![\w])")
COMPOUND_AFTER = re.compile(r"-(?!plus\b)[A-Za-z]")  # "24-year-old", "six-month" are adjectives
# ... but a price hyphenated into a modifier still states the price: "a $48-a-share offer".
RATE_COMPOUND = re.compile(r"-(?:a|an|per)-[A-Za-z]")
RANGE_JOIN = re.compile(r"\s?(?:-|–|—)\s?|\s+(?:to|and)\s+")
RANGE_OPENERS = re.compile(r"(?i)\b(?:between|from)\s+$")
IRREGULAR_PLURALS = {
    "people",
    "children",
    "men",
    "women",
    "police",
    "staff",
    "crew",
    "personnel",
    "cattle",
    "sheep",
    "fish",
    "aircraft",
    "deer",
    "feet",
    "teeth",
    "mice",
    "geese",
    "data",
    "media",
    "offspring",
    "livestock",
    "clergy",
    "youth",
}
SCORE_WORDS = {
    "win",
    "victory",
    "defeat",
    "loss",
    "lead",
    "draw",
    "decision",
    "scoreline",
    "result",
    "won",
    "beat",
    "lost",
    "drew",
    "trail",
    "trailed",
    "led",
    "leads",
    "thrashing",
    "ruling",
    "vote",
    "margin",
}
WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")


@dataclass(frozen=True)
class Quantity:
    """An amount or count found in text, before it is tied to a sentence."""

    kind: Kind  # AMOUNT or COUNT
    start: int
    end: int
    interval: Interval
    unit: str | None  # ISO currency, "percent", "percentage_point", pint unit, None
    noun_words: tuple[str, ...] = ()  # what a count counts / what an amount is "of"
    noun: str | None = None
    qualifier: str | None = None
    other: bool = False  # "the 31 other nations": the subject is one more
    antecedent: str | None = None  # "2.3 million others": the noun of the count before it


@dataclass(frozen=True)
class _Atom:
    start: int
    end: int
    number: WrittenNumber
    unit: str | None
    kind: Kind
    suffix_qualifier: str | None


def find_quantities(text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    """Every amount and count in ``text`` outside the ``taken`` spans (dates, identifiers)."""
    found: list[Quantity] = []
    occupied = TakenSpans(taken)
    for quantity in _fractions(text) + _vague(text) + _halves(text):
        if not occupied.overlaps(quantity.start, quantity.end):
            found.append(quantity)
            occupied.add(quantity.start, quantity.end)
    atoms = [a for a in _atoms(text) if not occupied.overlaps(a.start, a.end)]
    found.extend(_joined_bounds(text, _combine(text, atoms)))
    return _with_antecedents(text, sorted(found, key=lambda q: q.start))


LOWER_BOUNDS = ("more", "at_least")
UPPER_BOUNDS = ("less", "up_to", "nearly")


def _joined_bounds(text: str, found: list[Quantity]) -> list[Quantity]:
    """ "more than 20 and fewer than 30 people": one interval between the two bounds."""
    result: list[Quantity] = []
    for quantity in found:
        last = result[-1] if result else None
        if (
            last is not None
            and last.unit == quantity.unit
            and last.kind == quantity.kind
            and text[last.end : quantity.start] == " and "
            and {last.qualifier in LOWER_BOUNDS, quantity.qualifier in LOWER_BOUNDS}
            == {True, False}
            and UPPER_BOUNDS.count(last.qualifier) + UPPER_BOUNDS.count(quantity.qualifier) == 1
        ):
            low, high = (last, quantity) if last.qualifier in LOWER_BOUNDS else (quantity, last)
            interval = Interval(
                low.interval.low,
                high.interval.high,
                low.interval.low_inclusive,
                high.interval.high_inclusive,
            )
            if (
                interval.low is not None
                and interval.high is not None
                and interval.low < interval.high
            ):
                result[-1] = replace(
                    quantity, start=last.start, interval=interval, qualifier="between"
                )
                continue
        result.append(quantity)
    return result


# How far back, within its sentence, "others" looks for the count it continues.
ANTECEDENT_REACH = 160


def _with_antecedents(text: str, found: list[Quantity]) -> list[Quantity]:
    """ "the deaths of 20,000 people and the displacement of 2.3 million others": "others"
    counts what the count before it in the sentence counts."""
    result: list[Quantity] = []
    earlier: Quantity | None = None  # the last count with a noun of its own, kept as we go
    for quantity in found:
        if quantity.kind is Kind.COUNT and quantity.noun_words[:1] in (("others",), ("more",)):
            if (
                earlier is not None
                and quantity.start - earlier.end <= ANTECEDENT_REACH
                and not SENTENCE_END.search(text, earlier.end, quantity.start)
            ):
                quantity = replace(quantity, antecedent=earlier.noun)
        elif quantity.kind is Kind.COUNT and quantity.noun:
            earlier = quantity
        result.append(quantity)
    return result


SENTENCE_END = re.compile(r"[.!?][\s\"”’')]")


def _atoms(text: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    rejected_end = -2
    for match in ATOM.finditer(text):
        if match.start() == rejected_end + 1 and text[rejected_end] in "-–":
            rejected_end = match.end()  # "Celtics 112-108": the score's second half goes too
            continue
        if atoms and match.start() < atoms[-1].end:
            continue  # inside the unit or cents of the atom before
        atom = _read_atom(text, match)
        if atom is not None:
            atoms.append(atom)
        else:
            rejected_end = match.end()
    return atoms


def _read_atom(text: str, match: re.Match[str]) -> _Atom | None:
    groups = match.groupdict()
    end = match.end()
    if groups["cur"] and groups["code"]:
        if groups["cur"].strip() == "$" and groups["code"].isalpha():
            groups = {**groups, "cur": None}  # "$1,190.00 AUD": the code says which dollar
        else:
            groups = {**groups, "code": None}  # "$ 281.40 $ 265.70": the next one's sign
            end = match.start("code")
            while text[end - 1].isspace():
                end -= 1
    if (
        groups["degc"]
        and groups["degc"][0] in " \t"
        and _spaced_degree_blocked(text, match.start())
    ):
        groups = {**groups, "degc": None}  # "Section 30 C", "Type 2 F": a name
        end = match.start("degc")
    currency, factor = _currency(groups)
    # "75 USD million": the scale word after the code, as some wire copy orders them
    scale = groups["glued"] or groups["scale"] or groups["late_scale"]
    if scale in ("m", "k", "K", "b", "B", "T") and groups["glued"] and not currency:
        # "12m" without a currency is twelve metres, "4k" is loose: keep only metres.
        if scale != "m":
            return None
        groups = {**groups, "glued": None}
        scale = None
        end = match.start("glued")
    if groups["spaced"]:
        groups = {**groups, "num": re.sub(r"[ \u00a0\u202f\u2009]", ",", groups["num"])}
    try:
        number = read_number(groups["num"], scale)
    except ValueSyntaxError:
        return None
    unit, kind = _unit_and_kind(groups, currency)
    if groups["bare_decimal"] and kind is not Kind.AMOUNT:
        return None  # ".45 calibre": only a price or a rate drops its leading zero
    negative = bool(groups["neg"] or groups["neg2"])
    if negative and not currency:
        negative = False  # only money takes a sign here; temperatures see _signed
    hyphenated = False
    if kind is Kind.COUNT and not groups["suffix"]:
        found = _unit_after(text, end)
        if found is not None:
            unit, end, hyphenated = found
            kind = Kind.AMOUNT
            suffix = SUFFIX.match(text, end)
            if suffix:
                groups = {**groups, "suffix": suffix.group(0)}
                end = suffix.end()
    elif groups["suffix"] is None and groups["code"] is not None:
        end = match.end()
    if groups["frac"] and (unit is None or currency or unit in ("percent", "percentage_point")):
        return None  # "1/4" alone is a date or a score; "10 1/2 miles" a measure
    after = text[end : end + 12]
    if _is_identifier_or_time(text, match, after, unit, end):
        return None
    if (
        number.in_words
        and number.value < 2
        and not (currency or groups["pct"] or groups["pp"] or unit)
    ):
        return None  # "one" is nearly always a pronoun or article in copy
    if groups["bp"]:  # a basis point is a hundredth of a percentage point
        number = WrittenNumber(
            number.value / 100, number.step / 100, number.trailing_zeros, number.in_words
        )
    if factor != 1:  # "75 cents", "30p": in the currency's own unit
        number = WrittenNumber(
            number.value * factor, number.step * factor, number.trailing_zeros, number.in_words
        )
    elif currency and not scale:
        number, end = _with_minor_units(text, end, number, groups)
    start = match.start() if currency else match.start("num")
    if negative:  # "-15€", "$-99.99", "-$5m": a loss or a debt
        number = WrittenNumber(-number.value, number.step, number.trailing_zeros, number.in_words)
    if unit in TIME_UNIT_NAMES:
        age = AGE_AFTER.match(text, end)
        if age:
            end = age.end()  # "a 35-year-old pilot", "ten years old": an age
        elif hyphenated and _definite_before(text, start):
            return None  # "the 48-hour ceasefire": a name for a known thing, not a claim
    elif (
        kind is Kind.COUNT
        and number.step == 1
        and 0 < number.value < 120
        and APPOSITION_AGE.search(text, max(0, start - 30), start)
        and APPOSITION_AGE_AFTER.match(text, end)
    ):
        unit, kind = "year", Kind.AMOUNT  # "Tamimi, 17, was arrested": an age
    if unit in SIGNED_UNITS:
        number, start = _signed(text, start, number)
    suffix_text = re.sub(r"\s+", " ", (groups["suffix"] or "").strip().lower())
    return _Atom(start, end, number, unit, kind, SUFFIX_QUALIFIERS.get(suffix_text))


# Minor units after a sum: "two dollars and ten cents", "$5 and 50 cents", "17 USD 25".
_MINOR_AFTER = re.compile(
    rf"(?:\s+and)?\s+(?P<minor>\d{{1,2}}(?![,.]?\d)|(?i:{WORD_NUMBER_PATTERN}))"
    r"(?:\s+(?P<word>(?i:cents?|pence|kopecks?|kopeks?|paise))\b|(?=\s*(?:[.,;:!?)]|$)))"
)


def _with_minor_units(
    text: str, end: int, number: WrittenNumber, groups: dict[str, str | None]
) -> tuple[WrittenNumber, int]:
    if number.step != 1:
        return number, end
    match = _MINOR_AFTER.match(text, end)
    if match is None or (groups["cur"] and not match.group("word")):
        return number, end
    try:
        minor = read_number(match.group("minor"))
    except ValueSyntaxError:
        return number, end
    if minor.value >= 100 or minor.step != 1:
        return number, end
    value = number.value + minor.value / 100
    return WrittenNumber(value, Fraction(1, 100), 0, number.in_words), match.end()


_BRACKETED_UNIT = re.compile(
    r"[ \t]?(?:\((?P<round>[^\W\d_]{1,6})\)|\[(?P<square>[^\W\d_]{1,6})\]"
    r"|<(?P<angle>[^\W\d_]{1,6})>)"
)


def _unit_after(text: str, end: int) -> tuple[str, int, bool] | None:
    """The physical unit written after a number, if any: its pint name, where it ends and
    whether a hyphen joins it ("a 3-inch gap"). "knots", "mg", "°F", "degrees Fahrenheit",
    "square metres", "MB per second", "km/h": pint's registry reads them (units.unit_for)."""
    bracketed = _BRACKETED_UNIT.match(text, end)
    if bracketed is not None:  # "20 (kg)", "20 [kg]": a unit written as a label
        label = bracketed.group("round") or bracketed.group("square") or bracketed.group("angle")
        # ("(B)", "(C)": a capital letter alone is an option's or a group's label)
        unit = None if len(label) == 1 and label.isupper() else unit_for(label)
        if unit is not None:
            return unit, bracketed.end(), False
    position = end
    joint = text[end : end + 1]
    if joint in ("-", " ", "\t", "\u00a0"):
        position += 1
    first = _UNIT_TOKEN.match(text, position)
    if first is None:
        return None
    word = first.group(0)
    # "kilowatt-hours" is one unit; "year-old" and "minute-long" are a unit and a word.
    stops = [first.start() + index for index, char in enumerate(word) if char == "-"]
    word = word.split("-")[0] if stops else word
    if simple_unit(word) is None and word.lower() not in _UNIT_OPENERS and unit_for(word) is None:
        return None
    stops.append(first.end())
    at = first.end()
    for _ in range(3):
        gap = _UNIT_GAP.match(text, at)
        following = _UNIT_TOKEN.match(text, gap.end()) if gap else None
        if following is None:
            break
        stops.append(following.end())
        at = following.end()
    for stop in reversed(stops):
        if UNIT_END_BLOCKED.match(text, stop):
            continue  # "24703 L-202", "m212": a code, not a unit
        unit = unit_for(text[position:stop])
        if unit is not None:
            return unit, stop, joint == "-"
    return None


def _spaced_degree_blocked(text: str, start: int) -> bool:
    """After a name or a number, a spaced "C" or "F" is a letter, not Celsius or Fahrenheit
    ("Section 30 C", "Grade 4 F", "12 13 F")."""
    before = text[max(0, start - 20) : start]
    words = before.split()
    previous = words[-1] if words else ""
    return previous[-1:].isdigit() or _capitalised_name_before(before, previous)


UNIT_END_BLOCKED = re.compile(r"[^\W_]|-\d")


def _signed(text: str, start: int, number: WrittenNumber) -> tuple[WrittenNumber, int]:
    """Temperatures below zero: "minus 15C", "-20°C"."""
    sign = re.search(r"(?:(?<![\w.])-|\b(?i:minus)\s+)$", text[max(0, start - 8) : start])
    if not sign:
        return number, start
    negative = WrittenNumber(-number.value, number.step, number.trailing_zeros, number.in_words)
    return negative, start - len(sign.group(0))


def _currency(groups: dict[str, str | None]) -> tuple[str | None, Fraction]:
    """The currency and the value of one written unit in it ("cents": a hundredth)."""
    if groups["cur"]:
        return _SYMBOLS[groups["cur"].strip()], Fraction(1)
    if groups["curword"]:
        return _MONEY_WORDS[re.sub(r"\s+", " ", groups["curword"].lower())]
    if groups["code"]:
        return _AFTER_SYMBOLS[groups["code"]]
    if groups["pence"]:
        return "GBP", Fraction(1, 100)
    return None, Fraction(1)


def _unit_and_kind(groups: dict[str, str | None], currency: str | None) -> tuple[str | None, Kind]:
    if currency:
        return currency, Kind.AMOUNT
    if groups["pct"]:
        return "percent", Kind.AMOUNT
    if groups["pp"] or groups["bp"]:
        return "percentage_point", Kind.AMOUNT
    if groups["yo"]:  # "a 87 yo man": years old, as clinical and police notes write it
        return "year", Kind.AMOUNT
    if groups["degc"]:
        letter = groups["degc"].strip()[-1].lower()
        return unit_for(f"°{letter}"), Kind.AMOUNT
    written_unit = groups.get("unit")
    if groups["glued"] is None and groups["num"] and written_unit:
        return canonical_unit(written_unit), Kind.AMOUNT
    return None, Kind.COUNT


def _is_identifier_or_time(
    text: str, match: re.Match[str], after: str, unit: str | None = None, end: int | None = None
) -> bool:
    """Article 5, Leopard 2, 11 am, 24-year-old, 3rd, 5G, phone numbers: never quantities."""
    if after[:1].isalpha():
        return True  # an ordinal ("3rd", "21st") or a code ("5G", "4K"): letters glued on
    if match.group("cur") is None:
        before = text[max(0, match.start() - 20) : match.start()]
        words = before.split()
        previous = words[-1] if words else ""
        if previous.lower().rstrip(":") in IDENTIFIER_WORDS and not _verb_before_count(
            words, previous
        ):
            return True
        if _capitalised_name_before(before, previous) and (unit is None or unit in CURRENCIES):
            return True  # ("Processor 2.80 GHz" is a measure)
        if unit is None and (TIME_AFTER.match(after) or re.match(r":\d\d", after)):
            return True
    if (
        COMPOUND_AFTER.match(after)
        and not unit
        and not (match.group("cur") and RATE_COMPOUND.match(after))
    ):
        return True
    return _looks_like_phone_number(text, match.start(), match.end() if end is None else end)


def _looks_like_phone_number(text: str, start: int, end: int) -> bool:
    """ "555-123-4567", "+44 20 7946 0958": digit groups that are not quantities."""
    left = re.search(r"[+(]?[\d()][\d\s().-]*$", text[max(0, start - 16) : start])
    right = re.match(r"[\d\s().-]*\d", text[end : end + 16])
    run = (left.group(0) if left else "") + text[start:end] + (right.group(0) if right else "")
    digits = sum(c.isdigit() for c in run)
    return digits >= 7 and len(re.findall(r"[\s.-]\d", run)) >= 2 and "," not in run


def _capitalised_name_before(before: str, previous: str) -> bool:
    """A number right after a proper noun names a model, a clause or a product ("Leopard 2",
    "iOS 17", "S&P 500"); at a sentence start only a word that is not an adverb or determiner."""
    if not previous or not any(c.isupper() for c in previous) or not previous[0].isalpha():
        return False
    if not re.fullmatch(r"[A-Za-z][A-Za-z&'’.-]*", previous) or previous.endswith((".", "'", "’")):
        return False
    if re.search(r"['’]s$", previous):  # a possessive: "the EU's 27 members"
        return False
    if re.fullmatch(r"(?i)(?:i|you|we|they|he|she|it)['’](?:m|re|ve|d|ll)", previous):
        return False  # "I'm 1.8m tall"
    lowered = previous.lower()
    if lowered in QUALIFIERS or lowered in STOP_WORDS or lowered in NOT_NAMES:
        return False
    head = before[: before.rstrip().rfind(previous)].rstrip()
    if head and head[-1] not in '.!?:\n“"‘(':
        return True
    return not (lowered.endswith("ly") or lowered in WORD_NUMBERS)


def _combine(text: str, atoms: list[_Atom]) -> list[Quantity]:
    """Join ranges ("between 40 and 50", "$40-50bn"), compounds ("6 ft 1 in") and attach
    qualifiers and nouns."""
    result: list[Quantity] = []
    index = 0
    while index < len(atoms):
        atom = atoms[index]
        partner = atoms[index + 1] if index + 1 < len(atoms) else None
        if partner is not None:
            compound = _compound(text, atom, partner)
            if compound is not None:
                atom, partner = compound, None
                index += 1
                partner = atoms[index + 1] if index + 1 < len(atoms) else None
        if partner is not None and _is_score(text, atom, partner):
            index += 2
            continue
        if partner is not None and _is_range(text, atom, partner):
            result.append(_range_quantity(text, atom, partner))
            index += 2
            continue
        result.append(_single_quantity(text, atom))
        index += 1
    return result


# Units written one after the other as one measure ("6 ft 1 in"; metric copy writes 1.85 m).
COMPOUND_UNITS = frozenset(
    {
        ("foot", "inch"),
        ("yard", "foot"),
        ("mile", "yard"),
        ("pound", "ounce"),
        ("stone", "pound"),
        ("hour", "minute"),
        ("minute", "second"),
        ("day", "hour"),
        ("week", "day"),
        ("year", "month"),
        ("month", "day"),
    }
)
COMPOUND_JOIN = re.compile(r"[ \t]+(?:and[ \t]+)?|,[ \t]*")
INCHES_AFTER = re.compile(r"[ \t]?(?:in\.?(?![\w])|[\"″])")


def _compound(text: str, first: _Atom, second: _Atom) -> _Atom | None:
    """ "6 ft 1 in", "3 lb 4 oz", "2 hours 30 minutes": one length, weight or duration in the
    first unit, at the precision of the second."""
    if first.unit is None or first.number.step != 1 or first.suffix_qualifier:
        return None
    if not COMPOUND_JOIN.fullmatch(text[first.end : second.start]):
        return None
    unit, end = second.unit, second.end
    if unit is None and first.unit == "foot":
        inches = INCHES_AFTER.match(text, second.end)
        if inches is None:
            return None
        unit, end = "inch", inches.end()
    if (
        unit is None
        or unit == first.unit
        or unit in CURRENCIES
        or first.unit in CURRENCIES
        or unit in ("percent", "percentage_point")
        or first.unit in ("percent", "percentage_point")
        or not compatible(first.unit, unit)
    ):
        return None
    if "," in text[first.end : second.start] and unit != "inch":
        return None
    try:
        ratio = convert(Fraction(1), first.unit, unit)
    except Exception:  # offset units such as temperatures do not add up
        return None
    if ratio <= 1 or second.number.value >= ratio or (first.unit, unit) not in COMPOUND_UNITS:
        return None
    value = first.number.value + second.number.value / ratio
    step = second.number.step / ratio
    number = WrittenNumber(value, step, 0, first.number.in_words)
    return _Atom(first.start, end, number, first.unit, Kind.AMOUNT, second.suffix_qualifier)


def _is_score(text: str, first: _Atom, second: _Atom) -> bool:
    """ "a 2-1 victory", "beat them 112-108", "drew 0-0": a result, not a range of counts."""
    if text[first.end : second.start] not in ("-", "–") or first.unit or second.unit:
        return False
    if first.number.step != 1 or second.number.step != 1 or first.number.in_words:
        return False
    if first.number.value >= second.number.value:
        return True
    after = re.match(r"\s+(\w+)", text[second.end : second.end + 20])
    if after and after.group(1).lower() not in STOP_WORDS:
        return after.group(1).lower() in SCORE_WORDS  # "a 1-2 defeat", not "40-50 entrants"
    before = re.search(r"(\w+)\s+$", text[max(0, first.start - 20) : first.start])
    return bool(before and before.group(1).lower() in SCORE_WORDS)  # "lost 1-2."


def _is_range(text: str, first: _Atom, second: _Atom) -> bool:
    joint = text[first.end : second.start]
    if not RANGE_JOIN.fullmatch(joint):
        return False
    opened = RANGE_OPENERS.search(text[max(0, first.start - 12) : first.start])
    if joint.strip() in ("and", "to") and not opened and joint.strip() == "and":
        return False
    if first.unit and second.unit and first.unit != second.unit:
        return False
    return first.number.value < _scaled_like(first, second)


def _scaled_like(first: _Atom, second: _Atom) -> Fraction:
    """The range's upper end; "$40-50bn" scales the first number like the second."""
    return second.number.value


def _range_quantity(text: str, first: _Atom, second: _Atom) -> Quantity:
    unit = second.unit or first.unit
    low = first.number.value
    if second.number.step > first.number.step and first.number.value < second.number.step:
        low = first.number.value * second.number.step  # "$40-50bn": 40 is in billions too
    interval = Interval(low, second.number.value, True, True)
    start = first.start
    opener = RANGE_OPENERS.search(text[max(0, first.start - 12) : first.start])
    if opener:
        start = first.start - (len(text[max(0, first.start - 12) : first.start]) - opener.start())
    kind = Kind.AMOUNT if unit else Kind.COUNT
    words = _noun_words(text, second.end) if kind is Kind.COUNT else _of_words(text, second.end)
    return Quantity(kind, start, second.end, interval, unit, words, _head(words), "between")


def _single_quantity(text: str, atom: _Atom) -> Quantity:
    qualifier, start = _qualifier_before(text, atom.start)
    if (
        atom.unit in TIME_UNIT_NAMES
        and text[start : atom.start].strip().lower() == "over"
        and not text[atom.start : atom.end].endswith("old")
    ):
        # "spread over five years": during, not beyond ("over 30 years old" is an age above)
        qualifier, start = None, atom.start
    if _particle(text, start, atom.start):
        qualifier, start = None, atom.start  # "handed over 21 hostages": the verb's, not "more"
    qualifier = atom.suffix_qualifier or qualifier
    other = False
    if atom.kind is Kind.COUNT:
        words = _noun_words(text, atom.end) or _partitive_words(text, atom.end)
        if words and words[0].lower() == "other" and _definite_before(text, start):
            other, words = True, words[1:]
    else:
        words = _of_words(text, atom.end)
    interval = interval_for(atom.number, qualifier, atom.kind is Kind.COUNT)
    if other:
        interval = interval.shifted(Fraction(1))
    return Quantity(
        atom.kind,
        start,
        atom.end,
        interval,
        atom.unit,
        tuple(words),
        _head(words),
        qualifier,
        other,
    )


_QUALIFIER_BEFORE = re.compile(
    r"(?:^|[^\w])("
    + "|".join(re.escape(p) for p in sorted(QUALIFIERS, key=len, reverse=True))
    + r")\s+$"
)


def _qualifier_before(text: str, start: int) -> tuple[str | None, int]:
    before = text[max(0, start - 40) : start].lower()
    found = _QUALIFIER_BEFORE.search(before)
    if found is None:
        return None, start
    return QUALIFIERS[found.group(1)], start - (len(before) - found.start(1))


# Verbs whose particle "over", "up" or "off" stands right before their object's number:
# "handed over 21 hostages" hands 21 over; it does not say "more than 21".
# ("took over 20 hours" and "won over 50%" mean more than: those verbs are not here.)
PARTICLE_VERBS = re.compile(
    r"(?i)\b(?:hand|hands|handed|handing|turn|turns|turned|turning|give|gives|gave|given|"
    r"giving|sign|signs|signed|signing|fork|forks|forked|shell|shells|shelled)\s+$"
)


def _particle(text: str, start: int, number: int) -> bool:
    """Whether the qualifier word between ``start`` and the number is a verb's particle."""
    word = text[start:number].strip().lower()
    if word != "over":  # ("give up to 20 percent" keeps its "up to")
        return False
    return bool(PARTICLE_VERBS.search(text[max(0, start - 16) : start]))


def _definite_before(text: str, start: int) -> bool:
    """A definite or possessive determiner: "the", "its", "the bloc's" 31 other members."""
    return bool(
        re.search(
            r"(?i)\b(?:the|its|their|our|his|her|all|\w+['’]s?)\s+$",
            text[max(0, start - 30) : start],
        )
    )


_NEXT_WORD = re.compile(r"[ \t]+((?:[A-Z]\.){2,}|[A-Za-z][A-Za-z-]*)")


def _noun_words(text: str, end: int) -> tuple[str, ...]:
    """The words a count counts: up to three content words right after it ("member countries")."""
    words = []
    position = end
    for _ in range(4):
        # Matched in place: slicing off the rest of the text each time copies all of it.
        match = _NEXT_WORD.match(text, position)
        if not match:
            break
        word = match.group(1)
        if word.lower() in STOP_WORDS and word.lower() not in ("other", "others"):
            break
        words.append(word)
        position = match.end()
    return tuple(words)


# "21 of the more than 200 students", "four of its 12 ferries", "two of the crew": a part
# of a group counts what the group counts.
_PARTITIVE = re.compile(
    r"\s+of\s+(?:the|these|those|its|their|our|his|her)\s+"
    r"(?:(?:more\s+than|over|about|some|nearly|almost|at\s+least|around|roughly)\s+)?"
    rf"(?:(?:[\d][\d,.]*|(?i:{WORD_NUMBER_PATTERN}))\s+(?:million\s+|billion\s+)?)?"
)


def _partitive_words(text: str, end: int) -> tuple[str, ...]:
    """The noun words of the group a count is a part of, or ()."""
    match = _PARTITIVE.match(text, end)
    if not match:
        return ()
    at = match.end()
    while text[at - 1].isspace():  # (the next word is read with the space before it)
        at -= 1
    return _noun_words(text, at)


def _of_words(text: str, end: int) -> tuple[str, ...]:
    """What an amount measures: the words after "of"/"in"/"for" ("5 percent of their GDP"),
    or the unit of a rate ("$82 a share", "$82 per share")."""
    match = re.match(
        r"(?:\s+(?:of|in|for|on|per|a|an)\s+|-(?:per|a|an)-)"
        r"(?!(?:year|month|week|day|quarter|decade|night|hour)\b)",
        text[end : end + 8 + 8],
    )
    if not match:
        return _noun_words(text, end)
    words: list[str] = []
    for word in re.findall(r"[\w’'-]+|[^\w\s]", text[end + match.end() : end + match.end() + 80]):
        lowered = word.lower()
        if lowered in ("the", "their", "its", "his", "her", "our", "a", "an") and not words:
            continue
        if lowered in STOP_WORDS or not word[0].isalnum() or len(words) == 4:
            break
        words.append(word)
    return tuple(words)


def _head(words: tuple[str, ...] | list[str]) -> str | None:
    """The counted noun: the first plural among the words, else the first word."""
    for word in words:
        lowered = word.lower()
        if lowered in IRREGULAR_PLURALS or (
            len(word) > 3 and lowered.endswith("s") and not lowered.endswith(("ss", "us"))
        ):
            return word
    return words[0] if words else None


def interval_for(
    number: WrittenNumber, qualifier: str | None, is_count: bool, canonical: bool = False
) -> Interval:
    """What a number means under SPEC section 3's interval table."""
    value = number.value
    if qualifier is None:
        if canonical:
            return Interval.exact(value)
        return _plain(number, is_count)
    if qualifier == "approx":
        return Interval.rounding(value, number.significant_step())
    if qualifier == "more":
        return Interval(value, None, False, False)
    if qualifier == "at_least":
        return Interval(value, None, True, False)
    if qualifier == "less":
        return Interval(Fraction(0) if is_count else None, value, is_count, False)
    if qualifier == "nearly":
        return Interval(value - number.significant_step() / 2, value, True, False)
    if qualifier == "up_to":
        return Interval(Fraction(0), value, True, True)
    raise ValueError(qualifier)


def _plain(number: WrittenNumber, is_count: bool) -> Interval:
    scaled_or_decimal = number.step != 1
    if is_count and not scaled_or_decimal:
        if number.value >= 1000 and number.trailing_zeros:
            return Interval.rounding(number.value, number.significant_step())
        return Interval.exact(number.value)
    if number.value >= 1000 and number.trailing_zeros and not scaled_or_decimal:
        return Interval.rounding(number.value, number.significant_step())
    return Interval.rounding(number.value, number.step)


def _fractions(text: str) -> list[Quantity]:
    found = []
    for match in FRACTION.finditer(text):
        if match.group("d"):
            fraction = (
                _FRACTION_COUNT[match.group("n").lower()] * FRACTIONS[match.group("d").lower()]
            )
        elif match.group("half"):
            fraction = Fraction(1, 2)
        elif match.group("point"):
            found.append(
                Quantity(
                    Kind.AMOUNT,
                    match.start(),
                    match.end(),
                    Interval(Fraction(1, 2), Fraction(3, 2), True, False),
                    "percentage_point",
                )
            )
            continue
        else:
            try:
                one = read_number(match.group("one")).value
                every = read_number(match.group("every")).value
            except ValueSyntaxError:
                continue
            if every == 0 or one >= every:
                continue
            fraction = one / every
        qualifier, start = _qualifier_before(text, match.start())
        interval = fraction_interval(fraction, qualifier)
        words = _of_words(text, match.end())
        found.append(
            Quantity(
                Kind.AMOUNT, start, match.end(), interval, "percent", words, _head(words), qualifier
            )
        )
    return found


def fraction_interval(fraction: Fraction, qualifier: str | None) -> Interval:
    """A fraction as a percentage; approximate ones stop halfway to the next common fraction."""
    percent = fraction * 100
    lower = [f for f in COMMON_FRACTIONS if f < fraction]
    higher = [f for f in COMMON_FRACTIONS if f > fraction]
    low = (fraction + lower[-1]) / 2 * 100 if lower else Fraction(0)
    high = (fraction + higher[0]) / 2 * 100 if higher else Fraction(100)
    bounds = {
        None: Interval.exact(percent),
        "vague": Interval.exact(percent),
        "approx": Interval(low, high, True, True),
        "nearly": Interval(low, percent, True, False),
        "more": Interval(percent, None, False, False),
        "at_least": Interval(percent, None, True, False),
        "less": Interval(None, percent, False, False),
        "up_to": Interval(Fraction(0), percent, True, True),
    }
    return bounds[qualifier]


def _vague(text: str) -> list[Quantity]:
    found = []
    for match in VAGUE.finditer(text):
        key = re.sub(r"\s+", " ", match.group("vague").lower())
        low, high = VAGUE_RANGES[key]
        currency = _MONEY_WORDS.get((match.group("curword") or "").lower(), (None,))[0]
        kind = Kind.AMOUNT if currency else Kind.COUNT
        words = () if currency else _noun_words(text, match.end())
        found.append(
            Quantity(
                kind,
                match.start(),
                match.end(),
                Interval(Fraction(low), Fraction(high)),
                currency,
                words,
                _head(words),
                "vague",
            )
        )
    return found


HALF = re.compile(r"(?i)\bhalf\s+(?:an?\s+)?(?P<unit>[a-zµ][a-z]*)\b")
WHOLE_AND_A = re.compile(
    rf"(?i)(?<![\w,.])(?P<whole>{DIGIT_NUMBER_PATTERN}|{WORD_NUMBER_PATTERN})"
    r"\s+and\s+a\s+$"
)


def _halves(text: str) -> list[Quantity]:
    """ "half an hour", "two and a half years", "1 and a half miles": a measure with a half."""
    found: list[Quantity] = []
    if "half" not in text and "Half" not in text and "HALF" not in text:
        return found  # a substring test is far cheaper than the pattern's scan
    for match in HALF.finditer(text):
        article = match.group(0)[4:].strip().lower().startswith(("a ", "an "))
        before = WHOLE_AND_A.search(text, max(0, match.start() - 40), match.start())
        if article == bool(before):
            continue  # "half an hour" or "two and a half hours" only
        unit = unit_for(match.group("unit"))
        if unit is None:
            continue
        start, value = match.start(), Fraction(1, 2)
        if before is not None:
            try:
                value += read_number(before.group("whole")).value
            except ValueSyntaxError:
                continue
            start = before.start()
        found.append(Quantity(Kind.AMOUNT, start, match.end(), Interval.exact(value), unit))
    return found
