"""The pytest nodes of a fact run: a fact file, a fact, a fact against a source, and the items
for sources that cannot be read and for the checks that need no fact.

Imported by the plugin only once a fact file is found (it brings the engine, and spaCy), so
a pytest session without fact files never pays for it.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from checks.facts.factfile import Fact, FactFile, claim_ids
from checks.judge.selfchecks import Finding
from checks.model.errors import FactsError, SourceError
from checks.model.kinds import Grain, Severity
from checks.model.visible import visible, visible_path
from checks.plugin.options import SelfChecks
from checks.plugin.session import FactsSession, facts_session
from checks.report.records import (
    UNMENTIONED,
    example_problem,
    failure_lines,
    failure_text,
    record_values,
    records,
    stale_acceptance_text,
    uncertain_links,
    uncertain_text,
)
from checks.run.engine import FactResult, check_example

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr, TracebackStyle

# What pytest's nodes take as keyword arguments (``from_parent``'s), passed on as they are
NodeArguments = Any
# Where an item is, for pytest's reports: (path, 0-based line or None, name)
Location = tuple[os.PathLike[str] | str, int | None, str]


class FactsFailure(Exception):
    """Raised by an item whose sources contradict its facts; printed without a traceback,
    as a proofreader's note per failing mention, or one line each with ``--tb=line``."""

    def __init__(self, results: list[FactResult], extra: tuple[str, ...] = ()) -> None:
        self.results = results
        self.extra = extra
        super().__init__("\n\n".join([*(failure_text(r) for r in results), *extra]))

    def shown(self, config: pytest.Config) -> str:
        if config.getoption("tbstyle", "auto") == "line":
            return "\n".join([*(failure_lines(r) for r in self.results), *self.extra])
        return str(self)


class FactsProblem(Exception):
    """A one-line problem an editor must fix (stale acceptance, failed example, bad source)."""


class FactsWarning(UserWarning):
    """A contradiction of a fact with ``severity: warning``."""


class FactsUncertainWarning(UserWarning):
    """A contradiction, misquote or misattribution on an uncertain link (SPEC 4, 5): for an
    editor to review; it never fails the run. One warning per uncertain mention."""


class FactsSelfCheckWarning(UserWarning):
    """A contradiction inside one source, found with no fact (SPEC section 8)."""


# The warnings located at a line of a source (see ``_warn_at``).
SOURCE_WARNINGS = (FactsWarning, FactsUncertainWarning, FactsSelfCheckWarning)


def _warn_at(warning: Warning, source: str | None, line: int) -> None:
    """A warning located at the source's line, where the editor looks (pytest's summary
    names the place a warning was raised: it would be this module). pytest would print
    that line of the file under the warning: the plugin's ``pytest_warning_recorded`` keeps
    it out, in whichever process formats the warning."""
    where = visible_path(source or "?")
    warnings.warn_explicit(warning, type(warning), where, line, module="checks.plugin.items")


def _shown_failure(item: pytest.Item, excinfo: pytest.ExceptionInfo[BaseException]) -> str | None:
    """What a failing fact or source item prints: no traceback, ever."""
    if isinstance(excinfo.value, FactsFailure):
        return excinfo.value.shown(item.config)
    if isinstance(excinfo.value, FactsProblem):
        return str(excinfo.value)
    return None


class FactFileCollector(pytest.File):
    """One YAML fact file; a bad one is a collection error for this file only.

    Its items sit right under it, so a node id pasted from the output runs that item:
    ``pair`` grain, one per fact and source that mentions it
    (``expectations/x.yaml::us-aid[seeds/003.txt]``); ``source`` grain, one per source
    (``expectations/x.yaml::[seeds/003.txt]``), made from the file list alone.
    """

    def collect(self) -> Iterator[pytest.Item]:
        facts = facts_session(self.config)
        facts.collected_files += 1
        with facts.gc.paused():
            fact_file = self._load(facts)
            if facts.settings.grain is Grain.SOURCE:
                items = self._source_items(facts, fact_file)
            else:
                items = self._pair_items(facts, fact_file)
            items.extend(self._example_items(fact_file))
        yield from items

    def _pair_items(self, facts: FactsSession, fact_file: FactFile) -> list[pytest.Item]:
        base = self.nodeid
        items: list[pytest.Item] = []
        for result in facts.engine.check_file(fact_file):
            name = f"{result.fact.id}[{result.source}]" if result.source else result.fact.id
            items.append(
                FactItem.from_parent(self, name=name, result=result, nodeid=f"{base}::{name}")
            )
        return items

    def _source_items(self, facts: FactsSession, fact_file: FactFile) -> list[pytest.Item]:
        # The facts of the file, each as if no source mentioned it: the run's end says
        # which of them none did (see checks.plugin.finish.unmentioned_reports).
        sources = facts.engine.sources_for(fact_file)
        facts.fact_files[fact_file.path] = (
            len(sources),
            [
                record_values(record)
                for fact in fact_file.facts
                for record in records(FactResult(fact, fact_file.path, None))
            ],
        )
        base = self.nodeid
        return [
            SourceItem.from_parent(
                self,
                name=f"[{source}]",
                nodeid=f"{base}::[{source}]",
                fact_file=fact_file,
                source=source,
            )
            for source in sources
        ]

    def _example_items(self, fact_file: FactFile) -> list[pytest.Item]:
        base = self.nodeid
        items: list[pytest.Item] = []
        for fact in fact_file.facts:
            for expectation, sentences in fact.examples.items():
                for number, sentence in enumerate(sentences, 1):
                    name = f"{fact.id}[example-{expectation}-{number}]"
                    items.append(
                        ExampleItem.from_parent(
                            self,
                            name=name,
                            nodeid=f"{base}::{name}",
                            fact=fact,
                            fact_file=fact_file,
                            expectation=expectation,
                            sentence=sentence,
                        )
                    )
        return items

    def _load(self, facts: FactsSession) -> FactFile:
        try:
            fact_file = facts.engine.load_fact_file(self.path)
            claim_ids(facts.fact_ids, fact_file)
            facts.titles[fact_file.path] = fact_file.title or ""
        except FactsError:
            # One bad fact file must not stop the others from being checked (see the
            # plugin's pytest_runtestloop).
            facts.failed_fact_files += 1
            raise
        return fact_file

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: TracebackStyle | None = None,
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, FactsError):
            # one line per problem, each shown safely (a fact file's text is untrusted)
            return "\n".join(visible(line) for line in str(excinfo.value).split("\n"))
        return super().repr_failure(excinfo)


class RefusedFactFile(pytest.File):
    """A fact file that is not read (outside the project, or a name that would forge lines):
    a collection error naming it, so the run says it did not check everything."""

    def __init__(self, *, reason: str, **kwargs: NodeArguments) -> None:
        super().__init__(**kwargs)
        self.reason = reason

    def collect(self) -> Iterator[pytest.Item]:
        facts = facts_session(self.config)
        facts.collected_files += 1
        facts.failed_fact_files += 1
        raise FactsError(self.reason, self.nodeid)

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: TracebackStyle | None = None,
    ) -> str | TerminalRepr:
        return visible(str(excinfo.value))


class FactsItem(pytest.Item):
    """What every item of the plugin shares: a failure prints as a proofreader's note (or a
    problem's one line), never as a traceback."""

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: TracebackStyle | None = None,
    ) -> str | TerminalRepr:
        return _shown_failure(self, excinfo) or super().repr_failure(excinfo)


class FactItem(FactsItem):
    """A fact checked against one source."""

    def __init__(self, *, result: FactResult, **kwargs: NodeArguments) -> None:
        super().__init__(**kwargs)
        self.result = result
        properties = _properties(result)
        self.user_properties.extend(properties)
        # (a mark's name as plain text: it travels in reports from xdist workers)
        self.add_marker(result.fact.kind.value)
        self.add_marker(str(dict(properties)["verdict"]))

    def runtest(self) -> None:
        if self.result.source is None:
            pytest.skip(
                f"no source mentions fact '{self.result.fact.id}': check its `about` "
                "anchors and `of` (they may match nothing)"
            )
        if self.result.stale_acceptances:
            raise FactsProblem(
                "\n".join(
                    stale_acceptance_text(self.result, entry)
                    for entry in self.result.stale_acceptances
                )
            )
        if self.result.failures:
            # failure_text lists the uncertain mentions too, after the failing ones.
            if self.result.fact.severity == Severity.WARNING:
                _warn_at(
                    FactsWarning(failure_text(self.result)),
                    self.result.source,
                    self.result.failures[0].line,
                )
                return
            raise FactsFailure([self.result])
        for link in uncertain_links(self.result):
            _warn_at(
                FactsUncertainWarning(uncertain_text(self.result, link)),
                self.result.source,
                link.line,
            )
        if self.result.accepted:
            # Strict by construction: once the source changes, the acceptance goes stale above.
            pytest.xfail(visible("; ".join(link.judgement.detail for link in self.result.accepted)))

    def reportinfo(self) -> Location:
        position = self.result.fact.position
        return self.path, position.line - 1, self.name


class SourceItem(FactsItem):
    """``source`` grain: every fact of a file against one source, parsed and linked when the
    item runs (pytest-xdist spreads that work as it spreads items). Its failure lists each
    failing fact in the same form as the ``pair`` grain's."""

    def __init__(self, *, fact_file: FactFile, source: str, **kwargs: NodeArguments) -> None:
        super().__init__(**kwargs)
        self.fact_file = fact_file
        self.source = source
        self.results: list[FactResult] = []
        self.user_properties.extend([("fact_file", fact_file.path), ("source", source)])
        for kind in sorted({fact.kind for fact in fact_file.facts}):
            self.add_marker(kind.value)  # (its verdicts are known only once it has run)

    def runtest(self) -> None:
        facts = facts_session(self.config)
        try:
            self.results = facts.engine.check_source(self.fact_file, self.source)
        except SourceError as error:
            raise FactsProblem(visible_path(str(error))) from None
        # Every fact and its verdict in one property, and SPEC 7's properties for each fact
        # that fails or is uncertain (for each of ~15 facts a source mentions, they made
        # a 10,000-source run's JUnit report and its controller's memory several times
        # larger).
        self.user_properties.append(
            (
                "facts",
                "; ".join(
                    f"{result.fact.id}: {_properties(result)[5][1]}" for result in self.results
                ),
            )
        )
        for result in self.results:
            if result.failures or uncertain_links(result):
                self.user_properties.extend(_properties(result))
        stale = [
            stale_acceptance_text(result, entry)
            for result in self.results
            for entry in result.stale_acceptances
        ]
        failing = [result for result in self.results if result.failures]
        for result in failing:
            if result.fact.severity == Severity.WARNING:
                _warn_at(FactsWarning(failure_text(result)), result.source, result.failures[0].line)
        failing = [result for result in failing if result.fact.severity != Severity.WARNING]
        if failing:
            raise FactsFailure(failing, tuple(stale))
        if stale:
            raise FactsProblem("\n\n".join(stale))
        for result in self.results:
            for link in uncertain_links(result):
                _warn_at(
                    FactsUncertainWarning(uncertain_text(result, link)), result.source, link.line
                )
        accepted = [link for result in self.results for link in result.accepted]
        if accepted:
            pytest.xfail(visible("; ".join(link.judgement.detail for link in accepted)))

    def reportinfo(self) -> Location:
        return self.path, None, self.name


class ExampleItem(FactsItem):
    """One of a fact's `examples`: does the sentence link, and with the expected verdict?"""

    def __init__(
        self,
        *,
        fact: Fact,
        fact_file: FactFile,
        expectation: str,
        sentence: str,
        **kwargs: NodeArguments,
    ) -> None:
        super().__init__(**kwargs)
        self.fact = fact
        self.fact_file = fact_file
        self.expectation = expectation
        self.sentence = sentence

    def runtest(self) -> None:
        settings = facts_session(self.config).settings
        links = check_example(
            self.fact_file,
            self.fact,
            self.sentence,
            settings.model,
            settings.window,
            settings.date_order,
        )
        problem = example_problem(self.fact, self.expectation, self.sentence, links)
        if problem:
            raise FactsProblem(problem)

    def reportinfo(self) -> Location:
        return self.path, self.fact.position.line - 1, self.name


class SourceErrorItem(FactsItem):
    """A source that cannot be read: an error for that source only."""

    def __init__(self, *, error: FactsError, **kwargs: NodeArguments) -> None:
        super().__init__(**kwargs)
        self.error = error

    def runtest(self) -> None:
        raise FactsProblem(visible_path(str(self.error)))

    def reportinfo(self) -> Location:
        return visible_path(self.error.path), None, self.name


class SelfCheckItem(FactsItem):
    """A source's own contradictions: warnings, or failures with ``facts_self_checks = error``."""

    def __init__(
        self, *, findings: list[Finding], as_errors: bool, **kwargs: NodeArguments
    ) -> None:
        super().__init__(**kwargs)
        self.findings = findings
        self.as_errors = as_errors

    def runtest(self) -> None:
        texts = [visible_path(str(finding)) for finding in self.findings]
        if self.as_errors:
            raise FactsProblem("\n".join(texts))
        for finding, text in zip(self.findings, texts, strict=True):
            _warn_at(FactsSelfCheckWarning(text), finding.source, finding.line)

    def reportinfo(self) -> Location:
        first = self.findings[0]
        return first.source, first.line - 1, self.name


def add_source_items(
    session: pytest.Session, items: list[pytest.Item], facts: FactsSession
) -> None:
    """Unreadable sources and the checks that need no fact become items of their own, so -k
    and --deselect apply to them too.

    In the ``source`` grain nothing has been read yet: only the sources refused by their
    path are known (a source that cannot be read fails its own items), and the checks that
    need no fact, which compare every source with the corpus, are not run."""
    self_checks = facts.settings.self_checks
    if facts.settings.grain is Grain.SOURCE:
        facts.engine.source_paths()  # the refused ones become source errors
        self_checks = SelfChecks.OFF
    for path, error in sorted(facts.engine.source_errors.items()):
        name = f"source[{visible(path)}]"
        items.append(SourceErrorItem.from_parent(session, name=name, error=error, nodeid=name))
    if self_checks is not SelfChecks.OFF:
        for path, found in facts.engine.self_check().items():
            facts.self_check_findings += len(found)
            name = f"self-check[{visible(path)}]"
            items.append(
                SelfCheckItem.from_parent(
                    session,
                    name=name,
                    nodeid=name,
                    findings=found,
                    as_errors=self_checks is SelfChecks.ERROR,
                )
            )


def _properties(result: FactResult) -> list[tuple[str, object]]:
    """JUnit properties of SPEC section 7, taken from the first failing mention, else the first
    uncertain one, else the first."""
    link = (result.failures or uncertain_links(result) or result.links or (None,))[0]
    properties: list[tuple[str, object]] = [
        ("fact", result.fact.id),
        ("fact_file", result.fact_file),
        ("source", result.source or ""),
        ("line", link.line if link else ""),
        ("column", link.column if link else ""),
        ("verdict", link.verdict.value if link else UNMENTIONED),
        ("source_says", link.mention.text if link else ""),
        ("canonical", result.fact.value_text),
    ]
    return properties


def carry_records(item: pytest.Item, report: pytest.TestReport) -> None:
    """An item of the plugin's call report carries its records, so that they reach the xdist
    controller too; the plugin's other items carry none, which marks their reports as ours
    all the same. (Kept in the report's ``__dict__``, which travels with it.)"""
    # One JSON text of plain values, not dicts: they travel from xdist workers in every
    # report, and execnet serializes one text four times faster than the values of a
    # source item's ~16 records (and reads it back seven times faster). ASCII, so that a
    # lone surrogate in a source survives the trip as an escape.
    results = (
        [item.result]
        if isinstance(item, FactItem)
        else item.results
        if isinstance(item, SourceItem)
        else []
    )
    carried = report.__dict__
    carried["facts_records"] = json.dumps(
        [record_values(record) for result in results for record in records(result)]
    )
    if isinstance(item, SourceItem):
        carried["facts_fact_file"] = item.fact_file.path
        # Its results are in the report now; kept on the item, which the session keeps
        # to the end, they were a worker's largest holding in a run of 10,000 sources.
        item.results = []
    if isinstance(item, SelfCheckItem):
        carried["facts_findings"] = [(f.source, f.line, f.column, f.message) for f in item.findings]
        carried["facts_findings_fail"] = item.as_errors
    if isinstance(item, FactItem) and report.skipped and item.result.source is None:
        # Where the editor looks: the fact in its file, not the line of ours that skipped.
        assert isinstance(report.longrepr, tuple)  # a skip's (path, line, reason)
        _, _, reason = report.longrepr
        report.longrepr = (
            item.result.fact_file,
            item.result.fact.position.line,
            reason,
        )
