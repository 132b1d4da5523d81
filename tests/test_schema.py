"""The JSON Schema shipped for editors (SPEC section 2), kept in step with the loader.

Editors' tools (yaml-language-server, VS Code, JetBrains) read the schema for completion,
hover help and early validation; the loader is what really decides. These tests keep the two
telling the same story: the same keys at every level, the same valid files, and the same
refusals for the mistakes the schema can express.
"""

from __future__ import annotations

import json
import textwrap
from importlib import resources
from pathlib import Path

import pytest
import yaml

from checks import factfile
from checks.errors import FactFileError
from checks.factfile import load_fact_file
from checks.values import parse_tolerance, parse_value

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_LINE = "# yaml-language-server: $schema="


@pytest.fixture(scope="module")
def schema() -> dict:
    text = resources.files("checks").joinpath("schema/facts.schema.json").read_text("utf-8")
    return json.loads(text)


@pytest.fixture(scope="module")
def validator(schema):
    return jsonschema.Draft7Validator(schema)


def as_editor_data(text: str):
    """The file as the loader sees it: every scalar is text (no YAML type guessing)."""
    # BaseLoader builds only strings, lists and dicts: no objects, no type guessing.
    return yaml.load(text, Loader=yaml.BaseLoader)


def loads(text: str) -> bool:
    try:
        load_fact_file("expectations/x.yaml", text, parse_value, parse_tolerance)
    except FactFileError:
        return False
    return True


def test_the_schema_is_a_valid_draft_7_schema_shipped_in_the_package(schema):
    jsonschema.Draft7Validator.check_schema(schema)


def test_the_schema_has_the_loaders_keys_at_every_level(schema):
    fact = schema["definitions"]["fact"]
    accept = fact["properties"]["accept"]["items"]
    examples = fact["properties"]["examples"]
    assert tuple(schema["properties"]) == factfile.FILE_KEYS
    assert tuple(fact["properties"]) == factfile.FACT_KEYS
    assert tuple(accept["properties"]) == factfile.ACCEPT_KEYS
    assert tuple(examples["properties"]) == factfile.EXAMPLE_KEYS
    assert tuple(fact["properties"]["severity"]["enum"]) == factfile.SEVERITIES
    assert tuple(one["required"][0] for one in fact["oneOf"]) == factfile.VALUE_KINDS
    assert schema["required"] == ["facts"] and fact["required"] == ["id"]
    assert accept["required"] == list(factfile.ACCEPT_KEYS)


def _properties(node, path=""):
    """Every named property anywhere in the schema, with where it is."""
    if isinstance(node, dict):
        for name, value in node.get("properties", {}).items():
            yield f"{path}/{name}", value
        for key, value in node.items():
            yield from _properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _properties(value, f"{path}/{index}")


def test_every_field_has_a_description_for_hover_help(schema):
    undescribed = [path for path, value in _properties(schema) if not value.get("description")]
    assert undescribed == []
    assert schema["description"] and schema["definitions"]["fact"]["description"]


@pytest.mark.parametrize("path", sorted((ROOT / "expectations").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_the_repositorys_fact_files_validate_and_name_the_schema(validator, path):
    text = path.read_text(encoding="utf-8")
    assert list(validator.iter_errors(as_editor_data(text))) == []
    assert loads(text)
    first = text.splitlines()[0]
    assert first.startswith(SCHEMA_LINE)
    assert (path.parent / first[len(SCHEMA_LINE):]).resolve() == (
        ROOT / "checks" / "schema" / "facts.schema.json")


VALID = textwrap.dedent("""\
    title: A story
    sources: seeds/*.txt
    published: {seeds/a.txt: 2025-02-12}
    names: {Pete Hegseth: Hegseth, NATO: [Nato, alliance]}
    facts:
      - id: a
        count: about 50
        of: countries
        about: [[US, United States], aid]
        tolerance: 2%
        sources: [seeds/*.txt]
        accept:
          - {source: seeds/b.txt, says: 48, reason: older figure}
        severity: warning
        note: A note.
        examples: {consistent: [About 50 countries gave aid to the US.], unrelated: x}
      - id: b
        quote: We will.
        speaker: Pete Hegseth
      - id: c
        date: 2022
        about: invasion
      - id: d
        amount: 5 percent
    """)


def test_a_file_using_every_field_is_valid_for_both(validator):
    assert list(validator.iter_errors(as_editor_data(VALID))) == []
    assert loads(VALID)


INVALID = {
    "unknown-file-key": "author: x\nfacts: []\n",
    "no-facts": "title: x\n",
    "facts-not-a-list": "facts: x\n",
    "unknown-fact-key": "facts:\n  - id: a\n    count: 3\n    abuot: x\n",
    "no-id": "facts:\n  - count: 3\n",
    "bad-id": "facts:\n  - id: Us_Aid\n    count: 3\n",
    "no-value": "facts:\n  - id: a\n    of: x\n",
    "two-values": "facts:\n  - id: a\n    count: 3\n    date: 2022\n",
    "empty-value": "facts:\n  - id: a\n    count: ''\n",
    "empty-about": "facts:\n  - id: a\n    count: 3\n    about: []\n",
    "empty-about-item": "facts:\n  - id: a\n    count: 3\n    about: [x, []]\n",
    "empty-of": "facts:\n  - id: a\n    count: 3\n    of: []\n",
    "speaker-on-count": "facts:\n  - id: a\n    count: 3\n    speaker: x\n",
    "of-on-date": "facts:\n  - id: a\n    date: 2022\n    of: x\n",
    "tolerance-on-quote": "facts:\n  - id: a\n    quote: Yes.\n    tolerance: 2%\n",
    "bad-severity": "facts:\n  - id: a\n    count: 3\n    severity: fatal\n",
    "accept-incomplete": "facts:\n  - id: a\n    count: 3\n    accept:\n      - source: x\n",
    "accept-unknown-key": ("facts:\n  - id: a\n    count: 3\n    accept:\n      - {source: x, "
                           "says: y, reason: z, why: w}\n"),
    "examples-unknown-key": "facts:\n  - id: a\n    count: 3\n    examples: {consistant: x}\n",
    "published-not-iso": "published: {a.txt: 12 Feb 2025}\nfacts: []\n",
    "names-empty-list": "names: {NATO: []}\nfacts: []\n",
}


@pytest.mark.parametrize("text", INVALID.values(), ids=INVALID.keys())
def test_mistakes_the_schema_can_express_are_refused_by_both(validator, text):
    assert list(validator.iter_errors(as_editor_data(text))) != []
    assert not loads(text)


def test_the_schema_file_is_package_data():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'checks = ["schema/*.json"]' in pyproject
