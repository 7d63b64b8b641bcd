"""What other apps do when a consent is withdrawn, registered by them (docs/architecture.md).

People sits below the apps that share on a consent (referrals, and later conferences and the
network): it cannot import them, and a Django signal would hide who listens. So each of those
apps registers its handler here, in its AppConfig.ready(), and `consent_withdraw` calls every
one in its own transaction, in the order they were registered:

    # accord/referrals/apps.py
    def ready(self) -> None:
        from accord.people.consent_hooks import on_withdrawal
        from accord.referrals.services import referrals_consent_withdrawn

        on_withdrawal.register(referrals_consent_withdrawn)

A handler takes the acting `Actor` and the withdrawn `Consent` (keyword arguments) and tells
whoever received something on it; an exception rolls the withdrawal back with it.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accord.audit.context import Actor
    from accord.people.models import Consent

Handler = Callable[..., Any]


class Hooks:
    """An explicit, ordered list of callables; registering the same one twice is refused, so
    that a second import of an app's ready() never tells the receivers twice."""

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

    def run(self, *, actor: "Actor", consent: "Consent") -> None:
        for handler in self._handlers:
            handler(actor=actor, consent=consent)


on_withdrawal = Hooks("consent withdrawal")
