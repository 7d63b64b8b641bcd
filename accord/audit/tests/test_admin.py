"""The admin shows the log read-only, to superusers and DPOs; nobody may add, change or delete."""

from django.contrib import admin
from django.http import HttpRequest
from django.test import RequestFactory

from accord.accounts import services as accounts
from accord.accounts.models import User
from accord.audit.context import Actor
from accord.audit.models import AuditChainHead, AuditEvent
from accord.testing import PASSWORD, client_for


def superuser() -> User:
    actor = Actor.system()
    user = accounts.user_create(
        actor=actor, username="root", email="root@example.org", password=PASSWORD, is_staff=True
    )
    # No service makes superusers (createsuperuser does); set the flag as that command would.
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    accounts.user_totp_enrol(actor=actor, user=user)
    return user


def request_as(user: User) -> HttpRequest:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_it_registers_events_but_not_the_head() -> None:
    assert admin.site.is_registered(AuditEvent)
    assert not admin.site.is_registered(AuditChainHead)


def test_it_lets_nobody_add_change_or_delete(world) -> None:
    model_admin = admin.site.get_model_admin(AuditEvent)
    event = AuditEvent.objects.first()

    for user in [superuser(), world.dpo, world.admin]:
        request = request_as(user)
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, event)
        assert not model_admin.has_delete_permission(request, event)


def test_it_lets_a_superuser_and_a_dpo_view(world) -> None:
    model_admin = admin.site.get_model_admin(AuditEvent)

    assert model_admin.has_view_permission(request_as(superuser()))
    assert model_admin.has_view_permission(request_as(world.dpo))
    assert not model_admin.has_view_permission(request_as(world.admin))
    assert not model_admin.has_view_permission(request_as(world.caseworker))


def test_it_lists_only_what_the_dpo_may_see(world) -> None:
    model_admin = admin.site.get_model_admin(AuditEvent)
    dpo_events = model_admin.get_queryset(request_as(world.dpo))

    assert dpo_events.exists()
    assert not dpo_events.filter(subject_organisation_id=world.unrelated.pk).exists()
    assert model_admin.get_queryset(request_as(superuser())).count() == AuditEvent.objects.count()


def test_it_shows_the_changelist_read_only_to_a_superuser(world) -> None:
    response = client_for(superuser()).get("/admin/audit/auditevent/")

    assert response.status_code == 200
    assert b"organisation.created" in response.content
    assert b"/admin/audit/auditevent/add/" not in response.content


def test_it_refuses_the_add_page_to_a_superuser(world) -> None:
    response = client_for(superuser()).get("/admin/audit/auditevent/add/")

    assert response.status_code == 403


def test_it_refuses_to_delete_even_for_a_superuser(world) -> None:
    event = AuditEvent.objects.first()

    response = client_for(superuser()).post(f"/admin/audit/auditevent/{event.pk}/delete/")

    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
