"""An explicit registry for the one push that runs up the layers: "new data about these
employees has been committed" (docs/adr/0007-early-warning-hooks.md).

A lower context that records data an upper context reacts to calls
:func:`data_changed` at the end of its service; the upper context registers a listener
with :func:`on_data_changed` when its app is ready. Listeners run after the surrounding
transaction commits (never for a rolled-back write), synchronously, in registration
order; a failing listener is logged and does not undo or fail the write that announced
the data. This is not a signal: both sides name the hook in their code.
"""

from collections.abc import Callable, Collection, Iterable

from django.db import transaction

# What kind of data changed: the name of the context that recorded it.
SERVICE_METRICS = "service_metrics"
EVALUATIONS = "evaluations"
KINDS = frozenset({SERVICE_METRICS, EVALUATIONS})

Listener = Callable[[str, frozenset[int]], None]

_listeners: dict[str, list[Listener]] = {kind: [] for kind in KINDS}


def _known(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown kind of data: {kind!r}")
    return kind


def on_data_changed(kinds: Collection[str], listener: Listener) -> None:
    """Call ``listener(kind, employee_ids)`` whenever data of one of ``kinds`` changes.
    Registering the same listener twice keeps one registration."""
    for kind in kinds:
        registered = _listeners[_known(kind)]
        if listener not in registered:
            registered.append(listener)


def remove_listener(listener: Listener) -> None:
    """Forget ``listener`` for every kind (for tests that register their own)."""
    for registered in _listeners.values():
        while listener in registered:
            registered.remove(listener)


def data_changed(kind: str, employee_ids: Iterable[int]) -> None:
    """Announce that data of ``kind`` about ``employee_ids`` was written in the current
    transaction; the listeners hear of it once the transaction commits (at once when no
    transaction is open). Nothing happens for an empty set of employees."""
    ids = frozenset(employee_ids)
    listeners = list(_listeners[_known(kind)])
    if not ids or not listeners:
        return
    for listener in listeners:
        # robust: a failing listener is logged and the others still run. The data is
        # committed and stays valid; the scheduled run catches up on what was missed.
        transaction.on_commit(_call(listener, kind, ids), robust=True)


def _call(listener: Listener, kind: str, ids: frozenset[int]) -> Callable[[], None]:
    # A function, not functools.partial: Django names the callback by its __qualname__
    # when it logs a failure.
    def call_listener() -> None:
        listener(kind, ids)

    return call_listener
