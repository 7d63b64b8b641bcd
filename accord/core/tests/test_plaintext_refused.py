"""The database layer never writes or compares plaintext of an encrypted field."""

import pytest
from django.core.exceptions import FieldError

from accord.accounts import services as accounts
from accord.accounts.models import Service
from accord.audit.context import Actor
from accord.core.fields import Sealed
from accord.testing import World

ADDRESS = "14 Willow Lane, Riverton RV3 8QT"


@pytest.fixture
def service(world: World) -> Service:
    return accounts.service_address_set(
        actor=Actor.system(), service=world.support_service, address=ADDRESS
    )


def test_it_refuses_plaintext_in_update(service: Service) -> None:
    with pytest.raises(TypeError, match="encrypted"):
        Service.objects.filter(pk=service.pk).update(confidential_address=ADDRESS)


def test_it_refuses_plaintext_in_filter_and_exclude(service: Service) -> None:
    with pytest.raises(TypeError, match="blind index"):
        Service.objects.filter(confidential_address=ADDRESS).exists()
    with pytest.raises(TypeError, match="blind index"):
        Service.objects.exclude(confidential_address=ADDRESS).exists()


@pytest.mark.parametrize("lookup", ["iexact", "contains", "icontains", "startswith", "in", "gt"])
def test_it_offers_no_lookups_but_isnull(service: Service, lookup: str) -> None:
    with pytest.raises(FieldError):
        Service.objects.filter(**{f"confidential_address__{lookup}": ADDRESS}).exists()


def test_it_refuses_plaintext_in_bulk_update(service: Service) -> None:
    service.confidential_address = "Elsewhere"
    with pytest.raises(TypeError):
        Service.objects.bulk_update([service], ["confidential_address"])


def test_it_answers_whether_there_is_a_value(service: Service, world: World) -> None:
    with_address = Service.objects.filter(confidential_address__isnull=False)
    assert list(with_address) == [service]
    assert service not in Service.objects.filter(confidential_address=None)
    assert Service.objects.filter(confidential_address=None).exists()


def test_it_keeps_values_queries_sealed(service: Service) -> None:
    [value] = Service.objects.filter(pk=service.pk).values_list("confidential_address", flat=True)
    assert isinstance(value, Sealed)
    assert ADDRESS not in f"{value} {value!r}"
