"""Fact files (SPEC section 2): YAML read as plain data, validated, with every position kept.

The YAML is parsed with PyYAML's safe loader classes (never ``yaml.load`` and never a change
to PyYAML's global loaders). It is first read as events, so tags, aliases and deep nesting
are refused before anything is built, then composed into nodes, which keep each key's and
value's line and column for the error messages editors read.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Protocol, TypeVar

import yaml

from checks.extract.currencies import tables as currency_tables
from checks.extract.dates import MONTHS, day_or_none, find_dates, full_year
from checks.extract.quantities import Quantity, find_quantities
from checks.extract.units import NEWS_UNITS
from checks.facts.values import CanonicalValue, Tolerance
from checks.model.errors import FactFileError, FactFileErrors, ValueSyntaxError
from checks.model.kinds import Kind, Severity

MAX_FACT_FILE_BYTES = 1_000_000
MAX_DEPTH = 20
VALUE_KINDS = tuple(Kind)
FILE_KEYS = ("title", "sources", "published", "names", "facts")
FACT_KEYS = (
    "id",
    *(kind.value for kind in VALUE_KINDS),  # plain text: the keys as a YAML writer sees them
    "of",
    "about",
    "speaker",
    "tolerance",
    "sources",
    "accept",
    "severity",
    "note",
    "examples",
)
ACCEPT_KEYS = ("source", "says", "reason")
EXAMPLE_KEYS = ("consistent", "contradicts", "unrelated")
SEVERITIES = tuple(Severity)
_A: dict[str, str] = {Kind.DATE: "a", Kind.AMOUNT: "an", Kind.COUNT: "a", Kind.QUOTE: "a"}
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# A YAML mapping's entries by key: (the key's node, the value's node).
_Entries = dict[str, tuple[yaml.Node, yaml.Node]]
_T = TypeVar("_T")


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
    kind: Kind
    value_text: str
    value: CanonicalValue
    position: Position
    value_position: Position
    of: tuple[str, ...] = ()
    about: tuple[tuple[str, ...], ...] = ()
    speaker: str | None = None
    tolerance_text: str | None = None
    tolerance: Tolerance | None = None
    sources: tuple[str, ...] = ()
    accept: tuple[Acceptance, ...] = ()
    severity: Severity = Severity.ERROR
    note: str | None = None
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class FactFile:
    """A loaded fact file: its settings and its facts, in file order."""

    path: str
    title: str | None
    sources: tuple[str, ...]
    published: tuple[tuple[str, str], ...]  # (glob, ISO date), in file order
    names: dict[str, tuple[str, ...]]
    facts: tuple[Fact, ...]


def load_fact_file(
    path: str,
    text: str,
    parse_value: Callable[[Kind, str], CanonicalValue],
    parse_tolerance: Callable[[str], Tolerance],
) -> FactFile:
    """Read and validate one fact file; any problem is a FactFileError naming file:line:col."""
    reader = _Reader(path)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FACT_FILE_BYTES:
        raise FactFileError(
            f"fact file is larger than {MAX_FACT_FILE_BYTES:,} bytes; "
            "split its facts over several files",
            path,
            1,
            1,
        )
    root = reader.compose(text)
    if root is None:
        raise FactFileError(
            "fact file is empty; write a `facts:` list with one `- id: ...` entry per fact",
            path,
            1,
            1,
        )
    top = reader.mapping(root, "the fact file", FILE_KEYS)
    if "facts" not in top:
        raise reader.error(
            root, "fact file has no `facts` key; add `facts:` with one `- id: ...` entry per fact"
        )
    # Each part is read on its own and every problem is kept: the editor gets them all in
    # one run (FactFileErrors), in the order of the file.
    problems: list[FactFileError] = []

    def read(work: Callable[[], _T], fallback: _T) -> _T:
        try:
            return work()
        except FactFileErrors as errors:
            problems.extend(errors.errors)
        except FactFileError as error:
            problems.append(error)
        return fallback

    title: str | None = read(
        lambda: reader.text(top["title"][1], "title") if "title" in top else None, None
    )
    sources: tuple[str, ...] = read(lambda: reader.phrases(top.get("sources"), "sources"), ())
    published: tuple[tuple[str, str], ...] = read(
        lambda: reader.published(top.get("published")), ()
    )
    names: dict[str, tuple[str, ...]] = read(lambda: reader.names(top.get("names")), {})
    nodes: list[yaml.Node] = read(lambda: reader.sequence(top["facts"][1], "facts"), [])
    facts = tuple(
        fact
        for fact in (
            read(partial(reader.fact, node, parse_value, parse_tolerance), None) for node in nodes
        )
        if fact is not None
    )
    seen: dict[str, Fact] = {}
    for fact in facts:
        if fact.id in seen:
            problems.append(
                FactFileError(
                    f"duplicate fact id '{fact.id}' (first defined at line "
                    f"{seen[fact.id].position.line}); give each fact its own `id`",
                    path,
                    fact.position.line,
                    fact.position.column,
                )
            )
        seen.setdefault(fact.id, fact)
    if problems:
        problems.sort(key=lambda error: (error.line, error.column))
        raise problems[0] if len(problems) == 1 else FactFileErrors(problems)
    return FactFile(
        path=path, title=title, sources=sources, published=published, names=names, facts=facts
    )


def claim_ids(seen: dict[str, Fact], fact_file: FactFile) -> None:
    """Add a file's ids to ``seen`` (id -> fact), or refuse the whole file naming both places.

    Fact ids are unique across the whole suite: they become pytest node ids.

    Nothing is added when the file is refused, so its ids do not block files read later.
    """
    for fact in fact_file.facts:
        first = seen.get(fact.id)
        if first is not None:
            raise FactFileError(
                f"duplicate fact id '{fact.id}' (also defined at "
                f"{first.position}); give each fact its own `id`",
                fact.position.path,
                fact.position.line,
                fact.position.column,
            )
    for fact in fact_file.facts:
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
        except yaml.reader.ReaderError as error:
            line, column = _line_column(text, error.position)
            code = error.character if isinstance(error.character, int) else ord(error.character)
            raise FactFileError(
                f"invalid YAML: the character U+{code:04X} is not allowed in a "
                "fact file; remove it",
                self.path,
                line,
                column,
            ) from None
        except yaml.MarkedYAMLError as error:
            raise FactFileError(
                _common_slip(error, text) or _yaml_problem(error),
                self.path,
                *_mark_position(error.problem_mark or error.context_mark),
            ) from None
        except yaml.YAMLError as error:
            raise FactFileError(f"invalid YAML: {_one_line(str(error))}", self.path, 1, 1) from None

    def _refuse_unsafe_events(self, text: str) -> None:
        """Tags could construct objects, aliases can explode in size, nesting can exhaust stacks."""
        depth = documents = 0
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
            elif isinstance(event, yaml.CollectionStartEvent):
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            problem = _unsafe(event, documents, depth) or _lone_surrogate(event)
            if problem:
                raise FactFileError(problem, self.path, *_mark_position(event.start_mark))

    # --- shapes -----------------------------------------------------------------------------

    def mapping(self, node: yaml.Node, what: str, allowed: tuple[str, ...]) -> _Entries:
        """A mapping's entries by key, refusing unknown and repeated keys."""
        if not isinstance(node, yaml.MappingNode):
            raise self.error(
                node,
                f"{what} must be a mapping of keys to values "
                f"(`key: value` lines), not {_shape(node)}",
            )
        entries: _Entries = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.error(
                    key_node, f"keys in {what} must be plain words, not {_shape(key_node)}"
                )
            key = key_node.value
            if key not in allowed:
                raise self.error(key_node, _unknown_key(key, what, allowed))
            if key in entries:
                raise self.error(
                    key_node,
                    f"key `{key}` appears twice in {what} (first at line "
                    f"{entries[key][0].start_mark.line + 1}); keep one",
                )
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
        value = node.value.strip()
        if not value and not allow_empty:
            raise self.error(node, f"`{what}` is empty; write a value or remove the key")
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

    def pairs(
        self, entry: tuple[yaml.Node, yaml.Node] | None, what: str, expected: str
    ) -> list[tuple[str, yaml.Node]]:
        """A mapping from editor-chosen keys (names, globs) to values, each key once."""
        if entry is None:
            return []
        node = entry[1]
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"`{what}` must map {expected}, not {_shape(node)}")
        seen: dict[str, yaml.Node] = {}
        result = []
        for key_node, value_node in node.value:
            key = self.text(key_node, what)
            if key in seen:
                first = seen[key].start_mark.line + 1
                raise self.error(
                    key_node,
                    f"`{_plain(key)}` appears twice in `{what}` (first at "
                    f"line {first}); merge the two entries",
                )
            seen[key] = key_node
            result.append((key, value_node))
        return result

    def names(self, entry: tuple[yaml.Node, yaml.Node] | None) -> dict[str, tuple[str, ...]]:
        pairs = self.pairs(entry, "names", "a canonical name to other ways of writing it")
        return {name: self.phrases((node, node), f"names: {_plain(name)}") for name, node in pairs}

    def published(self, entry: tuple[yaml.Node, yaml.Node] | None) -> tuple[tuple[str, str], ...]:
        result = []
        for glob, node in self.pairs(entry, "published", "source globs to dates (YYYY-MM-DD)"):
            day = self.text(node, f"published: {_plain(glob)}")
            try:
                if not ISO_DAY.fullmatch(day):
                    raise ValueError(day)
                date.fromisoformat(day)
            except ValueError:
                slash = SLASH_DATE.fullmatch(day.strip())
                why = (
                    _explain_slash_date(day.strip(), *slash.groups())
                    if slash
                    else f"{day!r} is not a calendar date written YYYY-MM-DD (e.g. 2025-02-12)"
                )
                raise self.error(node, f"`published` date for `{_plain(glob)}`: {why}") from None
            result.append((glob, day))
        return tuple(result)

    # --- facts ------------------------------------------------------------------------------

    def fact(
        self,
        node: yaml.Node,
        parse_value: Callable[[Kind, str], CanonicalValue],
        parse_tolerance: Callable[[str], Tolerance],
    ) -> Fact:
        entries = self.mapping(node, "a fact", FACT_KEYS)
        fact_id = self.fact_id(node, entries)
        kind = self.kind(node, entries, fact_id)
        value_node = entries[kind][1]
        value_text = self.text(value_node, kind)
        value = self.parsed(
            value_node,
            f"`{kind}` of fact '{fact_id}'",
            lambda: parse_value(kind, value_text),
            f"cannot read {value_text!r} as {_A[kind]} {kind}",
            lambda: explain_value(kind, value_text),
        )
        self.refuse_misplaced_keys(entries, fact_id, kind)
        tolerance_text, tolerance = self.tolerance(
            entries.get("tolerance"), fact_id, kind, value, parse_tolerance
        )
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
            severity=self.severity(entries.get("severity")),
            note=self.text(entries["note"][1], "note", True) if "note" in entries else None,
            examples=self.examples(entries.get("examples")),
        )

    def fact_id(self, node: yaml.Node, entries: _Entries) -> str:
        if "id" not in entries:
            raise self.error(
                node,
                "fact has no `id`; add `id:` with a name of lower-case "
                "letters, digits and hyphens (e.g. us-aid-total)",
            )
        id_node = entries["id"][1]
        fact_id = self.text(id_node, "id")
        if not ID_PATTERN.fullmatch(fact_id):
            raise self.error(
                id_node,
                f"`id` {fact_id!r} may use only lower-case letters, "
                "digits and hyphens (e.g. us-aid-total)",
            )
        return fact_id

    def kind(self, node: yaml.Node, entries: _Entries, fact_id: str) -> Kind:
        """The one value field; with two, the second one as written is the one to remove."""
        kinds = sorted(
            (k for k in VALUE_KINDS if k in entries), key=lambda k: entries[k][0].start_mark.index
        )
        if len(kinds) == 1:
            return kinds[0]
        if not kinds:
            raise self.error(
                node,
                f"fact '{fact_id}' has no value; add one of `date:`, "
                "`amount:`, `count:` or `quote:`",
            )
        raise self.error(
            entries[kinds[1]][0],
            f"fact '{fact_id}' has both `{kinds[0]}` and "
            f"`{kinds[1]}`; a fact holds exactly one value "
            "(date, amount, count or quote), so keep one",
        )

    def refuse_misplaced_keys(self, entries: _Entries, fact_id: str, kind: Kind) -> None:
        if "of" in entries and kind not in (Kind.COUNT, Kind.AMOUNT):
            raise self.error(
                entries["of"][0],
                f"`of` is for counts and amounts, and fact '{fact_id}' is a {kind}; remove `of`",
            )
        if "speaker" in entries and kind != Kind.QUOTE:
            raise self.error(
                entries["speaker"][0],
                f"`speaker` is only for quotes, and fact "
                f"'{fact_id}' is a {kind}; remove `speaker` "
                "(or use `about` to name who is involved)",
            )
        if "tolerance" in entries and kind == Kind.QUOTE:
            raise self.error(
                entries["tolerance"][0],
                f"`tolerance` does not apply to quotes (fact '{fact_id}'); remove it",
            )

    def parsed(
        self,
        node: yaml.Node,
        what: str,
        parse: Callable[[], _T],
        fallback: str,
        explain: Callable[[], str | None] = lambda: None,
    ) -> _T:
        """The engine's reading of an editor's value; whatever goes wrong is positioned.

        When the engine refuses a value, ``explain`` may say what it did understand, which
        teaches more than the refusal alone; otherwise the engine's own words are kept.
        """
        try:
            return parse()
        except ValueSyntaxError as error:
            raise self.error(node, f"{what}: {explain() or _one_line(str(error))}") from None
        except Exception as error:  # an engine bug must still read as the editor's problem
            raise self.error(node, f"{what}: {fallback}") from error

    def tolerance(
        self,
        entry: tuple[yaml.Node, yaml.Node] | None,
        fact_id: str,
        kind: Kind,
        value: CanonicalValue,
        parse_tolerance: Callable[[str], Tolerance],
    ) -> tuple[str | None, Tolerance | None]:
        if entry is None:
            return None, None
        node = entry[1]
        text = self.text(node, "tolerance")
        what = f"`tolerance` of fact '{fact_id}'"
        tolerance = self.parsed(
            node,
            what,
            lambda: parse_tolerance(text),
            f"cannot read tolerance {text!r} (write 2%, 3, 0.5 billion USD or 1 day)",
        )
        problem = _tolerance_problem(kind, value, tolerance)
        if problem:
            raise self.error(node, f"{what}: {problem}")
        return text, tolerance

    def severity(self, entry: tuple[yaml.Node, yaml.Node] | None) -> Severity:
        if entry is None:
            return Severity.ERROR
        severity = self.text(entry[1], "severity")
        if severity not in SEVERITIES:
            raise self.error(
                entry[1],
                f"`severity` {severity!r} is not valid; write "
                + " or ".join(f"`{s}`" for s in SEVERITIES),
            )
        return Severity(severity)

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
                    raise self.error(
                        item,
                        "an `about` item is an empty list; list alternative "
                        "phrases in it (e.g. [US, United States]) or remove "
                        "it",
                    )
                items.append(alternatives)
            else:
                items.append((self.text(item, "about"),))
        if not items:
            raise self.error(
                node,
                "`about` is an empty list; list the words that must appear "
                "near a mention, or remove the key",
            )
        return tuple(items)

    def accept(self, entry: tuple[yaml.Node, yaml.Node] | None) -> tuple[Acceptance, ...]:
        if entry is None:
            return ()
        accepted = []
        for item in self.sequence(entry[1], "accept"):
            fields = self.mapping(item, "an `accept` entry", ACCEPT_KEYS)
            missing = [k for k in ACCEPT_KEYS if k not in fields]
            if missing:
                raise self.error(
                    item,
                    "an `accept` entry needs "
                    + " and ".join(f"`{k}`" for k in missing)
                    + " (it takes `source`, `says` and `reason`)",
                )
            accepted.append(
                Acceptance(
                    self.text(fields["source"][1], "source"),
                    self.text(fields["says"][1], "says"),
                    self.text(fields["reason"][1], "reason"),
                    self.position(item),
                )
            )
        return tuple(accepted)

    def examples(self, entry: tuple[yaml.Node, yaml.Node] | None) -> dict[str, tuple[str, ...]]:
        if entry is None:
            return {}
        fields = self.mapping(entry[1], "`examples`", EXAMPLE_KEYS)
        return {
            key: self.phrases(fields[key], f"examples: {key}")
            for key in EXAMPLE_KEYS
            if key in fields
        }


# --- explaining a value the engine refused --------------------------------------------------
# The engine says only that it cannot read a value; an editor learns more from what it did
# read ("read '50' as a count, but not 'or so'") and from the nearest thing it would accept.

VALUE_EXAMPLES: dict[str, str] = {
    Kind.AMOUNT: "'5 percent', '66.5 billion USD', '12 km'",
    Kind.COUNT: "'32', 'about 50', 'thirty-two'",
}
# Words a value's unit may be close to, for "did you mean": news spellings, common unit
# names and CLDR's currency names.
UNIT_WORDS = sorted(
    {
        *NEWS_UNITS,
        *currency_tables().names,
        "percent",
        "per cent",
        "km",
        "kilometres",
        "metres",
        "miles",
        "kg",
        "kilograms",
        "tonnes",
        "litres",
        "gallons",
        "hectares",
        "acres",
        "feet",
        "inches",
        "knots",
        "hours",
        "minutes",
        "seconds",
        "days",
        "weeks",
        "months",
        "years",
    }
)


def explain_value(kind: Kind, text: str) -> str | None:
    """What the engine understood of a refused value, and what to write; None if no better."""
    text = " ".join(text.split())
    if kind == Kind.DATE:
        return _explain_date(text)
    if kind not in VALUE_EXAMPLES:
        return None
    found = find_quantities(text, [])
    if not found:
        return (
            f"found no number in {text!r}; write {_A[kind]} {kind} such as {VALUE_EXAMPLES[kind]}"
        )
    if len(found) > 1:
        parts = " and ".join(repr(text[q.start : q.end]) for q in found)
        return (
            f"{text!r} holds {len(found)} values ({parts}); write one, or a range such as "
            "'between 40 and 50'"
        )
    quantity = found[0]
    read = text[quantity.start : quantity.end]
    extra = _unread_words(text, quantity)
    if extra:
        return (
            f"read {read!r} as {_A[quantity.kind]} {quantity.kind}, but not {extra!r}; "
            f"write {_A[kind]} {kind} such as {VALUE_EXAMPLES[kind]}"
        )
    if kind == Kind.COUNT and quantity.kind == Kind.AMOUNT:
        return (
            f"{text!r} is an amount in {quantity.unit}, not a count; write it as `amount: {text}`"
        )
    if kind == Kind.AMOUNT and quantity.kind == Kind.COUNT:
        return _explain_missing_unit(text, read, quantity.noun_words)
    return None


def _unread_words(text: str, quantity: Quantity) -> str:
    """Words around the value that the engine did not take as part of it (nor as its noun)."""
    rest = text[quantity.end :].split()
    nouns = len(quantity.noun_words)
    if [w.strip(".,") for w in rest[:nouns]] == list(quantity.noun_words):
        rest = rest[nouns:]
    return " ".join([text[: quantity.start].strip(), *rest]).strip()


def _explain_missing_unit(text: str, number: str, words: tuple[str, ...]) -> str:
    """An amount written without a unit the engine knows: name the word it could not use."""
    if not words:
        return (
            f"{text!r} has no unit or currency; write one ({VALUE_EXAMPLES[Kind.AMOUNT]}), "
            "or make it a `count:`"
        )
    word = words[0]
    close = difflib.get_close_matches(word.lower(), UNIT_WORDS, n=1, cutoff=0.75)
    if close:
        return f"unknown unit {word!r} in {text!r}; did you mean {close[0]!r}?"
    if len(word) == 3 and word.isalpha() and word.isupper():
        return (
            f"unknown currency {word!r} in {text!r}; write an ISO 4217 code such as USD, "
            "EUR, GBP, JPY or BRL (currencies never convert into one another)"
        )
    counted = " ".join(words)
    return (
        f"unknown unit {word!r} in {text!r}; if {number} counts {counted}, write "
        f"`count: {number}` with `of: [{counted}]`, otherwise use a unit such as percent, "
        "USD, EUR, km, kg or tonnes"
    )


SLASH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")


def _explain_date(text: str) -> str | None:
    slash = SLASH_DATE.fullmatch(text)
    if slash:
        return _explain_slash_date(text, *slash.groups())
    if ISO_DAY.fullmatch(text):
        return f"{text!r} is not a day of the calendar; check the month and the day"
    misspelt = _misspelt_month(text)
    if misspelt:
        return (
            f"cannot read {text!r} as a date: {misspelt[0]!r} is not a month; did you mean "
            f"{misspelt[1]!r}?"
        )
    found = find_dates(text)
    if len(found) > 1:
        parts = " and ".join(repr(text[d.start : d.end]) for d in found)
        return f"{text!r} holds {len(found)} dates ({parts}); a fact holds one date"
    if len(found) != 1:
        return None
    read = text[found[0].start : found[0].end]
    if found[0].low is None:
        return (
            f"{read!r} is relative to when a source was published; a fact's date must be "
            "a calendar date (2022-02-24, 24 February 2022, September 2022 or 2022)"
        )
    extra = " ".join(text[: found[0].start].split() + text[found[0].end :].split())
    return (
        f"read only {read!r} as a date, not {extra!r}; write 2022-02-24, 24 February 2022, "
        "September 2022 or 2022"
    )


def _explain_slash_date(text: str, first: str, second: str, year: str) -> str:
    """A slash date reads month first in some places and day first in others: the ISO form
    says which."""
    whole_year = full_year(year)
    days = [
        day_or_none(whole_year, int(month), int(day))
        for month, day in ((first, second), (second, first))
    ]
    forms = list(dict.fromkeys(day.isoformat() for day in days if day is not None))
    if len(forms) == 2:
        return (
            f"{text!r} is ambiguous: month first it is {forms[0]}, day first {forms[1]}; "
            "write the date the ISO way (YYYY-MM-DD)"
        )
    if forms:
        return f"{text!r} is a slash date; write it the ISO way: {forms[0]}"
    return f"{text!r} is not a day of the calendar; write the date the ISO way (YYYY-MM-DD)"


def _misspelt_month(text: str) -> tuple[str, str] | None:
    """A word that is nearly a month name ("Febuary"): (the word, the month)."""
    months = [m for m in MONTHS if len(m) > 3]
    for word in re.findall(r"[A-Za-z]+", text):
        if word.lower() in MONTHS:
            continue
        close = difflib.get_close_matches(word.lower(), months, n=1, cutoff=0.75)
        if close:
            return word, close[0].capitalize()
    return None


def _tolerance_problem(kind: Kind, value: CanonicalValue, tolerance: Tolerance) -> str | None:
    """A tolerance the verdicts would silently ignore or misapply, described for the editor."""
    days = getattr(tolerance, "days", None)
    unit = getattr(tolerance, "unit", None)
    if kind == Kind.DATE:
        if days is None:
            return "a date is widened by days or weeks; write e.g. `1 day` or `2 weeks`"
        return None
    if days is not None:
        return f"days and weeks widen dates only; for a {kind} write e.g. `2%` or `3`"
    if getattr(tolerance, "absolute", None) is None or unit is None:
        return None
    if kind == Kind.COUNT:
        return f"a count has no unit, so its tolerance cannot be in {unit}; write e.g. `2%` or `3`"
    value_unit = getattr(value, "unit", None)
    if unit == value_unit or (unit == "percentage_point" and value_unit == "percent"):
        return None
    return (
        f"the tolerance is in {unit} but the amount is in {value_unit}; write the "
        "tolerance in the amount's unit, or as a percentage (e.g. `2%`)"
    )


def _unknown_key(key: str, what: str, allowed: tuple[str, ...]) -> str:
    message = f"unknown key `{_plain(key)}` in {what}"
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean `{close[0]}`?"
    return f"{message}; valid keys are {', '.join(allowed)}"


def _unsafe(event: yaml.Event, documents: int, depth: int) -> str | None:
    """Why an event has no place in a fact file, or None."""
    if isinstance(event, yaml.DocumentStartEvent) and documents > 1:
        return (
            "a fact file holds one YAML document; remove the second `---` and what "
            "follows, or move it to its own file"
        )
    if isinstance(event, yaml.AliasEvent):
        return (
            f"YAML aliases (*{event.anchor}) are not allowed in fact files; write the "
            "value out in full"
        )
    if not isinstance(event, yaml.NodeEvent):
        return None
    if event.anchor is not None:
        return (
            f"YAML anchors (&{event.anchor}) are not allowed in fact files; remove the "
            "anchor and write each value out in full"
        )
    tag = getattr(event, "tag", None)
    if tag is not None:
        return (
            f"YAML tags ({_tag_as_written(tag)}) are not allowed in fact files; remove "
            "the tag and write the value as plain text"
        )
    if isinstance(event, yaml.CollectionStartEvent) and depth > MAX_DEPTH:
        return (
            f"fact file is nested more than {MAX_DEPTH} levels deep; a fact file needs at "
            "most 5 levels, so flatten it"
        )
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogate(event: yaml.Event) -> str | None:
    """A double-quoted ``"\\ud83d"`` escape is half of a character: no report could write it
    (UTF-8 has no such character), so it is refused here with the way to write it."""
    value = getattr(event, "value", None)
    if not isinstance(value, str):
        return None
    found = _SURROGATE.search(value)
    if found is None:
        return None
    return (
        f"the escape \\u{ord(found.group()):04x} is half of a character (a lone UTF-16 "
        "surrogate), which no report can write; write the character itself, or its "
        "\\U escape with eight digits (for example \\U0001F600)"
    )


class _Mark(Protocol):
    """A position PyYAML reports (its pure-Python and its libyaml marks alike)."""

    line: int
    column: int


def _mark_position(mark: _Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index, counting line breaks as YAML does."""
    lines = _YAML_LINE_BREAK.split(text[:index])
    return len(lines), len(lines[-1]) + 1


def _yaml_problem(error: yaml.MarkedYAMLError) -> str:
    """PyYAML's diagnosis on one line, with where the construct it was reading began."""
    problem = _one_line(error.problem or error.context or "the text cannot be read as YAML")
    if error.problem and error.context and error.context_mark is not None:
        line, column = _mark_position(error.context_mark)
        problem += f" ({_one_line(error.context)} that starts at line {line}, column {column})"
    return f"invalid YAML: {problem}; check the indentation, quotes and brackets"


def _common_slip(error: yaml.MarkedYAMLError, text: str) -> str | None:
    """What to do about the slips editors make most, said plainly: a tab used to indent,
    and a value holding ``: `` (a quotation, typically) left unquoted."""
    mark = error.problem_mark
    if mark is None:
        return None
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    problem = error.problem or ""
    if "'\\t'" in problem or line[: mark.column + 1].lstrip(" ").startswith("\t"):
        above = next(
            (previous for previous in reversed(lines[: mark.line]) if previous.strip()), ""
        )
        spaces = len(above) - len(above.lstrip(" "))
        if above.lstrip(" ").startswith("- "):
            spaces += 2  # "  - id: x": the fact's keys start under "id"
        elif above.rstrip().endswith(":"):
            spaces += 2  # "facts:": what it holds is indented under it
        return (
            f"invalid YAML: line {mark.line + 1} is indented with a tab; YAML indents with "
            f"spaces only: replace the tab with spaces ({spaces} like the line above, if "
            "it belongs to the same fact)"
        )
    if problem.startswith("mapping values are not allowed"):
        key, colon, value = line.partition(": ")
        if colon and ": " in value.strip():
            written = value.strip().replace("\\", "\\\\").replace('"', '\\"')
            return (
                f"invalid YAML: the value of `{_plain(key.strip(' -'))}` holds ': ', "
                f"which YAML reads as a new key; put it in quotes: "
                f'{_plain(key.strip())}: "{_plain(written)}"'
            )
    return None


def _plain(text: str) -> str:
    """Editor-written text shown inside a one-line message: line breaks and controls escaped."""
    return text if text.isprintable() else repr(text)[1:-1]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _tag_as_written(tag: str) -> str:
    """``tag:yaml.org,2002:str`` is written ``!!str`` in a file."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def _shape(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"the text {node.value!r}" if node.value else "nothing"
