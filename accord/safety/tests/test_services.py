"""Safety-plan services: every change makes a version, the review date follows the risk level,
a stale change is refused, and bad input changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.cases.models import Case
from accord.core.locking import StaleVersion
from accord.safety import services
from accord.safety.models import (
    ITEM_TEXT_MAX,
    ItemOwner,
    ItemStatus,
    PlanChange,
    PlanSection,
    SafetyPlan,
    SafetyPlanItem,
)
from accord.testing import Casework, World

from .helpers import ITEM_TEXT, first_item, section, start_plan


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def set_level(case: Case, level: str) -> None:
    Case.objects.filter(pk=case.pk).update(risk_level=level)
    case.risk_level = level


def test_it_starts_a_plan_with_the_default_sections_and_a_first_version(
    world: World, casework: Casework
) -> None:
    plan = start_plan(world, casework.her_case)

    keys = list(
        PlanSection.objects.filter(organisation=world.womens_aid).values_list("key", flat=True)
    )
    assert keys[0] == "during-an-incident" and keys[-1] == "emergency-contacts"
    assert len(keys) == 11
    assert plan.version == 1
    version = plan.versions.get()
    assert (version.number, version.change, version.created_by) == (
        1,
        PlanChange.STARTED,
        world.caseworker,
    )
    assert version.snapshot["items"] == []
    assert AuditEvent.objects.filter(action="safety_plan.started").count() == 1


def test_a_second_organisation_plan_reuses_the_sections(world: World, casework: Casework) -> None:
    start_plan(world, casework.her_case)
    services.plan_sections_ensure(actor=Actor.system(), organisation=world.womens_aid)
    assert PlanSection.objects.filter(organisation=world.womens_aid).count() == 11
    assert AuditEvent.objects.filter(action="safety_plan.sections_created").count() == 1


def test_a_case_has_one_plan(world: World, casework: Casework) -> None:
    start_plan(world, casework.her_case)
    with pytest.raises(ValidationError, match="already has a safety plan"):
        start_plan(world, casework.her_case)
    assert SafetyPlan.objects.count() == 1


def test_his_programme_case_gets_no_plan(world: World, casework: Casework) -> None:
    with pytest.raises(ValidationError, match="survivor-side"):
        services.safety_plan_start(actor=Actor.for_user(world.facilitator), case=casework.his_case)
    assert not SafetyPlan.objects.exists()


def test_every_change_bumps_the_version_and_keeps_a_snapshot(
    world: World, casework: Casework
) -> None:
    plan = start_plan(world, casework.her_case, items=1)
    actor = Actor.for_user(world.manager)
    item = first_item(plan)
    services.safety_plan_item_update(
        actor=actor, item=item, expected_version=2, status=ItemStatus.IN_PLACE
    )
    plan.refresh_from_db()
    services.safety_plan_review_set(
        actor=actor, plan=plan, review_on=days_from_today(7), expected_version=3
    )
    services.safety_plan_item_remove(actor=actor, item=item, expected_version=4)

    plan.refresh_from_db()
    assert plan.version == 5
    versions = list(plan.versions.order_by("number"))
    assert [v.change for v in versions] == [
        PlanChange.STARTED,
        PlanChange.ITEM_ADDED,
        PlanChange.ITEM_CHANGED,
        PlanChange.REVIEW_SET,
        PlanChange.ITEM_REMOVED,
    ]
    assert [v.created_by for v in versions] == [world.caseworker] * 2 + [world.manager] * 3
    assert versions[1].snapshot["items"][0]["text"] == ITEM_TEXT
    assert versions[2].snapshot["items"][0]["status"] == ItemStatus.IN_PLACE
    assert versions[3].snapshot["review_on"] == days_from_today(7).isoformat()
    assert versions[4].snapshot["items"] == []
    assert plan.updated_by == world.manager
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "safety_plan.item_added",
        "safety_plan.item_changed",
        "safety_plan.review_set",
        "safety_plan.item_removed",
    } <= actions


def test_an_item_s_text_is_encrypted_at_rest(world: World, casework: Casework) -> None:
    plan = start_plan(world, casework.her_case, items=1)
    raw = SafetyPlanItem.objects.values_list("text", flat=True).get()
    assert ITEM_TEXT not in str(raw)
    raw_snapshot = plan.versions.filter(number=2).values_list("snapshot", flat=True).get()
    assert ITEM_TEXT not in str(raw_snapshot)


def test_a_change_with_nothing_new_makes_no_version(world: World, casework: Casework) -> None:
    plan = start_plan(world, casework.her_case, items=1)
    services.safety_plan_item_update(
        actor=Actor.for_user(world.caseworker),
        item=first_item(plan),
        expected_version=2,
        text=ITEM_TEXT,
    )
    plan.refresh_from_db()
    assert plan.version == 2


def test_a_stale_change_is_refused_and_changes_nothing(world: World, casework: Casework) -> None:
    plan = start_plan(world, casework.her_case, items=2)  # version 3
    item = first_item(plan)
    with pytest.raises(StaleVersion) as stale:
        services.safety_plan_item_update(
            actor=Actor.for_user(world.manager), item=item, expected_version=2, text="Changed"
        )
    assert stale.value.current.version == 3
    item.refresh_from_db()
    assert item.text == ITEM_TEXT
    with pytest.raises(StaleVersion):
        services.safety_plan_item_remove(
            actor=Actor.for_user(world.manager), item=item, expected_version=1
        )
    assert plan.items.count() == 2
    assert plan.versions.count() == 3


@pytest.mark.parametrize(
    ("level", "days"), [("high", 14), ("medium", 42), ("standard", 91), ("", 91)]
)
def test_the_review_date_follows_the_risk_level(
    world: World, casework: Casework, level: str, days: int
) -> None:
    set_level(casework.her_case, level)
    plan = start_plan(world, casework.her_case)
    assert plan.review_on == days_from_today(days)


def test_the_review_days_are_a_setting(world: World, casework: Casework, settings) -> None:
    settings.ACCORD_SAFETY_PLAN_REVIEW_DAYS = {"high": 7, "medium": 30, "standard": 60}
    set_level(casework.her_case, "high")
    assert start_plan(world, casework.her_case).review_on == days_from_today(7)


def test_a_change_after_the_level_rose_brings_the_review_forward(
    world: World, casework: Casework
) -> None:
    plan = start_plan(world, casework.her_case)
    assert plan.review_on == days_from_today(91)
    set_level(casework.her_case, "high")
    services.safety_plan_item_add(
        actor=Actor.for_user(world.caseworker),
        plan=plan,
        section=section(casework.her_case, "at-home"),
        text="Change the locks.",
        owner=ItemOwner.CASEWORKER,
    )
    plan.refresh_from_db()
    assert plan.review_on == days_from_today(14)


def test_an_earlier_review_date_is_kept_through_changes(world: World, casework: Casework) -> None:
    plan = start_plan(world, casework.her_case)
    services.safety_plan_review_set(
        actor=Actor.for_user(world.caseworker),
        plan=plan,
        review_on=days_from_today(5),
        expected_version=1,
    )
    plan.refresh_from_db()
    plan.case = casework.her_case
    services.safety_plan_item_add(
        actor=Actor.for_user(world.caseworker),
        plan=plan,
        section=section(casework.her_case, "at-home"),
        text="Change the locks.",
        owner=ItemOwner.CASEWORKER,
    )
    plan.refresh_from_db()
    assert plan.review_on == days_from_today(5)


def test_a_review_date_later_than_the_level_allows_is_refused(
    world: World, casework: Casework
) -> None:
    set_level(casework.her_case, "high")
    plan = start_plan(world, casework.her_case)
    with pytest.raises(ValidationError) as refused:
        services.safety_plan_review_set(
            actor=Actor.for_user(world.caseworker),
            plan=plan,
            review_on=days_from_today(15),
            expected_version=1,
        )
    message = refused.value.message_dict["review_on"][0]
    assert "(high)" in message and "14 days" in message
    assert date_format(days_from_today(14), "DATE_FORMAT") in message
    plan.refresh_from_db()
    assert (plan.version, plan.review_on) == (1, days_from_today(14))


def test_a_review_date_in_the_past_is_refused(world: World, casework: Casework) -> None:
    plan = start_plan(world, casework.her_case)
    with pytest.raises(ValidationError, match="today or a later date"):
        services.safety_plan_review_set(
            actor=Actor.for_user(world.caseworker),
            plan=plan,
            review_on=days_from_today(-1),
            expected_version=1,
        )


def test_an_oversized_item_is_refused_and_nothing_saved(world: World, casework: Casework) -> None:
    plan = start_plan(world, casework.her_case)
    with pytest.raises(ValidationError) as refused:
        services.safety_plan_item_add(
            actor=Actor.for_user(world.caseworker),
            plan=plan,
            section=section(casework.her_case, "at-home"),
            text="x" * (ITEM_TEXT_MAX + 1),
            owner=ItemOwner.HER,
        )
    assert "2000 characters" in refused.value.message_dict["text"][0]
    plan.refresh_from_db()
    assert plan.version == 1
    assert not plan.items.exists()
    assert plan.versions.count() == 1
    assert not AuditEvent.objects.filter(action="safety_plan.item_added").exists()


def test_an_item_of_exactly_the_limit_is_kept(world: World, casework: Casework) -> None:
    plan = start_plan(world, casework.her_case)
    item = services.safety_plan_item_add(
        actor=Actor.for_user(world.caseworker),
        plan=plan,
        section=section(casework.her_case, "at-home"),
        text="x" * ITEM_TEXT_MAX,
        owner=ItemOwner.HER,
    )
    assert len(SafetyPlanItem.objects.get(pk=item.pk).text) == ITEM_TEXT_MAX


@pytest.mark.parametrize(
    ("text", "owner", "agency", "field"),
    [
        ("   ", ItemOwner.HER, "", "text"),
        ("Call the police", "neighbour", "", "owner"),
        ("Call the police", ItemOwner.OTHER_AGENCY, "", "agency"),
        ("Call the police", ItemOwner.HER, "Police", "agency"),
    ],
)
def test_bad_items_are_refused_with_a_message_on_their_field(
    world: World, casework: Casework, text: str, owner: str, agency: str, field: str
) -> None:
    plan = start_plan(world, casework.her_case)
    with pytest.raises(ValidationError) as refused:
        services.safety_plan_item_add(
            actor=Actor.for_user(world.caseworker),
            plan=plan,
            section=section(casework.her_case, "at-home"),
            text=text,
            owner=owner,
            agency=agency,
        )
    assert field in refused.value.message_dict
    assert not plan.items.exists()


def test_another_organisation_s_section_is_refused(world: World, casework: Casework) -> None:
    plan = start_plan(world, casework.her_case)
    services.plan_sections_ensure(actor=Actor.system(), organisation=world.unrelated)
    foreign = PlanSection.objects.get(organisation=world.unrelated, key="at-home")
    with pytest.raises(ValidationError, match="your organisation's sections"):
        services.safety_plan_item_add(
            actor=Actor.for_user(world.caseworker),
            plan=plan,
            section=foreign,
            text="Change the locks.",
            owner=ItemOwner.HER,
        )


def test_moving_an_item_away_from_an_agency_drops_its_name(
    world: World, casework: Casework
) -> None:
    plan = start_plan(world, casework.her_case, items=3)
    item = plan.items.get(owner=ItemOwner.OTHER_AGENCY)
    item.plan = plan
    updated = services.safety_plan_item_update(
        actor=Actor.for_user(world.caseworker),
        item=item,
        expected_version=plan.version,
        owner=ItemOwner.HER,
    )
    assert (updated.owner, updated.agency) == (ItemOwner.HER, "")
