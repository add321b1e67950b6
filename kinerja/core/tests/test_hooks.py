"""The hook registry: listeners hear of committed data only, once per registration, and
a failing listener neither fails the write nor stops the others."""

import pytest
from django.db import transaction

from kinerja.core import hooks


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, frozenset[int]]] = []

    def __call__(self, kind: str, ids: frozenset[int]) -> None:
        self.calls.append((kind, ids))


@pytest.fixture
def recorder():
    """A listener for both kinds, registered for the test only."""
    listener = Recorder()
    hooks.on_data_changed(hooks.KINDS, listener)
    hooks.on_data_changed([hooks.SERVICE_METRICS], listener)  # a second time: still once
    yield listener
    hooks.remove_listener(listener)


@pytest.mark.django_db
def test_listeners_hear_of_the_data_after_the_commit(recorder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        hooks.data_changed(hooks.SERVICE_METRICS, [3, 1, 3])
        assert recorder.calls == []

    assert recorder.calls == [(hooks.SERVICE_METRICS, frozenset({1, 3}))]


@pytest.mark.django_db
def test_a_rolled_back_write_announces_nothing(recorder, django_capture_on_commit_callbacks):
    def announce_then_fail() -> None:
        with transaction.atomic():
            hooks.data_changed(hooks.EVALUATIONS, [1])
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            announce_then_fail()
        with transaction.atomic():
            hooks.data_changed(hooks.EVALUATIONS, [2])

    assert recorder.calls == [(hooks.EVALUATIONS, frozenset({2}))]


@pytest.mark.django_db
def test_nothing_is_announced_for_no_employees(recorder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        hooks.data_changed(hooks.EVALUATIONS, [])

    assert callbacks == []


def test_an_unknown_kind_is_an_error():
    with pytest.raises(ValueError, match="unknown kind"):
        hooks.data_changed("realisations", [1])
    with pytest.raises(ValueError, match="unknown kind"):
        hooks.on_data_changed(["realisations"], Recorder())


@pytest.mark.django_db
def test_a_failing_listener_is_logged_and_the_others_still_run(
    django_capture_on_commit_callbacks, caplog
):
    def broken(kind: str, ids: frozenset[int]) -> None:
        raise RuntimeError("boom")

    after = Recorder()
    hooks.on_data_changed(hooks.KINDS, broken)
    hooks.on_data_changed(hooks.KINDS, after)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            hooks.data_changed(hooks.SERVICE_METRICS, [7])
    finally:
        hooks.remove_listener(broken)
        hooks.remove_listener(after)

    assert after.calls == [(hooks.SERVICE_METRICS, frozenset({7}))]
    assert "boom" in caplog.text
