import pytest
from django.urls import reverse

from accord.accounts.models import Role
from accord.knowledge.tests.helpers import build_network, load_sample
from accord.testing import client_for, make_user

pytestmark = pytest.mark.django_db


def test_a_hub_admin_keeps_surveys_and_the_glossary_others_do_not(world) -> None:
    network = build_network(world)
    survey = load_sample(network)
    team = network.hub.services.get().teams.get()
    hub_admin = make_user("hub_admin", team, Role.ADMIN, is_staff=True)
    client = client_for(hub_admin)
    assert client.get(reverse("admin:knowledge_survey_change", args=[survey.pk])).status_code == 200
    assert client.get(reverse("admin:knowledge_concept_changelist")).status_code == 200
    other = client_for(world.admin)  # Women's Aid A's admin: not the hub's
    assert other.get(reverse("admin:knowledge_survey_change", args=[survey.pk])).status_code in (
        302,
        404,
    )
    assert other.get(reverse("admin:knowledge_concept_changelist")).status_code == 403
