import pytest
from django.core.management import CommandError, call_command

from accord.accounts.models import Membership, Organisation, Service, Team, User
from accord.core.demo import PERSONAS


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in [Organisation, Service, Team, User, Membership])


def test_it_creates_the_locality_once(db, settings, capsys) -> None:
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    assert first[3] == len(PERSONAS)
    output = capsys.readouterr().out
    assert "caseworker" in output and "demo_totp" in output


def test_it_gives_every_persona_a_team_and_an_authenticator(db, settings) -> None:
    from allauth.mfa.utils import is_mfa_enabled

    settings.DEBUG = True
    call_command("seed_demo")
    for user in User.objects.all():
        assert user.memberships.exists(), user
        assert is_mfa_enabled(user), user


def test_it_refuses_outside_demo_mode(db, settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("seed_demo")
    assert counts() == (0, 0, 0, 0, 0)


def test_it_runs_outside_demo_mode_when_forced(db, settings) -> None:
    settings.DEBUG = False
    call_command("seed_demo", "--force")
    assert Organisation.objects.filter(slug="riverton-womens-aid").exists()
