"""The cycle collector held off for the app's start: on again when released, once, and never switched on by a
release when somebody else had it off."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from sciatica_timer.core import collector


@pytest.fixture(autouse=True)
def collector_on_afterwards() -> Iterator[None]:
    was_on = gc.isenabled()
    yield
    if was_on:
        gc.enable()


def test_held_until_released_then_on_again() -> None:
    gc.enable()
    release = collector.held()
    assert not gc.isenabled()
    release()
    assert gc.isenabled()
    gc.disable()  # somebody else's pause, later: a second release leaves it alone
    release()
    assert not gc.isenabled()


def test_a_release_leaves_the_collector_off_when_it_was_off_already() -> None:
    gc.disable()
    release = collector.held()
    release()
    assert not gc.isenabled()


def test_a_pause_inside_the_start_leaves_it_held() -> None:
    """A bulk read during the start (``paused``) must not switch the collector on before the start ends."""
    gc.enable()
    release = collector.held()
    with collector.paused():
        assert not gc.isenabled()
    assert not gc.isenabled()
    release()
    assert gc.isenabled()
