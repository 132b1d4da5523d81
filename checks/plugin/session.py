"""The run's one ``FactsSession``: what a pytest run knows about facts (its settings, the
engine once needed, the results seen so far), kept in ``config.stash``.

Light until a fact file is found: the engine (and spaCy) is imported on first use.
"""

from __future__ import annotations

import gc
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Protocol, TypedDict, cast

import pytest

from checks.plugin.gc_policy import GcPolicy
from checks.plugin.options import FactsSettings
from checks.plugin.terminal import Progress
from checks.read.source_files import list_sources

if TYPE_CHECKING:
    from checks.facts.factfile import Fact
    from checks.report.records import Record
    from checks.run.engine import Engine

# A self-check's finding as it travels in a report: (source, line, column, message)
FindingValues = tuple[str, int, int, str]
# A fact file's facts as records, each as its plain values (see record_values)
RecordValues = tuple[object, ...]


class WorkerInput(TypedDict):
    """What pytest-xdist gives each of its workers (the part read here)."""

    workerid: str  # "gw0", "gw1", ...
    workercount: int


class WorkerCounts(TypedDict):
    collected_files: int
    failed_fact_files: int
    deselected: int


class WorkerNode(Protocol):
    """pytest-xdist's handle on a worker, in the controller (the part read here)."""

    config: pytest.Config


class WorkerOutput(TypedDict, total=False):
    """What an xdist worker hands the controller at its end (``config.workeroutput``)."""

    facts_counts: WorkerCounts
    facts_cache_problem: str | None
    # ``FactsSession.fact_files`` as JSON: execnet sends only plain values (a record's
    # values may hold enums, which JSON writes as their text, as facts.json does)
    facts_fact_files: str
    facts_titles: dict[str, str]


class FactsSession:
    """What one pytest run knows about facts: the engine and the results seen so far.

    Registered as a plugin of its own, so that it sees every test report, the xdist
    controller's included (the records travel inside the reports).
    """

    def __init__(self, config: pytest.Config, settings: FactsSettings) -> None:
        self.config = config
        self.settings = settings
        self._engine: Engine | None = None
        self.records: list[Record] = []  # report records, gathered from test reports
        self.summary_lines: list[str] = []  # the terminal's summary, once reports are out
        self.annotations: list[str] = []  # GitHub Actions annotations, likewise
        self.problems: list[str] = []  # reports or cache that could not be written
        self._shared: dict[str, str] = {}  # one copy of each text reports repeat
        self.collected_files = 0
        self.failed_fact_files = 0  # fact files refused at collection
        self.deselected = 0  # fact items left out by -k, --deselect, --lf
        self.fact_ids: dict[str, Fact] = {}  # id -> the fact that claimed it first
        self.suggested: list[str] = []  # the --facts-suggest section, once written
        self.self_check_findings = 0  # problems found inside sources (SPEC 8)
        self.gc = GcPolicy()  # see checks.plugin.gc_policy
        self.session: pytest.Session | None = None
        self.worker_cache_problem: str | None = None  # the xdist controller's, from workers
        # `source` grain: per fact file, how many sources it applies to and its records as if
        # no source mentioned its facts; and how many of its items ran (unmentioned_reports)
        self.fact_files: dict[str, tuple[int, list[RecordValues]]] = {}
        self.ran_fact_files: Counter[str] = Counter()
        self.unmentioned_so_far: list[RecordValues] = []  # of a fact file not wholly checked
        self.titles: dict[str, str] = {}  # each fact file's `title:`
        self.findings: list[FindingValues] = []  # self-checks' (source, line, col, text)
        self.findings_fail = False
        self.junit_guarded = False  # see checks.plugin.finish.guard_junit

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = self._made_engine()
        return self._engine

    @property
    def engine_made(self) -> Engine | None:
        """The engine if this process made one (its sources' errors and counts are for the
        summary), without making it."""
        return self._engine

    def _made_engine(self) -> Engine:
        from checks.run.engine import Engine, Settings

        settings = self.settings
        engine = Engine(
            Settings(
                rootdir=settings.rootdir,
                source_globs=settings.sources,
                model=settings.model,
                window=settings.window,
                max_source_bytes=settings.max_source_bytes,
                date_order=settings.date_order,
            )
        )
        self._attach_cache(engine)
        engine.progress = Progress.for_run(self.config, settings.grain)
        return engine

    def _attach_cache(self, engine: Engine) -> None:
        """Parsed sources are kept in pytest's cache (absent with ``-p no:cacheprovider``);
        a cache that cannot be written is no cache, said once."""
        from checks.run.cache import ParseCache

        cache: pytest.Cache | None = getattr(self.config, "cache", None)
        if cache is None:
            return
        # Never raises: a folder that cannot be made or written is no cache, said once at
        # the end (ParseCache.problem).
        engine.cache = ParseCache.made_with(
            lambda: cache.mkdir("facts-parsed"), engine.settings.model
        )
        worker = worker_input(self.config)
        if worker and worker.get("workercount", 1) > 1:
            # pytest-xdist: every worker collects every item; each parses its share first.
            number = int("".join(c for c in worker["workerid"] if c.isdigit()) or 0)
            engine.share = (number, worker["workercount"])

    def release_engine(self) -> None:
        """Let go of the engine and the pipeline it loaded, once this process has no more
        to check, and hand what that frees back to the operating system."""
        if self._engine is None:
            return
        self._engine = None
        from checks.extract.pipeline import load_pipeline

        load_pipeline.cache_clear()
        self.gc.thaw()  # frozen objects in cycles are never collected
        gc.collect()
        _give_back_freed_memory()

    def cache_problem(self) -> str | None:
        cache = self._engine.cache if self._engine is not None else None
        return getattr(cache, "problem", None) or self.worker_cache_problem

    def source_count(self) -> int:
        if self._engine is not None:
            return len(self._engine.source_paths())
        found, _ = list_sources(self.settings.rootdir, self.settings.sources)
        return len(found)

    def worker_output(self) -> WorkerOutput:
        """What an xdist worker tells the controller of the run (which collects nothing)."""
        return {
            "facts_counts": {
                "collected_files": self.collected_files,
                "failed_fact_files": self.failed_fact_files,
                "deselected": self.deselected,
            },
            "facts_cache_problem": self.cache_problem(),
            "facts_fact_files": json.dumps(self.fact_files),
            "facts_titles": self.titles,
        }

    def take_worker_output(self, output: WorkerOutput) -> None:
        """The xdist controller: a worker's ``worker_output`` (each worker collects every item,
        so they agree; the largest counts are kept in case one stopped early)."""
        counts = output.get("facts_counts")
        if counts:
            self.collected_files = max(self.collected_files, counts.get("collected_files", 0))
            self.failed_fact_files = max(self.failed_fact_files, counts.get("failed_fact_files", 0))
            self.deselected = max(self.deselected, counts.get("deselected", 0))
        fact_files = json.loads(output.get("facts_fact_files") or "{}")
        for path, (sources, unmentioned) in fact_files.items():
            self.fact_files.setdefault(path, (sources, [tuple(values) for values in unmentioned]))
        for path, title in (output.get("facts_titles") or {}).items():
            self.titles.setdefault(path, title)
        problem = output.get("facts_cache_problem")
        if problem and not self.worker_cache_problem:
            self.worker_cache_problem = problem  # one warning, whichever worker said it

    @pytest.hookimpl(trylast=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # Runs after every other plugin has seen the report (an xdist worker has sent it).
        values = report.__dict__.get("facts_records")
        if report.when == "call":
            self.gc.report_received(ours=values is not None)
            ran = report.__dict__.pop("facts_fact_file", None)
            if ran is not None:
                self.ran_fact_files[ran] += 1
            findings = report.__dict__.pop("facts_findings", None)
            if findings:
                self.findings_fail = bool(report.__dict__.pop("facts_findings_fail", False))
                self.findings.extend(tuple(finding) for finding in findings)
        if values is not None and worker_input(self.config) is None:
            # Taken off the report, which the terminal keeps until the end; and so are the
            # JUnit properties of the call report (JUnit reads the teardown's) and its
            # keywords (-k and marks were applied at collection), texts received anew for
            # every item; its location's texts are shared.
            from checks.report.records import Record

            del report.__dict__["facts_records"]
            report.user_properties = []
            report.keywords = {}
            report.location = cast(
                "tuple[str, int | None, str]", tuple(self.share(report.location))
            )
            self.records.extend(Record(self.share(record)) for record in json.loads(values))
        self._forget_silent_phase(report)

    def share(self, values: Iterable[object]) -> Iterator[object]:
        """``values`` with each text replaced by the one copy of it kept for the run."""
        shared = self._shared
        return (
            shared.setdefault(value, value) if isinstance(value, str) else value for value in values
        )

    def _forget_silent_phase(self, report: pytest.TestReport) -> None:
        """Drop a fact item's passing setup or teardown report from the terminal's store.

        For each failure, pytest's summary scans every stored setup and teardown report for
        the failure's teardown output: with 100,000 items and thousands of contradictions
        that is billions of steps. A fact item's setup and teardown never have output, so
        the terminal loses nothing by not keeping them (runs after it stored the report).
        The store and the scan are pytest's (pinned by tests/test_pytest_pins.py); a
        10,000-source run of the ``source`` grain with 6,000 contradictions would scan
        20,000 reports 6,000 times.
        """
        if report.when == "call" or not report.passed or report.sections:
            return
        if not any(name == "fact_file" for name, _ in report.user_properties):
            return  # not one of our items
        terminal = self.config.pluginmanager.get_plugin("terminalreporter")
        stored = terminal.stats.get("") if terminal is not None else None
        if stored and stored[-1] is report:
            stored.pop()


SESSION_KEY = pytest.StashKey[FactsSession]()


def facts_session(config: pytest.Config) -> FactsSession:
    return config.stash[SESSION_KEY]


def worker_input(config: pytest.Config) -> WorkerInput | None:
    """What pytest-xdist gives one of its workers (None in the controller and without xdist)."""
    return getattr(config, "workerinput", None)


def our_item_types() -> tuple[type[pytest.Item], ...]:
    """The class of every item of the plugin; none when no fact file was found (it was
    never imported, and no item can be the plugin's)."""
    items = sys.modules.get("checks.plugin.items")
    if items is None:
        return ()
    return (items.FactsItem,)


def _give_back_freed_memory() -> None:
    """glibc keeps freed memory for later allocations, so a process's resident size does not
    shrink when it lets go of objects; ``malloc_trim`` returns it. Elsewhere, nothing."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (ImportError, OSError, AttributeError):
        return  # no ctypes, or another C library (musl): its memory stays as it is
