"""The JSON Schema shipped for editors (SPEC section 2), kept in step with the loader.

Editors' tools (yaml-language-server, VS Code, JetBrains) read the schema for completion,
hover help and early validation; the loader is what really decides. These tests keep the two
telling the same story: the same keys at every level, the same valid files, and the same
refusals for the mistakes the schema can express.
"""

from __future__ import annotations

import fnmatch
import json
import textwrap
import tomllib
from importlib import resources
from pathlib import Path

import pytest
import yaml

from checks.facts import factfile
from checks.facts.factfile import load_fact_file
from checks.facts.values import parse_tolerance, parse_value
from checks.model.errors import FactFileError

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
    # Unknown keys are refused by propertyNames at the file and fact levels (so that the
    # editor's message for them is not the one for a missing `facts` or `id`).
    assert tuple(schema["allOf"][1]["propertyNames"]["enum"]) == factfile.FILE_KEYS
    assert tuple(fact["allOf"][0]["propertyNames"]["enum"]) == factfile.FACT_KEYS
    # Exactly one value: at least one (anyOf), and each kind excludes the others.
    assert tuple(one["required"][0] for one in fact["anyOf"]) == factfile.VALUE_KINDS
    assert len({one["errorMessage"] for one in fact["anyOf"]}) == 1
    assert tuple(fact["dependencies"]) == factfile.VALUE_KINDS
    for kind, excluded in fact["dependencies"].items():
        assert excluded["properties"] == {
            other: False for other in factfile.VALUE_KINDS if other != kind
        }
    assert schema["allOf"][0]["required"] == ["facts"] and fact["required"] == ["id"]
    assert accept["required"] == list(factfile.ACCEPT_KEYS)


def _properties(node, path=""):
    """Every named property anywhere in the schema, with where it is (a property whose schema
    is `false` is a key refused in some facts, not a field)."""
    if isinstance(node, dict):
        for name, value in node.get("properties", {}).items():
            if value is not False:
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


@pytest.mark.parametrize(
    "path", sorted((ROOT / "expectations").glob("*.yaml")), ids=lambda p: p.name
)
def test_the_repositorys_fact_files_validate_and_name_the_schema(validator, path):
    text = path.read_text(encoding="utf-8")
    assert list(validator.iter_errors(as_editor_data(text))) == []
    assert loads(text)
    first = text.splitlines()[0]
    assert first.startswith(SCHEMA_LINE)
    assert (path.parent / first[len(SCHEMA_LINE) :]).resolve() == (
        ROOT / "checks" / "schema" / "facts.schema.json"
    )


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
    "accept-unknown-key": (
        "facts:\n  - id: a\n    count: 3\n    accept:\n      - {source: x, "
        "says: y, reason: z, why: w}\n"
    ),
    "examples-unknown-key": "facts:\n  - id: a\n    count: 3\n    examples: {consistant: x}\n",
    "published-not-iso": "published: {a.txt: 12 Feb 2025}\nfacts: []\n",
    "names-empty-list": "names: {NATO: []}\nfacts: []\n",
}


@pytest.mark.parametrize("text", INVALID.values(), ids=INVALID.keys())
def test_mistakes_the_schema_can_express_are_refused_by_both(validator, text):
    assert list(validator.iter_errors(as_editor_data(text))) != []
    assert not loads(text)


# What an editor says about a mistake: yaml-language-server (and VS Code's JSON service) shows
# the `errorMessage` of the schema object where a check fails, or its `patternErrorMessage`
# when the check is a `pattern`. Each mistake: the file, the JSON pointer of the object whose
# message the editor shows, that message's keyword, and words the message shares with the
# loader's own message for the same file (the loader is the authority).
MESSAGES = {
    "file-not-a-mapping": (
        "- x\n",
        "",
        "errorMessage",
        "must be a mapping of keys to values (`key: value` lines)",
    ),
    "no-facts": (
        "title: x\n",
        "/allOf/0",
        "errorMessage",
        "fact file has no `facts` key; add `facts:` with one `- id: ...` entry per fact",
    ),
    "unknown-file-key": (
        "author: x\nfacts: []\n",
        "/allOf/1/propertyNames",
        "errorMessage",
        "in the fact file; valid keys are title, sources, published, names, facts",
    ),
    "facts-not-a-list": (
        "facts: x\n",
        "/properties/facts",
        "errorMessage",
        "`facts` must be a list",
    ),
    "published-not-a-mapping": (
        "published: 2025-02-12\nfacts: []\n",
        "/properties/published",
        "errorMessage",
        "`published` must map source globs to dates",
    ),
    "published-not-iso": (
        "published: {seeds/a.txt: 12 Feb 2025}\nfacts: []\n",
        "/properties/published/additionalProperties",
        "errorMessage",
        "a calendar date written YYYY-MM-DD (e.g. 2025-02-12)",
    ),
    "names-not-a-mapping": (
        "names: NATO\nfacts: []\n",
        "/properties/names",
        "errorMessage",
        "`names` must map a canonical name to other ways of writing it",
    ),
    "names-empty-list": (
        "names: {NATO: []}\nfacts: []\n",
        "/definitions/phrases/oneOf/0",
        "errorMessage",
        "remove it or add an entry",
    ),
    "no-id": (
        "facts:\n  - count: 3\n",
        "/definitions/fact",
        "errorMessage",
        (
            "fact has no `id`; add `id:` with a name of lower-case letters, digits and "
            "hyphens (e.g. us-aid-total)"
        ),
    ),
    "bad-id": (
        "facts:\n  - id: Us_Aid\n    count: 3\n",
        "/definitions/fact/properties/id",
        "errorMessage",
        "may use only lower-case letters, digits and hyphens (e.g. us-aid-total)",
    ),
    "unknown-fact-key": (
        "facts:\n  - id: a\n    count: 3\n    author: x\n",
        "/definitions/fact/allOf/0/propertyNames",
        "errorMessage",
        (
            "in a fact; valid keys are id, date, amount, count, quote, of, about, "
            "speaker, tolerance, sources, accept, severity, note, examples"
        ),
    ),
    "no-value": (
        "facts:\n  - id: a\n    of: x\n",
        "/definitions/fact/anyOf/0",
        "errorMessage",
        "has no value; add one of `date:`, `amount:`, `count:` or `quote:`",
    ),
    "two-values": (
        "facts:\n  - id: a\n    count: 3\n    date: 2022\n",
        "/definitions/fact/dependencies/count",
        "errorMessage",
        "a fact holds exactly one value (date, amount, count or quote), so keep one",
    ),
    "empty-value": (
        "facts:\n  - id: a\n    count: ''\n",
        "/definitions/text",
        "patternErrorMessage",
        "is empty; write a value or remove the key",
    ),
    "list-value": (
        "facts:\n  - id: a\n    count: [3]\n",
        "/definitions/text",
        "errorMessage",
        "must be text, not a list",
    ),
    "empty-of": (
        "facts:\n  - id: a\n    count: 3\n    of: []\n",
        "/definitions/phrases/oneOf/0",
        "errorMessage",
        "remove it or add an entry",
    ),
    "empty-about": (
        "facts:\n  - id: a\n    count: 3\n    about: []\n",
        "/definitions/fact/properties/about/oneOf/0",
        "errorMessage",
        "list the words that must appear near a mention, or remove the key",
    ),
    "empty-about-item": (
        "facts:\n  - id: a\n    count: 3\n    about: [x, []]\n",
        "/definitions/anchor/oneOf/0",
        "errorMessage",
        "list alternative phrases in it (e.g. [US, United States]) or remove it",
    ),
    "of-on-date": (
        "facts:\n  - id: a\n    date: 2022\n    of: x\n",
        "/definitions/fact/allOf/1/then",
        "errorMessage",
        "`of` is for counts and amounts",
    ),
    "speaker-on-count": (
        "facts:\n  - id: a\n    count: 3\n    speaker: x\n",
        "/definitions/fact/allOf/2/then",
        "errorMessage",
        "remove `speaker` (or use `about` to name who is involved)",
    ),
    "tolerance-on-quote": (
        "facts:\n  - id: a\n    quote: Yes.\n    tolerance: 2%\n",
        "/definitions/fact/allOf/3/then",
        "errorMessage",
        "`tolerance` does not apply to quotes",
    ),
    "bad-severity": (
        "facts:\n  - id: a\n    count: 3\n    severity: fatal\n",
        "/definitions/fact/properties/severity",
        "errorMessage",
        "write `error` or `warning`",
    ),
    "note-not-text": (
        "facts:\n  - id: a\n    count: 3\n    note: [x]\n",
        "/definitions/fact/properties/note",
        "errorMessage",
        "`note` must be text, not a list",
    ),
    "accept-not-a-list": (
        "facts:\n  - id: a\n    count: 3\n    accept: x\n",
        "/definitions/fact/properties/accept",
        "errorMessage",
        "`accept` must be a list",
    ),
    "accept-incomplete": (
        "facts:\n  - id: a\n    count: 3\n    accept:\n      - source: x\n",
        "/definitions/fact/properties/accept/items",
        "errorMessage",
        "takes `source`, `says` and `reason`",
    ),
    "examples-unknown-key": (
        "facts:\n  - id: a\n    count: 3\n    examples: {sentences: x}\n",
        "/definitions/fact/properties/examples",
        "errorMessage",
        "valid keys are consistent, contradicts, unrelated",
    ),
}


def _at(schema: dict, pointer: str):
    node = schema
    for part in pointer.split("/")[1:]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _nodes_on(schema: dict, path) -> list:
    """The schema objects a validator error's absolute_schema_path passes through (jsonschema
    leaves `$ref` out of the path, so a reference is followed where the path needs it)."""
    node, seen = schema, [schema]
    for part in path:
        while isinstance(node, dict) and part not in node and "$ref" in node:
            node = _at(schema, node["$ref"].lstrip("#"))
            seen.append(node)
        node = node[part]
        seen.append(node)
    return seen


def _errors(errors):
    for error in errors:
        yield error
        yield from _errors(error.context)


@pytest.mark.parametrize("case", MESSAGES.values(), ids=MESSAGES.keys())
def test_editors_are_told_what_the_loader_says(schema, validator, case):
    text, pointer, keyword, shared = case
    node = _at(schema, pointer)
    assert shared in node[keyword]
    with pytest.raises(FactFileError) as refused:
        load_fact_file("expectations/x.yaml", text, parse_value, parse_tolerance)
    assert shared in str(refused.value)
    # The message sits on an object where the validator does refuse the file.
    paths = [
        error.absolute_schema_path for error in _errors(validator.iter_errors(as_editor_data(text)))
    ]
    assert any(any(seen is node for seen in _nodes_on(schema, path)) for path in paths), paths


def test_a_phrase_or_list_says_one_thing_whichever_check_fails(schema):
    """A mapping fails the outer `type`, an empty list the first branch: same words."""
    fact = schema["definitions"]["fact"]
    for node in (
        schema["definitions"]["phrases"],
        schema["definitions"]["anchor"],
        fact["properties"]["about"],
    ):
        assert node["errorMessage"] == node["oneOf"][0]["errorMessage"]
        assert set(node["type"]) == {*node["oneOf"][0]["type"], node["oneOf"][1]["type"]}


EDITOR_KEYWORDS = {
    "errorMessage",
    "patternErrorMessage",
    "markdownDescription",
    "doNotSuggest",
    "defaultSnippets",
}


def _objects(node, path=""):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _objects(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _objects(value, f"{path}/{index}")


def test_editor_keywords_are_never_beside_a_ref(schema):
    """yaml-language-server drops every keyword beside a draft-07 `$ref` but descriptions
    (and markdownDescription), so a message there would silently never be shown."""
    beside = [
        (path, key)
        for path, node in _objects(schema)
        if "$ref" in node
        for key in node
        if key in EDITOR_KEYWORDS - {"markdownDescription"}
    ]
    assert beside == []


def test_every_markdown_description_has_a_plain_one(schema):
    """Tools without the extension keywords read `description`."""
    missing = [
        path
        for path, node in _objects(schema)
        if "markdownDescription" in node and not node.get("description")
    ]
    assert missing == []


@pytest.mark.parametrize(
    "data", ["schema/facts.schema.json", "report/page.css", "report/page.js", "py.typed"]
)
def test_the_files_the_package_reads_are_package_data(data):
    """A file the package reads at run time that is no package data is missing from a
    non-editable install."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["checks"]
    assert (ROOT / "checks" / data).is_file()
    assert any(fnmatch.fnmatch(data, pattern) for pattern in globs)
