"""The hub's own pages: loading a survey file, translating an entry, recording attendance."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.audit.context import Actor
from accord.knowledge.models import EventKind, PracticeTranslation, Registration, Survey
from accord.knowledge.services import event_create, registration_set
from accord.knowledge.tests.helpers import SAMPLE, build_network, submit_entry
from accord.testing import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(world):
    return build_network(world)


def upload(client, network, content: bytes):
    return client.post(
        reverse("knowledge:survey_upload"),
        {"hub": network.hub.pk, "file": SimpleUploadedFile("s.json", content)},
    )


def test_the_hub_s_editor_loads_a_survey_file(network) -> None:
    client = client_for(network.editor)
    assert client.get(reverse("knowledge:survey_upload")).status_code == 200
    response = upload(client, network, SAMPLE.read_bytes())
    assert response.status_code == 302
    assert Survey.objects.get().responses.count() == 15


def test_a_malformed_file_is_refused_with_its_lines(network) -> None:
    bad = b'{"survey": {"key": "s", "title": "S", "questions": []},\n "respondents": [\n' + (
        b' {"organisation": "A", "country": "XX"}]}'
    )
    response = upload(client_for(network.editor), network, bad)
    assert response.status_code == 400
    assert "line 3:" in response.content.decode()
    assert not Survey.objects.exists()


@pytest.mark.parametrize("who", ["analyst", "other_member"])
def test_only_the_hub_s_editors_load_files(network, who) -> None:
    client = client_for(getattr(network, who))
    assert client.get(reverse("knowledge:survey_upload")).status_code == 404
    assert upload(client, network, SAMPLE.read_bytes()).status_code == 404
    assert not Survey.objects.exists()


def test_a_member_translates_her_entry_others_do_not(world, network) -> None:
    entry = submit_entry(world.manager, world.womens_aid)
    url = reverse("knowledge:practice_translate", args=[entry.pk])
    data = {"language": "es", "title": "Revisión conjunta", "summary": "Cada semana."}
    assert client_for(network.other_member).post(url, data).status_code == 404
    assert client_for(world.caseworker).post(url, data).status_code == 404
    assert not PracticeTranslation.objects.exists()
    assert client_for(world.manager).post(url, data).status_code == 302
    assert PracticeTranslation.objects.get().title == "Revisión conjunta"


def test_the_hub_records_attendance_members_do_not(world, network) -> None:
    start = datetime.datetime(2030, 5, 12, 9, tzinfo=datetime.UTC)
    event = event_create(
        actor=Actor.system(),
        hub=network.hub,
        kind=EventKind.STUDY_VISIT,
        title="Study visit",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
    )
    registration = registration_set(
        actor=Actor.system(), event=event, organisation=world.womens_aid, participants=3
    )
    url = reverse("knowledge:attendance", args=[event.pk, registration.pk])
    assert client_for(world.manager).post(url, {"attended": 3}).status_code == 404
    assert client_for(network.analyst).post(url, {"attended": 3}).status_code == 404
    assert client_for(network.editor).post(url, {"attended": 2}).status_code == 302
    assert Registration.objects.get().attended == 2
    client_for(network.editor).post(url, {"attended": 9})
    assert Registration.objects.get().attended == 2  # more than registered: refused


def test_the_editor_loads_and_downloads_an_xlsform(network, world) -> None:
    client = client_for(network.editor)
    form = (
        b"survey,,,\n,type,name,label\n,select_one yn,offers,Offers?\n,text,why,Why?\n"
        b"choices,,,\n,list_name,name,label\n,yn,yes,Yes\n,yn,no,No\n"
        b"settings,,,\n,form_title,form_id,\n,Offers,offers-2026,\n"
    )
    response = client.post(
        reverse("knowledge:survey_upload"),
        {"hub": network.hub.pk, "file": SimpleUploadedFile("form.csv", form)},
    )
    assert response.status_code == 302
    survey = Survey.objects.get(key="offers-2026")
    download = client.get(reverse("knowledge:xlsform", args=[survey.key]))
    assert "select_one offers,offers,Offers?" in download.content.decode()
    assert (
        client_for(network.analyst).get(reverse("knowledge:xlsform", args=[survey.key])).status_code
        == 404
    )
    assert (
        client_for(world.manager).get(reverse("knowledge:xlsform", args=[survey.key])).status_code
        == 404
    )
