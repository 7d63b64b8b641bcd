"""Adding a note: inline with htmx, or a plain POST without JS; only by those who work the case;
bad input changes nothing."""

import pytest
from django.test import Client

from accord.audit.models import AuditEvent
from accord.cases.forms import NOTE_MAX
from accord.cases.models import Note
from accord.testing import Casework, World, client_for

from .helpers import HTMX, case_url

NOTE = {
    "contact_type": "phone",
    "visibility": "disclosure",
    "text": "She called from a friend's phone.",
}


def test_it_adds_a_note_without_js_and_goes_back_to_the_case(
    world: World, casework: Casework
) -> None:
    client = client_for(world.caseworker)
    response = client.post(case_url(casework.her_case, "notes"), NOTE)
    assert response.status_code == 302
    assert response["Location"] == case_url(casework.her_case) + "#chronology"
    assert casework.her_case.notes.filter(author=world.caseworker).count() == 2
    assert AuditEvent.objects.filter(action="note.added").count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "Note added." in page
    assert "She called from a friend&#x27;s phone." in page


def test_with_htmx_it_answers_a_fresh_form_and_the_new_chronology(
    world: World, casework: Casework
) -> None:
    response = client_for(world.caseworker).post(case_url(casework.her_case, "notes"), NOTE, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="note-form"')
    assert '<section id="chronology"' in html and 'hx-swap-oob="true"' in html
    assert "She called from a friend&#x27;s phone." in html
    # The form came back empty.
    assert "friend&#x27;s phone.</textarea>" not in html
    assert not AuditEvent.objects.filter(action="case.viewed").exists()


def test_with_htmx_errors_come_back_in_the_form_partial(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).post(
        case_url(casework.her_case, "notes"), {**NOTE, "text": "   "}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="note-form"')
    assert "errorlist" in html
    assert casework.her_case.notes.count() == 1


def test_without_js_errors_come_back_on_the_whole_page(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).post(
        case_url(casework.her_case, "notes"), {**NOTE, "text": ""}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert casework.her_case.notes.count() == 1


def test_an_oversized_note_is_refused_and_nothing_saved(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).post(
        case_url(casework.her_case, "notes"), {**NOTE, "text": "x" * (NOTE_MAX + 1)}
    )
    assert response.status_code == 400
    assert "Ensure this value has at most 20000 characters" in response.content.decode()
    assert casework.her_case.notes.count() == 1


def test_a_note_of_exactly_the_limit_is_kept(world: World, casework: Casework) -> None:
    client_for(world.caseworker).post(
        case_url(casework.her_case, "notes"), {**NOTE, "text": "x" * NOTE_MAX}
    )
    assert len(casework.her_case.notes.order_by("-pk").first().text) == NOTE_MAX


def test_an_unknown_contact_type_is_refused(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).post(
        case_url(casework.her_case, "notes"), {**NOTE, "contact_type": "pigeon"}
    )
    assert response.status_code == 400
    assert casework.her_case.notes.count() == 1


@pytest.mark.parametrize("persona", ["facilitator", "police_liaison", "outsider", "admin", "dpo"])
def test_anyone_who_may_not_work_her_case_gets_a_404(
    world: World, casework: Casework, persona: str
) -> None:
    response = client_for(getattr(world, persona)).post(case_url(casework.her_case, "notes"), NOTE)
    assert response.status_code == 404
    assert Note.objects.count() == 1


def test_the_dpo_sees_no_note_form(world: World, casework: Casework) -> None:
    assert (
        "Add the note"
        not in client_for(world.dpo).get(case_url(casework.her_case)).content.decode()
    )


def test_anonymous_posts_are_sent_to_sign_in(casework: Casework) -> None:
    response = Client().post(case_url(casework.her_case, "notes"), NOTE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Note.objects.count() == 1
