"""The garbage collector's settings in runs of many items (checks.gc_policy)."""

from __future__ import annotations

import gc

from checks.gc_policy import Freezer, collector_paused


def test_collector_paused_restores_what_it_found():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()        # left disabled, as it was
    finally:
        gc.enable()


def test_freezer_freezes_every_so_many_reports_and_thaws_everything():
    freezer = Freezer(reports_per_freeze=3)
    try:
        for _ in range(2):
            freezer.report_received()
        assert gc.get_freeze_count() == 0
        freezer.report_received()
        assert gc.get_freeze_count() > 0
    finally:
        freezer.thaw()
    assert gc.get_freeze_count() == 0
    freezer.thaw()                      # thawing twice is harmless
    assert gc.get_freeze_count() == 0
