"""The garbage collector's settings in runs of many items (checks.plugin.gc_policy)."""

from __future__ import annotations

import gc

from checks.plugin.gc_policy import LARGE_RUN_ITEMS, GcPolicy


def test_pause_and_resume_restore_what_they_found():
    policy = GcPolicy()
    assert gc.isenabled()
    policy.pause()
    policy.pause()  # pausing twice: resuming once is enough
    assert not gc.isenabled()
    policy.resume()
    assert gc.isenabled()
    gc.disable()
    try:
        policy.pause()
        policy.resume()
        assert not gc.isenabled()  # left disabled, as it was
    finally:
        gc.enable()
    policy.resume()  # resuming without a pause changes nothing
    assert gc.isenabled()


def test_freezes_every_so_many_reports_and_thaws_everything():
    policy = GcPolicy(reports_per_freeze=3)
    policy.freezing = True  # decided: a large run of the plugin's items only
    try:
        for _ in range(2):
            policy.report_received()
        assert gc.get_freeze_count() == 0
        policy.report_received()
        assert gc.get_freeze_count() > 0
    finally:
        policy.thaw()
    assert gc.get_freeze_count() == 0
    policy.thaw()  # thawing twice is harmless
    assert gc.get_freeze_count() == 0


def test_restore_ends_a_pause_and_a_freeze():
    policy = GcPolicy()
    policy.pause()
    policy.freeze()
    assert not gc.isenabled() and gc.get_freeze_count() > 0
    policy.restore()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_objects_frozen_by_someone_else_are_left_to_them():
    gc.freeze()
    try:
        outer = gc.get_freeze_count()
        policy = GcPolicy()
        policy.freeze()
        policy.restore()
        assert gc.get_freeze_count() == outer  # neither frozen more nor thawed
    finally:
        gc.unfreeze()


def test_only_a_large_run_of_the_plugins_items_is_frozen():
    small = GcPolicy()
    small.decide(items=LARGE_RUN_ITEMS - 1, ours=LARGE_RUN_ITEMS - 1)
    mixed = GcPolicy()
    mixed.decide(items=LARGE_RUN_ITEMS, ours=LARGE_RUN_ITEMS - 1)
    assert gc.get_freeze_count() == 0 and not small.freezing and not mixed.freezing
    large = GcPolicy()
    try:
        large.decide(items=LARGE_RUN_ITEMS, ours=LARGE_RUN_ITEMS)
        assert gc.get_freeze_count() > 0
    finally:
        large.restore()


def test_the_controller_stops_freezing_at_the_first_report_of_another_plugins_item():
    policy = GcPolicy(reports_per_freeze=2)
    policy.report_received(ours=False)
    for _ in range(LARGE_RUN_ITEMS + 2):
        policy.report_received()
    assert gc.get_freeze_count() == 0


def test_paused_nests_and_restores():
    policy = GcPolicy()
    with policy.paused():
        with policy.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
