import pytest
from django.core.management import CommandError, call_command

from accord.accounts.selectors import user_current_totp_code
from accord.testing import World


def test_it_prints_the_current_code_in_demo_mode(world: World, settings, capsys) -> None:
    settings.DEBUG = True
    call_command("demo_totp", "caseworker_a")
    assert capsys.readouterr().out.strip() == user_current_totp_code(world.caseworker)


def test_it_refuses_outside_demo_mode(world: World, settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("demo_totp", "caseworker_a")


def test_it_names_an_unknown_user(world: World, settings) -> None:
    settings.DEBUG = True
    with pytest.raises(CommandError, match="No demo user"):
        call_command("demo_totp", "nobody")
