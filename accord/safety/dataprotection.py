"""Her safety plan, for the DPO's subject-access export, retention and erasure
(accord/people/dpo_registry.py): the plan with its items and every version, one or none per
case; anonymising clears the items' texts and the versions' snapshots (to the shape the plan's
history reads, so an anonymised case's plan still opens)."""

import datetime
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.people import dpo_registry
from accord.people.dpo_registry import CaseRecordKind
from accord.safety.models import (
    ItemOwner,
    ItemStatus,
    SafetyPlan,
    SafetyPlanItem,
    SafetyPlanVersion,
)

# A version's snapshot cleared: no items and no review date, in the shape the plan's history
# (accord.safety.selectors.plan_versions) reads.
CLEARED_SNAPSHOT = {"review_on": "", "items": []}
# The plan and its parts come last in each case of the file.
PLAN_PARTS = 90
OF_PLAN = frozenset({"id", "plan"})


def _plan(case: Any) -> SafetyPlan | None:
    try:
        return case.safety_plan
    except ObjectDoesNotExist:
        return None


def _items(case: Any) -> list[SafetyPlanItem]:
    plan = _plan(case)
    return list(plan.items.all()) if plan is not None else []


def _versions(case: Any) -> list[SafetyPlanVersion]:
    plan = _plan(case)
    return list(plan.versions.all()) if plan is not None else []


def _snapshot_shown(version: Any, name: str, snapshot: Any) -> str | None:
    """A safety plan as it stood: its review date, then each item in a sentence."""
    if name != "snapshot" or not isinstance(snapshot, dict):
        return None
    owners = dict(ItemOwner.choices)
    statuses = dict(ItemStatus.choices)
    lines = []
    if snapshot.get("review_on"):
        review_on = datetime.date.fromisoformat(snapshot["review_on"])
        lines.append(_("Review by %(date)s") % {"date": date_format(review_on, "DATE_FORMAT")})
    for item in snapshot.get("items", []):
        owner = str(owners.get(item.get("owner"), item.get("owner", "")))
        if item.get("agency"):
            owner = f"{owner} ({item['agency']})"
        lines.append(
            f"{item.get('section_title', '')}: {item.get('text', '')} — "
            f"{owner}, {statuses.get(item.get('status'), item.get('status', ''))}"
        )
    return "; ".join(lines) or "—"


dpo_registry.register_case_records(
    # The plan is its items (it holds a review date and who changed it); the versions are its
    # history: neither is counted on its own.
    CaseRecordKind(
        SafetyPlan,
        held=lambda case: [plan] if (plan := _plan(case)) is not None else [],
        section="safety_plan",
        heading=gettext_lazy("Safety plan"),
        order=PLAN_PARTS,
        single=True,
        # Its version is kept: it is also the number of the plan's latest version, which the
        # file lists. A case has at most one plan: it is joined to the query of her cases.
        exported_without=frozenset({"id", "case"}),
        select_related=("safety_plan__created_by", "safety_plan__updated_by"),
    ),
    CaseRecordKind(
        SafetyPlanItem,
        "plan__case",
        counted_as="safety-plan items",
        held=_items,
        section="items",
        heading=gettext_lazy("Safety-plan items"),
        order=PLAN_PARTS,
        part_of=SafetyPlan,
        exported_without=OF_PLAN,
        prefetch=(
            Prefetch(
                "safety_plan__items",
                SafetyPlanItem.objects.select_related("section").order_by(
                    "section__position", "position", "pk"
                ),
            ),
        ),
    ),
    CaseRecordKind(
        SafetyPlanVersion,
        "plan__case",
        cleared={"snapshot": CLEARED_SNAPSHOT},
        held=_versions,
        section="versions",
        heading=gettext_lazy("Safety-plan versions"),
        order=PLAN_PARTS,
        part_of=SafetyPlan,
        exported_without=OF_PLAN,
        shown=_snapshot_shown,
        prefetch=(
            Prefetch(
                "safety_plan__versions",
                SafetyPlanVersion.objects.select_related("created_by").order_by("number"),
            ),
        ),
    ),
)
