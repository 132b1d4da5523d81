"""Suggesting facts (SPEC section 7, ``--facts-suggest``): what several sources say about one thing.

(Quotations are grouped by ``checks.report.suggest_quotes``; their facts join the same draft.)

Every amount, count and date the engine found becomes a statement, described by what it is
(kind and unit), what it counts or measures (its noun), and the words near it (its clause).
Statements from different sources that share all three (the same unit, the same noun, and
at least one distinctive nearby word) are taken to be about the same thing and grouped. A
group whose values can all be true at once is an agreement; otherwise a disagreement. The
groups become a draft fact file, with comments saying which source says what, and where.

The rules are general on purpose: nothing here knows any story. Imports no pytest.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import cast

from checks.facts.values import QuantityValue, parse_value
from checks.judge.statements import (
    Statement,
    all_true_at_once,
    same_magnitude,
    statements,
)
from checks.model.defaults import SCHEMA_FILE, DateOrder
from checks.model.errors import ValueSyntaxError
from checks.model.kinds import Kind
from checks.model.mentions import ParsedSource
from checks.model.visible import visible, visible_path
from checks.report.suggest_quotes import (
    QuoteGroup,
    group_quotes,
    quote_fact_lines,
    quote_id_words,
    quote_statements,
)

# Evidence is the summed weight (log inverse frequency) of the words two values share.
AGREE_EVIDENCE = 2.0
DISAGREE_EVIDENCE = 4.0
MIN_ANCHOR_WEIGHT = 1.0
MAX_ANCHORS = 3  # the rarest shared words: enough to tie a fact to its sentences, few to edit
# The schema beside the fact file (reports/facts.schema.json is written with the draft;
# `python -m checks schema --write expectations/facts.schema.json` puts it beside the fact
# files): a relative modeline that works wherever the package is installed.
SCHEMA_COMMENT = "# yaml-language-server: $schema=facts.schema.json"


@dataclass(frozen=True)
class Group:
    """Statements from at least two sources about the same thing."""

    kind: Kind
    unit: str | None
    noun_text: str | None
    anchors: tuple[str, ...]  # words as written that every statement has nearby
    statements: tuple[Statement, ...]
    agree: bool

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({s.source for s in self.statements}))

    @property
    def subject(self) -> str:
        """How the terminal names what the group is about: "count of countries (NATO)"."""
        what = self.kind + (f" in {self.unit}" if self.unit else "")
        what += f" of {self.noun_text}" if self.noun_text else ""
        return what + (f" ({', '.join(self.anchors)})" if self.anchors else "")


# --- grouping ------------------------------------------------------------------------------


def group_statements(found: list[Statement]) -> list[Group]:
    """Groups of statements from different sources about the same thing, best evidence first.

    Clusters grow by complete linkage: two clusters merge only when every pair across them
    is linked, so a chain of loose resemblances never joins unrelated values.
    """
    weights = word_weights(found)
    links = _links(found, weights)
    cluster = {i: frozenset([i]) for i in range(len(found))}
    for (i, j), _evidence in sorted(links.items(), key=lambda link: -link[1]):
        a, b = cluster[i], cluster[j]
        if a is b or not all(
            (x, y) in links or (y, x) in links or found[x].source == found[y].source
            for x in a
            for y in b
        ):
            continue
        merged = a | b
        for member in merged:
            cluster[member] = merged
    groups = [
        _group([found[i] for i in sorted(members)], weights)
        for members in set(cluster.values())
        if len({found[i].source for i in members}) > 1
    ]
    return sorted(groups, key=lambda g: (g.agree, -len(g.sources), g.kind, g.subject))


def word_weights(found: list[Statement]) -> dict[str, float]:
    """How much a shared word tells: words near many values ("said", the story's country) little."""
    counts = Counter(key for s in found for key in s.context)
    return {key: math.log(len(found) / count) for key, count in counts.items()}


def _links(found: list[Statement], weights: dict[str, float]) -> dict[tuple[int, int], float]:
    """Pairs of statements from different sources that are about the same thing.

    The same kind, unit and noun are required. Then the words near one value must appear in
    the other's sentence: a little evidence is enough when the values agree, more is needed
    to call two values a disagreement, and a date with no noun naming its event is never
    called a disagreement (a bare date says too little about which event it dates).
    """
    by_subject: dict[tuple[Kind, str | None, str | None], list[int]] = {}
    for index, statement in enumerate(found):
        by_subject.setdefault((statement.kind, statement.unit, statement.noun), []).append(index)
    links: dict[tuple[int, int], float] = {}  # (i, j) -> evidence
    for members in by_subject.values():
        # Two values of one source are never linked (no evidence): a source's statements
        # come one after another in ``found``, so each is paired only with those after its
        # source's own, and a source with many values of one subject costs nothing more.
        others_from = _next_source_positions([found[i].source for i in members])
        for position, i in enumerate(members):
            for j in members[others_from[position] :]:
                evidence = _evidence(found[i], found[j], weights)
                if evidence >= _needed(found[i], found[j]):
                    links[(i, j)] = evidence
    return links


def _next_source_positions(sources: list[str]) -> list[int]:
    """Per position, where the next source's run starts (sources come in runs)."""
    positions = [len(sources)] * len(sources)
    for position in range(len(sources) - 2, -1, -1):
        positions[position] = (
            position + 1 if sources[position + 1] != sources[position] else positions[position + 1]
        )
    return positions


def _evidence(a: Statement, b: Statement, weights: dict[str, float]) -> float:
    if a.source == b.source:
        return 0.0
    shared = (a.context & b.around) | (b.context & a.around)
    return sum(weights.get(key, 0.0) for key in shared)


def _needed(a: Statement, b: Statement) -> float:
    if all_true_at_once([a, b]):
        return AGREE_EVIDENCE
    if (a.kind == Kind.DATE and a.noun is None) or not same_magnitude(a, b):
        return math.inf
    return DISAGREE_EVIDENCE if a.noun is None else AGREE_EVIDENCE


def _group(members: list[Statement], weights: dict[str, float]) -> Group:
    """The group with the anchors a fact needs: near words every member's sentence has."""
    first = members[0]
    shared = sorted(
        (
            key
            for key in first.context
            if all(key in s.around for s in members) and weights.get(key, 0.0) >= MIN_ANCHOR_WEIGHT
        ),
        key=lambda key: (-weights[key], key),
    )[:MAX_ANCHORS]
    written = dict(reversed(first.words))
    anchors = tuple(sorted({written[key] for key in shared}, key=str.lower))
    return Group(
        first.kind, first.unit, first.noun_text, anchors, tuple(members), all_true_at_once(members)
    )


# --- the draft fact file ------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """One draft fact: its YAML lines, or why a group could not become one."""

    group: Group | QuoteGroup
    fact_id: str
    value: str | None
    lines: tuple[str, ...]


def suggestions(groups: list[Group], quote_groups: Sequence[QuoteGroup] = ()) -> list[Suggestion]:
    """Values first, then quotations, each with a fact id no other suggestion has."""
    taken: set[str] = set()
    return [
        *(_suggestion(group, taken) for group in groups),
        *(_quote_suggestion(group, taken) for group in quote_groups),
    ]


def _provenance(group: Group | QuoteGroup) -> list[str]:
    """The comments above a suggested fact: agreement or not, and who says what, where."""
    comments = [
        (
            f"  # {'AGREE' if group.agree else 'DISAGREE'}: {len(group.sources)} sources "
            f"state {visible(group.subject)}"
        )
    ]
    if not group.agree:
        comments.append(
            "  # Review: the sources disagree; keep the value you can verify, "
            "fix the others or `accept` them."
        )
    for s in group.statements:
        comments.append(
            f"  #   {visible_path(s.source)}:{s.line}:{s.column} says "
            f"{json.dumps(s.text)}: {_short(s.sentence)}"
        )
    return comments


def _quote_suggestion(group: QuoteGroup, taken: set[str]) -> Suggestion:
    fact_id = _unique_id(quote_id_words(group), taken, "quote")
    return Suggestion(
        group, fact_id, group.quote, tuple(_provenance(group) + quote_fact_lines(group, fact_id))
    )


def _suggestion(group: Group, taken: set[str]) -> Suggestion:
    fact_id = _fact_id(group, taken)
    value = _value_text(group)
    comments = _provenance(group)
    if value is None:
        return Suggestion(
            group,
            fact_id,
            None,
            tuple(comments + ["  # (no fact written: the engine cannot read these values back)"]),
        )
    lines = [*comments, f"  - id: {fact_id}", f"    {group.kind}: {json.dumps(value)}"]
    anchors = group.anchors
    if group.noun_text and group.kind == Kind.DATE:
        anchors = (group.noun_text, *anchors)  # "the pre-2014 borders": dated by its noun
    elif group.noun_text:
        lines.append(f"    of: [{json.dumps(group.noun_text)}]")
    if anchors:
        lines.append(f"    about: [{', '.join(json.dumps(a) for a in anchors)}]")
    return Suggestion(group, fact_id, value, tuple(lines))


def _fact_id(group: Group, taken: set[str]) -> str:
    words = [group.kind, *(group.noun_text.split() if group.noun_text else []), *group.anchors[:2]]
    return _unique_id(words, taken, group.kind)


def _unique_id(words: list[str], taken: set[str], fallback: str) -> str:
    """A fact id of ``words`` (lower-case letters, digits and hyphens) that no other
    suggestion has taken: a number is added when it would repeat one."""
    base = re.sub(r"[^a-z0-9]+", "-", " ".join(words).lower()).strip("-") or fallback
    fact_id, number = base, 2
    while fact_id in taken:
        fact_id, number = f"{base}-{number}", number + 1
    taken.add(fact_id)
    return fact_id


HEDGED = re.compile(
    r"(?i)(?:about|approximately|around|roughly|some|nearly|almost|"
    r"an estimated|estimated|more than|over|above|less than|under|fewer than|"
    r"up to|at least|as many as|just under|just over)\s"
)


def _value_text(group: Group) -> str | None:
    """The value most sources state, as written, if the engine reads it back the same way."""
    if group.kind == Kind.DATE:
        return _date_text(group)
    votes = Counter(s.text for s in group.statements)
    # An exact figure before a hedged one ("46" over "about 46", even when more sources
    # hedge): a fact states the value; the hedge was the writers'.
    by_votes = sorted(votes.items(), key=lambda item: (bool(HEDGED.match(item[0])), -item[1]))
    for text, _ in by_votes:
        said = next(s for s in group.statements if s.text == text)
        try:
            value = parse_value(group.kind, text)
        except ValueSyntaxError:
            continue
        # (an amount's or a count's value and statements have intervals)
        assert isinstance(value, QuantityValue) and said.interval is not None
        if value.unit == group.unit and value.interval.intersects(said.interval):
            return text
    return _exact_count(group)


def _exact_count(group: Group) -> str | None:
    """A count every source states exactly, written as a number ("the 31 other nations": 32)."""
    intervals = {s.interval for s in group.statements}
    if group.kind != Kind.COUNT or not group.agree or len(intervals) != 1:
        return None
    (interval,) = intervals
    assert interval is not None  # (a count statement has an interval)
    if interval.low == interval.high and interval.low is not None and interval.low.denominator == 1:
        return str(interval.low.numerator)
    return None


def _date_text(group: Group) -> str | None:
    """The common days of the group as a fact writes them: a day, a month or a year."""
    # (a date statement is a placed date: its days are known)
    spans = cast("list[tuple[date, date]]", [s.days for s in group.statements])
    votes = Counter(spans).most_common()
    days = (
        (max(low for low, _ in spans), min(high for _, high in spans))
        if group.agree
        else votes[0][0]
    )
    low, high = days
    if low == high:
        return low.isoformat()
    next_month = high + timedelta(days=1)
    if low.day == 1 and next_month.day == 1 and (low.year, low.month) == (high.year, high.month):
        return low.strftime("%B %Y")
    if (low.month, low.day, high.month, high.day) == (1, 1, 12, 31) and low.year == high.year:
        return str(low.year)
    return None


SENTENCE_IN_COMMENT = 110  # characters of a sentence a comment of the draft shows


def _short(sentence: str) -> str:
    """A sentence for a comment of the draft: cut short, and with control characters shown
    as escapes (the draft is a fact file: the loader refuses them, and `cat` would send
    them to a terminal)."""
    limit = SENTENCE_IN_COMMENT
    shown = sentence if len(sentence) <= limit else sentence[: limit - 3].rstrip() + "..."
    return visible(shown)


def draft_fact_file(found: list[Suggestion], source_count: int) -> str:
    """The text of reports/suggested.yaml: a valid fact file for an editor to review."""
    agree = sum(1 for s in found if s.group.agree)
    lines = [
        SCHEMA_COMMENT,
        "# Draft facts suggested by `pytest --facts-suggest` from what several sources state.",
        (
            f"# {source_count} sources read; {agree} values they agree on, "
            f"{len(found) - agree} they disagree on."
        ),
        "# Review each fact (value, `of`, `about`), then move this file into expectations/",
        "# (and run `python -m checks schema --write expectations/facts.schema.json` once).",
        "title: Suggested facts (draft)",
        "facts:" if any(s.value is not None for s in found) else "facts: []",
    ]
    for suggestion in found:
        lines.append("")
        lines.extend(suggestion.lines)
    return "\n".join(lines) + "\n"


def terminal_lines(found: list[Suggestion], source_count: int, draft: str) -> list[str]:
    """The suggest run in plain sentences: disagreements first, each with who says what."""
    disagree = [s for s in found if not s.group.agree]
    agree = [s for s in found if s.group.agree]
    lines = [
        (
            f"{source_count} sources read: they state {len(found)} values in common, "
            f"{len(agree)} in agreement and {len(disagree)} in disagreement."
        )
    ]
    for suggestion in disagree:
        group = suggestion.group
        lines.append(f"Disagree: {visible(group.subject)}:")
        for s in group.statements:
            lines.append(
                f"    {visible_path(s.source)}:{s.line}:{s.column} says {json.dumps(s.text)}"
            )
    for suggestion in agree:
        group = suggestion.group
        said = ", ".join(sorted({json.dumps(s.text) for s in group.statements}))
        lines.append(f"Agree: {visible(group.subject)}: {said} in {len(group.sources)} sources")
    lines.append(
        f"Draft fact file: {draft}. Review it, then move it into expectations/ to "
        "check every source against it."
    )
    return lines


def suggest(
    parsed: dict[str, ParsedSource], path: Path, display: str, date_order: DateOrder | None = None
) -> list[str]:
    """Group what the sources say, write the draft atomically, return the terminal lines
    (``date_order``: `facts_date_order`, which places slash dates both orders read)."""
    from checks.report.records import write_atomically  # the one place reports are written

    found = suggestions(
        group_statements(statements(parsed, date_order)), group_quotes(quote_statements(parsed))
    )
    write_atomically(path, draft_fact_file(found, len(parsed)))
    write_atomically(path.with_name("facts.schema.json"), SCHEMA_FILE.read_text(encoding="utf-8"))
    return terminal_lines(found, len(parsed), display)
