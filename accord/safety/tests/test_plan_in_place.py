"""The safety plan as she works on it: empty sections out of the way, items added and edited
in place (htmx; a plain POST without JS), a plan started in one step from the case page."""

from accord.safety.models import SafetyPlan
from accord.testing import Casework, World, client_for

from .helpers import first_item, plan_url, start_plan

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_empty_sections_wait_on_one_line_each(world: World, casework: Casework) -> None:
    start_plan(world, casework.her_case, items=1)
    page = client_for(world.caseworker).get(plan_url(casework.her_case)).content.decode()
    # One section with its item; the ten others listed under "Nothing yet in".
    assert page.count('class="panel" id="section-') == 1
    assert "Nothing yet in" in page
    assert page.count("Add here") == 10


def test_add_here_chooses_the_section(world: World, casework: Casework) -> None:
    plan = start_plan(world, casework.her_case)
    pets = plan.case.team.service.organisation.plan_sections.get(key="pets")
    page = client_for(world.caseworker).get(plan_url(casework.her_case), {"section": "pets"})
    assert f'<option value="{pets.pk}" selected>' in page.content.decode()


def test_an_item_is_edited_in_place_with_htmx(world: World, casework: Casework) -> None:
    plan = start_plan(world, casework.her_case, items=2)
    item = first_item(plan)
    client = client_for(world.caseworker)
    url = plan_url(casework.her_case, f"items/{item.uid}")

    form = client.get(url, **HTMX).content.decode()
    assert form.lstrip().startswith(f'<li id="item-{item.uid}"')
    assert 'hx-target="closest li"' in form

    data = {"version": plan.version, "text": "New text", "owner": item.owner, "status": "in_place"}
    saved = client.post(url, data, **HTMX)
    assert saved.status_code == 200 and saved["HX-Retarget"] == "#plan-body"
    assert "New text" in saved.content.decode()
    item.refresh_from_db()
    assert item.text == "New text"

    bad = client.post(url, {**data, "text": "", "version": item.plan.version + 1}, **HTMX)
    assert bad.content.decode().lstrip().startswith(f'<li id="item-{item.uid}"')


def test_without_js_the_edit_is_a_plain_post(world: World, casework: Casework) -> None:
    plan = start_plan(world, casework.her_case, items=1)
    item = first_item(plan)
    response = client_for(world.caseworker).post(
        plan_url(casework.her_case, f"items/{item.uid}"),
        {"version": plan.version, "text": "Plain", "owner": item.owner, "status": item.status},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == "Plain"


def test_a_plan_starts_in_one_step_from_the_case_page(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    case_page = client.get(f"/cases/{casework.her_case.reference}/").content.decode()
    start = plan_url(casework.her_case, "start")
    assert f'<form method="post" action="{start}">' in case_page
    response = client.post(start)
    assert response.status_code == 302 and response["Location"].endswith("#item-form")
    assert SafetyPlan.objects.filter(case=casework.her_case).exists()
