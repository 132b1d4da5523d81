"""The project's one pint registry: physical units, and currencies that never convert."""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import pint

CURRENCIES = ("USD", "EUR", "GBP", "JPY", "CHF", "AUD", "CAD", "NZD", "HKD", "SGD", "CNY", "INR")

# How sources write currencies, before or after the number.
CURRENCY_SYMBOLS = {
    "US$": "USD", "U.S.$": "USD", "$": "USD", "USD": "USD", "€": "EUR", "EUR": "EUR",
    "£": "GBP", "GBP": "GBP", "¥": "JPY", "JPY": "JPY", "CHF": "CHF", "A$": "AUD",
    "AU$": "AUD", "AUD": "AUD", "C$": "CAD", "CA$": "CAD", "CAD": "CAD", "NZ$": "NZD",
    "NZD": "NZD", "HK$": "HKD", "HKD": "HKD", "S$": "SGD", "SGD": "SGD", "CNY": "CNY",
    "₹": "INR", "INR": "INR",
}
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "us dollars": "USD", "u.s. dollars": "USD",
    "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
    "pounds sterling": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY",
    "rupees": "INR", "swiss francs": "CHF", "francs": "CHF",
}
# Unit words as written in copy -> pint unit names.
PHYSICAL_UNITS = {
    "km": "kilometer", "kms": "kilometer", "kilometre": "kilometer", "kilometres": "kilometer",
    "kilometer": "kilometer", "kilometers": "kilometer", "mile": "mile", "miles": "mile",
    "metre": "meter", "metres": "meter", "meter": "meter", "meters": "meter", "m": "meter",
    "cm": "centimeter", "centimetres": "centimeter", "centimeters": "centimeter",
    "mm": "millimeter", "millimetres": "millimeter", "millimeters": "millimeter",
    "feet": "foot", "ft": "foot", "foot": "foot", "inches": "inch",
    "kg": "kilogram", "kilos": "kilogram", "kilogram": "kilogram", "kilograms": "kilogram",
    "tonne": "metric_ton", "tonnes": "metric_ton", "metric tons": "metric_ton",
    "tons": "ton", "ton": "ton", "lb": "pound", "lbs": "pound",
    "sq km": "kilometer ** 2", "square kilometres": "kilometer ** 2",
    "square kilometers": "kilometer ** 2", "km2": "kilometer ** 2", "km²": "kilometer ** 2",
    "square miles": "mile ** 2", "sq miles": "mile ** 2", "hectares": "hectare",
    "hectare": "hectare", "acres": "acre", "acre": "acre",
    "°c": "degree_Celsius", "degrees celsius": "degree_Celsius", "c": "degree_Celsius",
    "°f": "degree_Fahrenheit", "degrees fahrenheit": "degree_Fahrenheit",
    "litres": "liter", "liters": "liter", "litre": "liter", "liter": "liter",
    "gallons": "gallon", "barrels": "oil_barrel", "mw": "megawatt", "megawatts": "megawatt",
    "gw": "gigawatt", "gigawatts": "gigawatt", "kwh": "kilowatt_hour", "mph": "mile / hour",
    "km/h": "kilometer / hour", "kph": "kilometer / hour",
}


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The registry, built once; each currency is its own dimension, so none converts."""
    ureg = pint.UnitRegistry(cache_folder=None)
    for code in CURRENCIES:
        ureg.define(f"{code} = [currency_{code.lower()}]")
    ureg.define("percentage_point = [percentage_point] = pp")
    return ureg


def canonical_unit(name: str) -> str:
    """pint's own name for a unit expression ("kilometer ** 2" -> "kilometer ** 2")."""
    return str(registry().Unit(name))


def is_known_unit(name: str) -> bool:
    try:
        registry().Unit(name)
    except (pint.errors.UndefinedUnitError, ValueError, AttributeError, TypeError):
        return False
    return True


def compatible(unit_a: str, unit_b: str) -> bool:
    """Same dimension (a currency is only compatible with itself)."""
    if unit_a == unit_b:
        return True
    if unit_a in CURRENCIES or unit_b in CURRENCIES or "percent" in (unit_a, unit_b):
        return False
    ureg = registry()
    return ureg.Unit(unit_a).dimensionality == ureg.Unit(unit_b).dimensionality


def convert(value: Fraction, unit_from: str, unit_to: str) -> Fraction:
    """A bound converted between compatible units (offset units such as °C included)."""
    if unit_from == unit_to:
        return value
    quantity = registry().Quantity(float(value), unit_from).to(unit_to)
    return Fraction(quantity.magnitude).limit_denominator(10**9)
