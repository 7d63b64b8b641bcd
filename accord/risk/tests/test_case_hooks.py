"""The case keeps its risk picture; the risk app refreshes it through the hook it registers in
RiskConfig.ready() (accord/cases/risk_hooks.py), so cases imports nothing of risk."""

import pytest

from accord.cases.risk_hooks import on_risk_inputs_changed
from accord.core.hooks import Hooks
from accord.risk.triggers import case_risk_refresh


def test_risk_registers_its_refresh_of_the_case() -> None:
    assert case_risk_refresh in on_risk_inputs_changed.handlers


def test_a_handler_is_registered_once() -> None:
    hooks = Hooks("probe")
    hooks.register(case_risk_refresh)
    with pytest.raises(ValueError, match="already registered"):
        hooks.register(case_risk_refresh)
    assert hooks.handlers == (case_risk_refresh,)
