"""The pytest nodes of a fact run: a fact file, a fact, a fact against a source, and the items
for sources that cannot be read and for the checks that need no fact.

Imported by the plugin only once a fact file is found (it brings the engine, and spaCy), so
a pytest session without fact files never pays for it.
"""

from __future__ import annotations

import warnings
from collections import defaultdict

import pytest

from checks.engine import FactResult, check_example
from checks.errors import FactsError
from checks.factfile import claim_ids
from checks.report import (
    example_problem,
    failure_text,
    stale_acceptance_text,
    uncertain_links,
    uncertain_text,
)
from checks.visible import visible, visible_path


class FactsFailure(Exception):
    """Raised by an item whose source contradicts its fact; printed without a traceback."""

    def __init__(self, result: FactResult) -> None:
        self.result = result
        super().__init__(failure_text(result))


class FactsProblem(Exception):
    """A one-line problem an editor must fix (stale acceptance, failed example, bad source)."""


class FactsWarning(UserWarning):
    """A contradiction of a fact with ``severity: warning``."""


class FactsUncertainWarning(UserWarning):
    """A contradiction, misquote or misattribution on an uncertain link (SPEC 4, 5): for an
    editor to review; it never fails the run. One warning per uncertain mention."""


class FactsSelfCheckWarning(UserWarning):
    """A contradiction inside one source, found with no fact (SPEC section 8)."""


def _facts(config: pytest.Config):
    from checks.plugin import facts_session   # the plugin holds the run's one session
    return facts_session(config)


class FactFileCollector(pytest.File):
    """One YAML fact file; a bad one is a collection error for this file only."""

    def collect(self):
        facts = _facts(self.config)
        facts.collected_files += 1
        with facts.gc.paused():
            fact_file = self._load(facts)
            results = facts.engine.check_file(fact_file)
            by_fact: dict[str, list[FactResult]] = defaultdict(list)
            for result in results:      # one pass: a file of 10,000 facts stays linear
                by_fact[result.fact.id].append(result)
            collectors = [FactCollector.from_parent(self, name=fact.id,
                                                    results=by_fact[fact.id], fact=fact,
                                                    fact_file=fact_file)
                          for fact in fact_file.facts]
        yield from collectors

    def _load(self, facts):
        try:
            fact_file = facts.engine.load_fact_file(self.path)
            claim_ids(facts.fact_ids, fact_file)
        except FactsError:
            # One bad fact file must not stop the others from being checked (see the
            # plugin's pytest_runtestloop).
            facts.failed_fact_files += 1
            raise
        return fact_file

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, FactsError):
            return visible(str(excinfo.value))
        return super().repr_failure(excinfo)


class RefusedFactFile(pytest.File):
    """A fact file that is not read (outside the project, or a name that would forge lines):
    a collection error naming it, so the run says it did not check everything."""

    def __init__(self, *, reason: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.reason = reason

    def collect(self):
        facts = _facts(self.config)
        facts.collected_files += 1
        facts.failed_fact_files += 1
        raise FactsError(self.reason, self.nodeid)

    def repr_failure(self, excinfo, style=None):
        return visible(str(excinfo.value))


class FactCollector(pytest.Collector):
    """One fact: an item per source that mentions it, or one skipped item if none does."""

    def __init__(self, *, results: list[FactResult], fact, fact_file, **kwargs) -> None:
        super().__init__(**kwargs)
        self.results = results
        self.fact = fact
        self.fact_file = fact_file

    def collect(self):
        base = self.parent.nodeid
        with _facts(self.config).gc.paused():
            items = []
            for result in self.results:
                name = f"{self.name}[{result.source}]" if result.source else self.name
                items.append(FactItem.from_parent(self, name=name, result=result,
                                                  nodeid=f"{base}::{name}"))
            for expectation, sentences in self.fact.examples.items():
                for number, sentence in enumerate(sentences, 1):
                    name = f"{self.name}[example-{expectation}-{number}]"
                    items.append(ExampleItem.from_parent(self, name=name,
                                                         nodeid=f"{base}::{name}",
                                                         expectation=expectation,
                                                         sentence=sentence))
        yield from items


class FactItem(pytest.Item):
    """A fact checked against one source."""

    def __init__(self, *, result: FactResult, **kwargs) -> None:
        super().__init__(**kwargs)
        self.result = result
        self.user_properties.extend(_properties(result))

    def runtest(self) -> None:
        if self.result.source is None:
            pytest.skip(f"no source mentions fact '{self.result.fact.id}': check its `about` "
                        "anchors and `of` (they may match nothing)")
        if self.result.stale_acceptances:
            raise FactsProblem("\n".join(stale_acceptance_text(self.result, entry)
                                         for entry in self.result.stale_acceptances))
        if self.result.failures:
            # failure_text lists the uncertain mentions too, after the failing ones.
            if self.result.fact.severity == "warning":
                warnings.warn(FactsWarning(failure_text(self.result)), stacklevel=1)
                return
            raise FactsFailure(self.result)
        for link in uncertain_links(self.result):
            warnings.warn(FactsUncertainWarning(uncertain_text(self.result, link)), stacklevel=1)
        if self.result.accepted:
            # Strict by construction: once the source changes, the acceptance goes stale above.
            pytest.xfail(visible("; ".join(link.judgement.detail
                                           for link in self.result.accepted)))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, (FactsFailure, FactsProblem)):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        position = self.result.fact.position
        return self.path, position.line - 1, self.name


class ExampleItem(pytest.Item):
    """One of a fact's `examples`: does the sentence link, and with the expected verdict?"""

    def __init__(self, *, expectation: str, sentence: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.expectation = expectation
        self.sentence = sentence

    def runtest(self) -> None:
        collector = self.parent
        settings = _facts(self.config).engine.settings
        links = check_example(collector.fact_file, collector.fact, self.sentence,
                              settings.model, settings.window, settings.date_order)
        problem = example_problem(collector.fact, self.expectation, self.sentence, links)
        if problem:
            raise FactsProblem(problem)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, FactsProblem):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, self.parent.fact.position.line - 1, self.name


class SourceErrorItem(pytest.Item):
    """A source that cannot be read: an error for that source only."""

    def __init__(self, *, error: FactsError, **kwargs) -> None:
        super().__init__(**kwargs)
        self.error = error

    def runtest(self) -> None:
        raise FactsProblem(visible_path(str(self.error)))

    def repr_failure(self, excinfo, style=None):
        return str(excinfo.value)

    def reportinfo(self):
        return visible_path(self.error.path), None, self.name


class SelfCheckItem(pytest.Item):
    """A source's own contradictions: warnings, or failures with ``facts_self_checks = error``."""

    def __init__(self, *, findings, as_errors: bool, **kwargs) -> None:
        super().__init__(**kwargs)
        self.findings = findings
        self.as_errors = as_errors

    def runtest(self) -> None:
        texts = [visible_path(str(finding)) for finding in self.findings]
        if self.as_errors:
            raise FactsProblem("\n".join(texts))
        for text in texts:
            warnings.warn(FactsSelfCheckWarning(text), stacklevel=1)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, FactsProblem):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        first = self.findings[0]
        return first.source, first.line - 1, self.name


def add_source_items(session: pytest.Session, items: list, facts, self_checks: str) -> None:
    """Unreadable sources and the checks that need no fact become items of their own, so -k
    and --deselect apply to them too."""
    for path, error in sorted(facts.engine.source_errors.items()):
        name = f"source[{visible(path)}]"
        items.append(SourceErrorItem.from_parent(session, name=name, error=error, nodeid=name))
    if self_checks != "off":
        for path, found in facts.engine.self_check().items():
            facts.self_check_findings += len(found)
            name = f"self-check[{visible(path)}]"
            items.append(SelfCheckItem.from_parent(session, name=name, nodeid=name,
                                                   findings=found,
                                                   as_errors=self_checks == "error"))


def _properties(result: FactResult) -> list[tuple[str, object]]:
    """JUnit properties of SPEC section 7, taken from the first failing mention, else the first
    uncertain one, else the first."""
    link = (result.failures or uncertain_links(result) or result.links or (None,))[0]
    properties: list[tuple[str, object]] = [
        ("fact", result.fact.id), ("fact_file", result.fact_file),
        ("source", result.source or ""),
        ("line", link.line if link else ""), ("column", link.column if link else ""),
        ("verdict", link.verdict.value if link else "unmentioned"),
        ("source_says", link.mention.text if link else ""),
        ("canonical", result.fact.value_text),
    ]
    return properties
