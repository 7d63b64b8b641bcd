"""The inline adds are rendered only when asked for: the case page shows a link in place of
each form; htmx fetches the form's partial, and without JS the link opens the case page with
that form. Asking for a form is refused (404) to anyone who may not use it."""

import pytest

from accord.audit.models import AuditEvent
from accord.testing import Casework, World, client_for

from .helpers import HTMX, case_url, main_html

FORMS = [
    ("notes", "note-form", "Add a note or contact", "Add the note"),
    ("incidents", "incident-form", "Record an incident", "Record the incident"),
    ("tasks", "task-form", "Add a task", "Add the task"),
]


def test_the_case_page_links_to_each_form_instead_of_rendering_it(
    world: World, casework: Casework
) -> None:
    page = main_html(client_for(world.caseworker).get(case_url(casework.her_case)))
    for action, _, link, submit in FORMS:
        assert f'hx-get="{case_url(casework.her_case, action)}"' in page
        assert link in page
        assert submit not in page


@pytest.mark.parametrize("action, element_id, link, submit", FORMS)
def test_with_htmx_the_link_fetches_the_form_alone(
    world: World, casework: Casework, action: str, element_id: str, link: str, submit: str
) -> None:
    response = client_for(world.caseworker).get(case_url(casework.her_case, action), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<div id="{element_id}"')
    assert "<html" not in html
    assert submit in html and "autofocus" in html
    # A blank form shows nothing of her: not an audited read.
    assert not AuditEvent.objects.filter(action="case.viewed").exists()


@pytest.mark.parametrize("action, element_id, link, submit", FORMS)
def test_without_js_the_link_opens_the_case_page_with_the_form(
    world: World, casework: Casework, action: str, element_id: str, link: str, submit: str
) -> None:
    response = client_for(world.caseworker).get(case_url(casework.her_case, action))
    assert response.status_code == 200
    page = main_html(response)
    assert '<section id="chronology"' in page
    assert submit in page and link not in page
    # The whole case page, so a read of her record like any other.
    assert AuditEvent.objects.filter(action="case.viewed").count() == 1


def test_the_task_form_offers_her_by_default(world: World, casework: Casework) -> None:
    html = (
        client_for(world.caseworker)
        .get(case_url(casework.her_case, "tasks"), **HTMX)
        .content.decode()
    )
    assert f'<option value="{world.caseworker.pk}" selected>' in html


@pytest.mark.parametrize("persona", ["facilitator", "police_liaison", "outsider", "admin", "dpo"])
@pytest.mark.parametrize("action", ["notes", "incidents", "tasks"])
def test_anyone_who_may_not_work_her_case_gets_a_404(
    world: World, casework: Casework, persona: str, action: str
) -> None:
    client = client_for(getattr(world, persona))
    assert client.get(case_url(casework.her_case, action), **HTMX).status_code == 404
    assert client.get(case_url(casework.her_case, action)).status_code == 404
