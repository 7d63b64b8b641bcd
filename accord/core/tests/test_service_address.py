"""A service's confidential address is written through audited services, and the demo refuge
has one."""

from django.core.management import call_command

from accord.accounts import services as accounts
from accord.accounts.models import Service
from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.demo.locality import CONFIDENTIAL_ADDRESSES
from accord.testing import World

ADDRESS = "14 Willow Lane, Riverton RV3 8QT"


def test_it_audits_an_address_change_without_the_address(world: World) -> None:
    service = world.support_service
    actor = Actor.for_user(world.manager)
    accounts.service_address_set(actor=actor, service=service, address=ADDRESS)

    event = AuditEvent.objects.filter(action="service.address_changed").get()
    assert (event.object_type, event.object_id) == ("accounts.service", str(service.pk))
    assert event.actor_id == world.manager.pk
    assert event.subject_organisation_id == world.womens_aid.pk
    assert "Willow" not in " ".join(str(value) for value in vars(event).values())
    assert Service.objects.get(pk=service.pk).confidential_address == ADDRESS


def test_it_clears_the_address_to_null(world: World) -> None:
    service = world.support_service
    accounts.service_address_set(actor=Actor.system(), service=service, address=ADDRESS)
    accounts.service_address_set(actor=Actor.system(), service=service, address="")
    assert Service.objects.filter(pk=service.pk, confidential_address__isnull=True).exists()


def test_it_creates_a_service_without_an_address_as_null(world: World) -> None:
    assert world.support_service.confidential_address is None
    assert Service.objects.get(pk=world.support_service.pk).confidential_address is None


def test_it_gives_the_demo_refuge_its_address_once(demo_locality, settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo")
    refuge = Service.objects.get(name="Riverton Refuge")
    assert refuge.confidential_address == CONFIDENTIAL_ADDRESSES["Riverton Refuge"]
    events = AuditEvent.objects.count()

    call_command("seed_demo")

    assert AuditEvent.objects.count() == events


def test_it_adds_the_address_to_an_older_demo_database(demo_locality, settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo")
    Service.objects.filter(name="Riverton Refuge").update(confidential_address=None)

    call_command("seed_demo")

    refuge = Service.objects.get(name="Riverton Refuge")
    assert refuge.confidential_address == CONFIDENTIAL_ADDRESSES["Riverton Refuge"]
