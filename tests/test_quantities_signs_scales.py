"""Money with a sign, South Asian scale words, scaled and lower-case codes, spaced dollar
prefixes, fractions in figures before a unit and 'or equal' bounds (SPEC section 3)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from checks.extract.quantities import find_quantities


def spans(text: str):
    return [
        (text[q.start : q.end], q.unit, q.interval.low, q.interval.high)
        for q in find_quantities(text, [])
    ]


@pytest.mark.parametrize(
    "text, span, unit, low",
    [
        ("The unit booked -40€ on the swap.", "-40€", "EUR", Fraction(-405, 10)),
        ("Its cash flow was $-12.50 a share.", "$-12.50", "USD", Fraction(-12505, 1000)),
        ("The fund ended the year at -$3m.", "-$3m", "USD", Fraction(-35, 10) * 10**6),
        ("Net debt stood at −£2bn in June.", "−£2bn", "GBP", Fraction(-25, 10) * 10**9),
    ],
)
def test_a_minus_sign_makes_money_negative(text, span, unit, low):
    assert spans(text)[0][:3] == (span, unit, low)


@pytest.mark.parametrize(
    "text",
    [
        "Fares rose 20-25€ a seat.",
        "The 10-12 dollars band held.",
    ],
)
def test_a_hyphen_between_numbers_is_still_a_range(text):
    found = spans(text)
    assert len(found) == 1 and found[0][2] > 0


def test_a_minus_sign_on_a_count_is_not_a_sign():
    assert spans("The vote was -3 for the motion.")[0][:3] == ("3", None, 3)


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("The council approved 12 lakh rupees for the school.", "12 lakh rupees", 1_200_000),
        ("Police seized ₹4.5 crore in cash.", "₹4.5 crore", 45_000_000),
        ("The scheme costs 3 crores rupees a year.", "3 crores rupees", 30_000_000),
    ],
)
def test_lakh_and_crore_scale_a_number(text, span, value):
    found = spans(text)[0]
    assert found[0] == span and found[1] == "INR"
    assert found[2] < value < found[3]


@pytest.mark.parametrize(
    "text, span, unit, value",
    [
        ("The utility will invest 80 MEUR in wind.", "80 MEUR", "EUR", 80_000_000),
        ("Sales reached 450 MSEK in the quarter.", None, None, None),
        ("The grant was 250 kUSD over two years.", "250 kUSD", "USD", 250_000),
        ("Tickets cost 40 usd at the door.", "40 usd", "USD", 40),
        ("She paid 15 eur for the book.", "15 eur", "EUR", 15),
        ("The bond paid 7 gbp a unit.", "7 gbp", "GBP", 7),
    ],
)
def test_scaled_and_lower_case_codes_of_major_currencies(text, span, unit, value):
    found = spans(text)
    if span is None:  # only the major currencies (an English CLDR symbol of their own)
        assert all(f[1] != "SEK" for f in found)
        return
    assert found[0][:2] == (span, unit) and found[0][2] < value < found[0][3]


@pytest.mark.parametrize("text", ["He scored 10 all game.", "They came 2 top of the league."])
def test_lower_case_words_that_are_codes_stay_words(text):
    assert all(unit is None for _, unit, _, _ in spans(text))


@pytest.mark.parametrize(
    "text, span, unit",
    [
        ("Exports fell to HK $ 8.2 billion last year.", "HK $ 8.2 billion", "HKD"),
        ("the fund lost nz $ 40 million .", "nz $ 40 million", "NZD"),
        ("A $48-a-share offer came.", "$48", "USD"),
    ],
)
def test_a_dollar_prefix_of_two_letters_may_stand_apart(text, span, unit):
    assert spans(text)[0][:2] == (span, unit)


@pytest.mark.parametrize(
    "text, span, unit, low, high",
    [
        (
            "Crews laid 12 1/2 miles of pipe.",
            "12 1/2 miles",
            "mile",
            Fraction(49, 4),
            Fraction(51, 4),
        ),
        ("The track is a 1/4 mile oval.", "1/4 mile", "mile", Fraction(1, 8), Fraction(3, 8)),
        ("The hike takes 3½ hours.", "3½ hours", "hour", Fraction(13, 4), Fraction(15, 4)),
        ("The detour adds ¾ mile to the loop.", "¾ mile", "mile", Fraction(5, 8), Fraction(7, 8)),
    ],
)
def test_a_fraction_in_figures_before_a_unit_is_a_measure(text, span, unit, low, high):
    assert spans(text)[0] == (span, unit, low, high)


@pytest.mark.parametrize(
    "text", ["The deal closed on 3/4 as planned.", "He went 7/10 from the line."]
)
def test_a_fraction_in_figures_without_a_unit_is_no_measure(text):
    assert all(unit is None and low != Fraction(3, 4) for _, unit, low, _ in spans(text))


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("The index must be greater than ten and less or equal than forty.", 10, 40),
        ("Bids more or equal to 200 and less than 300 pass.", 200, 300),
    ],
)
def test_or_equal_bounds_join_into_one_interval(text, low, high):
    assert [(f[2], f[3]) for f in spans(text)] == [(low, high)]


@pytest.mark.parametrize(
    "text, span, unit",
    [
        ("Overnight lows fell to minus 8 C in the valley.", "minus 8 C", "degree_Celsius"),
        ("Forecasters expect 102 F on Sunday.", "102 F", "degree_Fahrenheit"),
        ("Roads froze when it hit 2 C.", "2 C", "degree_Celsius"),
    ],
)
def test_a_spaced_c_or_f_after_a_number_is_a_temperature(text, span, unit):
    assert spans(text)[0][:2] == (span, unit)


@pytest.mark.parametrize(
    "text", ["Read Article 12 C before signing.", "The filing under Rule 14 F was late."]
)
def test_a_spaced_letter_after_a_name_and_number_is_no_temperature(text):
    assert all(unit is None for _, unit, _, _ in spans(text))


@pytest.mark.parametrize(
    "text, span",
    [
        ("Police said a 34 yo man was arrested.", "34 yo"),
        ("The 61 y/o patient recovered.", "61 y/o"),
    ],
)
def test_yo_after_a_number_is_an_age(text, span):
    assert spans(text)[0][:3] == (span, "year", Fraction(int(span[:2])) - Fraction(1, 2))


@pytest.mark.parametrize(
    "text, span, low, high",
    [
        ("The firm paid 25 000 euros in fines.", "25 000 euros", 24500, 25500),
        ("A 3 400 km pipeline runs north.", "3 400 km", 3350, 3450),
        ("The hall seats 12\u00a0500 people.", "12\u00a0500", 12450, 12550),
    ],
)
def test_thousands_grouped_by_spaces(text, span, low, high):
    assert spans(text)[0][0] == span and spans(text)[0][2:] == (low, high)


def test_a_four_digit_number_then_another_is_not_one_grouped_number():
    assert [f[0] for f in spans("In 2019 300 workers left.")] == ["2019", "300"]


@pytest.mark.parametrize(
    "text, span, unit, low, high",
    [
        (
            "The council paid two and a half million dollars for the site.",
            "two and a half million dollars",
            "USD",
            Fraction(225, 100) * 10**6,
            Fraction(275, 100) * 10**6,
        ),
        (
            "The port handled 4 and a half billion tonnes.",
            "4 and a half billion",
            None,
            Fraction(425, 100) * 10**9,
            Fraction(475, 100) * 10**9,
        ),
    ],
)
def test_a_whole_and_a_half_before_a_scale_word_is_one_number(text, span, unit, low, high):
    found = spans(text)
    assert found[0][0].startswith(span) and found[0][2:] == (low, high)
    assert found[0][1] == unit or unit is None


def test_and_a_half_million_alone_is_not_half_a_million():
    # "...for hours and a half million..." never reads "half million" on its own
    assert not [
        s
        for s in spans("The crowd waited hours and a half million came.")
        if s[2] is not None and s[2] < 10**6
    ]


@pytest.mark.parametrize(
    "text, span, unit, low",
    [
        ("The toll is .80 € a crossing.", ".80 €", "EUR", Fraction(795, 1000)),
        ("A ticket cost $.65 then.", "$.65", "USD", Fraction(645, 1000)),
        ("Inflation eased to .4 percent.", ".4 percent", "percent", Fraction(35, 100)),
    ],
)
def test_a_price_or_rate_without_its_leading_zero(text, span, unit, low):
    assert spans(text)[0][:3] == (span, unit, low)


def test_a_bare_decimal_without_currency_or_percent_is_not_read():
    assert spans("Officers found a .38 revolver in the car.") == []


def test_a_scale_word_after_the_currency_code():
    assert spans("The unit lost 40 EUR million in the year.")[0][:3] == (
        "40 EUR million",
        "EUR",
        Fraction(395, 10) * 10**6,
    )


@pytest.mark.parametrize(
    "text, span, low, high",
    [
        (
            "One thousand five hundred walkers set off.",
            "One thousand five hundred",
            Fraction(1450),
            Fraction(1550),
        ),
        (
            "The archive kept two million three hundred thousand dollars.",
            "two million three hundred thousand dollars",
            Fraction(2_250_000),
            Fraction(2_350_000),
        ),
        (
            "The hall has one thousand and five hundred seats.",
            "one thousand and five hundred",
            Fraction(1450),
            Fraction(1550),
        ),
    ],
)
def test_words_across_scale_words_are_one_number(text, span, low, high):
    found = spans(text)
    assert found[0][0] == span and found[0][2:] == (low, high)
    assert len(found) == 1  # never "five hundred" on its own
