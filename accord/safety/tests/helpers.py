"""Shared by the safety-plan tests: a plan made through the services, and its URLs."""

from accord.audit.context import Actor
from accord.cases.models import Case
from accord.safety import services
from accord.safety.models import ItemOwner, ItemStatus, PlanSection, SafetyPlan, SafetyPlanItem
from accord.testing import World

ITEM_TEXT = "Keep a charged phone in her coat pocket."


def plan_url(case: Case, action: str = "") -> str:
    return f"/cases/{case.reference}/safety-plan/{action + '/' if action else ''}"


def section(case: Case, key: str) -> PlanSection:
    return PlanSection.objects.get(organisation=case.team.service.organisation, key=key)


def start_plan(world: World, case: Case, *, items: int = 0) -> SafetyPlan:
    """A plan on `case`, started by her caseworker, with `items` items across sections, owners
    and statuses."""
    actor = Actor.for_user(world.caseworker)
    plan = services.safety_plan_start(actor=actor, case=case)
    sections = list(PlanSection.objects.filter(organisation=case.team.service.organisation))
    owners = [ItemOwner.HER, ItemOwner.CASEWORKER, ItemOwner.OTHER_AGENCY]
    for number in range(items):
        owner = owners[number % 3]
        services.safety_plan_item_add(
            actor=actor,
            plan=plan,
            section=sections[number % len(sections)],
            text=f"{ITEM_TEXT} ({number})" if number else ITEM_TEXT,
            owner=owner,
            agency="Police DA Unit" if owner == ItemOwner.OTHER_AGENCY else "",
            status=[ItemStatus.TO_DO, ItemStatus.IN_PLACE][number % 2],
        )
    plan.refresh_from_db()
    plan.case = case
    return plan


def first_item(plan: SafetyPlan) -> SafetyPlanItem:
    item = plan.items.order_by("pk").first()
    assert item is not None
    item.plan = plan
    return item
