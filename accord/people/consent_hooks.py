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

from accord.core.hooks import Hooks

# Each handler is called with the acting `actor` and the withdrawn `consent` (keywords).
on_withdrawal = Hooks("consent withdrawal")
