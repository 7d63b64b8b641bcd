"""The knowledge exchange holds no person data and opens none: its hub staff reach no case or
person; every model of the app has a registered rule; reminders go to those who have not
answered."""

import datetime

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse

from accord.access import registry
from accord.access.policy import visible_to
from accord.audit.context import Actor
from accord.cases.models import Case, Note
from accord.knowledge.models import SurveyStatus
from accord.knowledge.services import response_submit, survey_remind, survey_status_set
from accord.knowledge.tests.helpers import build_network, load_sample
from accord.people.models import Person
from accord.testing import build_casework, client_for

pytestmark = pytest.mark.django_db


def test_every_model_of_the_app_has_a_rule() -> None:
    for model in apps.get_app_config("knowledge").get_models():
        if model._meta.auto_created:
            continue
        assert registry.rule_of(model), model


def test_the_hub_s_analysts_and_editors_reach_no_person_level_record(world) -> None:
    casework = build_casework(world)
    network = build_network(world)
    for user in [network.analyst, network.editor, network.second_analyst]:
        for model in [Case, Person, Note]:
            assert not visible_to(user, model).exists(), (user, model)
        client = client_for(user)
        assert (
            client.get(reverse("cases:case", args=[casework.her_case.reference])).status_code == 404
        )


def test_reminders_go_to_members_that_have_not_answered(world) -> None:
    network = build_network(world)
    today = datetime.date(2030, 3, 1)
    survey = survey_status_set(
        actor=Actor.system(),
        survey=load_sample(network),
        status=SurveyStatus.OPEN,
        deadline=today + datetime.timedelta(days=7),
    )
    reminded = survey_remind(actor=Actor.system(), today=today)
    # every member organisation but the hub: the persona world's four and the sample's fifteen
    # respondents, who answered (they were loaded from the file)
    assert reminded == 4
    recipients = {address for message in mail.outbox for address in message.to}
    assert "manager_a@example.org" in recipients  # Women's Aid A's manager represents it
    assert "caseworker_a@example.org" not in recipients
    assert "hub_analyst@example.org" not in recipients
    mail.outbox.clear()
    survey.deadline = datetime.date(2099, 1, 1)
    survey.save()
    response_submit(
        actor=Actor.for_user(world.manager),
        survey=survey,
        organisation=world.womens_aid,
        answers={"offers_partner_support": "yes"},
    )
    survey.deadline = today + datetime.timedelta(days=1)
    survey.save()
    assert survey_remind(actor=Actor.system(), today=today) == 3
    assert survey_remind(actor=Actor.system(), today=today + datetime.timedelta(days=2)) == 0
