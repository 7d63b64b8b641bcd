from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "accord.risk"
    label = "risk"
    verbose_name = _("Risk assessment")

    def ready(self) -> None:
        # Cases sit below risk: the case's services ask for its risk picture to be refreshed
        # through the hook registered here, rather than importing risk (accord/cases/risk_hooks.py).
        from accord.cases.risk_hooks import on_risk_inputs_changed
        from accord.risk.triggers import case_risk_refresh

        if case_risk_refresh not in on_risk_inputs_changed.handlers:
            on_risk_inputs_changed.register(case_risk_refresh)
