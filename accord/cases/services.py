"""Writes to cases, incidents, notes and tasks. Callers have checked access with the access
module; each service validates, saves and audits in one transaction."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.access.policy import case_workers
from accord.accounts.models import ServiceKind, Team, User
from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.cases.classification import classify_gbvims
from accord.cases.models import (
    SURVIVOR_SIDE_KINDS,
    Case,
    CaseKind,
    CaseStatus,
    ClosureReason,
    ContactType,
    Incident,
    IncidentSource,
    Note,
    NoteVisibility,
    Occasion,
    ProtectionOrder,
    Task,
    TaskPurpose,
    ViolenceForm,
)
from accord.cases.risk_hooks import on_risk_inputs_changed, reassessment_due
from accord.core.locking import lock_for_update
from accord.core.references import new_reference
from accord.core.validation import not_in_future
from accord.people.models import Household, Person, Relationship

REFERENCE_PREFIXES = {
    CaseKind.SURVIVOR_SUPPORT: "SV",
    CaseKind.PARTNER_SUPPORT: "PS",
    CaseKind.PERPETRATOR_PROGRAMME: "PP",
    CaseKind.CHILD: "CH",
}


def _organisation_id(case: Case) -> int:
    return case.team.service.organisation_id


def _check_case_worker(team: Team, user: User | None, field: str) -> None:
    """A key worker or assignee must work the team's cases: naming anyone else would open the
    case to her, across the barrier if she works on the other side."""
    if user is not None and not case_workers(team).filter(pk=user.pk).exists():
        raise ValidationError({field: _("Choose someone who works this team's cases.")})


# Which kinds of case a service of each kind opens; a kind not listed here opens any.
CASE_KINDS_BY_SERVICE_KIND = {
    ServiceKind.SURVIVOR_SUPPORT: {CaseKind.SURVIVOR_SUPPORT, CaseKind.CHILD},
    ServiceKind.PARTNER_SUPPORT: {CaseKind.PARTNER_SUPPORT, CaseKind.CHILD},
    ServiceKind.PERPETRATOR_PROGRAMME: {CaseKind.PERPETRATOR_PROGRAMME},
    ServiceKind.PROBATION: {CaseKind.PERPETRATOR_PROGRAMME},
    ServiceKind.CHILDRENS_SERVICES: {CaseKind.CHILD},
}


@transaction.atomic
def case_open(
    *,
    actor: Actor,
    kind: CaseKind,
    person: Person,
    team: Team,
    key_worker: User | None = None,
    household: Household | None = None,
    opened_on: datetime.date | None = None,
    partner_first_name_as_given: str = "",
) -> Case:
    if kind != CaseKind.PERPETRATOR_PROGRAMME and partner_first_name_as_given:
        raise ValidationError(
            {"partner_first_name_as_given": _("Only a programme case records this.")}
        )
    allowed = CASE_KINDS_BY_SERVICE_KIND.get(team.service.kind)
    if allowed is not None and kind not in allowed:
        raise ValidationError({"kind": _("This team's service does not open this kind of case.")})
    _check_case_worker(team, key_worker, "key_worker")
    not_in_future(opened_on, "opened_on")
    case = Case(
        reference=new_reference(REFERENCE_PREFIXES[CaseKind(kind)]),
        kind=kind,
        person=person,
        team=team,
        key_worker=key_worker,
        household=household,
        opened_on=opened_on or timezone.localdate(),
        partner_first_name_as_given=partner_first_name_as_given or None,
    )
    if household is not None and not household.memberships.filter(person=person).exists():
        raise ValidationError({"household": _("Add the person to the household first.")})
    case.full_clean()
    case.save()
    audit_event_record(
        actor=actor,
        action="case.opened",
        obj=case,
        subject_organisation_id=team.service.organisation_id,
    )
    return case


@transaction.atomic
def case_update(
    *,
    actor: Actor,
    case: Case,
    expected_version: int,
    key_worker: User | None,
    status: CaseStatus,
) -> Case:
    """Change the key worker or put the case on hold / reopen it (closing has its own service)."""
    if status == CaseStatus.CLOSED:
        raise ValidationError({"status": _("Use “Close the case” to close it, with a reason.")})
    current = lock_for_update(case, expected_version=expected_version)
    changed = []
    if current.key_worker_id != (key_worker.pk if key_worker else None):
        _check_case_worker(current.team, key_worker, "key_worker")
        current.key_worker = key_worker
        changed.append("key_worker")
    if current.status != status:
        current.status = status
        current.closed_on = None
        current.closure_reason = ""
        changed.append("status")
    current.version += 1
    current.full_clean()
    current.save()
    audit_event_record(
        actor=actor,
        action="case.changed",
        obj=current,
        subject_organisation_id=_organisation_id(current),
        reason=", ".join(changed),
    )
    return current


# His leaving a programme early raises the risk to her: her side reassesses (docs/product.md §3).
LEFT_THE_PROGRAMME = frozenset({ClosureReason.DROPPED_OUT, ClosureReason.EXCLUDED})


def _reassess_household_after_dropout(programme_case: Case) -> None:
    """A reassessment for each open survivor-side case in his household, whichever service
    holds it. The programme learns nothing back: the task is written on her side's case, and
    audited as the system's doing, not the programme worker's (the programme's DPO reads the
    events its workers' actions write, and must not find her service's task among them)."""
    if programme_case.household_id is None:
        return
    system = Actor.system()
    her_side = (
        Case.objects.filter(household_id=programme_case.household_id, kind__in=SURVIVOR_SIDE_KINDS)
        .exclude(status=CaseStatus.CLOSED)
        .select_related("team__service", "key_worker")
    )
    for case in her_side:
        risk_review_task_ensure(
            actor=system,
            case=case,
            due_on=reassessment_due(timezone.localdate()),
            occasion=Occasion.PROGRAMME_DROPOUT,
        )


@transaction.atomic
def case_close(
    *,
    actor: Actor,
    case: Case,
    expected_version: int,
    reason: ClosureReason,
    closed_on: datetime.date | None = None,
) -> Case:
    current = lock_for_update(case, expected_version=expected_version)
    if current.status == CaseStatus.CLOSED:
        raise ValidationError({"status": _("The case is already closed.")})
    closed_on = closed_on or timezone.localdate()
    not_in_future(closed_on, "closed_on")
    if closed_on < current.opened_on:
        raise ValidationError({"closed_on": _("A case cannot close before it opened.")})
    current.status = CaseStatus.CLOSED
    current.closure_reason = reason
    current.closed_on = closed_on
    current.version += 1
    current.full_clean()
    current.save()
    audit_event_record(
        actor=actor,
        action="case.closed",
        obj=current,
        subject_organisation_id=_organisation_id(current),
        reason=str(reason),
    )
    if current.kind == CaseKind.PERPETRATOR_PROGRAMME and reason in LEFT_THE_PROGRAMME:
        _reassess_household_after_dropout(current)
    return current


@transaction.atomic
def incident_record(
    *,
    actor: Actor,
    case: Case,
    forms: list[ViolenceForm],
    source: IncidentSource,
    occurred_on: datetime.date | None = None,
    date_is_approximate: bool = False,
    penetration: bool = False,
    injuries: bool = False,
    weapons: bool = False,
    strangulation: bool = False,
    children_present: bool = False,
    police_called: bool = False,
    protection_order: ProtectionOrder = ProtectionOrder.NONE,
    narrative: str = "",
) -> Incident:
    if not forms:
        raise ValidationError({"forms": _("Choose at least one form of violence.")})
    unknown = set(forms) - set(ViolenceForm.values)
    if unknown:
        raise ValidationError({"forms": _("Unknown form of violence.")})
    not_in_future(occurred_on, "occurred_on")
    incident = Incident(
        case=case,
        occurred_on=occurred_on,
        date_is_approximate=date_is_approximate,
        forms=sorted(set(forms)),
        penetration=penetration and ViolenceForm.SEXUAL in forms,
        gbvims_type=classify_gbvims(forms, penetration=penetration),
        injuries=injuries,
        weapons=weapons,
        strangulation=strangulation,
        children_present=children_present,
        police_called=police_called,
        protection_order=protection_order,
        source=source,
        narrative=narrative or None,
        recorded_by=actor.user,
    )
    incident.full_clean()
    incident.save()
    audit_event_record(
        actor=actor,
        action="incident.recorded",
        obj=incident,
        subject_organisation_id=_organisation_id(case),
    )
    # Practice: reassess after every new incident (and the count may now be escalating).
    risk_review_task_ensure(
        actor=actor,
        case=case,
        due_on=reassessment_due(timezone.localdate()),
        occasion=Occasion.NEW_INCIDENT,
    )
    return incident


@transaction.atomic
def note_add(
    *,
    actor: Actor,
    case: Case,
    contact_type: ContactType,
    text: str,
    visibility: NoteVisibility = NoteVisibility.DISCLOSURE,
    written_at: datetime.datetime | None = None,
) -> Note:
    if not text.strip():
        raise ValidationError({"text": _("Write something in the note.")})
    if written_at is not None and written_at > timezone.now():
        raise ValidationError({"written_at": _("This time is in the future.")})
    note = Note(
        case=case,
        contact_type=contact_type,
        visibility=visibility,
        text=text,
        author=actor.user,
        written_at=written_at or timezone.now(),
    )
    note.full_clean()
    note.save()
    audit_event_record(
        actor=actor, action="note.added", obj=note, subject_organisation_id=_organisation_id(case)
    )
    return note


@transaction.atomic
def task_add(
    *, actor: Actor, case: Case, title: str, due_on: datetime.date, assignee: User
) -> Task:
    if not title.strip():
        raise ValidationError({"title": _("Say what needs doing.")})
    _check_case_worker(case.team, assignee, "assignee")
    task = Task(case=case, title=title, due_on=due_on, assignee=assignee, created_by=actor.user)
    task.full_clean()
    task.save()
    audit_event_record(
        actor=actor, action="task.added", obj=task, subject_organisation_id=_organisation_id(case)
    )
    return task


def _review_assignee(actor: Actor, case: Case) -> User | None:
    """Her key worker; else whoever asked, if she works the case; else one of its workers."""
    if case.key_worker_id is not None:
        return case.key_worker
    workers = case_workers(case.team)
    if actor.user is not None and workers.filter(pk=actor.user.pk).exists():
        return actor.user
    return workers.order_by("pk").first()


@transaction.atomic
def risk_review_task_ensure(
    *, actor: Actor, case: Case, due_on: datetime.date, occasion: Occasion
) -> Task | None:
    """Make sure a risk review is due on the case by `due_on`: an open review due by then is
    enough; otherwise a task for her key worker (None when the team has nobody to do it).
    Refreshes the case's risk picture either way: what led here may have changed it."""
    task = Task.objects.filter(
        case=case, purpose=TaskPurpose.RISK_REVIEW, done_at__isnull=True, due_on__lte=due_on
    ).first()
    assignee = _review_assignee(actor, case) if task is None else None
    if assignee is not None:
        task = _review_task_add(actor, case, due_on, occasion, assignee)
    on_risk_inputs_changed.run(case=case)
    return task


def _review_task_add(
    actor: Actor, case: Case, due_on: datetime.date, occasion: Occasion, assignee: User
) -> Task:
    task = Task(
        case=case,
        purpose=TaskPurpose.RISK_REVIEW,
        occasion=occasion,
        title=_("Risk review: %(occasion)s") % {"occasion": occasion.label},
        due_on=due_on,
        assignee=assignee,
        created_by=actor.user,
    )
    task.full_clean()
    task.save()
    audit_event_record(
        actor=actor, action="task.added", obj=task, subject_organisation_id=_organisation_id(case)
    )
    return task


@transaction.atomic
def task_complete(*, actor: Actor, task: Task) -> Task:
    if task.done_at is not None:
        return task
    task.done_at = timezone.now()
    task.save(update_fields=["done_at"])
    audit_event_record(
        actor=actor,
        action="task.completed",
        obj=task,
        subject_organisation_id=_organisation_id(task.case),
    )
    if task.purpose == TaskPurpose.RISK_REVIEW:
        on_risk_inputs_changed.run(case=task.case)
    return task


@transaction.atomic
def case_viewed(*, actor: Actor, case: Case) -> None:
    """Reads of a person's record are audited too (docs/product.md §4.5)."""
    audit_event_record(
        actor=actor, action="case.viewed", obj=case, subject_organisation_id=_organisation_id(case)
    )


@transaction.atomic
def case_intake(
    *,
    actor: Actor,
    kind: CaseKind,
    team: Team,
    person: Person | None = None,
    person_fields: dict[str, Any] | None = None,
    household: Household | None = None,
    new_household: bool = False,
    relationship: Relationship | None = None,
    key_worker: User | None = None,
    opened_on: datetime.date | None = None,
    partner_first_name_as_given: str = "",
) -> Case:
    """Intake in one go: the person (`person`, or a new one from `person_fields`), her place in
    a household (a new one or `household`) and the case. All or nothing: if any step refuses,
    none of them is saved. The UI and the API both open cases through here."""
    from accord.people.services import household_create, household_member_add, person_create

    if (person is None) == (person_fields is None):
        raise TypeError("case_intake() needs exactly one of person and person_fields")
    organisation = team.service.organisation
    if person is None:
        person = person_create(actor=actor, organisation=organisation, **person_fields)
    elif person.organisation_id != organisation.pk:
        # Her record stays with the organisation that holds it: another organisation opens its
        # case on its own record of her.
        raise ValidationError({"person": _("No person with this uid that your team holds.")})
    if new_household:
        household = household_create(actor=actor, organisation=organisation)
    if household is not None and not household.memberships.filter(person=person).exists():
        if relationship is None:
            raise ValidationError(
                {"relationship": _("Say how the person belongs to the household.")}
            )
        household_member_add(
            actor=actor, household=household, person=person, relationship=relationship
        )
    return case_open(
        actor=actor,
        kind=kind,
        person=person,
        team=team,
        key_worker=key_worker,
        household=household,
        opened_on=opened_on,
        partner_first_name_as_given=partner_first_name_as_given,
    )
