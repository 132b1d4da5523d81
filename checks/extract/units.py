"""The project's one pint registry: physical units as sources write them, and currencies
(CLDR's, see checks.extract.currencies) that never convert."""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache

import pint
from pint.facets.plain.definitions import UnitDefinition

from checks.extract.currencies import tables as _currency_tables

# Every ISO 4217 code CLDR knows: a unit that is one of these is money, and never converts.
CURRENCIES = _currency_tables().codes

# News spellings pint does not read, or reads otherwise ("kph", "sq km", "celcius"); every
# other unit word or symbol is pint's own (see unit_for). Keys are lower case.
NEWS_UNITS = {
    "kms": "kilometer",
    "kilos": "kilogram",
    "kilo": "kilogram",
    "metric tons": "metric_ton",
    "metric tonnes": "metric_ton",
    "sq km": "kilometer ** 2",
    "sq. km": "kilometer ** 2",
    "km2": "kilometer ** 2",
    "sq mi": "mile ** 2",
    "sq miles": "mile ** 2",
    "sq. miles": "mile ** 2",
    "sq m": "meter ** 2",
    "m2": "meter ** 2",
    "sq ft": "foot ** 2",
    "sq. ft": "foot ** 2",
    "sqft": "foot ** 2",
    "sq feet": "foot ** 2",
    "cm2": "centimeter ** 2",
    "m3": "meter ** 3",
    "cm3": "centimeter ** 3",
    "°c": "degree_Celsius",
    "°f": "degree_Fahrenheit",
    "º c": "degree_Celsius",
    "ºc": "degree_Celsius",
    "ºf": "degree_Fahrenheit",
    "° c": "degree_Celsius",
    "° f": "degree_Fahrenheit",
    "degrees celsius": "degree_Celsius",
    "degree celsius": "degree_Celsius",
    "degrees centigrade": "degree_Celsius",
    "degree centigrade": "degree_Celsius",
    "degrees fahrenheit": "degree_Fahrenheit",
    "degree fahrenheit": "degree_Fahrenheit",
    "degrees c": "degree_Celsius",
    "degrees f": "degree_Fahrenheit",
    "degrees kelvin": "kelvin",
    "celsius": "degree_Celsius",
    "celcius": "degree_Celsius",
    "centigrade": "degree_Celsius",
    "fahrenheit": "degree_Fahrenheit",
    "degrees": "degree",
    "degree": "degree",
    "°": "degree",
    "° celsius": "degree_Celsius",
    "° fahrenheit": "degree_Fahrenheit",
    "° centigrade": "degree_Celsius",
    "barrels": "oil_barrel",
    "barrel": "oil_barrel",
    "bpd": "oil_barrel / day",
    "kph": "kilometer / hour",
    "km/h": "kilometer / hour",
    "kmh": "kilometer / hour",
    "km/hr": "kilometer / hour",
    "mph": "mile / hour",
    "mbps": "megabit / second",
    "kbps": "kilobit / second",
    "gbps": "gigabit / second",
    "hrs": "hour",
    "hrs.": "hour",
    "yrs": "year",
    "mins": "minute",
    "secs": "second",
    "kwh": "kilowatt_hour",
    "mwh": "megawatt_hour",
    "gwh": "gigawatt_hour",
    "twh": "terawatt_hour",
}
# Words pint reads as units that, after a number in copy, are nearly always something else:
# "20 league games", "3 points", "two cups", "5 links", "the 2 are", "12 gray cars".
NOT_UNITS = frozenset(
    {
        "a",
        "an",
        "at",
        "am",
        "as",
        "in",
        "is",
        "it",
        "are",
        "point",
        "points",
        "hand",
        "hands",
        "league",
        "leagues",
        "link",
        "links",
        "barn",
        "barns",
        "turn",
        "turns",
        "cycle",
        "cycles",
        "count",
        "counts",
        "bag",
        "bags",
        "shot",
        "shots",
        "chain",
        "chains",
        "rod",
        "rods",
        "pole",
        "poles",
        "perch",
        "stones",
        "grain",
        "grains",
        "cup",
        "cups",
        "drop",
        "drops",
        "gray",
        "grey",
        "grays",
        "henry",
        "rem",
        "rad",
        "rads",
        "mass",
        "unit",
        "units",
        "mil",
        "mils",
        "gal",
        "gals",
        "kip",
        "kips",
        "slug",
        "slugs",
        "pt",
        "pc",
        "cd",
        "ly",
        "au",
        "kt",
        "sun",
        "suns",
        "water",
        "force",
        "mercury",
        "bit",
        "bits",
        "tex",
        "den",
        "dash",
        "glass",
        "span",
        "board",
        "quad",
        "quads",
        "lines",
        "stere",
        "galileo",
        "franklin",
        "gilbert",
        "maxwell",
        "oersted",
        "tesla",
        "teslas",
        "weber",
        "siemens",
        "curie",
        "rutherford",
        "debye",
        "poise",
        "stokes",
        "gauss",
        "planck",
        "bohr",
        "hartree",
        "rydberg",
        "denier",
        "jig",
        "jigger",
        "pinch",
        "peck",
        "pecks",
        "cord",
        "cords",
        "ream",
        "reams",
        "fortnights",
        "scruple",
        "scruples",
        "dozen",
        "gross",
        "percent",
        "ppm",
        "ppb",
        "bel",
        "decade",
        "decades",
        "century",
        "centuries",
        "millennium",
        "millennia",
        "octet",
        "octets",
        "nit",
        "nits",
        "speed",
        "light",
        "pi",
        "pound",
        "pounds",
        "number",
        "pm",
        "bar",
        "bars",
        "mb",
        "st",
        "nd",
        "rd",
        "th",
        "gmt",
        "utc",
        "bst",
        "cet",
        "est",
        "edt",
        "pst",
        "cst",
        "et",
    }
)
# Capitals that pint reads as units but copy writes for times, zones and codes ("5 PM").
NOT_SYMBOLS = frozenset(
    {
        "AM",
        "PM",
        "GMT",
        "UTC",
        "BST",
        "CET",
        "EST",
        "EDT",
        "PST",
        "CST",
        "ET",
        "PT",
        "CD",
        "AU",
        "PC",
        "ST",
        "ND",
        "RD",
        "TH",
        "Am",
        "Pm",
        "MAX",
    }
)
# One-letter symbols read only where copy writes them as units ("2.4m", "500 g", "2 L").
ONE_LETTER_UNITS = frozenset({"m", "g", "L", "W", "V"})
# Unit names pint leaves out of the registry's dimensions but copy measures with.
DIMENSIONLESS_UNITS = ("byte", "bit", "degree")
TIME_UNITS = frozenset(
    {
        "second",
        "minute",
        "hour",
        "day",
        "week",
        "month",
        "year",
        "fortnight",
        "millisecond",
        "microsecond",
        "nanosecond",
    }
)


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The registry, built once; each currency is its own dimension, so none converts."""
    ureg: pint.UnitRegistry = pint.UnitRegistry(cache_folder=None)
    ureg.define("percentage_point = [percentage_point] = pp")
    return ureg


def canonical_unit(name: str) -> str:
    """pint's own name for a unit expression ("kilometer ** 2" -> "kilometer ** 2")."""
    return str(registry().Unit(name))


def compatible(unit_a: str, unit_b: str) -> bool:
    """Same dimension (a currency is only compatible with itself)."""
    if unit_a == unit_b:
        return True
    if unit_a in CURRENCIES or unit_b in CURRENCIES or "percent" in (unit_a, unit_b):
        return False
    if "percentage_point" in (unit_a, unit_b):
        return False
    ureg = registry()
    return ureg.Unit(unit_a).dimensionality == ureg.Unit(unit_b).dimensionality


def convert(value: Fraction, unit_from: str, unit_to: str) -> Fraction:
    """A bound converted between compatible units (offset units such as °C included)."""
    if unit_from == unit_to:
        return value
    quantity = registry().Quantity(float(value), unit_from).to(unit_to)
    return Fraction(quantity.magnitude).limit_denominator(10**9)


# --- reading a unit as copy writes it ---------------------------------------------------------

_PHRASE = re.compile(
    r"(?:(?P<power_before>square|sq\.?|cubic|cu\.?)\s+)?(?P<base>[^\s/]+(?:\s[^\s/]+)?)"
    r"(?:\s*(?P<per>/|\bper\b|\ban?\b)\s*(?P<denominator>[^\s/]+))?"
    r"(?:\s+(?P<power_after>squared|cubed))?"
)
_POWERS = {"square": 2, "sq": 2, "sq.": 2, "squared": 2, "cubic": 3, "cu": 3, "cu.": 3, "cubed": 3}


@lru_cache(maxsize=65536)
def unit_for(phrase: str) -> str | None:
    """pint's name for a unit as written after a number ("knots", "mg", "µg", "°F",
    "degrees fahrenheit", "square metres", "MB per second", "km/h"), or None.

    Words pint reads that copy uses otherwise ("points", "cups", "a") are not units; a
    prefix and a unit are read together only when both are symbols ("mg") or both words
    ("milligrams"), so "pinch" is not a pico-inch.
    """
    phrase = " ".join(phrase.split())
    if not phrase:
        return None
    news = NEWS_UNITS.get(phrase.lower())
    if news is not None:
        return canonical_unit(news)
    power = re.fullmatch(r"(.+?)(?:\^|\s+(?:squared|cubed)$)([23]?)", phrase)
    if power and (power.group(2) or phrase.endswith(("squared", "cubed"))):
        inner = unit_for(power.group(1))
        exponent = power.group(2) or ("2" if phrase.endswith("squared") else "3")
        return None if inner is None or "/" in inner else canonical_unit(f"({inner}) ** {exponent}")
    match = _PHRASE.fullmatch(phrase)
    if match is None:
        return None
    base = _simple_unit(match["base"])
    if base is None and " " in match["base"]:
        base = _simple_unit(match["base"].replace(" ", "_"))
    if base is None:
        return None
    degree = _POWERS.get((match["power_before"] or match["power_after"] or "").lower(), 1)
    expression = base if degree == 1 else f"({base}) ** {degree}"
    if match["per"]:
        denominator = _simple_unit(match["denominator"])
        if denominator is None:
            return None
        if match["per"] in ("a", "an") and (
            denominator != "hour"
            or registry().Unit(expression).dimensionality != registry().Unit("meter").dimensionality
        ):
            return None  # a speed ("miles an hour"); "barrels a day" is a daily amount
        expression = f"({expression}) / {denominator}"
    try:
        unit = registry().Unit(expression)
    except (pint.errors.PintError, ValueError, AttributeError, TypeError, AssertionError):
        return None
    if unit.dimensionless and not all(name.endswith(DIMENSIONLESS_UNITS) for name in unit._units):
        return None
    return str(unit)


@lru_cache(maxsize=65536)
def _simple_unit(token: str) -> str | None:
    """One unit word or symbol: pint's unit name, or None."""
    news = NEWS_UNITS.get(token.lower())
    if news is not None and " " not in news:
        return news
    if token in NOT_SYMBOLS or (len(token) == 1 and token not in ONE_LETTER_UNITS):
        return None
    if (token.islower() or token.istitle()) and token.lower() in NOT_UNITS:
        return None
    spelled = re.sub(r"(?i)gramme", "gram", token).replace("-", "_")
    found = _parse(spelled)
    if found is None and spelled[:1].isupper() and spelled[1:].islower() and len(spelled) > 3:
        found = _parse(spelled.lower())  # "Kilometres" at a sentence start
    return found


def _parse(token: str) -> str | None:
    ureg = registry()
    try:
        parses = ureg.parse_unit_name(token, case_sensitive=True)
    except (pint.errors.PintError, ValueError, AttributeError, TypeError):
        return None
    for prefix, name, suffix in parses:
        definition = ureg._units.get(name)
        if definition is None:
            continue
        if not prefix:
            if token.islower() or token in _symbols(definition) or len(token) <= 4:
                return name
            continue
        prefix_definition = ureg._prefixes[prefix]  # (a prefix the registry just read)
        written_prefix = next(
            (p for p in (prefix, *prefix_definition.aliases) if token.startswith(p)), None
        )
        symbol_prefix = written_prefix is None and token.startswith(prefix_definition.symbol)
        rest = token[len(written_prefix or prefix_definition.symbol) : len(token) - len(suffix)]
        if symbol_prefix == (rest in _symbols(definition)):
            return f"{prefix}{name}"
    return None


def _symbols(definition: UnitDefinition) -> set[str]:
    """A unit's symbol and its short aliases ("hr", "kt"): what a prefix symbol goes with."""
    return {s for s in (definition.symbol, *definition.aliases) if s and len(s) <= 3}
