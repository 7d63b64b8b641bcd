"""`manage.py rotate_keys` moves every token to the newest key, batch by batch, and can be
run again after an interruption."""

from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import CommandError, call_command

from accord.accounts import services as accounts
from accord.accounts.management.commands import rotate_keys
from accord.accounts.models import Role, Service, ServiceKind, User
from accord.accounts.selectors import user_current_totp_code
from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.core.tests.encryption_helpers import new_key, raw_column
from accord.testing import make_user

OLD, NEW = new_key(), new_key()
ADDRESSES = ["1 First Street", "2 Second Street", "3 Third Street"]


@pytest.fixture
def on_old_key(db, settings) -> tuple[list[Service], User]:
    settings.ACCORD_ENCRYPTION_KEYS = f"k1:{OLD}"
    actor = Actor.system()
    organisation = accounts.organisation_create(
        actor=actor, name="Refuges", slug="refuges", country="ES", languages=["es"]
    )
    services = [
        accounts.service_create(
            actor=actor,
            organisation=organisation,
            name=f"Refuge {n}",
            kind=ServiceKind.SURVIVOR_SUPPORT,
            confidential_address=address,
        )
        for n, address in enumerate(ADDRESSES)
    ]
    team = accounts.team_create(actor=actor, service=services[0], name="Staff")
    user = make_user("worker", team, Role.CASEWORKER)
    settings.ACCORD_ENCRYPTION_KEYS = f"k2:{NEW},k1:{OLD}"
    return services, user


class Interrupted(Exception):
    """Stands for a crash or a Ctrl-C in the middle of a run."""


def rotate(*args: str) -> str:
    out = StringIO()
    call_command("rotate_keys", *args, stdout=out)
    return out.getvalue()


def raw_address(service: Service) -> str:
    return raw_column("accounts_service", "confidential_address", service.pk)


def test_it_moves_every_token_to_the_newest_key(on_old_key, settings) -> None:
    services, user = on_old_key
    assert all(raw_address(s).startswith("v1:k1:") for s in services)
    code_before = user_current_totp_code(user)

    output = rotate()

    assert "accounts.service: 3 row(s) re-encrypted under k2" in output
    assert "mfa.authenticator: 2 row(s) re-encrypted under k2" in output
    assert all(raw_address(s).startswith("v1:k2:") for s in services)
    for authenticator in Authenticator.objects.filter(user=user):
        values = [v for k, v in authenticator.data.items() if k in ("secret", "seed")]
        assert values and all(v.startswith("v1:k2:") for v in values)
    # With the old key gone, everything still reads.
    settings.ACCORD_ENCRYPTION_KEYS = f"k2:{NEW}"
    assert [Service.objects.get(pk=s.pk).confidential_address for s in services] == ADDRESSES
    assert user_current_totp_code(user) == code_before
    totp = TOTP(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP))
    assert totp.validate_code(code_before)


def test_it_touches_nothing_the_second_time(on_old_key) -> None:
    services, _ = on_old_key
    rotate()
    tokens = [raw_address(s) for s in services]
    events = AuditEvent.objects.filter(action="keys.rotated").count()

    output = rotate()

    assert "accounts.service: 0 row(s)" in output
    assert "mfa.authenticator: 0 row(s)" in output
    assert [raw_address(s) for s in services] == tokens
    assert AuditEvent.objects.filter(action="keys.rotated").count() == events


def test_it_audits_each_batch_without_data(on_old_key) -> None:
    rotate("--batch-size", "2")
    events = AuditEvent.objects.filter(action="keys.rotated", object_type="accounts.service")
    assert [e.reason for e in events] == [
        "2 row(s) re-encrypted under key k2",
        "1 row(s) re-encrypted under key k2",
    ]
    assert {(e.actor_label, e.object_id) for e in events} == {("system", "")}


def test_it_resumes_after_an_interruption(on_old_key, monkeypatch) -> None:
    services, _ = on_old_key
    real_record = rotate_keys.audit_event_record
    calls = []

    def crash_on_second_batch(**kwargs: object) -> AuditEvent:
        calls.append(kwargs)
        if len(calls) == 2:
            raise Interrupted
        return real_record(**kwargs)

    monkeypatch.setattr(rotate_keys, "audit_event_record", crash_on_second_batch)
    with pytest.raises(Interrupted):
        rotate("--batch-size", "1")
    # The first batch committed; the interrupted one rolled back with its event.
    assert [raw_address(s)[:6] for s in services] == ["v1:k2:", "v1:k1:", "v1:k1:"]

    monkeypatch.setattr(rotate_keys, "audit_event_record", real_record)
    output = rotate("--batch-size", "1")
    assert "accounts.service: 2 row(s) re-encrypted under k2" in output
    assert all(raw_address(s).startswith("v1:k2:") for s in services)


def test_it_stops_on_a_token_it_cannot_read(on_old_key, settings) -> None:
    settings.ACCORD_ENCRYPTION_KEYS = f"k3:{new_key()},k2:{NEW}"
    with pytest.raises(CommandError, match="unknown key id"):
        rotate()


def test_it_refuses_an_empty_batch(db) -> None:
    with pytest.raises(CommandError, match="at least 1"):
        rotate("--batch-size", "0")
