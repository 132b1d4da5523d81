"""Currencies from CLDR and physical units from pint, read the same way in sources and fact
files (issue 14)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from checks.extract.currencies import WORD_CODES, _current_codes, tables
from checks.extract.quantities import find_quantities
from checks.extract.units import CURRENCIES, compatible, convert, unit_for
from checks.facts.values import parse_value


def one(text: str):
    found = find_quantities(text, [])
    assert len(found) == 1, (text, found)
    return found[0], text[found[0].start : found[0].end]


CURRENT = sorted(c for c in _current_codes() if c not in WORD_CODES)


def test_every_code_in_use_is_a_currency_and_never_converts():
    assert len(CURRENCIES) > 250
    assert {"USD", "BRL", "HUF", "NGN", "XAF"} <= CURRENCIES
    assert not compatible("BRL", "USD")
    assert not compatible("EUR", "percent")


@pytest.mark.parametrize("code", CURRENT)
def test_every_code_in_use_reads_after_and_before_a_number(code):
    quantity, span = one(f"The deal was worth 250 {code} in all.")
    assert (quantity.unit, span) == (code, f"250 {code}")
    quantity, span = one(f"The deal was worth {code} 17.25 in all.")
    assert (quantity.unit, quantity.interval.low) == (code, Fraction("17.245"))


@pytest.mark.parametrize(
    "text, code",
    [
        ("3,990 Ft", "HUF"),
        ("800 zł", "PLN"),
        ("₪98", "ILS"),
        ("880,000 ₫", "VND"),
        ("R$ 12", "BRL"),
        ("NT$ 1,160", "TWD"),
        ("MX$3,179", "MXN"),
        ("RD$ 400", "DOP"),
        ("Rp 10,000", "IDR"),
        ("₦2.5 million", "NGN"),
        ("₽ 90", "RUB"),
        ("HK$12bn", "HKD"),
        ("C$ 100", "CAD"),
        ("100 ₾", "GEL"),
        ("1 ₿", "BTC"),
    ],
)
def test_symbols_each_country_writes(text, code):
    quantity, span = one(f"Tickets cost {text} this year.")
    assert (quantity.unit, span) == (code, text)


@pytest.mark.parametrize(
    "text, code",
    [
        ("3 Hungarian forints", "HUF"),
        ("3 forints", "HUF"),
        ("3 yuan", "CNY"),
        ("3 Chinese yuan", "CNY"),
        ("3 Turkish lira", "TRY"),
        ("3 Brazilian reals", "BRL"),
        ("3 shekels", "ILS"),
        ("3 South Korean won", "KRW"),
        ("3 Dutch guilders", "NLG"),
        ("3 dollars", "USD"),
        ("3 pounds sterling", "GBP"),
        ("3 euros", "EUR"),
    ],
)
def test_names_and_plurals_from_cldr(text, code):
    quantity, span = one(f"Each stamp costs {text} now.")
    assert (quantity.unit, span) == (code, text)


@pytest.mark.parametrize(
    "text",
    [
        "They won 3 real prizes.",
        "The 4 pesos were counted.",
        "It has 12 marks on it.",
    ],
)
def test_shared_or_everyday_names_are_not_guessed(text):
    assert all(q.unit is None for q in find_quantities(text, []))


@pytest.mark.parametrize(
    "text, code, low, high",
    [
        ("75 cents", "USD", "0.745", "0.755"),
        ("30p", "GBP", "0.295", "0.305"),
        ("50 kopecks", "RUB", "0.495", "0.505"),
        ("17 USD 25.", "USD", "17.245", "17.255"),
        ("two dollars and ten cents", "USD", "2.095", "2.105"),
        ("$5 and 50 cents", "USD", "5.495", "5.505"),
    ],
)
def test_minor_units(text, code, low, high):
    quantity = find_quantities(f"It came to {text}", [])[0]
    assert (quantity.unit, quantity.interval.low, quantity.interval.high) == (
        code,
        Fraction(low),
        Fraction(high),
    )


@pytest.mark.parametrize(
    "phrase, unit",
    [
        ("knots", "knot"),
        ("mg", "milligram"),
        ("µg", "microgram"),
        ("°F", "degree_Fahrenheit"),
        ("degrees fahrenheit", "degree_Fahrenheit"),
        ("DEGREES FAHRENHEIT", "degree_Fahrenheit"),
        ("Degrees Fahrenheit", "degree_Fahrenheit"),
        ("square metres", "meter ** 2"),
        ("hrs", "hour"),
        ("MB per second", "megabyte / second"),
        ("km/h", "kilometer / hour"),
        ("miles an hour", "mile / hour"),
        ("nautical miles", "nautical_mile"),
        ("microgrammes", "microgram"),
        ("kilowatt-hours", "kilowatt_hour"),
        ("km^2", "kilometer ** 2"),
        ("km squared", "kilometer ** 2"),
        ("cubic metres", "meter ** 3"),
        ("GHz", "gigahertz"),
        ("Kilometres", "kilometer"),
    ],
)
def test_units_pint_reads(phrase, unit):
    assert unit_for(phrase) == unit


@pytest.mark.parametrize(
    "word",
    [
        "points",
        "cups",
        "links",
        "league",
        "a",
        "in",
        "am",
        "pm",
        "PM",
        "pinch",
        "unit",
        "mass",
        "gray",
        "Siemens",
        "Teslas",
        "people",
        "barrels a head",
        "decades",
        "st",
        "K",
        "C",
    ],
)
def test_words_that_are_not_units(word):
    assert unit_for(word) is None


@pytest.mark.parametrize(
    "text, span, unit, low, high",
    [
        ("The baby weighed 7 lb 6 oz.", "7 lb 6 oz", "pound", "7.34375", "7.40625"),
        ("He stands 6 ft 1 in tall.", "6 ft 1 in", "foot", Fraction(145, 24), Fraction(147, 24)),
        ("Loads of 20 kg to 25 kg were allowed.", "20 kg to 25 kg", "kilogram", "20", "25"),
        ("The quake was felt 3-5 km away.", "3-5 km", "kilometer", "3", "5"),
        ("They waited half an hour.", "half an hour", "hour", "0.5", "0.5"),
        ("A 17-minute delay followed.", "17-minute", "minute", "16.5", "17.5"),
        ("A 35-year-old pilot died.", "35-year-old", "year", "34.5", "35.5"),
        ("Mensah, 17, was freed on Tuesday.", "17", "year", "16.5", "17.5"),
    ],
)
def test_compounds_ranges_durations_ages(text, span, unit, low, high):
    quantity = next(q for q in find_quantities(text, []) if q.unit)
    assert (text[quantity.start : quantity.end], quantity.unit) == (span, unit)
    assert (quantity.interval.low, quantity.interval.high) == (Fraction(low), Fraction(high))


def test_the_hyphenated_duration_of_a_known_thing_is_a_name():
    assert find_quantities("The 48-hour truce ended.", []) == []


def test_fact_values_read_any_unit_and_fractions():
    assert parse_value("amount", "12 knots").unit == "knot"
    assert parse_value("amount", "250 BRL").unit == "BRL"
    assert parse_value("amount", "3,990 forints").unit == "HUF"
    two_thirds = parse_value("amount", "two thirds")
    assert (two_thirds.unit, two_thirds.interval.low) == ("percent", Fraction(200, 3))


def test_units_convert_only_within_a_dimension():
    assert compatible("knot", "kilometer / hour")
    assert convert(Fraction(10), "knot", "kilometer / hour") == Fraction("18.52")
    assert not compatible("knot", "kilogram")


def test_tables_are_built_once():
    assert tables() is tables()


@pytest.mark.parametrize(
    "text, span, unit",
    [
        ("Each crate weighs 40 (kg) when full.", "40 (kg)", "kilogram"),
        ("The dose was 300 [ml] a day.", "300 [ml]", "milliliter"),
        ("The gap measured 12 <mm> at most.", "12 <mm>", "millimeter"),
    ],
)
def test_a_unit_in_brackets_after_the_number(text, span, unit):
    found = [(text[q.start : q.end], q.unit) for q in find_quantities(text, [])]
    assert (span, unit) in found


def test_a_capital_letter_in_brackets_is_a_label_not_a_unit():
    found = [q.unit for q in find_quantities("Answer 3 (C) was marked right.", [])]
    assert "coulomb" not in found and "degree_Celsius" not in found
