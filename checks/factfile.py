"""Fact files (SPEC section 2): YAML read as plain data, validated, with every position kept.

The YAML is parsed with PyYAML's safe loader classes (never ``yaml.load`` and never a change
to PyYAML's global loaders). It is first read as events, so tags, aliases and deep nesting
are refused before anything is built, then composed into nodes, which keep each key's and
value's line and column for the error messages editors read.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

import yaml

from checks.errors import FactFileError, ValueSyntaxError

MAX_FACT_FILE_BYTES = 1_000_000
MAX_DEPTH = 20
VALUE_KINDS = ("date", "amount", "count", "quote")
FILE_KEYS = ("title", "sources", "published", "names", "facts")
FACT_KEYS = ("id", *VALUE_KINDS, "of", "about", "speaker", "tolerance", "sources", "accept",
             "severity", "note", "examples")
ACCEPT_KEYS = ("source", "says", "reason")
EXAMPLE_KEYS = ("consistent", "contradicts", "unrelated")
SEVERITIES = ("error", "warning")
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class Position:
    """Where something is written: 1-based line and column in a fact file."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Acceptance:
    """A reviewed discrepancy: in sources matching ``source``, the words ``says`` are expected."""

    source: str
    says: str
    reason: str
    position: Position


@dataclass(frozen=True)
class Fact:
    """One canonical fact as an editor wrote it, with its value read by the engine."""

    id: str
    kind: str
    value_text: str
    value: Any                       # checks.values.CanonicalValue
    position: Position
    value_position: Position
    of: tuple[str, ...] = ()
    about: tuple[tuple[str, ...], ...] = ()
    speaker: str | None = None
    tolerance_text: str | None = None
    tolerance: Any = None            # checks.values.Tolerance
    sources: tuple[str, ...] = ()
    accept: tuple[Acceptance, ...] = ()
    severity: str = "error"
    note: str | None = None
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class FactFile:
    """A loaded fact file: its settings and its facts, in file order."""

    path: str
    title: str | None
    sources: tuple[str, ...]
    published: tuple[tuple[str, str], ...]      # (glob, ISO date), in file order
    names: dict[str, tuple[str, ...]]
    facts: tuple[Fact, ...]


def load_fact_file(path: str, text: str, parse_value: Callable[[str, str], Any],
                   parse_tolerance: Callable[[str], Any]) -> FactFile:
    """Read and validate one fact file; any problem is a FactFileError naming file:line:col."""
    reader = _Reader(path)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FACT_FILE_BYTES:
        raise FactFileError(f"fact file is larger than {MAX_FACT_FILE_BYTES:,} bytes; "
                            "split it into several files", path, 1, 1)
    root = reader.compose(text)
    if root is None:
        raise FactFileError("fact file is empty (expected a mapping with a `facts` list)",
                            path, 1, 1)
    top = reader.mapping(root, "the fact file", FILE_KEYS)
    if "facts" not in top:
        raise reader.error(root, "fact file has no `facts` list")
    names = reader.names(top.get("names"))
    facts_node = top["facts"][1]
    facts = tuple(reader.fact(node, parse_value, parse_tolerance)
                  for node in reader.sequence(facts_node, "facts"))
    seen: dict[str, Fact] = {}
    for fact in facts:
        if fact.id in seen:
            raise FactFileError(f"duplicate fact id '{fact.id}' (first defined at line "
                                f"{seen[fact.id].position.line})", path, fact.position.line,
                                fact.position.column)
        seen[fact.id] = fact
    return FactFile(
        path=path,
        title=reader.text(top["title"][1], "title") if "title" in top else None,
        sources=reader.phrases(top.get("sources"), "sources"),
        published=reader.published(top.get("published")),
        names=names,
        facts=facts,
    )


def check_unique_ids(files: list[FactFile]) -> None:
    """Fact ids are unique across the whole suite: they become pytest node ids."""
    seen: dict[str, Fact] = {}
    for fact_file in files:
        for fact in fact_file.facts:
            first = seen.get(fact.id)
            if first is not None:
                raise FactFileError(f"duplicate fact id '{fact.id}' (also defined at "
                                    f"{first.position})", fact.position.path,
                                    fact.position.line, fact.position.column)
            seen[fact.id] = fact


class _Reader:
    """Turns YAML nodes of one file into checked Python values, raising positioned errors."""

    def __init__(self, path: str) -> None:
        self.path = path

    # --- positions and errors ---------------------------------------------------------------

    def position(self, node: yaml.Node) -> Position:
        mark = node.start_mark
        return Position(self.path, mark.line + 1, mark.column + 1)

    def error(self, node: yaml.Node | None, message: str) -> FactFileError:
        if node is None:
            return FactFileError(message, self.path, 1, 1)
        where = self.position(node)
        return FactFileError(message, self.path, where.line, where.column)

    # --- YAML -------------------------------------------------------------------------------

    def compose(self, text: str) -> yaml.Node | None:
        try:
            self._refuse_unsafe_events(text)
            return yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            problem = error.problem or error.context or "invalid YAML"
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            raise FactFileError(f"invalid YAML: {problem}", self.path, line, column) from None
        except yaml.YAMLError as error:
            raise FactFileError(f"invalid YAML: {error}", self.path, 1, 1) from None

    def _refuse_unsafe_events(self, text: str) -> None:
        """Tags could construct objects, aliases can explode in size, nesting can exhaust stacks."""
        depth = 0
        documents = 0
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            mark = event.start_mark
            where = (self.path, mark.line + 1, mark.column + 1)
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise FactFileError("a fact file holds one YAML document; remove the "
                                        "second `---`", *where)
            if isinstance(event, yaml.AliasEvent):
                raise FactFileError(f"YAML aliases (*{event.anchor}) are not allowed in fact "
                                    "files; write the value out", *where)
            if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
                raise FactFileError(f"YAML anchors (&{event.anchor}) are not allowed in fact "
                                    "files", *where)
            tag = getattr(event, "tag", None)
            explicit_tag = isinstance(event, yaml.NodeEvent) and tag is not None
            if explicit_tag:
                raise FactFileError(f"YAML tags ({tag}) are not allowed in fact files; fact "
                                    "files are plain data", *where)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise FactFileError(f"fact file is nested more than {MAX_DEPTH} levels "
                                        "deep", *where)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1

    # --- shapes -----------------------------------------------------------------------------

    def mapping(self, node: yaml.Node, what: str, allowed: tuple[str, ...]
                ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """A mapping's entries by key, refusing unknown and repeated keys."""
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"{what} must be a mapping of keys to values, "
                                   f"not {_shape(node)}")
        entries: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.error(key_node, f"keys in {what} must be plain words")
            key = key_node.value
            if key not in allowed:
                raise self.error(key_node, _unknown_key(key, what, allowed))
            if key in entries:
                raise self.error(key_node, f"key `{key}` appears twice in {what}")
            entries[key] = (key_node, value_node)
        return entries

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(node, f"`{what}` must be a list, not {_shape(node)}")
        return list(node.value)

    def text(self, node: yaml.Node, what: str, allow_empty: bool = False) -> str:
        """A scalar as the editor wrote it (YAML's type guessing is not applied)."""
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(node, f"`{what}` must be text, not {_shape(node)}")
        value = node.value.strip() if isinstance(node.value, str) else str(node.value)
        if not value and not allow_empty:
            raise self.error(node, f"`{what}` is empty")
        return value

    def phrases(self, entry: tuple[yaml.Node, yaml.Node] | None, what: str) -> tuple[str, ...]:
        """A phrase or a list of phrases."""
        if entry is None:
            return ()
        node = entry[1]
        if isinstance(node, yaml.ScalarNode):
            return (self.text(node, what),)
        items = tuple(self.text(item, what) for item in self.sequence(node, what))
        if not items:
            raise self.error(node, f"`{what}` is an empty list; remove it or add an entry")
        return items

    def names(self, entry: tuple[yaml.Node, yaml.Node] | None) -> dict[str, tuple[str, ...]]:
        if entry is None:
            return {}
        node = entry[1]
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, "`names` must map a canonical name to other ways of writing "
                                   f"it, not {_shape(node)}")
        names: dict[str, tuple[str, ...]] = {}
        for key_node, value_node in node.value:
            name = self.text(key_node, "names")
            names[name] = self.phrases((key_node, value_node), f"names: {name}")
        return names

    def published(self, entry: tuple[yaml.Node, yaml.Node] | None) -> tuple[tuple[str, str], ...]:
        if entry is None:
            return ()
        node = entry[1]
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, "`published` must map source globs to dates (YYYY-MM-DD), "
                                   f"not {_shape(node)}")
        result = []
        for key_node, value_node in node.value:
            glob = self.text(key_node, "published")
            day = self.text(value_node, f"published: {glob}")
            try:
                date.fromisoformat(day)
            except ValueError:
                raise self.error(value_node, f"publication date {day!r} is not a date "
                                             "written YYYY-MM-DD") from None
            result.append((glob, day))
        return tuple(result)

    # --- facts ------------------------------------------------------------------------------

    def fact(self, node: yaml.Node, parse_value, parse_tolerance) -> Fact:
        entries = self.mapping(node, "a fact", FACT_KEYS)
        if "id" not in entries:
            raise self.error(node, "fact has no `id`")
        id_node = entries["id"][1]
        fact_id = self.text(id_node, "id")
        if not ID_PATTERN.fullmatch(fact_id):
            raise self.error(id_node, f"fact id {fact_id!r} may use only lower-case letters, "
                                      "digits and hyphens (e.g. us-aid-total)")
        kinds = [k for k in VALUE_KINDS if k in entries]
        if len(kinds) != 1:
            found = " and ".join(f"`{k}`" for k in kinds) or "none"
            where = entries[kinds[1]][0] if len(kinds) > 1 else node
            raise self.error(where, f"fact '{fact_id}' needs exactly one value field "
                                    f"(date, amount, count or quote); found {found}")
        kind = kinds[0]
        key_node, value_node = entries[kind]
        value_text = self.text(value_node, kind)
        try:
            value = parse_value(kind, value_text)
        except ValueSyntaxError as error:
            raise self.error(value_node, f"{kind} of fact '{fact_id}': {error}") from None
        if "of" in entries and kind not in ("count", "amount"):
            raise self.error(entries["of"][0], f"`of` is for counts and amounts; fact "
                                               f"'{fact_id}' is a {kind}")
        if "speaker" in entries and kind != "quote":
            raise self.error(entries["speaker"][0], f"`speaker` is only for quotes; fact "
                                                    f"'{fact_id}' is a {kind}")
        tolerance_text, tolerance = None, None
        if "tolerance" in entries:
            if kind == "quote":
                raise self.error(entries["tolerance"][0], "`tolerance` does not apply to quotes")
            tolerance_node = entries["tolerance"][1]
            tolerance_text = self.text(tolerance_node, "tolerance")
            try:
                tolerance = parse_tolerance(tolerance_text)
            except ValueSyntaxError as error:
                raise self.error(tolerance_node, str(error)) from None
        severity = "error"
        if "severity" in entries:
            severity_node = entries["severity"][1]
            severity = self.text(severity_node, "severity")
            if severity not in SEVERITIES:
                raise self.error(severity_node, f"severity {severity!r} is not one of: "
                                                + ", ".join(SEVERITIES))
        return Fact(
            id=fact_id,
            kind=kind,
            value_text=value_text,
            value=value,
            position=self.position(node),
            value_position=self.position(value_node),
            of=self.phrases(entries.get("of"), "of"),
            about=self.about(entries.get("about")),
            speaker=self.text(entries["speaker"][1], "speaker") if "speaker" in entries else None,
            tolerance_text=tolerance_text,
            tolerance=tolerance,
            sources=self.phrases(entries.get("sources"), "sources"),
            accept=self.accept(entries.get("accept")),
            severity=severity,
            note=self.text(entries["note"][1], "note", True) if "note" in entries else None,
            examples=self.examples(entries.get("examples")),
        )

    def about(self, entry: tuple[yaml.Node, yaml.Node] | None) -> tuple[tuple[str, ...], ...]:
        """Anchors: every item must be near the mention; an item may list alternatives."""
        if entry is None:
            return ()
        node = entry[1]
        if isinstance(node, yaml.ScalarNode):
            return ((self.text(node, "about"),),)
        items = []
        for item in self.sequence(node, "about"):
            if isinstance(item, yaml.SequenceNode):
                alternatives = tuple(self.text(a, "about") for a in item.value)
                if not alternatives:
                    raise self.error(item, "an `about` item is an empty list")
                items.append(alternatives)
            else:
                items.append((self.text(item, "about"),))
        if not items:
            raise self.error(node, "`about` is empty: list the words that must appear near a "
                                   "mention, or remove the key")
        return tuple(items)

    def accept(self, entry: tuple[yaml.Node, yaml.Node] | None) -> tuple[Acceptance, ...]:
        if entry is None:
            return ()
        accepted = []
        for item in self.sequence(entry[1], "accept"):
            fields = self.mapping(item, "an `accept` entry", ACCEPT_KEYS)
            missing = [k for k in ACCEPT_KEYS if k not in fields]
            if missing:
                raise self.error(item, "an `accept` entry needs " + ", ".join(
                    f"`{k}`" for k in missing))
            accepted.append(Acceptance(self.text(fields["source"][1], "source"),
                                       self.text(fields["says"][1], "says"),
                                       self.text(fields["reason"][1], "reason"),
                                       self.position(item)))
        return tuple(accepted)

    def examples(self, entry: tuple[yaml.Node, yaml.Node] | None) -> dict[str, tuple[str, ...]]:
        if entry is None:
            return {}
        fields = self.mapping(entry[1], "`examples`", EXAMPLE_KEYS)
        return {key: self.phrases(fields[key], f"examples: {key}") for key in EXAMPLE_KEYS
                if key in fields}


def _unknown_key(key: str, what: str, allowed: tuple[str, ...]) -> str:
    message = f"unknown key `{key}` in {what}"
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean `{close[0]}`?"
    return f"{message} (valid keys: {', '.join(allowed)})"


def _shape(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"the text {node.value!r}" if node.value else "nothing"
