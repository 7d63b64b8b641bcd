"""Reads of safety plans. Every one starts from the access module: `visible_to` for the row,
`CaseAccess.reads_records(SafetyPlan)` for whether this reader may see a plan at all. A plan she may
not read is reported exactly as a missing one (Http404, or None for the case page's panel).
Each selector owns its joins, so a page costs the same number of queries however many items."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.access.policy import AnyUser, CaseAccess, visible_to
from accord.safety.models import (
    ItemStatus,
    PlanSection,
    SafetyPlan,
    SafetyPlanItem,
    SafetyPlanVersion,
)
from accord.safety.services import latest_review_on

# What the plan's pages show of its case.
PLAN_CASE_RELATED = ("person", "team__service")


def _readable(access: CaseAccess) -> None:
    if not access.reads_records(SafetyPlan):
        raise Http404


def review_due_on(plan: SafetyPlan) -> datetime.date:
    """When the plan must next be reviewed: its review date, or sooner if the case's risk level
    has risen since the last change (the level's days counted from that change)."""
    since = timezone.localdate(plan.updated_at)
    return min(plan.review_on, latest_review_on(plan.case, since=since))


@dataclass(frozen=True)
class PlanSectionView:
    section: PlanSection
    items: list[SafetyPlanItem]


@dataclass(frozen=True)
class PlanView:
    plan: SafetyPlan
    sections: list[PlanSectionView]
    review_due_on: datetime.date
    overdue: bool
    # Sections that take new items (the add form's choices).
    open_sections: list[PlanSection] = field(default_factory=list)

    @property
    def item_count(self) -> int:
        return sum(len(section.items) for section in self.sections)

    @property
    def empty_sections(self) -> list[PlanSection]:
        """The sections with nothing in them yet: the page lists them on one line each."""
        return [entry.section for entry in self.sections if not entry.items]


def plan_for_case(user: AnyUser, access: CaseAccess) -> SafetyPlan | None:
    """The case's plan with who started and last changed it, or None if it has none; Http404
    if the reader may not see a safety plan here at all. One query."""
    _readable(access)
    plan = (
        visible_to(user, SafetyPlan)
        .select_related("created_by", "updated_by")
        .filter(case=access.case)
        .first()
    )
    if plan is not None:
        plan.case = access.case
    return plan


def plan_or_404(user: AnyUser, access: CaseAccess) -> SafetyPlan:
    plan = plan_for_case(user, access)
    if plan is None:
        raise Http404
    return plan


def plan_view(plan: SafetyPlan) -> PlanView:
    """The plan's sections in the organisation's order with their items: two queries, however
    many items. A switched-off section is still shown while it holds items."""
    items = list(
        plan.items.select_related("section").order_by("section__position", "position", "pk")
    )
    organisation_id = plan.case.team.service.organisation_id
    active = list(
        PlanSection.objects.filter(organisation_id=organisation_id, active=True).order_by(
            "position", "pk"
        )
    )
    by_section: dict[int, list[SafetyPlanItem]] = {}
    sections: dict[int, PlanSection] = {section.pk: section for section in active}
    for item in items:
        item.plan = plan
        by_section.setdefault(item.section_id, []).append(item)
        sections.setdefault(item.section_id, item.section)
    ordered = sorted(sections.values(), key=lambda section: (section.position, section.pk))
    due = review_due_on(plan)
    return PlanView(
        plan=plan,
        sections=[PlanSectionView(s, by_section.get(s.pk, [])) for s in ordered],
        review_due_on=due,
        overdue=due < timezone.localdate(),
        open_sections=active,
    )


def plan_item_or_404(plan: SafetyPlan, uid: Any) -> SafetyPlanItem:
    try:
        item = plan.items.select_related("section").get(uid=uid)
    except (SafetyPlanItem.DoesNotExist, ValidationError, ValueError, TypeError) as missing:
        # A malformed uid (ValidationError) is as missing as an unknown one.
        raise Http404 from missing
    item.plan = plan
    return item


def item_as_stored(item: SafetyPlanItem) -> SafetyPlanItem | None:
    """The item as someone else saved it since (None: removed), for the conflict page of a
    plan the reader already reaches."""
    return SafetyPlanItem.objects.filter(pk=item.pk, plan_id=item.plan_id).first()


def open_section_or_none(plan: SafetyPlan, key: str) -> PlanSection | None:
    return PlanSection.objects.filter(
        organisation_id=plan.case.team.service.organisation_id, key=key, active=True
    ).first()


# --- versions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionLine:
    version: SafetyPlanVersion
    # What changed against the version before, in words (item texts included: she reads them).
    changes: list[str]


def _describe(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    if before is None:
        return [_("Plan started.")]
    owners = dict(SafetyPlanItem._meta.get_field("owner").choices)
    statuses = dict(ItemStatus.choices)
    old = {item["uid"]: item for item in before["items"]}
    new = {item["uid"]: item for item in after["items"]}
    lines = []
    for uid, item in new.items():
        if uid not in old:
            lines.append(
                _("Added to “%(section)s”: %(text)s")
                % {"section": item["section_title"], "text": item["text"]}
            )
            continue
        was = old[uid]
        if was["text"] != item["text"]:
            lines.append(
                _("Changed “%(old)s” to “%(new)s”") % {"old": was["text"], "new": item["text"]}
            )
        if was["owner"] != item["owner"] or was["agency"] != item["agency"]:
            who = owners.get(item["owner"], item["owner"])
            if item["agency"]:
                who = f"{who} ({item['agency']})"
            lines.append(_("“%(text)s”: now done by %(who)s") % {"text": item["text"], "who": who})
        if was["status"] != item["status"]:
            lines.append(
                _("“%(text)s”: %(old)s → %(new)s")
                % {
                    "text": item["text"],
                    "old": statuses.get(was["status"], was["status"]),
                    "new": statuses.get(item["status"], item["status"]),
                }
            )
    for uid, item in old.items():
        if uid not in new:
            lines.append(_("Removed: %(text)s") % {"text": item["text"]})
    if before["review_on"] != after["review_on"]:
        lines.append(_("Review by %(date)s") % {"date": after["review_on"]})
    return lines


def plan_versions(plan: SafetyPlan) -> list[VersionLine]:
    """Every version, newest first, with who made it, when and what changed: one query."""
    versions = list(plan.versions.select_related("created_by").order_by("number"))
    lines = []
    before = None
    for version in versions:
        lines.append(VersionLine(version, _describe(before, version.snapshot)))
        before = version.snapshot
    return list(reversed(lines))


# --- the case page's panel ----------------------------------------------------------------------


@dataclass(frozen=True)
class SafetySummary:
    """What the case page shows of the plan (templates/safety/_case_panel.html)."""

    exists: bool
    may_work: bool
    review_on: datetime.date | None = None
    overdue: bool = False
    items_to_do: int = 0
    version: int = 0


def case_safety_summary(access: CaseAccess) -> SafetySummary | None:
    """The plan's state for the case page, or None where the reader may not see a safety plan
    (the panel is then left out altogether). One query."""
    if not access.reads_records(SafetyPlan):
        return None
    plan = (
        SafetyPlan.objects.filter(case=access.case)
        .annotate(to_do=Count("items", filter=Q(items__status=ItemStatus.TO_DO)))
        .first()
    )
    if plan is None:
        return SafetySummary(exists=False, may_work=access.may_work)
    plan.case = access.case
    due = review_due_on(plan)
    return SafetySummary(
        exists=True,
        may_work=access.may_work,
        review_on=due,
        overdue=due < timezone.localdate(),
        items_to_do=plan.to_do,
        version=plan.version,
    )
