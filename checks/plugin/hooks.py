"""The pytest plugin's hooks: fact files become collectors, fact x source pairs become items.

Each hook hands its work to the run's one ``FactsSession`` (checks.plugin.session), kept in
``config.stash``, and to the modules beside this one.

A good neighbour: installed in a virtualenv, this module is imported by every pytest session
there. So it imports nothing heavy; the engine (and spaCy) is imported only once a fact file
is found (``checks.plugin.items``), and a session without fact files keeps its options, its
collection and its garbage collector as they were.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Generator
from pathlib import Path
from typing import cast

import pytest

from checks.model.defaults import KIND_MARKS, VERDICT_MARKS
from checks.plugin.collect import fact_file_node
from checks.plugin.finish import finish_run, guard_junit
from checks.plugin.item_protocol import can_run_light, run_light
from checks.plugin.options import add_options, read_settings
from checks.plugin.session import (
    SESSION_KEY,
    FactsSession,
    WorkerNode,
    WorkerOutput,
    facts_session,
    our_item_types,
    worker_input,
)
from checks.plugin.terminal import SharedProperties, header_line, write_summary


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    settings = read_settings(config)  # a bad value is a usage error, before anything runs
    if settings.in_use:
        # Declared, so that --strict-markers accepts the marks fact items carry.
        for name, meaning in KIND_MARKS.items():
            config.addinivalue_line("markers", f"{name}: {meaning}")
        for name in VERDICT_MARKS:
            config.addinivalue_line("markers", f"{name}: a fact item whose verdict is {name}")
    session = FactsSession(config, settings)
    config.stash[SESSION_KEY] = session
    # Registered as a plugin of its own so that it sees every test report, the xdist
    # controller's included (the records travel inside the reports).
    config.pluginmanager.register(session, "facts-session")
    # Registered before pytest's own plugins register theirs (this plugin's configure runs
    # first), so it runs after them: pytest's last garbage collection (unraisable
    # exceptions) still skips the frozen objects, which a run of many items makes long.
    config.add_cleanup(session.gc.restore)
    if worker_input(config) is None:
        config.pluginmanager.register(SharedProperties(session), "facts-shared-properties")


def pytest_report_header(config: pytest.Config) -> str | None:
    settings = facts_session(config).settings
    return header_line(settings) if settings.in_use else None


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    facts = facts_session(session.config)
    facts.session = session
    if facts.settings.in_use and worker_input(session.config) is None:
        guard_junit(session.config, facts)


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session) -> Generator[None, object, object]:
    """In a large run of fact items only, what was collected is frozen (checks.plugin.gc_policy)."""
    facts = facts_session(session.config)
    try:
        return (yield)
    finally:
        facts.gc.resume()
        if facts.collected_files:
            ours = our_item_types()
            facts.gc.decide(
                len(session.items), sum(isinstance(item, ours) for item in session.items)
            )


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    return fact_file_node(file_path, parent, facts_session(parent.config).settings)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Unreadable sources and the checks that need no fact become items of their own."""
    facts = facts_session(config)
    if not facts.collected_files:
        return
    from checks.plugin.items import add_source_items

    add_source_items(session, items, facts)


def pytest_deselected(items: list[pytest.Item]) -> None:
    if not items:
        return
    facts = facts_session(items[0].config)
    ours = our_item_types()
    facts.deselected += sum(isinstance(item, ours) for item in items)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtestloop(session: pytest.Session) -> Generator[None, object, object]:
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


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> bool | None:
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
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Each fact item's report carries its records, so they reach the xdist controller too
    (see checks.plugin.items.carry_records)."""
    report = yield
    if call.when == "call" and isinstance(item, our_item_types()):
        from checks.plugin.items import carry_records

        carry_records(item, report)
    return report


@pytest.hookimpl(tryfirst=True)
def pytest_warning_recorded(
    warning_message: warnings.WarningMessage, when: str, nodeid: str, location: object
) -> None:
    """A warning at a source's line is shown without that line: pytest would print it under
    the warning, and a source is untrusted text (a line of it could start a CI workflow
    command); its sentence is in the message already. Here, before the terminal formats it,
    because pytest-xdist's controller formats its workers' warnings and reads the line from
    the file itself (``_warn_at`` in checks.plugin.items covers the process that raised it)."""
    items = sys.modules.get("checks.plugin.items")
    if (
        items is not None
        and isinstance(warning_message.category, type)
        and issubclass(warning_message.category, items.SOURCE_WARNINGS)
    ):
        warning_message.line = ""


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    facts = facts_session(session.config)
    if worker_input(session.config) is not None:
        # The xdist controller collects nothing: what it must know of the run comes from here.
        session.config.workeroutput.update(facts.worker_output())  # type: ignore[attr-defined]  # pytest-xdist's, on a worker's config
        # The worker's work is done, but it lives on until the controller has written the
        # reports: what it holds for parsing is given back now, or it would add to the
        # controller's peak (two workers held 910 MiB of a 10,000-source run's 1,600 MiB).
        facts.release_engine()
        return
    finish_run(session, facts, exitstatus)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: WorkerNode, error: object) -> None:
    """pytest-xdist's controller: a worker is done, and says what it knows of the run."""
    output = cast(WorkerOutput, getattr(node, "workeroutput", {}))  # (none if it crashed)
    facts_session(node.config).take_worker_output(output)


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    write_summary(terminalreporter, config, facts_session(config))
