"""Encrypted fields behave like ordinary ones wherever Django handles a model: validation,
reloading, deferred loading, forms, serialisation, migrations and system checks."""

import datetime
import json

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import modelform_factory
from django.test.utils import isolate_apps

from accord.accounts import services as accounts
from accord.accounts.models import Service
from accord.audit.context import Actor
from accord.core.fields import EncryptedJSONField, EncryptedTextField, Sealed, encrypted_fields
from accord.core.tests.encryption_helpers import Dossier, create_dossier_table
from accord.testing import World, client_for

ADDRESS = "14 Willow Lane, Riverton RV3 8QT"


@pytest.fixture
def service(world: World) -> Service:
    return accounts.service_address_set(
        actor=Actor.system(), service=world.support_service, address=ADDRESS
    )


def test_it_validates_the_plaintext(db) -> None:
    create_dossier_table()
    with pytest.raises(ValidationError) as raised:
        Dossier(note="x" * 51, born="1990-02-30").full_clean()
    assert set(raised.value.message_dict) == {"note", "born"}
    Dossier(note="x" * 50, born="1990-02-28", facts={"a": 1}).full_clean()


def test_it_refuses_a_value_json_cannot_hold(db) -> None:
    create_dossier_table()
    with pytest.raises(ValidationError):
        Dossier(facts={"when": datetime.date(2020, 1, 1)}).full_clean()


def test_it_reloads_with_refresh_from_db(service: Service) -> None:
    stale = Service.objects.get(pk=service.pk)
    assert stale.confidential_address == ADDRESS
    accounts.service_address_set(actor=Actor.system(), service=service, address="Elsewhere 2")
    stale.refresh_from_db()
    assert stale.confidential_address == "Elsewhere 2"
    stale.refresh_from_db(fields=["confidential_address"])
    assert stale.confidential_address == "Elsewhere 2"


def test_it_loads_a_deferred_field_in_one_query(
    service: Service, django_assert_num_queries
) -> None:
    deferred = Service.objects.defer("confidential_address").get(pk=service.pk)
    assert "confidential_address" in deferred.get_deferred_fields()
    # SELECT uid, confidential_address FROM accounts_service WHERE id = …
    with django_assert_num_queries(1):
        assert deferred.confidential_address == ADDRESS


def test_it_loads_deferred_fields_for_peers_together(
    service: Service, world: World, django_assert_num_queries
) -> None:
    accounts.service_address_set(
        actor=Actor.system(), service=world.programme.services.get(), address="Programme House"
    )
    services = list(
        Service.objects.defer("confidential_address").fetch_mode(models.FETCH_PEERS).order_by("pk")
    )
    # SELECT id, confidential_address FROM accounts_service WHERE id IN (…)
    with django_assert_num_queries(1):
        addresses = {s.pk: s.confidential_address for s in services}
    assert addresses[service.pk] == ADDRESS
    assert "Programme House" in addresses.values()


def test_it_loads_the_uid_when_only_the_field_was_selected(service: Service) -> None:
    only = Service.objects.only("confidential_address").get(pk=service.pk)
    assert only.confidential_address == ADDRESS


def test_it_decrypts_once_and_only_when_read(service: Service, monkeypatch) -> None:
    from accord.core import crypto

    calls = []
    real = crypto.decrypt
    monkeypatch.setattr(crypto, "decrypt", lambda *a, **k: calls.append(1) or real(*a, **k))
    loaded = Service.objects.get(pk=service.pk)
    assert calls == []
    assert loaded.confidential_address == loaded.confidential_address == ADDRESS
    assert calls == [1]


def test_it_saves_a_value_it_never_read(service: Service) -> None:
    loaded = Service.objects.get(pk=service.pk)
    loaded.name = "Renamed"
    loaded.save()
    assert Service.objects.get(pk=service.pk).confidential_address == ADDRESS


def test_it_shows_and_takes_plaintext_in_a_model_form(service: Service) -> None:
    Form = modelform_factory(Service, fields=["confidential_address"])
    assert ADDRESS in str(Form(instance=service))
    form = Form({"confidential_address": "Elsewhere 2"}, instance=service)
    assert form.is_valid(), form.errors
    form.save()
    assert Service.objects.get(pk=service.pk).confidential_address == "Elsewhere 2"
    cleared = Form({"confidential_address": ""}, instance=service)
    assert cleared.is_valid()
    cleared.save()
    assert Service.objects.get(pk=service.pk).confidential_address is None


def test_it_leaves_the_address_out_of_the_admin(service: Service, world: World) -> None:
    response = client_for(world.admin).get(f"/admin/accounts/service/{service.pk}/change/")
    assert response.status_code == 200
    assert ADDRESS.encode() not in response.content
    assert b"confidential_address" not in response.content


def test_it_serialises_the_token_not_the_plaintext(service: Service) -> None:
    loaded = Service.objects.get(pk=service.pk)
    [row] = json.loads(serializers.serialize("json", [loaded]))
    assert row["fields"]["confidential_address"].startswith("v1:")
    loaded.confidential_address  # noqa: B018 - read it, so that plaintext sits on the instance
    [row] = json.loads(serializers.serialize("json", [loaded]))
    assert row["fields"]["confidential_address"].startswith("v1:")
    assert ADDRESS not in json.dumps(row)


def test_it_survives_a_migration_round_trip() -> None:
    field = EncryptedJSONField(null=True, blank=True, encoder=json.JSONEncoder)
    name, path, args, kwargs = field.deconstruct()
    assert path == "accord.core.fields.EncryptedJSONField"
    assert kwargs == {"null": True, "blank": True, "encoder": json.JSONEncoder}
    assert EncryptedJSONField(*args, **kwargs).encoder is json.JSONEncoder


def test_it_lists_every_encrypted_column() -> None:
    assert (Service, ["confidential_address"]) in encrypted_fields()
    # The test model lives outside the installed apps.
    assert all(model is not Dossier for model, _ in encrypted_fields())


def test_it_gives_a_form_field_of_the_right_kind() -> None:
    assert type(Dossier._meta.get_field("born").formfield()).__name__ == "DateField"
    assert type(Dossier._meta.get_field("facts").formfield()).__name__ == "JSONField"
    assert Dossier._meta.get_field("note").formfield().max_length == 50


@isolate_apps("accord.core")
def test_it_requires_an_encrypted_model() -> None:
    class Plain(models.Model):
        secret = EncryptedTextField()

        class Meta:
            app_label = "core"

        def __str__(self) -> str:
            return "plain"

    assert [error.id for error in Plain.check()] == ["core.E010"]
    with pytest.raises(Exception, match="EncryptedModel"):
        Plain._meta.get_field("secret").seal(Plain(), "x")


@isolate_apps("accord.core")
def test_it_refuses_an_index_on_ciphertext() -> None:
    from accord.core.models import EncryptedModel

    class Indexed(EncryptedModel):
        secret = EncryptedTextField(db_index=True)

        class Meta:
            app_label = "core"

    assert [error.id for error in Indexed.check()] == ["core.E011"]


def test_it_keeps_a_sealed_value_sealed_on_assignment(service: Service) -> None:
    raw = Service.objects.values_list("confidential_address", flat=True).get(pk=service.pk)
    copy = Service.objects.get(pk=service.pk)
    copy.confidential_address = raw
    assert isinstance(raw, Sealed)
    assert copy.confidential_address == ADDRESS
