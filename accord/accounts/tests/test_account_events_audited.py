from django.test import Client

from accord.accounts.selectors import user_current_totp_code
from accord.audit.models import AuditEvent
from accord.testing import PASSWORD, World, client_for


def actions_for(user) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_it_audits_a_sign_in_and_a_sign_out(world: World) -> None:
    client = Client(REMOTE_ADDR="10.1.2.3")
    client.post("/accounts/login/", {"login": "caseworker_a", "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": user_current_totp_code(world.caseworker)})
    client.post("/accounts/logout/")
    assert actions_for(world.caseworker)[-2:] == ["user.signed_in", "user.signed_out"]
    event = AuditEvent.objects.get(action="user.signed_in")
    assert event.client_address == "10.1.2.3"
    assert event.acting_organisation_id == world.womens_aid.pk


def test_it_does_not_audit_a_password_alone_as_a_sign_in(world: World) -> None:
    Client().post("/accounts/login/", {"login": "caseworker_a", "password": PASSWORD})
    assert "user.signed_in" not in actions_for(world.caseworker)


def test_it_audits_admin_changes_with_field_names_only(world: World) -> None:
    client = client_for(world.admin)
    response = client.post(
        f"/admin/accounts/team/{world.outreach.pk}/change/",
        {"service": world.support_service.pk, "name": "Outreach North"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="team.admin_changed")
    assert event.object_id == str(world.outreach.pk)
    assert event.subject_organisation_id == world.womens_aid.pk
    assert event.actor_id == world.admin.pk
    assert "Outreach North" not in event.reason
