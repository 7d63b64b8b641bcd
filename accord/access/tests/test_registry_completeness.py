"""Every model that holds person data has an access rule: an encrypted field, or a key to a case
or a person, makes a model person data; it is registered in its app's access.py, or declared as
reached through its parent. A model added without one fails here, not in production."""

from django.apps import apps
from django.db import models

from accord.access import registry
from accord.cases.models import Case
from accord.core.fields import EncryptedField
from accord.people.models import Person


def holds_person_data(model: type[models.Model]) -> bool:
    if any(isinstance(field, EncryptedField) for field in model._meta.local_concrete_fields):
        return True
    return any(
        isinstance(field, models.ForeignKey | models.OneToOneField)
        and field.related_model in (Case, Person)
        for field in model._meta.get_fields()
        if field.concrete
    )


def test_every_model_that_holds_person_data_has_a_rule() -> None:
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("accord.")
        and holds_person_data(model)
        and model not in {rule.model for rule in registry.registered()}
    ]
    assert not missing, (
        "register their rules in their apps' access.py (accord/access/registry.py): "
        + ", ".join(sorted(missing))
    )


def test_the_completeness_check_sees_person_data() -> None:
    assert holds_person_data(Person) and holds_person_data(Case)
    assert not holds_person_data(apps.get_model("accounts", "Team"))
