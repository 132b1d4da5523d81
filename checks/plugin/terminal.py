"""What the terminal shows of a fact run: the header line, a long collection's progress, a
fact item's failure, and the summary at the end.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, cast

import pytest

from checks.model.defaults import DEFAULT_PIPELINE
from checks.model.kinds import Grain
from checks.model.visible import visible, visible_path
from checks.plugin.options import FactsSettings
from checks.read.source_files import list_sources

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr
    from _pytest._io import TerminalWriter

    from checks.plugin.session import FactsSession

# A collection that parses for longer than this shows how far it is (a 1,000-source run was
# silent for 14 s): on a terminal one line updated in place, elsewhere a line now and then.
PROGRESS_AFTER_SECONDS = 2.0
PROGRESS_LINE_EVERY_SECONDS = 10.0
# Past this many items in the `pair` grain, pytest's own cost per item dominates the run
# (SPEC 7): the summary suggests the `source` grain.
PAIR_ITEMS_SUGGESTING_SOURCE = 20_000


def header_line(settings: FactsSettings) -> str:
    """The line under pytest's own header: how this run checks facts."""
    model = settings.model
    pipeline = (
        "builtin (spacy.blank('en') + the facts components)" if model == DEFAULT_PIPELINE else model
    )
    sources, _ = list_sources(settings.rootdir, settings.sources)
    checks = (
        f"self-checks {settings.self_checks}"
        if settings.grain is Grain.PAIR
        else "items per source (self-checks not run)"
    )
    line = (
        f"facts: pipeline {pipeline}, window {settings.window}, "
        f"{len(sources)} sources ({visible(', '.join(settings.sources))}), {checks}"
    )
    return line + (", suggesting facts" if settings.suggest else "")


class Progress:
    """How far the `pair` grain's collection is through the sources (it parses and links
    them all before the first item runs). Silent under -q, in xdist workers (their output is
    not shown) and in the `source` grain (its collection reads no source)."""

    def __init__(self, terminal: pytest.TerminalReporter) -> None:
        self.terminal = terminal
        self.started = time.monotonic()
        self.shown = 0.0

    @classmethod
    def for_run(cls, config: pytest.Config, grain: Grain) -> Progress | None:
        terminal = config.pluginmanager.get_plugin("terminalreporter")
        if (
            terminal is None
            or hasattr(config, "workerinput")
            or config.get_verbosity() < 0
            or grain is not Grain.PAIR
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
    """In the xdist controller, one copy of each JUnit property name and repeated value; and
    a fact item's failure shown as such (see ``ColouredFailure``).

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
            report.user_properties = cast(
                "list[tuple[str, object]]", [tuple(share(pair)) for pair in report.user_properties]
            )
        if (
            report.failed
            and report.when == "call"
            and isinstance(report.longrepr, str)
            and any(name == "fact_file" for name, _ in report.user_properties)
        ):
            # pytest takes any object with toterminal() for a longrepr (BaseReport.toterminal
            # casts it to TerminalRepr likewise)
            if self.session.config.getoption("tbstyle", "auto") == "line":
                report.longrepr = cast("TerminalRepr", OneLineFailure(report.longrepr))
            else:
                report.longrepr = cast("TerminalRepr", ColouredFailure(report.longrepr))


class ColouredFailure:
    """A fact item's failure as the terminal shows it: the verdict in red and what the
    source says in bold when the terminal has colour (pytest's writer drops the markup
    when it has none); JUnit and every other reader get the plain text."""

    HEADLINE = re.compile(r"^(.*?:\d+:\d+: )(contradiction|misquote|misattributed)( .*)$")
    SAYS = "  source says:  "

    def __init__(self, text: str) -> None:
        self.text = self.message = text  # (JUnit's message: the whole note, as before)
        self.reprcrash = self

    def toterminal(self, writer: TerminalWriter) -> None:
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

    def toterminal(self, writer: TerminalWriter) -> None:
        return None

    def __str__(self) -> str:
        return self.text


def write_summary(
    terminal: pytest.TerminalReporter, config: pytest.Config, facts: FactsSession
) -> None:
    """The run's `facts` sections: the suggestions, the summary worked out with the reports,
    what could not be read or written, and GitHub's annotations."""
    if facts.suggested:
        terminal.section("facts suggest")
        for line in facts.suggested:
            terminal.write_line(visible(line))
    cache_problem = facts.cache_problem()
    if facts.summary_lines or facts.problems or cache_problem:
        terminal.section("facts")
    for line in facts.summary_lines:
        terminal.write_line(line)
    engine = facts.engine_made
    if engine is not None:
        for _path, error in sorted(engine.source_errors.items()):
            terminal.write_line(visible_path(str(error)))
        cached, parsed = engine.parse_counts
        if (cached or parsed) and facts.summary_lines and config.get_verbosity() >= 0:
            terminal.write_line(f"Sources: {parsed} parsed, {cached} read from the cache.")
    if cache_problem:
        terminal.write_line(visible(f"warning: {cache_problem}"), yellow=True)
    for line in facts.problems:
        terminal.write_line(visible(line), red=True)
    collected = facts.session.testscollected if facts.session is not None else 0
    if (
        facts.collected_files
        and facts.settings.grain is Grain.PAIR
        and collected > PAIR_ITEMS_SUGGESTING_SOURCE
    ):
        terminal.write_line(
            f"{collected:,} items: with this many, pytest's own "
            "cost per item is most of the run; set `facts_items = source` (one item per fact "
            "file and source, see the README) to check the same in a fraction of the time."
        )
    for line in facts.annotations:
        terminal.write_line(line)
