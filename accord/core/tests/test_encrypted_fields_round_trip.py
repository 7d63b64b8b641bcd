"""Values of every encrypted field kind come back from the database exactly as saved, while the
column holds only a token."""

import datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.accounts import services as accounts
from accord.accounts.models import Organisation, Service, ServiceKind
from accord.audit.context import Actor
from accord.core.tests.encryption_helpers import Dossier, create_dossier_table, raw_column

# The `db` fixture wraps every example in the test's one transaction; rows simply accumulate.
examples = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=False),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=10,
)


def reloaded(dossier: Dossier) -> Dossier:
    return Dossier.objects.get(pk=dossier.pk)


@examples
@given(note=st.text(max_size=50))
def test_it_round_trips_text(db, note: str) -> None:
    create_dossier_table()
    dossier = Dossier.objects.create(note=note)
    assert reloaded(dossier).note == note
    assert raw_column("core_test_dossier", "note", dossier.pk).startswith("v1:")


@examples
@given(born=st.dates())
def test_it_round_trips_dates(db, born: datetime.date) -> None:
    create_dossier_table()
    dossier = Dossier.objects.create(born=born)
    assert reloaded(dossier).born == born
    assert born.isoformat() not in raw_column("core_test_dossier", "born", dossier.pk)


@examples
@given(facts=json_values.filter(lambda value: value is not None))
def test_it_round_trips_json(db, facts: Any) -> None:
    create_dossier_table()
    dossier = Dossier.objects.create(facts=facts)
    assert reloaded(dossier).facts == facts


def test_it_stores_none_as_null(db) -> None:
    create_dossier_table()
    dossier = Dossier.objects.create()
    for column in ("note", "born", "facts"):
        assert raw_column("core_test_dossier", column, dossier.pk) is None
    dossier = reloaded(dossier)
    assert (dossier.note, dossier.born, dossier.facts) == (None, None, None)


def test_it_accepts_an_iso_string_for_a_date(db) -> None:
    create_dossier_table()
    dossier = Dossier(born="1990-02-28")
    dossier.full_clean()
    dossier.save()
    assert reloaded(dossier).born == datetime.date(1990, 2, 28)


@examples
@given(address=st.text(min_size=1, max_size=200))
def test_it_round_trips_a_service_address(db, address: str) -> None:
    organisation = Organisation.objects.first() or accounts.organisation_create(
        actor=Actor.system(), name="Refuges", slug="refuges", country="ES", languages=["es"]
    )
    service = accounts.service_create(
        actor=Actor.system(),
        organisation=organisation,
        name=f"Refuge {Service.objects.count()}",
        kind=ServiceKind.SURVIVOR_SUPPORT,
        confidential_address=address,
    )
    assert Service.objects.get(pk=service.pk).confidential_address == address
    assert raw_column("accounts_service", "confidential_address", service.pk).startswith("v1:")
