"""The fact-file loader (SPEC sections 2 and 9): what loads, and what an editor is told.

Every refusal is asserted whole: the one-line message and the line and column it names,
because that line is all an editor sees.  The safety tests check that a hostile file (tags
that would construct objects, alias bombs, deep nesting, huge files) is refused before
anything is built and that PyYAML's global loaders are never changed; the property tests
check that random text and random YAML never raise anything but FactFileError.
"""

from __future__ import annotations

import copy
import fnmatch
import os
import textwrap
import time
from fractions import Fraction

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.facts import factfile
from checks.facts.factfile import (
    FACT_KEYS,
    FILE_KEYS,
    Acceptance,
    Fact,
    FactFile,
    Position,
    claim_ids,
    load_fact_file,
)
from checks.facts.values import parse_tolerance, parse_value
from checks.model.errors import FactFileError, ValueSyntaxError

PATH = "expectations/story.yaml"


def load(text: str, path: str = PATH) -> FactFile:
    return load_fact_file(path, textwrap.dedent(text), parse_value, parse_tolerance)


def refusal(text: str, path: str = PATH) -> FactFileError:
    with pytest.raises(FactFileError) as info:
        load(text, path)
    return info.value


def assert_refused(text: str, line: int, column: int, message: str) -> None:
    error = refusal(text)
    assert (error.message, error.line, error.column) == (message, line, column)
    assert str(error) == f"{PATH}:{line}:{column}: {message}"
    assert "\n" not in str(error)


# --- a valid file -----------------------------------------------------------------------------

VALID = """\
# yaml-language-server: $schema=../checks/schema/facts.schema.json
title: Hegseth at NATO, Brussels, 12 February 2025
sources: [seeds/*.txt, more/*.md]
published:
  seeds/000_*.txt: 2025-02-12
names:
  Pete Hegseth: [Hegseth, Pentagon chief]
  NATO: alliance
facts:
  - id: contact-group-size
    count: about 50
    of: [countries, nations]
    about: [Ukraine Defense Contact Group]
    tolerance: 2%
  - id: us-aid
    amount: more than 66.5 billion USD
    of: military aid
    about: [[US, United States, Washington], aid]
    tolerance: 0.5 billion USD
    sources: seeds/003_*.txt
    accept:
      - source: seeds/003_*.txt
        says: about $64bn
        reason: counts only aid given under the Biden administration
    severity: warning
    note: Kiel Institute figure.
    examples:
      consistent: [The US gave more than $67bn in aid.]
      contradicts: [The US gave $60bn in aid., Washington gave $50bn in aid.]
      unrelated: The EU gave $60bn in aid.
  - id: invasion-date
    date: 2022-02-24
    about: invasion
    tolerance: 1 day
  - id: no-us-troops
    quote: To be clear,   there will not be US troops deployed to Ukraine.
    speaker: Pete Hegseth
  - id: 123
    count: 32
"""


@pytest.fixture(scope="module")
def valid() -> FactFile:
    return load(VALID)


def test_file_settings_load(valid):
    assert valid.path == PATH
    assert valid.title == "Hegseth at NATO, Brussels, 12 February 2025"
    assert valid.sources == ("seeds/*.txt", "more/*.md")
    assert valid.published == (("seeds/000_*.txt", "2025-02-12"),)
    assert valid.names == {"Pete Hegseth": ("Hegseth", "Pentagon chief"), "NATO": ("alliance",)}
    assert [f.id for f in valid.facts] == [
        "contact-group-size",
        "us-aid",
        "invasion-date",
        "no-us-troops",
        "123",
    ]


def test_optional_file_settings_default_to_nothing():
    loaded = load("facts: []\n")
    assert (loaded.title, loaded.sources, loaded.published, loaded.names, loaded.facts) == (
        None,
        (),
        (),
        {},
        (),
    )


def test_a_count_with_of_about_and_relative_tolerance(valid):
    fact = valid.facts[0]
    assert (fact.kind, fact.value_text) == ("count", "about 50")
    assert fact.value == parse_value("count", "about 50")
    assert fact.of == ("countries", "nations")
    assert fact.about == (("Ukraine Defense Contact Group",),)
    assert (fact.tolerance_text, fact.tolerance) == ("2%", parse_tolerance("2%"))
    assert fact.tolerance.relative == Fraction(1, 50)
    assert (fact.speaker, fact.sources, fact.accept, fact.severity, fact.note, fact.examples) == (
        None,
        (),
        (),
        "error",
        None,
        {},
    )


def test_an_amount_with_every_optional_field(valid):
    fact = valid.facts[1]
    assert (fact.kind, fact.value_text) == ("amount", "more than 66.5 billion USD")
    assert fact.value.unit == "USD"
    assert fact.value.interval.low == 66_500_000_000 and fact.value.interval.high is None
    assert fact.of == ("military aid",)  # a single phrase
    assert fact.about == (("US", "United States", "Washington"), ("aid",))
    assert fact.tolerance.absolute == 500_000_000 and fact.tolerance.unit == "USD"
    assert fact.sources == ("seeds/003_*.txt",)
    assert fact.accept == (
        Acceptance(
            "seeds/003_*.txt",
            "about $64bn",
            "counts only aid given under the Biden administration",
            Position(PATH, 22, 9),
        ),
    )
    assert fact.severity == "warning"
    assert fact.note == "Kiel Institute figure."
    assert fact.examples == {
        "consistent": ("The US gave more than $67bn in aid.",),
        "contradicts": ("The US gave $60bn in aid.", "Washington gave $50bn in aid."),
        "unrelated": ("The EU gave $60bn in aid.",),
    }


def test_a_date_with_a_day_tolerance_and_a_single_about_phrase(valid):
    fact = valid.facts[2]
    assert (fact.kind, fact.value_text) == ("date", "2022-02-24")
    assert fact.about == (("invasion",),)
    assert fact.tolerance.days == 1


def test_a_quote_keeps_its_wording_and_speaker(valid):
    fact = valid.facts[3]
    assert fact.kind == "quote"
    assert fact.value_text == "To be clear,   there will not be US troops deployed to Ukraine."
    assert fact.value.quote == "To be clear, there will not be US troops deployed to Ukraine."
    assert fact.speaker == "Pete Hegseth"


def test_every_fact_knows_where_it_was_written(valid):
    # position: the `- id:` entry (column of `id`); value_position: the value itself.
    assert [(f.position.line, f.position.column) for f in valid.facts] == [
        (10, 5),
        (15, 5),
        (31, 5),
        (35, 5),
        (38, 5),
    ]
    assert [(f.value_position.line, f.value_position.column) for f in valid.facts] == [
        (11, 12),
        (16, 13),
        (32, 11),
        (36, 12),
        (39, 12),
    ]
    assert all(f.position.path == PATH for f in valid.facts)
    assert str(valid.facts[1].position) == f"{PATH}:15:5"


def test_yaml_type_guessing_is_not_applied(valid):
    """`count: 32`, `date: 2022-02-24` and `id: 123` are text as written, not int or date."""
    by_id = {fact.id: fact for fact in valid.facts}
    assert by_id["123"].value_text == "32"
    assert by_id["invasion-date"].value_text == "2022-02-24"
    assert valid.published[0][1] == "2025-02-12"
    loaded = load("""\
        title: yes
        facts:
          - id: 0x1f
            quote: 0o17
            note: 1.50
          - id: on
            quote: no
    """)
    assert loaded.title == "yes"
    assert [(f.id, f.value_text, f.note) for f in loaded.facts] == [
        ("0x1f", "0o17", "1.50"),
        ("on", "no", None),
    ]
    assert all(isinstance(f.value_text, str) for f in loaded.facts)


def test_a_leading_document_marker_and_a_byte_order_mark_are_fine():
    assert load("---\nfacts: []\n").facts == ()
    assert load("\ufefffacts: []\n").facts == ()
    assert load("%YAML 1.1\n---\nfacts: []\n...\n").facts == ()


# --- the shape of the file --------------------------------------------------------------------

EMPTY = "fact file is empty; write a `facts:` list with one `- id: ...` entry per fact"
YAML_HINT = "; check the indentation, quotes and brackets"


@pytest.mark.parametrize(
    "text, line, column, message",
    [
        pytest.param("", 1, 1, EMPTY, id="empty"),
        pytest.param("# only a comment\n\n", 1, 1, EMPTY, id="comment-only"),
        pytest.param(
            "title: A story\n",
            1,
            1,
            "fact file has no `facts` key; add `facts:` with one `- id: ...` entry per fact",
            id="no-facts",
        ),
        pytest.param(
            "- id: a\n  count: 3\n",
            1,
            1,
            "the fact file must be a mapping of keys to values (`key: value` lines), not a list",
            id="top-level-list",
        ),
        pytest.param(
            "just words\n",
            1,
            1,
            "the fact file must be a mapping of keys to values (`key: value` lines), "
            "not the text 'just words'",
            id="top-level-text",
        ),
        pytest.param(
            "facts: 3\n", 1, 8, "`facts` must be a list, not the text '3'", id="facts-text"
        ),
        pytest.param(
            "facts:\n  id: a\n", 2, 3, "`facts` must be a list, not a mapping", id="facts-mapping"
        ),
        pytest.param("facts:\n", 1, 7, "`facts` must be a list, not nothing", id="facts-null"),
        pytest.param(
            "facts:\n  - 3\n",
            2,
            5,
            "a fact must be a mapping of keys to values (`key: value` lines), not the text '3'",
            id="fact-text",
        ),
        pytest.param(
            "facts:\n  - [id, a]\n",
            2,
            5,
            "a fact must be a mapping of keys to values (`key: value` lines), not a list",
            id="fact-list",
        ),
        pytest.param(
            "title: a\ntitle: b\nfacts: []\n",
            2,
            1,
            "key `title` appears twice in the fact file (first at line 1); keep one",
            id="repeated-key",
        ),
        pytest.param(
            "? [a, b]\n: c\nfacts: []\n",
            1,
            3,
            "keys in the fact file must be plain words, not a list",
            id="list-as-key",
        ),
    ],
)
def test_file_shape_errors(text, line, column, message):
    assert_refused(text, line, column, message)


@pytest.mark.parametrize(
    "text, line, column, message",
    [
        pytest.param(
            "facts: [\n",
            2,
            1,
            "invalid YAML: expected the node content, but found '<stream end>' "
            "(while parsing a flow node that starts at line 2, column 1)" + YAML_HINT,
            id="unclosed-bracket",
        ),
        pytest.param(
            "facts:\n  - id: a\n   count: 3\n",
            3,
            4,
            "invalid YAML: expected <block end>, but found '<block mapping start>' "
            "(while parsing a block collection that starts at line 2, column 3)" + YAML_HINT,
            id="bad-indentation",
        ),
        pytest.param(
            "facts:\n\t- id: a\n",
            2,
            1,
            "invalid YAML: line 2 is indented with a tab; YAML indents with spaces "
            "only: replace the tab with spaces (2 like the line above, if it belongs "
            "to the same fact)",
            id="tab",
        ),
        pytest.param(
            "title: 'unclosed\nfacts: []\n",
            3,
            1,
            "invalid YAML: found unexpected end of stream (while scanning a quoted "
            "scalar that starts at line 1, column 8)" + YAML_HINT,
            id="unclosed-quote",
        ),
        pytest.param(
            "title: a: b\nfacts: []\n",
            1,
            9,
            "invalid YAML: the value of `title` holds ': ', which YAML reads as a new "
            'key; put it in quotes: title: "a: b"',
            id="colon-in-plain-text",
        ),
        pytest.param(
            "title: A\x00B\nfacts: []\n",
            1,
            9,
            "invalid YAML: the character U+0000 is not allowed in a fact file; remove it",
            id="nul-character",
        ),
        pytest.param(
            "facts:\n  - id: a\n    quote: bell\x07\n",
            3,
            16,
            "invalid YAML: the character U+0007 is not allowed in a fact file; remove it",
            id="control-character",
        ),
    ],
)
def test_invalid_yaml_is_positioned_at_pyyamls_mark(text, line, column, message):
    assert_refused(text, line, column, message)


# --- unknown keys -----------------------------------------------------------------------------

FACT_KEY_LIST = ", ".join(FACT_KEYS)


@pytest.mark.parametrize(
    "text, line, column, message",
    [
        pytest.param(
            "facts:\n  - id: a\n    count: 3\n    abuot: [x]\n",
            4,
            5,
            "unknown key `abuot` in a fact; did you mean `about`?",
            id="abuot",
        ),
        pytest.param(
            "facts:\n  - id: a\n    ammount: 3 km\n",
            3,
            5,
            "unknown key `ammount` in a fact; did you mean `amount`?",
            id="ammount",
        ),
        pytest.param(
            "facts:\n  - id: a\n    count: 3\n    zzz: x\n",
            4,
            5,
            f"unknown key `zzz` in a fact; valid keys are {FACT_KEY_LIST}",
            id="no-close-match",
        ),
        pytest.param(
            "factz: []\n",
            1,
            1,
            "unknown key `factz` in the fact file; did you mean `facts`?",
            id="file-level-typo",
        ),
        pytest.param(
            "author: Jane\nfacts: []\n",
            1,
            1,
            f"unknown key `author` in the fact file; valid keys are {', '.join(FILE_KEYS)}",
            id="file-level-no-match",
        ),
        pytest.param(
            "facts:\n  - id: a\n    count: 3\n    accept:\n      - source: x\n"
            "        says: y\n        reasn: z\n",
            7,
            9,
            "unknown key `reasn` in an `accept` entry; did you mean `reason`?",
            id="accept-entry",
        ),
        pytest.param(
            "facts:\n  - id: a\n    count: 3\n    examples:\n      consistant: [x]\n",
            5,
            7,
            "unknown key `consistant` in `examples`; did you mean `consistent`?",
            id="examples",
        ),
    ],
)
def test_unknown_keys(text, line, column, message):
    assert_refused(text, line, column, message)


# --- the value ----------------------------------------------------------------------------------

UNIT_OR_COUNT = "otherwise use a unit such as percent, USD, EUR, km, kg or tonnes"
DATE_FORMS = "(write 2022-02-24, 24 February 2022, September 2022 or 2022)"
COUNT_FORMS = "write a count such as '32', 'about 50', 'thirty-two'"


@pytest.mark.parametrize(
    "fields, line, column, message",
    [
        pytest.param(
            "of: [x]",
            2,
            5,
            "fact 'a' has no value; add one of `date:`, `amount:`, `count:` or `quote:`",
            id="no-value",
        ),
        pytest.param(
            "count: 3\n    amount: 4 km",
            4,
            5,
            "fact 'a' has both `count` and `amount`; a fact holds exactly one value "
            "(date, amount, count or quote), so keep one",
            id="two-values",
        ),
        pytest.param(
            "quote: Yes.\n    date: 2022",
            4,
            5,
            "fact 'a' has both `quote` and `date`; a fact holds exactly one value "
            "(date, amount, count or quote), so keep one",
            id="two-values-file-order",
        ),
        # The wrong kind of value: what is counted is taken for a unit the engine cannot use.
        pytest.param(
            "amount: 32 allies",
            3,
            13,
            "`amount` of fact 'a': unknown unit 'allies' in '32 allies'; if 32 counts "
            f"allies, write `count: 32` with `of: [allies]`, {UNIT_OR_COUNT}",
            id="amount-without-unit",
        ),
        pytest.param(
            "amount: 32",
            3,
            13,
            "`amount` of fact 'a': '32' has no unit or currency; write one ('5 percent', "
            "'66.5 billion USD', '12 km'), or make it a `count:`",
            id="amount-bare",
        ),
        pytest.param(
            "count: 5 percent",
            3,
            12,
            "`count` of fact 'a': '5 percent' is an amount in percent, not a count; "
            "write it as `amount: 5 percent`",
            id="count-with-unit",
        ),
        pytest.param(
            "date: someday",
            3,
            11,
            f"`date` of fact 'a': cannot read 'someday' as a date {DATE_FORMS}",
            id="date-words",
        ),
        pytest.param(
            "date: 2022-02-30",
            3,
            11,
            "`date` of fact 'a': '2022-02-30' is not a day of the calendar; check the "
            "month and the day",
            id="impossible-date",
        ),
        # Unparseable values: what the engine understood, and what it could not use.
        pytest.param(
            "date: 24 Febuary 2022",
            3,
            11,
            "`date` of fact 'a': cannot read '24 Febuary 2022' as a date: 'Febuary' is "
            "not a month; did you mean 'February'?",
            id="date-misspelt-month",
        ),
        pytest.param(
            "date: Feb 2022 or so",
            3,
            11,
            "`date` of fact 'a': read only 'Feb 2022' as a date, not 'or so'; write "
            "2022-02-24, 24 February 2022, September 2022 or 2022",
            id="date-with-words",
        ),
        pytest.param(
            "date: Wednesday",
            3,
            11,
            "`date` of fact 'a': 'Wednesday' is relative to when a source was "
            "published; a fact's date must be a calendar date (2022-02-24, 24 February "
            "2022, September 2022 or 2022)",
            id="date-relative",
        ),
        pytest.param(
            "date: 2022 or 2023",
            3,
            11,
            "`date` of fact 'a': '2022 or 2023' holds 2 dates ('2022' and '2023'); a "
            "fact holds one date",
            id="two-dates",
        ),
        pytest.param(
            "count: 50 or so",
            3,
            12,
            f"`count` of fact 'a': read '50' as a count, but not 'or so'; {COUNT_FORMS}",
            id="count-with-words",
        ),
        pytest.param(
            "count: 3 or 4",
            3,
            12,
            "`count` of fact 'a': '3 or 4' holds 2 values ('3' and '4'); write one, or "
            "a range such as 'between 40 and 50'",
            id="two-counts",
        ),
        pytest.param(
            "count: lots",
            3,
            12,
            f"`count` of fact 'a': found no number in 'lots'; {COUNT_FORMS}",
            id="no-number",
        ),
        pytest.param(
            "count:", 3, 11, "`count` is empty; write a value or remove the key", id="empty-value"
        ),
        pytest.param(
            "quote: '  '",
            3,
            12,
            "`quote` is empty; write a value or remove the key",
            id="blank-quote",
        ),
        pytest.param("count: [3]", 3, 12, "`count` must be text, not a list", id="value-list"),
        # Unknown units and currencies are named, with the closest known one when there is one.
        pytest.param(
            "amount: 12 zorkmids",
            3,
            13,
            "`amount` of fact 'a': unknown unit 'zorkmids' in '12 zorkmids'; if 12 "
            f"counts zorkmids, write `count: 12` with `of: [zorkmids]`, {UNIT_OR_COUNT}",
            id="unknown-unit",
        ),
        pytest.param(
            "amount: 12 kilometrs",
            3,
            13,
            "`amount` of fact 'a': unknown unit 'kilometrs' in '12 kilometrs'; did you "
            "mean 'kilometres'?",
            id="misspelt-unit",
        ),
        pytest.param(
            "amount: 12 XYZ",
            3,
            13,
            "`amount` of fact 'a': unknown currency 'XYZ' in '12 XYZ'; write an ISO "
            "4217 code such as USD, EUR, GBP, JPY or BRL (currencies never convert "
            "into one another)",
            id="unknown-currency",
        ),
    ],
)
def test_value_errors(fields, line, column, message):
    assert_refused(f"facts:\n  - id: a\n    {fields}\n", line, column, message)


@pytest.mark.parametrize(
    "kind, text",
    [
        ("count", "thirty-two"),
        ("count", "between 40 and 50"),
        ("amount", "$187 million"),
        ("amount", "about 20%"),
        ("amount", "12 km"),
        ("date", "September 2022"),
        ("date", "2022"),
    ],
)
def test_values_as_journalists_write_them(kind, text):
    fact = load(f"facts:\n  - id: a\n    {kind}: {text}\n").facts[0]
    assert (fact.kind, fact.value_text, fact.value) == (kind, text, parse_value(kind, text))


# --- fields that depend on the kind, and the others ---------------------------------------------

TOLERANCE_FORMS = "(write 2%, 3, 0.5 billion USD or 1 day)"


@pytest.mark.parametrize(
    "fields, line, column, message",
    [
        pytest.param(
            "date: 2022\n    of: [years]",
            4,
            5,
            "`of` is for counts and amounts, and fact 'a' is a date; remove `of`",
            id="of-on-date",
        ),
        pytest.param(
            "quote: Yes.\n    of: words",
            4,
            5,
            "`of` is for counts and amounts, and fact 'a' is a quote; remove `of`",
            id="of-on-quote",
        ),
        pytest.param(
            "count: 3\n    speaker: Pete Hegseth",
            4,
            5,
            "`speaker` is only for quotes, and fact 'a' is a count; remove `speaker` "
            "(or use `about` to name who is involved)",
            id="speaker-on-count",
        ),
        pytest.param(
            "quote: Yes.\n    tolerance: 2%",
            4,
            5,
            "`tolerance` does not apply to quotes (fact 'a'); remove it",
            id="tolerance-on-quote",
        ),
        pytest.param(
            "count: 3\n    tolerance: lots",
            4,
            16,
            f"`tolerance` of fact 'a': cannot read tolerance 'lots' {TOLERANCE_FORMS}",
            id="tolerance-words",
        ),
        pytest.param(
            "count: 3\n    tolerance: more than 3",
            4,
            16,
            f"`tolerance` of fact 'a': cannot read tolerance 'more than 3' {TOLERANCE_FORMS}",
            id="tolerance-open-ended",
        ),
        pytest.param(
            "count: 3\n    tolerance:",
            4,
            15,
            "`tolerance` is empty; write a value or remove the key",
            id="tolerance-empty",
        ),
        pytest.param(
            "date: 2022-02-24\n    tolerance: 5%",
            4,
            16,
            "`tolerance` of fact 'a': a date is widened by days or weeks; write e.g. "
            "`1 day` or `2 weeks`",
            id="percent-on-date",
        ),
        pytest.param(
            "date: 2022-02-24\n    tolerance: 1 month",
            4,
            16,
            "`tolerance` of fact 'a': a date is widened by days or weeks; write e.g. "
            "`1 day` or `2 weeks`",
            id="month-on-date",
        ),
        pytest.param(
            "count: 3\n    tolerance: 1 day",
            4,
            16,
            "`tolerance` of fact 'a': days and weeks widen dates only; for a count "
            "write e.g. `2%` or `3`",
            id="days-on-count",
        ),
        pytest.param(
            "count: 3\n    tolerance: 0.5 billion USD",
            4,
            16,
            "`tolerance` of fact 'a': a count has no unit, so its tolerance cannot be "
            "in USD; write e.g. `2%` or `3`",
            id="currency-on-count",
        ),
        pytest.param(
            "amount: 12 km\n    tolerance: 500 m",
            4,
            16,
            "`tolerance` of fact 'a': the tolerance is in meter but the amount is in "
            "kilometer; write the tolerance in the amount's unit, or as a percentage "
            "(e.g. `2%`)",
            id="other-unit-on-amount",
        ),
        pytest.param(
            "amount: 66.5 billion USD\n    tolerance: 1 billion EUR",
            4,
            16,
            "`tolerance` of fact 'a': the tolerance is in EUR but the amount is in "
            "USD; write the tolerance in the amount's unit, or as a percentage "
            "(e.g. `2%`)",
            id="other-currency-on-amount",
        ),
        pytest.param(
            "count: 3\n    severity: fatal",
            4,
            15,
            "`severity` 'fatal' is not valid; write `error` or `warning`",
            id="bad-severity",
        ),
        pytest.param(
            "count: 3\n    about: []",
            4,
            12,
            "`about` is an empty list; list the words that must appear near a "
            "mention, or remove the key",
            id="about-empty",
        ),
        pytest.param(
            "count: 3\n    about:",
            4,
            11,
            "`about` is empty; write a value or remove the key",
            id="about-blank",
        ),
        pytest.param(
            "count: 3\n    about: [x, []]",
            4,
            16,
            "an `about` item is an empty list; list alternative phrases in it (e.g. "
            "[US, United States]) or remove it",
            id="about-empty-alternatives",
        ),
        pytest.param(
            "count: 3\n    about: [{x: y}]",
            4,
            13,
            "`about` must be text, not a mapping",
            id="about-mapping",
        ),
        pytest.param(
            "count: 3\n    of: []",
            4,
            9,
            "`of` is an empty list; remove it or add an entry",
            id="of-empty",
        ),
        pytest.param(
            "count: 3\n    accept: x",
            4,
            13,
            "`accept` must be a list, not the text 'x'",
            id="accept-not-a-list",
        ),
        pytest.param(
            "count: 3\n    accept:\n      - source: x",
            5,
            9,
            "an `accept` entry needs `says` and `reason` (it takes `source`, `says` and `reason`)",
            id="accept-incomplete",
        ),
        pytest.param(
            "count: 3\n    examples: [x]",
            4,
            15,
            "`examples` must be a mapping of keys to values (`key: value` lines), not a list",
            id="examples-list",
        ),
        pytest.param(
            "count: 3\n    examples:\n      consistent: []",
            5,
            19,
            "`examples: consistent` is an empty list; remove it or add an entry",
            id="examples-empty",
        ),
    ],
)
def test_field_errors(fields, line, column, message):
    assert_refused(f"facts:\n  - id: a\n    {fields}\n", line, column, message)


@pytest.mark.parametrize(
    "kind_and_value, tolerance, expected",
    [
        ("amount: 5 percent", "1 percentage point", (Fraction(1), "percentage_point")),
        ("amount: 12 km", "0.5 km", (Fraction(1, 2), "kilometer")),
        ("amount: 12 km", "1", (Fraction(1), None)),
        ("count: 32", "3", (Fraction(3), None)),
    ],
)
def test_tolerances_that_fit_the_value(kind_and_value, tolerance, expected):
    fact = load(f"facts:\n  - id: a\n    {kind_and_value}\n    tolerance: {tolerance}\n").facts[0]
    assert (fact.tolerance.absolute, fact.tolerance.unit) == expected


# --- ids ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, line, column, message",
    [
        pytest.param(
            "facts:\n  - id: Us_Aid\n    count: 3\n",
            2,
            9,
            "`id` 'Us_Aid' may use only lower-case letters, digits and hyphens (e.g. us-aid-total)",
            id="bad-id",
        ),
        pytest.param(
            "facts:\n  - id: -a\n    count: 3\n",
            2,
            9,
            "`id` '-a' may use only lower-case letters, digits and hyphens (e.g. us-aid-total)",
            id="leading-hyphen",
        ),
        pytest.param(
            "facts:\n  - count: 3\n    of: [x]\n",
            2,
            5,
            "fact has no `id`; add `id:` with a name of lower-case letters, digits and "
            "hyphens (e.g. us-aid-total)",
            id="missing-id",
        ),
        pytest.param(
            "facts:\n  - id:\n    count: 3\n",
            2,
            8,
            "`id` is empty; write a value or remove the key",
            id="empty-id",
        ),
        pytest.param(
            "facts:\n  - id: a\n    count: 3\n  - id: b\n    count: 4\n  - id: a\n    count: 5\n",
            6,
            5,
            "duplicate fact id 'a' (first defined at line 2); give each fact its own `id`",
            id="duplicate-id",
        ),
    ],
)
def test_id_errors(text, line, column, message):
    assert_refused(text, line, column, message)


def test_duplicate_ids_across_files_name_both_places():
    first = load("facts:\n  - id: us-aid\n    count: 3\n", "expectations/a.yaml")
    second = load(
        "facts:\n  - id: other\n    count: 3\n  - id: us-aid\n    count: 4\n", "expectations/b.yaml"
    )
    seen: dict[str, Fact] = {}
    claim_ids(seen, first)  # one file alone is fine
    with pytest.raises(FactFileError) as info:
        claim_ids(seen, second)
    assert str(info.value) == (
        "expectations/b.yaml:4:5: duplicate fact id 'us-aid' (also defined at "
        "expectations/a.yaml:2:5); give each fact its own `id`"
    )


def test_a_refused_file_claims_none_of_its_ids():
    """The plugin claims ids file by file; a refused file must not block the ones after it."""
    seen: dict = {}
    claim_ids(seen, load("facts:\n  - id: a\n    count: 3\n", "expectations/a.yaml"))
    second = load(
        "facts:\n  - id: b\n    count: 3\n  - id: a\n    count: 4\n", "expectations/b.yaml"
    )
    with pytest.raises(FactFileError):
        claim_ids(seen, second)
    assert sorted(seen) == ["a"]


# --- names and published ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, line, column, message",
    [
        pytest.param(
            "published:\n  a.txt: 12 Feb 2025\nfacts: []\n",
            2,
            10,
            "`published` date for `a.txt`: '12 Feb 2025' is not a calendar date written "
            "YYYY-MM-DD (e.g. 2025-02-12)",
            id="published-words",
        ),
        pytest.param(
            "published:\n  a.txt: 2025-02-30\nfacts: []\n",
            2,
            10,
            "`published` date for `a.txt`: '2025-02-30' is not a calendar date written "
            "YYYY-MM-DD (e.g. 2025-02-12)",
            id="published-impossible",
        ),
        pytest.param(
            "published:\n  a.txt: 20250212\nfacts: []\n",
            2,
            10,
            "`published` date for `a.txt`: '20250212' is not a calendar date written "
            "YYYY-MM-DD (e.g. 2025-02-12)",
            id="published-basic-iso",
        ),
        pytest.param(
            "published:\n  a.txt: 12/02/2025\nfacts: []\n",
            2,
            10,
            "`published` date for `a.txt`: '12/02/2025' is ambiguous: month first it "
            "is 2025-12-02, day first 2025-02-12; write the date the ISO way "
            "(YYYY-MM-DD)",
            id="published-slash-ambiguous",
        ),
        pytest.param(
            "published:\n  a.txt: 25/04/2021\nfacts: []\n",
            2,
            10,
            "`published` date for `a.txt`: '25/04/2021' is a slash date; write it the "
            "ISO way: 2021-04-25",
            id="published-slash-one-way",
        ),
        pytest.param(
            "published: 2025-02-12\nfacts: []\n",
            1,
            12,
            "`published` must map source globs to dates (YYYY-MM-DD), not the text '2025-02-12'",
            id="published-not-a-mapping",
        ),
        pytest.param(
            "published:\n  a.txt: 2025-02-12\n  a.txt: 2025-02-13\nfacts: []\n",
            3,
            3,
            "`a.txt` appears twice in `published` (first at line 2); merge the two entries",
            id="published-twice",
        ),
        pytest.param(
            "names:\n  NATO: [alliance]\n  NATO: [Nato]\nfacts: []\n",
            3,
            3,
            "`NATO` appears twice in `names` (first at line 2); merge the two entries",
            id="name-twice",
        ),
        pytest.param(
            "names: [NATO]\nfacts: []\n",
            1,
            8,
            "`names` must map a canonical name to other ways of writing it, not a list",
            id="names-list",
        ),
        pytest.param(
            "names:\n  NATO: []\nfacts: []\n",
            2,
            9,
            "`names: NATO` is an empty list; remove it or add an entry",
            id="name-without-alternatives",
        ),
        pytest.param(
            "sources: []\nfacts: []\n",
            1,
            10,
            "`sources` is an empty list; remove it or add an entry",
            id="sources-empty",
        ),
    ],
)
def test_names_published_and_sources_errors(text, line, column, message):
    assert_refused(text, line, column, message)


# --- safety: data only, refused before anything is built ---------------------------------------


@pytest.mark.parametrize(
    "text, line, column, message",
    [
        pytest.param(
            'facts:\n  - id: a\n    count: !!python/object/apply:os.system ["echo hi"]\n',
            3,
            12,
            "YAML tags (!!python/object/apply:os.system) are not allowed in fact "
            "files; remove the tag and write the value as plain text",
            id="python-object",
        ),
        pytest.param(
            "facts:\n  - id: a\n    count: !!str x\n",
            3,
            12,
            "YAML tags (!!str) are not allowed in fact files; remove the tag and write "
            "the value as plain text",
            id="str-tag",
        ),
        pytest.param(
            "--- !!map\nfacts: []\n",
            1,
            5,
            "YAML tags (!!map) are not allowed in fact files; remove the tag and write "
            "the value as plain text",
            id="document-tag",
        ),
        pytest.param(
            "facts: !custom []\n",
            1,
            8,
            "YAML tags (!custom) are not allowed in fact files; remove the tag and "
            "write the value as plain text",
            id="local-tag",
        ),
        pytest.param(
            "title: &t A story\nfacts: []\n",
            1,
            8,
            "YAML anchors (&t) are not allowed in fact files; remove the anchor and "
            "write each value out in full",
            id="anchor",
        ),
        pytest.param(
            "title: *t\nfacts: []\n",
            1,
            8,
            "YAML aliases (*t) are not allowed in fact files; write the value out in full",
            id="alias",
        ),
        pytest.param(
            "facts: []\n---\nfacts: []\n",
            2,
            1,
            "a fact file holds one YAML document; remove the second `---` and what "
            "follows, or move it to its own file",
            id="second-document",
        ),
    ],
)
def test_unsafe_yaml_is_refused_where_it_is_written(text, line, column, message):
    assert_refused(text, line, column, message)


def test_a_python_tag_never_runs(monkeypatch):
    ran = []
    monkeypatch.setattr(os, "system", lambda command: ran.append(command))
    refusal('facts:\n  - id: a\n    count: !!python/object/apply:os.system ["echo hi"]\n')
    assert ran == []


BILLION_LAUGHS = (
    "".join(
        f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * 9)}]\n" for level in range(1, 10)
    ).replace("*l0", '"lol"')
    + "facts: []\n"
)


def test_an_alias_bomb_is_refused_at_its_first_anchor_fast():
    started = time.perf_counter()
    error = refusal(BILLION_LAUGHS)
    assert time.perf_counter() - started < 1.0
    assert (error.line, error.column) == (1, 5)
    assert error.message.startswith("YAML anchors (&l1) are not allowed")


DEEP_MESSAGE = (
    "fact file is nested more than 20 levels deep; a fact file needs at most 5 "
    "levels, so flatten it"
)


@pytest.mark.parametrize(
    "text, line, column",
    [
        pytest.param("facts: " + "[" * 20 + "]" * 20 + "\n", 1, 27, id="flow"),
        pytest.param(
            "facts:\n" + "".join("  " * i + "- \n" for i in range(1, 21)), 21, 41, id="block"
        ),
        pytest.param("[" * 100_000, 1, 21, id="flow-huge"),
    ],
)
def test_nesting_deeper_than_twenty_levels_is_refused(text, line, column):
    started = time.perf_counter()
    assert_refused(text, line, column, DEEP_MESSAGE)
    assert time.perf_counter() - started < 2.0


def test_twenty_levels_are_allowed_by_the_depth_limit():
    error = refusal("facts: " + "[" * 19 + "]" * 19 + "\n")
    assert error.message.startswith("a fact must be a mapping")  # shape, not depth


TOO_LARGE = "fact file is larger than 1,000,000 bytes; split its facts over several files"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("facts: []\n# " + "x" * 1_000_000, id="ascii"),
        # Fewer than a million characters, more than a million bytes.
        pytest.param("facts: []\n# " + "é" * 500_000, id="utf-8-bytes"),
    ],
)
def test_a_file_over_one_megabyte_is_refused(text):
    assert len(text) < 1_000_020
    assert_refused(text, 1, 1, TOO_LARGE)


def test_the_size_limit_is_inclusive(monkeypatch):
    monkeypatch.setattr(factfile, "MAX_FACT_FILE_BYTES", 40)
    text = "facts: []\n# " + "x" * 28
    assert len(text.encode()) == 40
    assert load(text).facts == ()
    error = refusal(text + "x")
    assert error.message.startswith("fact file is larger than 40 bytes")


LOADERS = [yaml.BaseLoader, yaml.SafeLoader, yaml.FullLoader, yaml.Loader, yaml.UnsafeLoader]
LOADER_ATTRIBUTES = [
    "yaml_constructors",
    "yaml_multi_constructors",
    "yaml_implicit_resolvers",
    "yaml_path_resolvers",
]


def _loader_state() -> dict:
    return {
        (cls.__name__, attr): (attr in vars(cls), copy.deepcopy(getattr(cls, attr, None)))
        for cls in LOADERS
        for attr in LOADER_ATTRIBUTES
    }


def test_pyyamls_global_loaders_are_never_modified():
    before = _loader_state()
    load(VALID)
    for bad in ("facts: !!str x\n", "a: &a 1\n", "facts: [\n", "facts:\n  - id: a\n"):
        refusal(bad)
    assert _loader_state() == before
    assert yaml.safe_load("n: 32\nd: 2022-02-24\n")["n"] == 32  # others still type-guess


# --- random input never raises anything but FactFileError -------------------------------------


def _loaded_or_refused(text: str) -> None:
    try:
        load_fact_file(PATH, text, parse_value, parse_tolerance)
    except FactFileError as error:
        # one line per problem, each positioned (several problems: FactFileErrors)
        for problem in getattr(error, "errors", [error]):
            assert "\n" not in problem.message
            assert problem.path == PATH and problem.line >= 1 and problem.column >= 1
        assert len(str(error).splitlines()) == len(getattr(error, "errors", [error]))


KEYS = st.sampled_from(
    [
        *FILE_KEYS,
        *FACT_KEYS,
        "source",
        "says",
        "reason",
        "consistent",
        "contradicts",
        "unrelated",
        "abuot",
    ]
) | st.text(max_size=8)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.dates()
    | st.text(max_size=30)
    | st.sampled_from(
        [
            "about 50",
            "5 percent",
            "2022-02-24",
            "$187 million",
            "2%",
            "1 day",
            "more than 3",
            "warning",
            "us-aid",
            "12 km",
        ]
    )
)
STRUCTURES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=25,
)
FACTS = st.fixed_dictionaries(
    {"facts": st.lists(st.dictionaries(KEYS, STRUCTURES, max_size=6), max_size=3)},
    optional={key: STRUCTURES for key in FILE_KEYS if key != "facts"},
)
RANDOM = settings(
    max_examples=200, deadline=2000, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@RANDOM
@given(st.text(max_size=300))
def test_random_text_is_loaded_or_refused(text):
    _loaded_or_refused(text)


@RANDOM
@given(STRUCTURES | FACTS)
def test_random_yaml_structures_are_loaded_or_refused(data):
    _loaded_or_refused(yaml.safe_dump(data, allow_unicode=True))


VALUE_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=25) | (
    st.lists(
        st.sampled_from(
            [
                "about",
                "more",
                "than",
                "50",
                "5",
                "%",
                "percent",
                "$",
                "bn",
                "billion",
                "USD",
                "km",
                "m",
                "day",
                "weeks",
                "2022",
                "-",
                "02",
                "between",
                "and",
                "thirty-two",
                "February",
                "up to",
                "½",
            ]
        ),
        max_size=5,
    ).map(" ".join)
)


@RANDOM
@given(st.sampled_from(["date", "amount", "count", "quote"]), VALUE_TEXT, VALUE_TEXT)
def test_random_values_and_tolerances_are_loaded_or_refused(kind, value, tolerance):
    fact = {"id": "a", kind: value, "tolerance": tolerance}
    _loaded_or_refused(yaml.safe_dump({"facts": [fact]}, allow_unicode=True))


def test_an_engine_failure_still_reads_as_a_positioned_error():
    def broken(kind, text):
        raise ZeroDivisionError("engine bug")

    with pytest.raises(FactFileError) as info:
        load_fact_file(PATH, "facts:\n  - id: a\n    count: 3\n", broken, parse_tolerance)
    assert str(info.value) == f"{PATH}:3:12: `count` of fact 'a': cannot read '3' as a count"
    assert isinstance(info.value.__cause__, ZeroDivisionError)  # kept for whoever debugs


def test_the_engines_own_words_are_kept_for_a_value_it_cannot_read():
    def strict(kind, text):
        raise ValueSyntaxError("say it\nin one line")

    with pytest.raises(FactFileError) as info:
        load_fact_file(PATH, "facts:\n  - id: a\n    count: 3\n", strict, parse_tolerance)
    assert str(info.value) == f"{PATH}:3:12: `count` of fact 'a': say it in one line"


def test_fact_is_frozen(valid):
    with pytest.raises(AttributeError):
        valid.facts[0].id = "other"  # type: ignore[misc]
    assert isinstance(valid.facts[0], Fact)


@pytest.mark.parametrize(
    "text, message",
    [
        (
            (
                "facts:\n  - id: said\n    quote: The mayor said: the bridge stays open\n"
                "    speaker: Ann Lee\n"
            ),
            (
                "3:*: invalid YAML: the value of `quote` holds ': ', which YAML reads as a new key; "
                'put it in quotes: quote: "The mayor said: the bridge stays open"'
            ),
        ),
        (
            "facts:\n  - id: opening\n\tdate: 2025-02-12\n",
            (
                "3:1: invalid YAML: line 3 is indented with a tab; YAML indents with spaces only: "
                "replace the tab with spaces (4 like the line above, if it belongs to the same fact)"
            ),
        ),
    ],
)
def test_the_common_slips_say_what_to_do(text, message):
    with pytest.raises(FactFileError) as raised:
        load_fact_file("expectations/x.yaml", text, parse_value, parse_tolerance)
    assert fnmatch.fnmatch(str(raised.value), f"expectations/x.yaml:{message}")


def test_every_problem_of_a_fact_file_is_reported_in_one_run():
    text = (
        "title: [not, a, title]\nfacts:\n  - id: ferries\n    count: many\n"
        "    of: [ferries]\n  - id: opening\n    date: 2025-13-01\n  - id: cranes\n"
        "    count: 3\n    of: [cranes]\n    colour: red\n"
    )
    with pytest.raises(FactFileError) as raised:
        load_fact_file("expectations/port.yaml", text, parse_value, parse_tolerance)
    lines = str(raised.value).splitlines()
    assert [line.split(": ")[0] for line in lines] == [
        "expectations/port.yaml:1:8",
        "expectations/port.yaml:4:12",
        "expectations/port.yaml:7:11",
        "expectations/port.yaml:11:5",
    ]
    assert "`colour`" in lines[-1]
