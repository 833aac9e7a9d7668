"""gc_paused: no automatic collection inside; nested and concurrent pauses leave the collector
as it was before the first one, also when the body raises."""

import gc

import pytest

from motcua.outbox.gcpause import gc_paused


def test_nested_pauses_switch_the_collector_back_on_after_the_last():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "the outer pause is still running"
    assert gc.isenabled()


def test_an_exception_still_switches_it_back_on():
    with pytest.raises(KeyError), gc_paused():
        raise KeyError("boom")
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
