"""The pytest plugin: fact files become collectors, fact x source pairs become items.

The hooks only translate between pytest and the engine; state lives in one
``FactsSession`` kept in ``config.stash``.
"""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

import pytest

from checks.cache import ParseCache
from checks.engine import Engine, FactResult, Settings, check_example
from checks.errors import FactsError
from checks.factfile import Fact, claim_ids
from checks.gc_policy import GcPolicy
from checks.html_report import write_html_report
from checks.item_protocol import can_run_light, run_light
from checks.pipeline import DEFAULT_PIPELINE
from checks.report import (
    Record,
    example_problem,
    failure_text,
    github_annotations,
    record_values,
    records,
    stale_acceptance_text,
    summary,
    write_json_report,
)
from checks.sources import DEFAULT_MAX_SOURCE_BYTES
from checks.suggest import suggest

OPTIONS = [
    # (ini name, help, ini type, default)
    ("facts_sources", "globs (relative to the rootdir) of the sources to check",
     "linelist", ["seeds/**/*"]),
    ("facts_model", ("spaCy pipeline: 'builtin' (default, no download) or an installed "
                     "trained pipeline such as en_core_web_sm"), "string", DEFAULT_PIPELINE),
    ("facts_window", "where a fact's `about` anchors must appear: 'sentence' or 'paragraph'",
     "string", "sentence"),
    ("facts_reports", "folder where facts.json and facts.html are written", "string", "reports"),
    ("facts_max_source_bytes", "sources larger than this many bytes are refused",
     "string", str(DEFAULT_MAX_SOURCE_BYTES)),
    ("facts_self_checks", ("checks that need no fact (a weekday that does not match its date, "
                           "an impossible date, two values for one thing in one source): "
                           "'warning' (default), 'error' to fail the run, or 'off'"),
     "string", "warning"),
]
SELF_CHECK_MODES = ("warning", "error", "off")
FACT_FILE_MARKER = re.compile(r"^facts\s*:", re.MULTILINE)


class FactsFailure(Exception):
    """Raised by an item whose source contradicts its fact; printed without a traceback."""

    def __init__(self, result: FactResult) -> None:
        self.result = result
        super().__init__(failure_text(result))


class FactsProblem(Exception):
    """A one-line problem an editor must fix (stale acceptance, failed example, bad source)."""


class FactsWarning(UserWarning):
    """A contradiction of a fact with ``severity: warning``."""


class FactsSelfCheckWarning(UserWarning):
    """A contradiction inside one source, found with no fact (SPEC section 8)."""


class FactsSession:
    """What one pytest run knows about facts: the engine and the results seen so far."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.engine = Engine(Settings(
            rootdir=Path(config.rootpath),
            source_globs=tuple(_option(config, "facts_sources")),
            model=_option(config, "facts_model") or DEFAULT_PIPELINE,
            window=_option(config, "facts_window") or "sentence",
            max_source_bytes=_size(config),
        ))
        self.records: list[Record] = []   # report records, gathered from test reports
        self.summary_lines: list[str] = []       # the terminal's summary, once reports are out
        self.annotations: list[str] = []         # GitHub Actions annotations, likewise
        self._shared: dict[str, str] = {}        # one copy of each text reports repeat
        self.collected_files = 0
        self.fact_ids: dict[str, Fact] = {}      # id -> the fact that claimed it first
        self.suggested: list[str] = []           # the --facts-suggest section, once written
        self.self_check_findings = 0             # problems found inside sources (SPEC 8)
        self.gc = GcPolicy()                     # see checks.gc_policy

    @pytest.hookimpl(trylast=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # Runs after every other plugin has seen the report (an xdist worker has sent it).
        values = report.__dict__.get("facts_records")
        if values is not None:
            self.gc.report_received()
        if values is not None and not hasattr(self.config, "workerinput"):
            # Taken off the report, which the terminal keeps until the end; and so are the
            # JUnit properties of the call report (JUnit reads the teardown report's) and
            # its keywords (-k and marks were applied at collection), texts received anew
            # for every item; its location's texts are shared.
            del report.__dict__["facts_records"]
            report.user_properties = []
            report.keywords = {}
            report.location = tuple(self.share(report.location))
            self.records.extend(self._compact(record) for record in values)
        self._forget_silent_phase(report)

    def _compact(self, values) -> Record:
        """A record whose repeated texts (fact, file, source, verdict, ...) are shared."""
        return Record(self.share(values))

    def share(self, values):
        """``values`` with each text replaced by the one copy of it kept for the run."""
        shared = self._shared
        return (shared.setdefault(value, value) if isinstance(value, str) else value
                for value in values)

    def _forget_silent_phase(self, report: pytest.TestReport) -> None:
        """Drop a fact item's passing setup or teardown report from the terminal's store.

        For each failure, pytest's summary scans every stored setup and teardown report for
        the failure's teardown output: with 100,000 items and thousands of contradictions
        that is billions of steps. A fact item's setup and teardown never have output, so
        the terminal loses nothing by not keeping them (runs after it stored the report).
        """
        if report.when == "call" or not report.passed or report.sections:
            return
        if not any(name == "verdict" for name, _ in report.user_properties):
            return                   # not one of our items
        terminal = self.config.pluginmanager.get_plugin("terminalreporter")
        stored = terminal.stats.get("") if terminal is not None else None
        if stored and stored[-1] is report:
            stored.pop()

    @property
    def report_dir(self) -> Path:
        return Path(self.config.rootpath) / _option(self.config, "facts_reports")


class SharedProperties:
    """In the xdist controller, one copy of each JUnit property name and repeated value.

    JUnit keeps every item's properties until the end of the run; the controller receives
    each report's texts as new strings, eight names and eight values per item. Runs before
    JUnit reads them (a plugin of its own: FactsSession's report hook runs last).
    """

    def __init__(self, session: FactsSession) -> None:
        self.session = session

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "teardown" and getattr(report, "node", None) is not None \
                and report.user_properties:
            share = self.session.share
            report.user_properties = [tuple(share(pair)) for pair in report.user_properties]


SESSION_KEY = pytest.StashKey[FactsSession]()


def _size(config: pytest.Config) -> int:
    text = str(_option(config, "facts_max_source_bytes")).replace("_", "").replace(",", "")
    try:
        return int(text)
    except ValueError:
        raise pytest.UsageError(f"facts_max_source_bytes must be a whole number of bytes, "
                                f"not {text!r}") from None


def _option(config: pytest.Config, name: str):
    value = config.getoption(name)
    return value if value is not None else config.getini(name)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("facts", "fact-consistency checks")
    group.addoption("--facts-suggest", action="store_true", default=False,
                    help=("group the values several sources state about the same thing, show "
                          "where they agree and disagree, and write a draft fact file "
                          "(suggested.yaml in the reports folder) to review and move into "
                          "expectations/; needs no fact file"))
    for name, help_text, kind, default in OPTIONS:
        parser.addini(name, help_text, type=kind, default=default)
        flag = "--" + name.replace("_", "-")
        if kind == "linelist":
            group.addoption(flag, dest=name, action="append", default=None,
                            help=f"{help_text} (repeatable; overrides the ini option)")
        else:
            group.addoption(flag, dest=name, default=None,
                            help=f"{help_text} (overrides the ini option)")


def pytest_configure(config: pytest.Config) -> None:
    session = FactsSession(config)
    config.stash[SESSION_KEY] = session
    # Registered as a plugin of its own so that it sees every test report, the xdist
    # controller's included (the records travel inside the reports).
    config.pluginmanager.register(session, "facts-session")
    # Registered before pytest's own plugins register theirs (this plugin's configure runs
    # first), so it runs after them: pytest's last garbage collection (unraisable
    # exceptions) still skips the frozen objects, which a run of many items makes long.
    config.add_cleanup(session.gc.restore)
    if not hasattr(config, "workerinput"):
        config.pluginmanager.register(SharedProperties(session), "facts-shared-properties")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Parsed sources are kept in pytest's cache (absent with ``-p no:cacheprovider``)."""
    facts = session.config.stash[SESSION_KEY]
    cache = getattr(session.config, "cache", None)
    if cache is not None:
        facts.engine.cache = ParseCache(cache.mkdir("facts-parsed"),
                                        facts.engine.settings.model)
        worker = getattr(session.config, "workerinput", None)
        if worker and worker.get("workercount", 1) > 1:
            # pytest-xdist: every worker collects every item, but each parses only its share.
            number = int("".join(c for c in worker["workerid"] if c.isdigit()) or 0)
            facts.engine.share = (number, worker["workercount"])


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session):
    """The garbage collector, paused by the first fact file, runs again once everything is
    collected, and what a fact run collected is frozen (see checks.gc_policy)."""
    facts = session.config.stash[SESSION_KEY]
    try:
        return (yield)
    finally:
        facts.gc.resume()
        if facts.collected_files:
            facts.gc.freeze()


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    if file_path.suffix in (".yaml", ".yml") and _is_fact_file(file_path):
        return FactFileCollector.from_parent(parent, path=file_path)
    return None


def _is_fact_file(path: Path) -> bool:
    try:
        return bool(FACT_FILE_MARKER.search(path.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return False


def pytest_report_header(config: pytest.Config) -> str:
    session = config.stash[SESSION_KEY]
    settings = session.engine.settings
    pipeline = ("builtin (spacy.blank('en') + the facts components)"
                if settings.model == DEFAULT_PIPELINE else settings.model)
    sources = len(session.engine.source_paths())
    line = (f"facts: pipeline {pipeline}, window {settings.window}, "
            f"{sources} sources ({', '.join(settings.source_globs)}), "
            f"self-checks {_self_check_mode(config)}")
    return line + (", suggesting facts" if config.getoption("facts_suggest") else "")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    """Fact items skip the phase hooks they do not need (see checks.item_protocol)."""
    if isinstance(item, FactItem) and can_run_light(item):
        run_light(item)
        return True
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Each fact item's report carries its records, so they reach the xdist controller too."""
    report = yield
    if isinstance(item, FactItem) and call.when == "call":
        # Plain values, not dicts: they travel from xdist workers in every report.
        report.facts_records = [record_values(record) for record in records(item.result)]
    return report


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    facts = session.config.stash[SESSION_KEY]
    if session.config.getoption("facts_suggest") and not hasattr(session.config, "workerinput"):
        relative = f"{_option(session.config, 'facts_reports')}/suggested.yaml"
        facts.suggested = suggest(facts.engine.parsed(), facts.report_dir / "suggested.yaml",
                                  relative)
        if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
            session.exitstatus = pytest.ExitCode.OK     # suggesting needs no fact file
    if facts.records and not hasattr(session.config, "workerinput"):
        write_json_report(facts.report_dir / "facts.json", facts.records)
        write_html_report(facts.report_dir / "facts.html", facts.records,
                          Path(session.config.rootpath).name)
        # What the terminal summary prints is worked out now and the records let go, before
        # JUnit (which runs after this) builds its whole XML in memory: in a run of 100,000
        # items that is the moment of the controller's peak.
        sources = len(facts.engine.source_paths())
        facts.summary_lines = summary(facts.records, sources,
                                      _option(session.config, "facts_reports"),
                                      facts.self_check_findings)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            # On GitHub Actions these lines become annotations on the sources' lines.
            facts.annotations = github_annotations(facts.records)
        facts.records = []


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    facts = config.stash[SESSION_KEY]
    if facts.suggested:
        terminalreporter.section("facts suggest")
        for line in facts.suggested:
            terminalreporter.write_line(line)
    if not facts.summary_lines:
        return
    terminalreporter.section("facts")
    for line in facts.summary_lines:
        terminalreporter.write_line(line)
    for path, error in sorted(facts.engine.source_errors.items()):
        terminalreporter.write_line(str(error))
    cached, parsed = facts.engine.parse_counts
    if cached or parsed:
        terminalreporter.write_line(f"Sources: {parsed} parsed, {cached} read from the cache.")
    for line in facts.annotations:
        terminalreporter.write_line(line)


class FactFileCollector(pytest.File):
    """One YAML fact file; a bad one is a collection error for this file only."""

    def collect(self):
        facts = self.config.stash[SESSION_KEY]
        facts.collected_files += 1
        facts.gc.pause()
        try:
            fact_file = facts.engine.load_fact_file(self.path)
            claim_ids(facts.fact_ids, fact_file)
        except FactsError:
            # One bad fact file must not stop the others from being checked.
            self.config.option.continue_on_collection_errors = True
            raise
        results = facts.engine.check_file(fact_file)
        for fact in fact_file.facts:
            own = [r for r in results if r.fact.id == fact.id]
            yield FactCollector.from_parent(self, name=fact.id, results=own, fact=fact,
                                            fact_file=fact_file)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, FactsError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


class FactCollector(pytest.Collector):
    """One fact: an item per source that mentions it, or one skipped item if none does."""

    def __init__(self, *, results: list[FactResult], fact, fact_file, **kwargs) -> None:
        super().__init__(**kwargs)
        self.results = results
        self.fact = fact
        self.fact_file = fact_file

    def collect(self):
        base = self.parent.nodeid
        for result in self.results:
            name = f"{self.name}[{result.source}]" if result.source else self.name
            yield FactItem.from_parent(self, name=name, result=result,
                                       nodeid=f"{base}::{name}")
        for expectation, sentences in self.fact.examples.items():
            for number, sentence in enumerate(sentences, 1):
                name = f"{self.name}[example-{expectation}-{number}]"
                yield ExampleItem.from_parent(self, name=name, nodeid=f"{base}::{name}",
                                              expectation=expectation, sentence=sentence)


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
            if self.result.fact.severity == "warning":
                warnings.warn(FactsWarning(failure_text(self.result)), stacklevel=1)
                return
            raise FactsFailure(self.result)
        if self.result.accepted:
            # Strict by construction: once the source changes, the acceptance goes stale above.
            pytest.xfail("; ".join(link.judgement.detail for link in self.result.accepted))

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
        settings = self.config.stash[SESSION_KEY].engine.settings
        links = check_example(collector.fact_file, collector.fact, self.sentence,
                              settings.model, settings.window)
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
        raise FactsProblem(str(self.error))

    def repr_failure(self, excinfo, style=None):
        return str(excinfo.value)

    def reportinfo(self):
        return self.error.path, None, self.name


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items) -> None:
    """Unreadable sources become items of their own, so -k and --deselect apply to them too."""
    facts = config.stash[SESSION_KEY]
    if not facts.collected_files:
        return
    for path, error in sorted(facts.engine.source_errors.items()):
        items.append(SourceErrorItem.from_parent(session, name=f"source[{path}]", error=error,
                                                 nodeid=f"source[{path}]"))
    if _self_check_mode(config) != "off":
        for path, found in facts.engine.self_check().items():
            facts.self_check_findings += len(found)
            items.append(SelfCheckItem.from_parent(session, name=f"self-check[{path}]",
                                                   nodeid=f"self-check[{path}]", findings=found))


def _self_check_mode(config: pytest.Config) -> str:
    mode = str(_option(config, "facts_self_checks")).strip().lower()
    if mode not in SELF_CHECK_MODES:
        raise pytest.UsageError(f"facts_self_checks must be one of "
                                f"{', '.join(SELF_CHECK_MODES)}, not {mode!r}")
    return mode


class SelfCheckItem(pytest.Item):
    """A source's own contradictions: warnings, or failures with ``facts_self_checks = error``."""

    def __init__(self, *, findings, **kwargs) -> None:
        super().__init__(**kwargs)
        self.findings = findings

    def runtest(self) -> None:
        text = "\n".join(str(finding) for finding in self.findings)
        if _self_check_mode(self.config) == "error":
            raise FactsProblem(text)
        for finding in self.findings:
            warnings.warn(FactsSelfCheckWarning(str(finding)), stacklevel=1)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, FactsProblem):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        first = self.findings[0]
        return first.source, first.line - 1, self.name


def _properties(result: FactResult) -> list[tuple[str, object]]:
    """JUnit properties of SPEC section 7, taken from the first failing (else first) mention."""
    link = (result.failures or result.links or (None,))[0]
    properties: list[tuple[str, object]] = [
        ("fact", result.fact.id), ("fact_file", result.fact_file),
        ("source", result.source or ""),
        ("line", link.line if link else ""), ("column", link.column if link else ""),
        ("verdict", link.verdict.value if link else "unmentioned"),
        ("source_says", link.mention.text if link else ""),
        ("canonical", result.fact.value_text),
    ]
    return properties
