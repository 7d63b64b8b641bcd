"""An explicit, ordered list of callables that apps higher up register from their
`AppConfig.ready()`, for an app lower down to call (docs/architecture.md, "Extension points").

A lower app cannot import the apps above it, and a Django signal would hide who listens; a list
of hooks keeps both the direction of the imports and the reader's view of who is called:

    # accord/cases/risk_hooks.py
    on_risk_inputs_changed = Hooks("risk picture")

    # accord/risk/apps.py
    def ready(self) -> None:
        on_risk_inputs_changed.register(case_risk_refresh)

`run(**arguments)` calls every handler in the order registered, in the caller's transaction: an
exception rolls the caller's change back with it.
"""

from collections.abc import Callable
from typing import Any

Handler = Callable[..., Any]


class Hooks:
    """Registering the same handler twice is refused, so that a second run of an app's ready()
    never calls it twice."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._handlers: list[Handler] = []

    def register(self, handler: Handler) -> Handler:
        if handler in self._handlers:
            raise ValueError(f"{handler!r} is already registered for {self.name}")
        self._handlers.append(handler)
        return handler

    @property
    def handlers(self) -> tuple[Handler, ...]:
        return tuple(self._handlers)

    def run(self, **arguments: Any) -> None:
        for handler in self._handlers:
            handler(**arguments)
