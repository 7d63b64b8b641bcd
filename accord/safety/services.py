"""Writes to safety plans. Callers have checked access with the access module
(`CaseAccess.reads_records(SafetyPlan)` and `may_work`); each service validates, saves, stores
the new version of the plan and audits, in one transaction: a refused change leaves nothing
behind.

Every change to a plan (an item added, changed or removed, the review date set) bumps its
version and keeps a snapshot of the plan at that version, so "who changed what, when" can be
answered later even for removed items.
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from accord.accounts.models import Organisation
from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.cases.models import Case
from accord.cases.risk_levels import highest
from accord.core.locking import lock_for_update
from accord.safety.models import (
    AGENCY_MAX,
    DEFAULT_SECTIONS,
    ITEM_TEXT_MAX,
    ItemOwner,
    ItemStatus,
    PlanChange,
    PlanSection,
    SafetyPlan,
    SafetyPlanItem,
    SafetyPlanVersion,
)


@transaction.atomic
def plan_sections_ensure(*, actor: Actor, organisation: Organisation) -> list[PlanSection]:
    """The organisation's active sections, creating the default template if it has none at all
    (an organisation that switched every section off keeps it that way)."""
    existing = PlanSection.objects.filter(organisation=organisation)
    if not existing.exists():
        with override(organisation.default_language):
            for position, (key, title) in enumerate(DEFAULT_SECTIONS, start=1):
                section = PlanSection(
                    organisation=organisation,
                    key=key,
                    title=str(title),
                    position=position * 10,
                )
                section.full_clean()
                section.save()
        audit_event_record(
            actor=actor,
            action="safety_plan.sections_created",
            subject_organisation_id=organisation.pk,
            reason=f"{len(DEFAULT_SECTIONS)} default sections",
        )
    return list(existing.filter(active=True).order_by("position", "pk"))


# --- the review date ----------------------------------------------------------------------------


def review_days(risk_level: str) -> int:
    """How many days a plan may go unreviewed at this risk level."""
    # Not yet assessed counts as standard (`highest` of nothing).
    return settings.ACCORD_SAFETY_PLAN_REVIEW_DAYS[highest(risk_level).value]


def latest_review_on(case: Case, *, since: datetime.date | None = None) -> datetime.date:
    """The latest review date the case's current risk level allows, counted from `since`
    (today by default)."""
    return (since or timezone.localdate()) + datetime.timedelta(days=review_days(case.risk_level))


def _review_after_change(plan: SafetyPlan, case: Case) -> datetime.date:
    """A change is a review: the next one is due within the level's days. An earlier date
    someone chose (a court hearing, his release) is kept while it is still ahead."""
    latest = latest_review_on(case)
    today = timezone.localdate()
    if today <= plan.review_on < latest:
        return plan.review_on
    return latest


# --- versions -----------------------------------------------------------------------------------


def _snapshot(plan: SafetyPlan) -> dict[str, Any]:
    items = plan.items.select_related("section").order_by("section__position", "position", "pk")
    return {
        "review_on": plan.review_on.isoformat(),
        "items": [
            {
                "uid": str(item.uid),
                "section": item.section.key,
                "section_title": item.section.title,
                "text": item.text,
                "owner": item.owner,
                "agency": item.agency,
                "status": item.status,
            }
            for item in items
        ],
    }


def _new_version(*, actor: Actor, plan: SafetyPlan, case: Case, change: PlanChange) -> None:
    """Bump the plan's version, move its review date and keep the snapshot: the tail of every
    write. `plan` is the locked row."""
    if change != PlanChange.STARTED:
        plan.version += 1
        if change != PlanChange.REVIEW_SET:
            plan.review_on = _review_after_change(plan, case)
    plan.updated_by = actor.user
    plan.full_clean()
    plan.save()
    version = SafetyPlanVersion(
        plan=plan,
        number=plan.version,
        change=change,
        snapshot=_snapshot(plan),
        created_by=actor.user,
    )
    version.full_clean()
    version.save()


def _organisation_id(case: Case) -> int:
    return case.team.service.organisation_id


def _locked(plan: SafetyPlan, expected_version: int | None) -> SafetyPlan:
    """The plan's row, locked for the rest of the transaction. With `expected_version`, only if
    nobody has changed the plan since (else StaleVersion, carrying the plan as stored)."""
    if expected_version is not None:
        current = lock_for_update(plan, expected_version=expected_version)
    else:
        current = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
    current.case = plan.case
    return current


# --- checks shared by add and update ------------------------------------------------------------


def _check_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Say what the item is.")})
    if len(text) > ITEM_TEXT_MAX:
        raise ValidationError(
            {
                "text": _(
                    "Keep an item to %(max)d characters (this one has %(count)d): split it "
                    "into several items."
                )
                % {"max": ITEM_TEXT_MAX, "count": len(text)}
            }
        )
    return text


def _check_owner(owner: str, agency: str) -> str:
    if owner not in ItemOwner.values:
        raise ValidationError({"owner": _("Choose who does it.")})
    agency = agency.strip()
    if owner == ItemOwner.OTHER_AGENCY and not agency:
        raise ValidationError({"agency": _("Say which agency does it.")})
    if owner != ItemOwner.OTHER_AGENCY and agency:
        raise ValidationError({"agency": _("Name an agency only when another agency does it.")})
    if len(agency) > AGENCY_MAX:
        raise ValidationError(
            {"agency": _("Keep the agency's name to %(max)d characters.") % {"max": AGENCY_MAX}}
        )
    return agency


def _check_status(status: str) -> None:
    if status not in ItemStatus.values:
        raise ValidationError({"status": _("Choose a status.")})


# --- the services -------------------------------------------------------------------------------


@transaction.atomic
def safety_plan_start(*, actor: Actor, case: Case) -> SafetyPlan:
    """An empty plan for a survivor-side case, at version 1, due for review within the days its
    risk level allows."""
    if not case.is_survivor_side:
        raise ValidationError(_("Safety plans are for survivor-side cases only."))
    # The case's row is the lock that stops two people starting a plan at once.
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").get()
    if SafetyPlan.objects.filter(case=case).exists():
        raise ValidationError(_("This case already has a safety plan."))
    plan_sections_ensure(actor=actor, organisation=case.team.service.organisation)
    plan = SafetyPlan(
        case=case,
        review_on=latest_review_on(case),
        created_by=actor.user,
        updated_by=actor.user,
    )
    _new_version(actor=actor, plan=plan, case=case, change=PlanChange.STARTED)
    audit_event_record(
        actor=actor,
        action="safety_plan.started",
        obj=plan,
        subject_organisation_id=_organisation_id(case),
    )
    return plan


@transaction.atomic
def safety_plan_item_add(
    *,
    actor: Actor,
    plan: SafetyPlan,
    section: PlanSection,
    text: str,
    owner: ItemOwner | str,
    agency: str = "",
    status: ItemStatus | str = ItemStatus.TO_DO,
) -> SafetyPlanItem:
    """Add an item at the end of its section. Adding never overwrites anyone's work, so it
    needs no expected version."""
    case = plan.case
    if section.organisation_id != _organisation_id(case) or not section.active:
        raise ValidationError({"section": _("Choose one of your organisation's sections.")})
    text = _check_text(text)
    agency = _check_owner(owner, agency)
    _check_status(status)
    current = _locked(plan, None)
    last = current.items.filter(section=section).aggregate(last=Max("position"))["last"]
    item = SafetyPlanItem(
        plan=current,
        section=section,
        text=text,
        owner=owner,
        agency=agency,
        status=status,
        position=(last or 0) + 1,
    )
    item.full_clean()
    item.save()
    _new_version(actor=actor, plan=current, case=case, change=PlanChange.ITEM_ADDED)
    audit_event_record(
        actor=actor,
        action="safety_plan.item_added",
        obj=item,
        subject_organisation_id=_organisation_id(case),
    )
    return item


@transaction.atomic
def safety_plan_item_update(
    *,
    actor: Actor,
    item: SafetyPlanItem,
    expected_version: int,
    text: str | None = None,
    owner: ItemOwner | str | None = None,
    agency: str | None = None,
    status: ItemStatus | str | None = None,
) -> SafetyPlanItem:
    """Change what an item says, who does it or its status (None: leave as it is). Refused with
    StaleVersion if the plan changed since the user read it at `expected_version`."""
    plan = _locked(item.plan, expected_version)
    case = plan.case
    current = SafetyPlanItem.objects.select_related("section").get(pk=item.pk, plan=plan)
    changed = []
    if text is not None and (text := _check_text(text)) != current.text:
        current.text = text
        changed.append("text")
    new_owner = current.owner if owner is None else owner
    if agency is not None:
        new_agency = agency
    elif new_owner == ItemOwner.OTHER_AGENCY:
        new_agency = current.agency
    else:
        # An item moved away from an agency no longer names one.
        new_agency = ""
    new_agency = _check_owner(new_owner, new_agency)
    if new_owner != current.owner:
        current.owner = new_owner
        changed.append("owner")
    if new_agency != current.agency:
        current.agency = new_agency
        changed.append("agency")
    if status is not None:
        _check_status(status)
        if status != current.status:
            current.status = status
            changed.append("status")
    if not changed:
        return current
    current.full_clean()
    current.save()
    current.plan = plan
    _new_version(actor=actor, plan=plan, case=case, change=PlanChange.ITEM_CHANGED)
    audit_event_record(
        actor=actor,
        action="safety_plan.item_changed",
        obj=current,
        subject_organisation_id=_organisation_id(case),
        reason=", ".join(changed),
    )
    return current


@transaction.atomic
def safety_plan_item_remove(
    *, actor: Actor, item: SafetyPlanItem, expected_version: int
) -> SafetyPlan:
    """Remove an item; the versions before this one still show it."""
    plan = _locked(item.plan, expected_version)
    case = plan.case
    # Recorded before the row goes, while it still has its id.
    audit_event_record(
        actor=actor,
        action="safety_plan.item_removed",
        obj=item,
        subject_organisation_id=_organisation_id(case),
    )
    SafetyPlanItem.objects.filter(pk=item.pk, plan=plan).delete()
    _new_version(actor=actor, plan=plan, case=case, change=PlanChange.ITEM_REMOVED)
    return plan


@transaction.atomic
def safety_plan_review_set(
    *, actor: Actor, plan: SafetyPlan, review_on: datetime.date, expected_version: int
) -> SafetyPlan:
    """Bring the next review forward (a hearing, his release). Never later than the case's risk
    level allows, and never in the past."""
    current = _locked(plan, expected_version)
    case = current.case
    today = timezone.localdate()
    latest = latest_review_on(case)
    if review_on < today:
        raise ValidationError({"review_on": _("Choose today or a later date.")})
    if review_on > latest:
        level = highest(case.risk_level).label if case.risk_level else _("not yet assessed")
        raise ValidationError(
            {
                "review_on": _(
                    "At this risk level (%(level)s) the plan is reviewed within %(days)d days: "
                    "choose %(latest)s or an earlier date."
                )
                % {
                    "level": str(level).lower(),
                    "days": review_days(case.risk_level),
                    "latest": date_format(latest, "DATE_FORMAT"),
                }
            }
        )
    if review_on == current.review_on:
        return current
    current.review_on = review_on
    _new_version(actor=actor, plan=current, case=case, change=PlanChange.REVIEW_SET)
    audit_event_record(
        actor=actor,
        action="safety_plan.review_set",
        obj=current,
        subject_organisation_id=_organisation_id(case),
        reason=review_on.isoformat(),
    )
    return current


@transaction.atomic
def safety_plan_viewed(*, actor: Actor, plan: SafetyPlan) -> None:
    """Reading her plan is reading her record: audited (docs/product.md §4.5)."""
    audit_event_record(
        actor=actor,
        action="safety_plan.viewed",
        obj=plan,
        subject_organisation_id=_organisation_id(plan.case),
    )


@transaction.atomic
def safety_plan_printed(*, actor: Actor, plan: SafetyPlan) -> None:
    """A printout left the platform (docs/product.md §4.5). Called by accord.safety.printing in the
    transaction that makes the file, so that no event claims a print that failed."""
    audit_event_record(
        actor=actor,
        action="safety_plan.printed",
        obj=plan,
        subject_organisation_id=_organisation_id(plan.case),
        reason=f"version {plan.version}",
    )
