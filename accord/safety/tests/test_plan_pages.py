"""The plan page and its forms: start a plan, add items (htmx and without JS), change an item's
status or text, remove one, set the review date, read the versions; bad input changes nothing;
a stale change shows both versions."""

import datetime

from django.utils import timezone

from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.cases.models import Case
from accord.safety import services
from accord.safety.models import ITEM_TEXT_MAX, ItemStatus, SafetyPlan
from accord.testing import Casework, World, client_for

from .helpers import ITEM_TEXT, first_item, plan_url, section, start_plan

HTMX = {"HTTP_HX_REQUEST": "true"}


def add_data(casework: Casework, **extra: str) -> dict[str, str]:
    at_home = section(casework.her_case, "at-home")
    data = {"section": str(at_home.pk), "text": "Spare keys with her sister.", "owner": "her"}
    return data | extra


def test_a_case_without_a_plan_offers_to_start_one(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    page = client.get(plan_url(casework.her_case)).content.decode()
    assert "This case has no safety plan yet." in page
    assert "Start a safety plan" in page
    response = client.post(plan_url(casework.her_case, "start"))
    assert response.status_code == 302
    assert SafetyPlan.objects.filter(case=casework.her_case).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Safety plan started." in page
    assert "During an incident" in page and "Emergency contacts" in page
    assert AuditEvent.objects.filter(action="safety_plan.viewed").count() == 1


def test_it_adds_an_item_without_js(world: World, casework: Casework) -> None:
    start_plan(world, casework.her_case)
    client = client_for(world.caseworker)
    response = client.post(plan_url(casework.her_case, "items"), add_data(casework))
    assert response.status_code == 302
    assert response["Location"].endswith("#section-at-home")
    page = client.get(response["Location"]).content.decode()
    assert "Item added." in page
    assert "Spare keys with her sister." in page
    assert "She does this" in page and "Status: To do" in page


def test_with_htmx_it_answers_the_plan_body(world: World, casework: Casework) -> None:
    start_plan(world, casework.her_case)
    response = client_for(world.caseworker).post(
        plan_url(casework.her_case, "items"), add_data(casework), **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="plan-body">')
    assert "Spare keys with her sister." in html and "Item added." in html
    # The form came back empty.
    assert "sister.</textarea>" not in html


def test_errors_come_back_in_the_form(world: World, casework: Casework) -> None:
    plan = start_plan(world, casework.her_case)
    client = client_for(world.caseworker)
    response = client.post(
        plan_url(casework.her_case, "items"), add_data(casework, owner="other_agency")
    )
    assert response.status_code == 400
    assert "Say which agency does it." in response.content.decode()
    response = client.post(
        plan_url(casework.her_case, "items"), add_data(casework, text="  "), **HTMX
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    oversized = client.post(
        plan_url(casework.her_case, "items"), add_data(casework, text="x" * (ITEM_TEXT_MAX + 1))
    )
    assert oversized.status_code == 400
    assert "at most 2000 characters" in oversized.content.decode()
    plan.refresh_from_db()
    assert plan.version == 1 and not plan.items.exists()


def test_an_unknown_section_is_refused(world: World, casework: Casework) -> None:
    plan = start_plan(world, casework.her_case)
    response = client_for(world.caseworker).post(
        plan_url(casework.her_case, "items"), add_data(casework, section="999999")
    )
    assert response.status_code == 400
    assert not plan.items.exists()


def test_it_changes_an_item_s_status(world: World, casework: Casework) -> None:
    plan = start_plan(world, casework.her_case, items=1)
    item = first_item(plan)
    client = client_for(world.caseworker)
    url = plan_url(casework.her_case, f"items/{item.uid}/status")
    response = client.post(url, {"version": plan.version, "status": ItemStatus.IN_PLACE})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PLACE
    # Stale: the plan moved on (version 3 now); nothing saved, the plan shown as it is.
    response = client.post(url, {"version": 2, "status": ItemStatus.NO_LONGER_NEEDED})
    assert response.status_code == 409
    assert "Someone changed the plan since you opened it" in response.content.decode()
    response = client.post(url, {"version": 2, "status": ItemStatus.NO_LONGER_NEEDED}, **HTMX)
    assert response.status_code == 200
    assert "Nothing was saved." in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PLACE


def test_it_edits_an_item_and_shows_a_conflict(world: World, casework: Casework) -> None:
    plan = start_plan(world, casework.her_case, items=1)
    item = first_item(plan)
    client = client_for(world.caseworker)
    url = plan_url(casework.her_case, f"items/{item.uid}")
    form = client.get(url).content.decode()
    assert 'name="version" value="2"' in form and ITEM_TEXT in form
    services.safety_plan_item_update(
        actor=Actor.for_user(world.manager), item=item, expected_version=2, text="Manager's text"
    )
    data = {"version": 2, "text": "Her text", "owner": "her", "agency": "", "status": "to_do"}
    response = client.post(url, data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Yours (not saved)" in html and "Her text" in html and "Manager&#x27;s text" in html
    assert 'name="version" value="3"' in html
    response = client.post(url, {**data, "version": 3})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == "Her text"


def test_it_removes_an_item_after_asking(world: World, casework: Casework) -> None:
    plan = start_plan(world, casework.her_case, items=1)
    item = first_item(plan)
    client = client_for(world.caseworker)
    url = plan_url(casework.her_case, f"items/{item.uid}/remove")
    assert "Earlier versions of the plan still show it." in client.get(url).content.decode()
    response = client.post(url, {"version": plan.version})
    assert response.status_code == 302
    assert not plan.items.exists()
    versions = client.get(plan_url(casework.her_case, "versions")).content.decode()
    assert f"Removed: {ITEM_TEXT}" in versions


def test_it_sets_the_review_date_within_the_level(world: World, casework: Casework) -> None:
    Case.objects.filter(pk=casework.her_case.pk).update(risk_level="high")
    plan = start_plan(world, casework.her_case)
    client = client_for(world.caseworker)
    url = plan_url(casework.her_case, "review")
    later = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(url, {"version": 1, "review_on": later.isoformat()})
    assert response.status_code == 400
    assert "reviewed within 14 days" in response.content.decode()
    sooner = timezone.localdate() + datetime.timedelta(days=3)
    assert client.post(url, {"version": 1, "review_on": sooner.isoformat()}).status_code == 302
    plan.refresh_from_db()
    assert plan.review_on == sooner


def test_an_overdue_review_is_flagged_in_words(world: World, casework: Casework) -> None:
    plan = start_plan(world, casework.her_case)
    SafetyPlan.objects.filter(pk=plan.pk).update(
        review_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    page = client_for(world.caseworker).get(plan_url(casework.her_case)).content.decode()
    assert "Review overdue" in page


def test_the_versions_page_says_who_when_and_what(world: World, casework: Casework) -> None:
    plan = start_plan(world, casework.her_case, items=1)
    services.safety_plan_item_update(
        actor=Actor.for_user(world.manager),
        item=first_item(plan),
        expected_version=2,
        status=ItemStatus.IN_PLACE,
    )
    page = client_for(world.caseworker).get(plan_url(casework.her_case, "versions")).content
    html = page.decode()
    assert "Plan started." in html
    assert f"Added to “During an incident”: {ITEM_TEXT}" in html
    assert f"“{ITEM_TEXT}”: To do → In place" in html
    assert "manager_a" in html and "caseworker_a" in html
    assert html.index("manager_a") < html.index("caseworker_a")  # newest first
