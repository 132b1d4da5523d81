"""The end of a fact run: the `source` grain's unmentioned facts, --facts-suggest's draft, the
reports (facts.json, facts.html, facts.sarif) and the run's exit status when they, or JUnit's
report, could not be written.
"""

from __future__ import annotations

import os

import pytest

from checks.model.kinds import Grain
from checks.model.visible import visible, visible_path
from checks.plugin.collect import inside
from checks.plugin.session import FactsSession

# pytest's own statuses end at 5: this one says the checking was done but a report could not
# be written (CI must not publish the previous run's reports as this one's).
EXIT_REPORTS_NOT_WRITTEN = 6
# A report of this many results takes seconds to write: the terminal says what is happening.
RECORDS_SAID_WHILE_WRITING = 50_000


def finish_run(session: pytest.Session, facts: FactsSession, exitstatus: int) -> None:
    """The run is over (in the xdist controller, or a run without xdist): its reports."""
    if facts.settings.grain is Grain.SOURCE:
        unmentioned_reports(session, facts)
    if facts.settings.suggest:
        _suggest(session, facts, exitstatus)
    if (facts.records or facts.collected_files) and not _checks_nothing(session.config):
        _write_reports(session, facts, exitstatus)
    if facts.problems and session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        session.exitstatus = EXIT_REPORTS_NOT_WRITTEN


def unmentioned_reports(session: pytest.Session, facts: FactsSession) -> None:
    """`source` grain: one skipped item per fact file listing the facts no source mentions,
    and their records. Only the run's end knows them (each item checked one source, maybe
    in another process), so the item is reported here, through the hooks every report goes
    through (the terminal, JUnit, pytest-xdist's controller likewise)."""
    from checks.report.records import UNMENTIONED, Record

    mentioned = {(record.fact_file, record.fact) for record in facts.records}
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
        fact_line = unmentioned[0].fact_line
        assert fact_line is not None  # (a fact's record always has its line)
        location = (path, fact_line - 1, "[unmentioned]")
        names = ", ".join(record.fact for record in unmentioned)
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
                ("verdict", UNMENTIONED),
                *(("fact", record.fact) for record in unmentioned),
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

    settings = facts.settings
    relative = f"{settings.reports}/suggested.yaml"
    try:
        if not inside(settings.report_dir, settings.rootdir):
            raise OSError(0, "the reports folder resolves outside the project")
        facts.suggested = suggest(
            facts.engine.parsed(),
            settings.report_dir / "suggested.yaml",
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
    config = session.config
    shown = facts.settings.reports
    terminal = config.pluginmanager.get_plugin("terminalreporter")
    if (
        terminal is not None
        and len(facts.records) >= RECORDS_SAID_WHILE_WRITING
        and config.get_verbosity() >= 0
    ):
        terminal.write_line(
            f"facts: writing {len(facts.records):,} results to {shown}/"
            "facts.json and facts.html ..."
        )
    report_dir = facts.settings.report_dir
    if inside(report_dir, facts.settings.rootdir):
        facts.problems.extend(
            write_reports(report_dir, facts.records, _title(facts), run, shown_dir=shown)
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
        shown,
        facts.self_check_findings,
        run,
        quiet=max(0, -config.get_verbosity()),
    )
    if os.environ.get("GITHUB_ACTIONS") == "true":
        # On GitHub Actions these lines become annotations on the sources' lines.
        facts.annotations = github_annotations(facts.records) + self_check_annotations(
            sorted(facts.findings), facts.findings_fail
        )
    facts.records = []


def _title(facts: FactsSession) -> str:
    """The page's heading: the fact files' titles (each once, in the files' order), else
    the project folder's name."""
    titles = facts.titles
    named = list(dict.fromkeys(titles[path] for path in sorted(titles) if titles[path]))
    return " \u00b7 ".join(named) if named else facts.settings.rootdir.name


def _run_state(session: pytest.Session, facts: FactsSession, exitstatus: int) -> dict[str, object]:
    """Whether the reports hold the whole run, and if not, why (an editor must not take a
    partial report for the state of the corpus)."""
    reasons = _partial_reasons(session, facts, exitstatus)
    if not reasons and not facts.deselected:
        return {"complete": True}
    state: dict[str, object] = {"complete": False}
    if facts.deselected:
        from checks.report.records import RECORD_KEYS

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


def _partial_reasons(session: pytest.Session, facts: FactsSession, exitstatus: int) -> list[str]:
    """Why the run did not check everything it was asked to, other than items left out."""
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
    return reasons


def guard_junit(config: pytest.Config, facts: FactsSession) -> None:
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
    if xml is None or facts.junit_guarded:
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
    # The writer's hook, replaced on this one object before it is registered again
    xml.pytest_sessionfinish = pytest_sessionfinish  # type: ignore[method-assign]
    facts.junit_guarded = True
    config.pluginmanager.register(xml)
