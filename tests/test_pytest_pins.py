"""pytest's own behaviour that the plugin relies on, pinned: if a pytest release changes it,
these fail first and say which part of the plugin to revisit."""

from __future__ import annotations

import inspect

import pytest


def test_pytest_stops_at_a_collection_error_unless_told_to_go_on(pytester: pytest.Pytester):
    """plugin.pytest_runtestloop lifts `continue_on_collection_errors` for the run when every
    collection error is a fact file's: without it, one bad fact file would stop every
    other from being checked."""
    pytester.makepyfile(
        test_good="def test_ok():\n    pass\n",
        test_broken="raise ImportError('broken on purpose')\n",
    )
    stopped = pytester.runpytest("-p", "no:cacheprovider")
    stopped.assert_outcomes(errors=1)
    assert "Interrupted: 1 error during collection" in stopped.stdout.str()
    going_on = pytester.runpytest("-p", "no:cacheprovider", "--continue-on-collection-errors")
    going_on.assert_outcomes(passed=1, errors=1)


def test_the_terminal_keeps_every_passing_setup_and_teardown_report(pytester: pytest.Pytester):
    """FactsSession._forget_silent_phase drops our items' passing setup and teardown reports
    from the terminal's store: pytest's summary scans that store once per failure (for the
    failure's teardown output), which with 10,000 source items and 6,000 contradictions is
    10^8 steps at the end of the run."""
    pytester.makeconftest("""
def pytest_terminal_summary(terminalreporter):
    print("kept:", len(terminalreporter.stats.get("", [])))
""")
    pytester.makepyfile("def test_a():\n    pass\n\ndef test_b():\n    pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "-s")
    result.stdout.fnmatch_lines(["kept: 4"])


def test_the_runner_gives_what_the_light_protocol_uses(pytester: pytest.Pytester):
    """checks.plugin.item_protocol asks pytest's own rule for when to enter the debugger and reads
    whether anything is set up (``Session._setupstate.stack``)."""
    from _pytest.runner import check_interactive_exception

    assert list(inspect.signature(check_interactive_exception).parameters) == ["call", "report"]
    pytester.makeconftest("""
def pytest_runtest_call(item):
    print("stack:", type(item.session._setupstate.stack).__name__)
""")
    pytester.makepyfile("def test_a():\n    pass\n")
    pytester.runpytest("-p", "no:cacheprovider", "-s").stdout.fnmatch_lines(["*stack: dict"])
