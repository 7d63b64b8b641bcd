"""Safety plans for the demo locality (accord.demo.locality): three of Riverton's women get a plan
with items across sections, owners and statuses, and a history of versions (started, items
added, one item's status changed later, on Alice's also the review brought forward).

Created through the real services, by each case's key worker, so the audit log stays true.
Idempotent: a case that already has a plan is left alone, and a demo seeded without the
casework households (or with other names) gets no plans.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accord.audit.context import Actor
from accord.cases.models import Case
from accord.demo.locality import HOUSEHOLDS, DemoMember
from accord.people.services import name_dob_index
from accord.safety import services
from accord.safety.models import ItemOwner, ItemStatus, PlanSection, SafetyPlan


@dataclass(frozen=True)
class DemoItem:
    section: str  # a section key (accord.safety.models.DEFAULT_SECTIONS)
    text: str
    owner: ItemOwner
    agency: str = ""
    status: ItemStatus = ItemStatus.TO_DO
    # Put in place after the plan was first written: a later version changes its status.
    later: ItemStatus | None = None


@dataclass(frozen=True)
class DemoPlan:
    given_name: str
    family_name: str
    items: list[DemoItem]
    review_in_days: int | None = None
    extra: list[DemoItem] = field(default_factory=list)


_O, _S = ItemOwner, ItemStatus

PLANS: list[DemoPlan] = [
    DemoPlan(
        "Alice",
        "Sample",
        [
            DemoItem(
                "during-an-incident",
                "Go to the downstairs neighbour (agreed code word: 'blue'); call 999.",
                _O.HER,
                status=_S.IN_PLACE,
            ),
            DemoItem(
                "protection-order",
                "Keep a copy of the order at school and in her bag; report every breach.",
                _O.OTHER_AGENCY,
                agency="Riverton Police DA Unit",
                status=_S.IN_PLACE,
            ),
            DemoItem(
                "digital-safety",
                "New phone and number; old phone checked for tracking, then switched off.",
                _O.CASEWORKER,
                later=_S.IN_PLACE,
            ),
            DemoItem(
                "children",
                "School told who may collect the children; photo of him on file.",
                _O.CASEWORKER,
                status=_S.IN_PLACE,
            ),
            DemoItem(
                "documents-and-items",
                "Passports, birth certificates and bank card in a bag at her sister's.",
                _O.HER,
            ),
            DemoItem(
                "emergency-contacts",
                "Helpline 0800 555 0100 saved under a neutral name.",
                _O.HER,
                status=_S.IN_PLACE,
            ),
        ],
        review_in_days=7,
    ),
    DemoPlan(
        "Bea",
        "Example",
        [
            DemoItem(
                "at-home",
                "Locks changed; spare key with the caseworker only.",
                _O.OTHER_AGENCY,
                agency="Riverton Council housing repairs",
                later=_S.IN_PLACE,
            ),
            DemoItem(
                "work-and-public",
                "Tell her manager; ask for a different shift pattern.",
                _O.HER,
            ),
            DemoItem(
                "emotional-support",
                "Weekly group at the women's centre (Italian-speaking volunteer).",
                _O.CASEWORKER,
                status=_S.IN_PLACE,
            ),
            DemoItem(
                "pets",
                "Dog to stay with a friend if she needs to leave.",
                _O.HER,
                status=_S.NO_LONGER_NEEDED,
            ),
        ],
    ),
    DemoPlan(
        "Dora",
        "Placeholder",
        [
            DemoItem(
                "preparing-to-leave",
                "Passport kept by the college counsellor until the summer is over.",
                _O.OTHER_AGENCY,
                agency="Riverton College counselling",
                status=_S.IN_PLACE,
            ),
            DemoItem(
                "during-an-incident",
                "If taken to the airport: tell security she is being forced to travel.",
                _O.HER,
            ),
            DemoItem(
                "emergency-contacts",
                "Forced Marriage Unit number on a card in her phone case.",
                _O.CASEWORKER,
                later=_S.IN_PLACE,
            ),
        ],
    ),
]


def _member(given_name: str, family_name: str) -> DemoMember | None:
    for members in HOUSEHOLDS:
        for member in members:
            if (member.given_name, member.family_name) == (given_name, family_name):
                return member
    return None


def _case_of(spec: DemoPlan) -> Case | None:
    """Her survivor-side case, found through the blind index as the demo itself does."""
    member = _member(spec.given_name, spec.family_name)
    if member is None:
        return None
    index = name_dob_index(member.given_name, member.family_name, member.date_of_birth)
    return (
        Case.objects.filter(
            person__name_dob_index=index, team__service__organisation__slug=member.team[0]
        )
        .select_related("team__service__organisation", "key_worker")
        .order_by("pk")
        .first()
    )


def _seed_plan(spec: DemoPlan, case: Case) -> None:
    actor = Actor.for_user(case.key_worker) if case.key_worker else Actor.system()
    plan = services.safety_plan_start(actor=actor, case=case)
    sections = {
        section.key: section
        for section in PlanSection.objects.filter(organisation=case.team.service.organisation)
    }
    later = []
    for spec_item in spec.items:
        item = services.safety_plan_item_add(
            actor=actor,
            plan=plan,
            section=sections[spec_item.section],
            text=spec_item.text,
            owner=spec_item.owner,
            agency=spec_item.agency,
            status=spec_item.status,
        )
        if spec_item.later is not None:
            later.append((item, spec_item.later))
    for item, status in later:
        plan.refresh_from_db(fields=["version", "review_on"])
        services.safety_plan_item_update(
            actor=actor, item=item, expected_version=plan.version, status=status
        )
    if spec.review_in_days is not None:
        plan.refresh_from_db(fields=["version", "review_on"])
        services.safety_plan_review_set(
            actor=actor,
            plan=plan,
            review_on=timezone.localdate() + datetime.timedelta(days=spec.review_in_days),
            expected_version=plan.version,
        )


@transaction.atomic
def seed_demo_safety_plans() -> list[str]:
    """Plans for the demo's women who have none yet; answers the case references seeded."""
    seeded = []
    for spec in PLANS:
        case = _case_of(spec)
        if case is None or SafetyPlan.objects.filter(case=case).exists():
            continue
        _seed_plan(spec, case)
        seeded.append(case.reference)
    return seeded
