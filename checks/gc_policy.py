"""Python's cyclic garbage collector in runs of many fact items.

CPython scans every object of its oldest generation each time that generation has grown by
a quarter. A run of 100,000 fact items builds millions of objects that live until the
session ends (the items and their results, and the reports pytest keeps), so the collector
went over them again and again while none of them was garbage: a tenth of each process's
time in a run of 29,000 items. So:

- from the first fact file on, the collector waits until pytest has collected everything
  (collection only builds what the run keeps; a session without fact files is left alone);
- once collection is over, and again every few thousand items run or reported, the young
  generations are collected and what is left is frozen (``gc.freeze``): left out of later
  collections, while reference counting still frees whatever is let go, as always (if
  something else in the process already froze objects, nothing is frozen here);
- the last of pytest's clean-ups ends the pause and unfreezes everything, so that a run inside another
  session's process (pytester) leaves nothing frozen behind (pytest's own last collection,
  just before, skips the frozen objects, as the run's did).
"""

from __future__ import annotations

import gc

# Fact items run (or, in the xdist controller, reported) between two freezes.
REPORTS_PER_FREEZE = 5_000


class GcPolicy:
    """Pauses the collector, freezes what exists (now, or every so many reports), and undoes
    both."""

    def __init__(self, reports_per_freeze: int = REPORTS_PER_FREEZE) -> None:
        self.reports_per_freeze = reports_per_freeze
        self.reports = 0
        self.frozen = False
        self._was_enabled: bool | None = None     # set while paused

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
            return     # something else in this process freezes objects: leave it to that
        gc.collect(1)  # the young garbage first: frozen, it would stay until the thaw
        gc.freeze()
        self.frozen = True

    def report_received(self) -> None:
        self.reports += 1
        if self.reports % self.reports_per_freeze == 0:
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
