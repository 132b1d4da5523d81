"""The garbage collector's settings in runs of many items (checks.gc_policy)."""

from __future__ import annotations

import gc

from checks.gc_policy import GcPolicy


def test_pause_and_resume_restore_what_they_found():
    policy = GcPolicy()
    assert gc.isenabled()
    policy.pause()
    policy.pause()                      # pausing twice: resuming once is enough
    assert not gc.isenabled()
    policy.resume()
    assert gc.isenabled()
    gc.disable()
    try:
        policy.pause()
        policy.resume()
        assert not gc.isenabled()        # left disabled, as it was
    finally:
        gc.enable()
    policy.resume()                     # resuming without a pause changes nothing
    assert gc.isenabled()


def test_freezes_every_so_many_reports_and_thaws_everything():
    policy = GcPolicy(reports_per_freeze=3)
    try:
        for _ in range(2):
            policy.report_received()
        assert gc.get_freeze_count() == 0
        policy.report_received()
        assert gc.get_freeze_count() > 0
    finally:
        policy.thaw()
    assert gc.get_freeze_count() == 0
    policy.thaw()                       # thawing twice is harmless
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
        assert gc.get_freeze_count() == outer     # neither frozen more nor thawed
    finally:
        gc.unfreeze()
