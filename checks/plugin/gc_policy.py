"""Python's cyclic garbage collector in runs of many fact items.

CPython scans every object of its oldest generation each time that generation has grown by
a quarter. A run of 100,000 fact items builds millions of objects that live until the
session ends (the items and their results, and the reports pytest keeps), so the collector
went over them again and again while none of them was garbage: a tenth of each process's
time in a run of 29,000 items. So:

- while the plugin builds its own nodes (a fact file's parsing, linking and items), the
  collector waits (they only build what the run keeps);
- in a large run whose items are all the plugin's, once collection is over and again every
  few thousand items run or reported, the young generations are collected and what is left
  is frozen (``gc.freeze``): left out of later collections, while reference counting still
  frees whatever is let go, as always (if something else in the process already froze
  objects, nothing is frozen here). A run with tests of the project's own, or a small run,
  is left alone: a test that calls ``gc.collect()`` to check that a cycle was released must
  see what it expects;
- the last of pytest's clean-ups ends any pause and unfreezes everything, so that a run
  inside another session's process (pytester) leaves nothing frozen behind (pytest's own
  last collection, just before, skips the frozen objects, as the run's did).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Fact items run (or, in the xdist controller, reported) between two freezes.
REPORTS_PER_FREEZE = 5_000
# Below this many items the collector's passes cost little (a run of 29,000 items spent a
# tenth of its time in them; one of 1,000 a few hundredths of a second): not worth touching.
LARGE_RUN_ITEMS = 10_000


class GcPolicy:
    """Pauses the collector, freezes what exists (now, or every so many reports), and undoes
    both."""

    def __init__(self, reports_per_freeze: int = REPORTS_PER_FREEZE) -> None:
        self.reports_per_freeze = reports_per_freeze
        self.reports = 0
        self.frozen = False
        self.freezing: bool | None = None  # None: not decided; True/False once known
        self._was_enabled: bool | None = None  # set while paused

    @contextmanager
    def paused(self) -> Iterator[None]:
        """The collector waits while the plugin builds its own nodes (nested: the outer
        pause wins)."""
        outer = self._was_enabled is not None
        self.pause()
        try:
            yield
        finally:
            if not outer:
                self.resume()

    def decide(self, items: int, ours: int) -> None:
        """Freeze from now on only in a large run whose items are all the plugin's."""
        self.freezing = items >= LARGE_RUN_ITEMS and ours == items
        if self.freezing:
            self.freeze()

    def pause(self) -> None:
        if self._was_enabled is None:
            self._was_enabled = gc.isenabled()
            gc.disable()

    def resume(self) -> None:
        if self._was_enabled is not None:
            if self._was_enabled:
                gc.enable()
            self._was_enabled = None

    def freeze(self) -> None:
        if gc.get_freeze_count() and not self.frozen:
            return  # something else in this process freezes objects: leave it to that
        gc.collect(1)  # the young garbage first: frozen, it would stay until the thaw
        gc.freeze()
        self.frozen = True

    def report_received(self, ours: bool = True) -> None:
        """One more item reported. In the xdist controller, which collects nothing, the run is
        known only from its reports: freezing stops at the first report of another plugin's
        item."""
        if not ours:
            self.freezing = False
            return
        self.reports += 1
        if self.freezing is False:
            return
        if self.reports % self.reports_per_freeze == 0 and (
            self.freezing or self.reports >= LARGE_RUN_ITEMS
        ):
            self.freeze()

    def thaw(self) -> None:
        if self.frozen:
            gc.unfreeze()
            self.frozen = False

    def restore(self) -> None:
        """The collector as it was before the session (also when collection never finished:
        ``--fixtures`` and pytester's ``getitems`` collect without the collection hook)."""
        self.resume()
        self.thaw()
