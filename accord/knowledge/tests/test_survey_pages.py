"""The survey pages: who may answer, code and report, and the 404 for everyone else."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.knowledge.models import AnswerCode, Response, SurveyStatus
from accord.knowledge.services import survey_status_set
from accord.knowledge.tests.helpers import build_network, load_text
from accord.testing import client_for

pytestmark = pytest.mark.django_db

SURVEY = """{
  "survey": {"key": "partners-2026", "title": "Partner support 2026", "questions": [
    {"key": "offers", "text": "Do you offer partner support?", "kind": "single",
     "categories": ["yes", "no"]},
    {"key": "services", "text": "Which services?", "kind": "multiple",
     "categories": ["programme", "helpline", "shelter"]},
    {"key": "staff", "text": "How many staff?", "kind": "number"},
    {"key": "lessons", "text": "What have you learned?", "kind": "open",
     "categories": ["funding", "cooperation", "other"]}
  ]},
  "respondents": [
    {"organisation": "Past Member", "country": "IT",
     "answers": {"offers": ["yes"], "lessons": ["funding"]}}
  ]
}"""


@pytest.fixture
def network(world):
    return build_network(world)


@pytest.fixture
def survey(network):
    survey = load_text(network, SURVEY)
    return survey_status_set(
        actor=Actor.system(),
        survey=survey,
        status=SurveyStatus.OPEN,
        deadline=datetime.date(2099, 1, 1),
    )


def answer(client, survey, organisation, **data):
    url = reverse("knowledge:answer", args=[survey.key, organisation.pk])
    return client.post(url, data)


def test_it_lets_a_member_answer_for_her_organisation_once(world, network, survey) -> None:
    client = client_for(world.manager)
    page = client.get(reverse("knowledge:answer", args=[survey.key, world.womens_aid.pk]))
    assert page.status_code == 200
    response = answer(
        client,
        survey,
        world.womens_aid,
        q_offers="yes",
        q_services=["programme", "helpline"],
        q_staff="7",
        q_lessons="Funding is short; police cooperation helped.",
    )
    assert response.status_code == 302
    saved = Response.objects.get(organisation=world.womens_aid)
    assert saved.country == "ES"
    assert saved.answers.count() == 4
    # Answering again changes the one response, it does not add another
    answer(client, survey, world.womens_aid, q_offers="no", version=str(saved.version))
    assert Response.objects.filter(organisation=world.womens_aid).count() == 1
    assert AuditEvent.objects.filter(action="knowledge.response_submitted").count() == 2


def test_it_refuses_two_choices_on_a_single_choice_question(world, network, survey) -> None:
    client = client_for(world.manager)
    response = answer(client, survey, world.womens_aid, q_offers=["yes", "maybe"])
    assert response.status_code == 400
    assert not Response.objects.filter(organisation=world.womens_aid).exists()


def test_a_stale_answer_is_a_conflict(world, network, survey) -> None:
    client = client_for(world.manager)
    answer(client, survey, world.womens_aid, q_offers="yes")
    saved = Response.objects.get(organisation=world.womens_aid)
    answer(client, survey, world.womens_aid, q_offers="no", version=str(saved.version))
    stale = answer(client, survey, world.womens_aid, q_offers="yes", version=str(saved.version))
    assert stale.status_code == 409


@pytest.mark.parametrize("who", ["caseworker", "outsider", "facilitator"])
def test_nobody_answers_for_an_organisation_she_does_not_represent(
    world, network, survey, who
) -> None:
    # a caseworker of Women's Aid A is not its representative; the outsider works elsewhere
    client = client_for(getattr(world, who))
    url = reverse("knowledge:answer", args=[survey.key, world.womens_aid.pk])
    assert client.get(url).status_code == 404
    assert answer(client, survey, world.womens_aid, q_offers="yes").status_code == 404
    assert not Response.objects.filter(organisation=world.womens_aid).exists()


def test_another_member_cannot_answer_for_women_s_aid(world, network, survey) -> None:
    client = client_for(network.other_member)
    assert answer(client, survey, world.womens_aid, q_offers="yes").status_code == 404
    assert answer(client, survey, world.unrelated, q_offers="yes").status_code == 302


def test_a_draft_survey_is_hidden_from_members(world, network) -> None:
    survey = load_text(network, SURVEY)  # imported surveys are closed; make it a draft
    survey.status = SurveyStatus.DRAFT
    survey.save()
    url = reverse("knowledge:survey", args=[survey.key])
    assert client_for(world.manager).get(url).status_code == 404
    assert client_for(network.analyst).get(url).status_code == 200


def test_an_analyst_codes_an_open_answer_and_the_report_counts_it(world, network, survey) -> None:
    answer(client_for(world.manager), survey, world.womens_aid, q_lessons="Police helped.")
    lesson = Response.objects.get(organisation=world.womens_aid).answers.get(
        question__key="lessons"
    )
    analyst = client_for(network.analyst)
    coding_url = reverse("knowledge:coding", args=[survey.key, "lessons"])
    page = analyst.get(coding_url)
    assert page.status_code == 200
    assert "Police helped." in page.content.decode()
    cooperation = survey.questions.get(key="lessons").categories.get(code="cooperation")
    other = survey.questions.get(key="lessons").categories.get(code="other")
    saved = analyst.post(
        reverse("knowledge:answer_code", args=[survey.key, "lessons", lesson.pk]),
        {f"answer-{lesson.pk}-codes": [cooperation.pk, other.pk], f"answer-{lesson.pk}-slot": "1"},
    )
    assert saved.status_code == 302
    assert AnswerCode.objects.filter(answer=lesson, coder=network.analyst).count() == 2
    report = analyst.get(reverse("knowledge:report", args=[survey.key]))
    assert report.status_code == 200
    text = report.content.decode()
    assert "2 out of 2 respondents answered (0 did not)." in text
    assert "1 out of 2" in text


def test_two_coders_give_an_agreement_figure(world, network, survey) -> None:
    for user, organisation, text in [
        (world.manager, world.womens_aid, "Funding is short."),
        (network.other_member, world.unrelated, "Cooperation with police."),
    ]:
        answer(client_for(user), survey, organisation, q_lessons=text)
    question = survey.questions.get(key="lessons")
    codes = {c.code: c.pk for c in question.categories.all()}
    for user, slot in [(network.analyst, "1"), (network.second_analyst, "2")]:
        client = client_for(user)
        both = [world.womens_aid, world.unrelated]
        for response in Response.objects.filter(organisation__in=both):
            lesson = response.answers.get(question=question)
            code = "funding" if "Funding" in lesson.text else "cooperation"
            client.post(
                reverse("knowledge:answer_code", args=[survey.key, "lessons", lesson.pk]),
                {f"answer-{lesson.pk}-codes": [codes[code]], f"answer-{lesson.pk}-slot": slot},
            )
    report = client_for(network.analyst).get(reverse("knowledge:report", args=[survey.key]))
    text = report.content.decode()
    assert "Krippendorff" in text
    assert "1.00, over 2 answers coded by both" in text


@pytest.mark.parametrize("who", ["manager", "caseworker", "dpo", "admin", "outsider"])
def test_only_the_hub_codes_and_reports(world, network, survey, who) -> None:
    client = client_for(getattr(world, who))
    lesson = survey.responses.get().answers.get(question__key="lessons")
    for url in [
        reverse("knowledge:coding", args=[survey.key, "lessons"]),
        reverse("knowledge:report", args=[survey.key]),
        reverse("knowledge:report_csv", args=[survey.key]),
        reverse("knowledge:report_pdf", args=[survey.key]),
        reverse("knowledge:chart", args=[survey.key, "offers"]),
    ]:
        assert client.get(url).status_code == 404, url
    coded = client.post(
        reverse("knowledge:answer_code", args=[survey.key, "lessons", lesson.pk]),
        {f"answer-{lesson.pk}-codes": [], f"answer-{lesson.pk}-slot": "1"},
    )
    assert coded.status_code == 404
    assert lesson.codes.count() == 1


def test_the_report_exports_csv_pdf_and_charts(network, survey) -> None:
    client = client_for(network.analyst)
    csv = client.get(reverse("knowledge:report_csv", args=[survey.key]))
    assert csv.status_code == 200
    assert "offers,yes,*,1,1,0" in csv.content.decode()
    chart = client.get(reverse("knowledge:chart", args=[survey.key, "offers"]))
    assert chart["Content-Type"] == "image/svg+xml"
    assert b"<svg" in chart.content
    pdf = client.get(reverse("knowledge:report_pdf", args=[survey.key]))
    assert pdf.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "1 out of 1 respondents answered (0 did not)." in " ".join(text.split())
    assert AuditEvent.objects.filter(action="knowledge.report_exported").count() == 2


def test_signed_out_visitors_are_sent_to_sign_in(survey) -> None:
    from django.test import Client

    response = Client().get(reverse("knowledge:report", args=[survey.key]))
    assert response.status_code == 302
