"""A lighter run of one fact item, for runs of 100,000 of them.

pytest runs every item in three phases (setup, call, teardown), and each phase goes through
the hooks of every plugin that may need it: output capture, log capture, fixtures, marks.
A fact item has no fixtures, prints nothing and logs nothing; its verdict was worked out
during collection. For such an item those hooks are most of the cost of a run, so it is
run here with the same three reports, through the same hooks that see reports
(``pytest_runtest_makereport``, ``pytest_runtest_logreport``, ``pytest_exception_interact``),
and without the phase hooks. Whatever an item might need them for, it gets the
ordinary protocol instead (see ``can_run_light``).

Worth its reach into pytest's runner (``check_interactive_exception``, the session's
``_setupstate``; both pinned by tests/test_pytest_pins.py): about 7% off a warm ``-n 2`` run
of the ``pair`` grain at 2,000 sources, 29,029 items (57-63 s against 64-65 s).
"""

from __future__ import annotations

import pytest
from _pytest.runner import check_interactive_exception  # pytest's own rule, not a copy

from checks.model.defaults import FACT_MARKS


def can_run_light(item: pytest.Item) -> bool:
    """Only when skipping the phase hooks cannot change anything.

    - Marks (``skip``, ``xfail``, ``usefixtures`` added by a conftest) are read by the
      phase hooks.
    - Something set up by an earlier item of another kind must be torn down by the
      ordinary protocol, in order.
    - ``--setup-only``/``--setup-plan``/``--setup-show`` print the phases.
    """
    config = item.config
    if (
        config.getoption("setuponly", False)
        or config.getoption("setupplan", False)
        or config.getoption("setupshow", False)
    ):
        return False
    state = getattr(item.session, "_setupstate", None)
    if state is None or getattr(state, "stack", None):
        return False
    # (the kind and verdict marks the plugin puts on its own items change no phase)
    return all(mark.name in FACT_MARKS for mark in item.iter_markers())


def run_light(item: pytest.Item) -> None:
    """Log the item's three reports as pytest's own protocol would, calling ``runtest`` once."""
    hook = item.ihook
    hook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    # What pytest lets through instead of reporting (as in _pytest.runner.call_and_report).
    reraise: tuple[type[BaseException], ...] = (pytest.exit.Exception,)
    if not item.config.getoption("usepdb", False):
        reraise += (KeyboardInterrupt,)
    for when in ("setup", "call", "teardown"):
        work = item.runtest if when == "call" else _nothing
        call = pytest.CallInfo.from_call(work, when=when, reraise=reraise)
        report = hook.pytest_runtest_makereport(item=item, call=call)
        hook.pytest_runtest_logreport(report=report)
        if check_interactive_exception(call, report):
            hook.pytest_exception_interact(node=item, call=call, report=report)
    hook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)


def _nothing() -> None:
    return None
