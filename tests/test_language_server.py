"""The schema as editors meet it: a real yaml-language-server reads fact files whose modeline
points at the schema written beside them (as ``python -m checks schema --write`` leaves it).

The server is the one .ci/run installs from npm (a pinned version): FACTS_YAML_LANGUAGE_SERVER
names its command-line script (``.../node_modules/yaml-language-server/bin/yaml-language-server``),
run with the ``node`` on PATH. Without it the tests skip, unless FACTS_REQUIRE_LANGUAGE_SERVER=1
(as .ci/run sets it once the install worked), which turns a missing server into a failure.
Nothing is fetched at run time: the schema store is turned off in the server's settings.
"""

from __future__ import annotations

import os
import shutil
from importlib import resources
from pathlib import Path

import pytest
from lsp_client import LanguageServer

from checks.facts import factfile

SERVER_VARIABLE = "FACTS_YAML_LANGUAGE_SERVER"
REQUIRE_VARIABLE = "FACTS_REQUIRE_LANGUAGE_SERVER"
MODELINE = "# yaml-language-server: $schema=facts.schema.json\n"
SETTINGS = {
    "yaml": {
        "validate": True,
        "completion": True,
        "hover": True,
        "schemaStore": {"enable": False},
        "format": {"enable": False},
    }
}

# The words the server writes when a schema gives no message of its own: none of them may
# reach an editor of fact files.
SERVER_WORDING = (
    "does not match the pattern",
    "Matches multiple schemas",
    "Matches a schema that is not allowed",
    "Missing property",
    "Incorrect type",
    "is not allowed",
    "Value is not accepted",
    "Array has too few items",
)

# Typical mistakes, and what the editor must say about each (one message per line it marks).
MISTAKES = {
    "published-not-iso": (
        "published: {seeds/a.txt: 12 Feb 2025}\nfacts: []\n",
        ["a `published` date is a calendar date written YYYY-MM-DD (e.g. 2025-02-12)"],
    ),
    "two-values": (
        "facts:\n  - id: aid-total\n    count: 3\n    date: 2022\n",
        ["a fact holds exactly one value (date, amount, count or quote), so keep one"] * 2,
    ),
    "no-value": (
        "facts:\n  - id: aid-total\n    of: countries\n",
        ["fact has no value; add one of `date:`, `amount:`, `count:` or `quote:`"],
    ),
    "bad-id": (
        "facts:\n  - id: Us_Aid\n    count: 3\n",
        ["`id` may use only lower-case letters, digits and hyphens (e.g. us-aid-total)"],
    ),
    "no-id": (
        "facts:\n  - count: 3\n",
        [
            (
                "fact has no `id`; add `id:` with a name of lower-case letters, digits and hyphens "
                "(e.g. us-aid-total)"
            )
        ],
    ),
    "empty-value": (
        "facts:\n  - id: aid-total\n    count: ''\n",
        ["this value is empty; write a value or remove the key"],
    ),
    "empty-about": (
        "facts:\n  - id: aid-total\n    count: 3\n    about: []\n",
        [
            (
                "`about` is a phrase or a list of anchors, not an empty list or a mapping; list the "
                "words that must appear near a mention, or remove the key"
            )
        ],
    ),
    "of-on-date": (
        "facts:\n  - id: summit-day\n    date: 2022\n    of: days\n",
        ["`of` is for counts and amounts, and this fact is a date or a quote; remove `of`"],
    ),
    "speaker-on-count": (
        "facts:\n  - id: allies\n    count: 32\n    speaker: Jane Roe\n",
        [
            (
                "`speaker` is only for quotes, and this fact is not a quote; remove `speaker` (or "
                "use `about` to name who is involved)"
            )
        ],
    ),
    "tolerance-on-quote": (
        "facts:\n  - id: pledge\n    quote: We will stay.\n    tolerance: 2%\n",
        ["`tolerance` does not apply to quotes; remove it"],
    ),
    "unknown-fact-key": (
        "facts:\n  - id: allies\n    count: 32\n    abuot: allies\n",
        [
            (
                "unknown key in a fact; valid keys are id, date, amount, count, quote, of, about, "
                "speaker, tolerance, sources, accept, severity, note, examples"
            )
        ],
    ),
    "bad-severity": (
        "facts:\n  - id: allies\n    count: 32\n    severity: fatal\n",
        ["`severity` is not valid; write `error` or `warning`"],
    ),
}


def _unavailable(reason: str):
    if os.environ.get(REQUIRE_VARIABLE) == "1":
        pytest.fail(f"{reason}, and {REQUIRE_VARIABLE}=1 requires it")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A folder of fact files with the package's schema beside them, as editors have it."""
    folder = tmp_path_factory.mktemp("expectations")
    schema = resources.files("checks").joinpath("schema/facts.schema.json").read_text("utf-8")
    (folder / "facts.schema.json").write_text(schema, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def server(folder):
    script = os.environ.get(SERVER_VARIABLE)
    if not script:
        _unavailable(
            f"{SERVER_VARIABLE} is not set (the path of an installed "
            "yaml-language-server's bin/yaml-language-server; .ci/run installs one)"
        )
    if not Path(script).is_file():
        _unavailable(f"{SERVER_VARIABLE}={script} is not a file")
    node = shutil.which("node")
    if node is None:
        _unavailable("no `node` on PATH to run yaml-language-server")
    # The context ends the process in teardown, whether the tests passed or not.
    with LanguageServer([node, script, "--stdio"], SETTINGS, timeout=20) as server:
        server.initialize(folder.as_uri())
        yield server


def _open(server: LanguageServer, folder: Path, name: str, body: str) -> str:
    """Write a fact file (modeline first) where the schema is, and open it in the server."""
    path = folder / f"{name}.yaml"
    path.write_text(MODELINE + body, encoding="utf-8")
    uri = path.as_uri()
    server.open(uri, MODELINE + body)
    return uri


@pytest.fixture(scope="module")
def said(server, folder) -> dict[str, list[str]]:
    """Every mistake's file opened at once (the server validates them together), and the
    messages the server published for each, in the order of the file."""
    uris = {name: _open(server, folder, name, body) for name, (body, _) in MISTAKES.items()}
    said = {}
    for name, uri in uris.items():
        diagnostics = sorted(
            server.diagnostics(uri),
            key=lambda d: (d["range"]["start"]["line"], d["range"]["start"]["character"]),
        )
        said[name] = [diagnostic["message"] for diagnostic in diagnostics]
    return said


@pytest.mark.parametrize("name", MISTAKES)
def test_the_editor_says_what_the_loader_would_say(said, name):
    assert said[name] == MISTAKES[name][1]
    assert [m for m in said[name] if any(words in m for words in SERVER_WORDING)] == []


def _inserted(item: dict) -> str:
    """What accepting a completion item writes (its edit, else its insert text, else label)."""
    return (item.get("textEdit") or {}).get("newText") or item.get("insertText") or item["label"]


@pytest.mark.parametrize("typed", ["", "o", "ab"], ids=["empty-line", "o", "ab"])
def test_completing_a_key_in_a_fact_writes_the_key_and_its_colon(server, folder, typed):
    body = f"facts:\n  - id: allies\n    count: 32\n    {typed}\n"
    uri = _open(server, folder, f"complete-fact-{typed or 'empty'}", body)
    # Line 4 of the file is the fact's new line (the modeline is line 0).
    items = {item["label"]: item for item in server.completion(uri, 4, 4 + len(typed))}
    assert "of" in items and "about" in items, sorted(items)
    assert _inserted(items["of"]).startswith("of: ")
    assert _inserted(items["about"]).startswith("about: ")
    # Every other key too: `key: `, or `key:` and a new line for a list or a mapping.
    assert {
        label: _inserted(item)
        for label, item in items.items()
        if not _inserted(item).startswith(f"{label}:")
    } == {}


def test_completion_at_the_top_offers_only_the_files_keys(server, folder):
    uri = _open(server, folder, "complete-top", "title: Aid to Ukraine\n\n")
    labels = [item["label"] for item in server.completion(uri, 2, 0)]
    assert labels and set(labels) <= set(factfile.FILE_KEYS), labels


def test_hover_shows_the_markdown_description(server, folder):
    uri = _open(
        server, folder, "hover", "facts:\n  - id: allies\n    count: 32\n    of: countries\n"
    )
    hover = server.hover(uri, 4, 5)
    text = hover["contents"]["value"] if isinstance(hover["contents"], dict) else str(hover)
    assert "`country` matches *countries*" in text, text
