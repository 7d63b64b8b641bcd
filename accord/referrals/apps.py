from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "accord.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        # Referrals sit above people: they tell people what to call when a consent is
        # withdrawn, rather than people importing them (accord.people.consent_hooks).
        from accord.people.consent_hooks import on_withdrawal
        from accord.referrals.services import referrals_consent_withdrawn

        if referrals_consent_withdrawn not in on_withdrawal.handlers:
            on_withdrawal.register(referrals_consent_withdrawn)
