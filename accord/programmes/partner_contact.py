"""What a perpetrator programme adds to the engine: the partner-contact loop.

When he enrols, each survivor-side member of his household is offered partner support at the
partner-support service that has a protocol in force with the programme; her worker records
attempts and contacts on her safe channels and times, on a schedule through the programme, the
window after it and the follow-ups. His dropout, exclusion, breach, Nth unacceptable absence,
completion or transfer tells her side at once (an inbox notice and a risk review on her case).
Her side writes safety information about him that the programme reads without its source
(docs/decisions/0010-safety-information-without-a-source.md).

Everything written on her side is written and audited as Accord's own doing or as her
worker's, with her organisation as the subject: the programme's DPO reads the events of the
programme's people and records, and must find nothing there that points to her.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.access.fields import FieldClass
from accord.access.policy import case_workers
from accord.accounts.models import Service, ServiceKind, Team, User
from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.cases.models import SURVIVOR_SIDE_KINDS, Case, CaseKind, CaseStatus, Occasion, Task
from accord.cases.risk_hooks import reassessment_due
from accord.cases.services import case_open, risk_review_task_ensure
from accord.core.locking import lock_for_update
from accord.directory.selectors import protocol_flow_for
from accord.people.models import Household, Person, Relationship
from accord.programmes.access import facilitates_enrolment
from accord.programmes.models import (
    REACHED_OUTCOMES,
    ConcernCategory,
    ContactChannel,
    ContactOutcome,
    Enrolment,
    EnrolmentStatus,
    Group,
    PartnerContact,
    PartnerLink,
    SafetyInformation,
    SafetyInformationSource,
    Urgency,
)
from accord.programmes.transitions import ENDED
from accord.referrals.models import NotificationKind
from accord.referrals.services import case_notify

# Who in his household is offered partner support: his (ex)partner and his new partner.
PARTNER_RELATIONSHIPS = frozenset({Relationship.SURVIVOR, Relationship.NEW_PARTNER})
OFFER_DUE_DAYS = 5


def _her_organisation_id(case: Case) -> int:
    return case.team.service.organisation_id


def partner_support_services(enrolment: Enrolment) -> list[Service]:
    """The partner-support services whose organisation has a protocol in force with the
    programme's that lets his programme status flow to it."""
    programme_organisation = enrolment.programme.service.organisation
    today = timezone.localdate()
    found = []
    for service in Service.objects.filter(kind=ServiceKind.PARTNER_SUPPORT).select_related(
        "organisation"
    ):
        flow = protocol_flow_for(programme_organisation, service.organisation, on=today)
        if flow is not None and FieldClass.PROGRAMME_STATUS in flow.categories:
            found.append(service)
    return found


def _worker_for(case: Case, enrolment: Enrolment) -> User | None:
    """Her key worker, or one of the team's workers, never one of his facilitators."""
    if case.key_worker_id is not None and not facilitates_enrolment(case.key_worker_id, enrolment):
        return case.key_worker
    for worker in case_workers(case.team).order_by("pk"):
        if not facilitates_enrolment(worker.pk, enrolment):
            return worker
    return None


def _partner_case(person_id: int, household_id: int, service: Service) -> Case | None:
    """Her open partner-support case at `service`; else a new one, if the service's
    organisation holds her record (one organisation's support services share it)."""
    existing = (
        Case.objects.filter(
            person_id=person_id, kind=CaseKind.PARTNER_SUPPORT, team__service=service
        )
        .exclude(status=CaseStatus.CLOSED)
        .select_related("team__service", "key_worker", "person")
        .first()
    )
    if existing is not None:
        return existing
    team = Team.objects.filter(service=service).order_by("pk").first()
    person = Person.objects.get(pk=person_id)
    if team is None or person.organisation_id != service.organisation_id:
        return None
    return case_open(
        actor=Actor.system(),
        kind=CaseKind.PARTNER_SUPPORT,
        person=person,
        team=team,
        household=Household.objects.get(pk=household_id),
    )


def partner_offers_make(enrolment: Enrolment) -> list[PartnerLink]:
    """On enrolment: an offer of partner support for each survivor-side member of his
    household, as a task for the partner-support service, written as Accord's doing."""
    case = enrolment.case
    if case.household_id is None:
        return []
    services = partner_support_services(enrolment)
    if not services:
        return []
    partners = case.household.memberships.filter(relationship__in=PARTNER_RELATIONSHIPS)
    links = []
    system = Actor.system()
    for member in partners:
        for service in services:
            her_case = _partner_case(member.person_id, case.household_id, service)
            if her_case is None:
                continue
            link, created = PartnerLink.objects.get_or_create(
                enrolment=enrolment, partner_case=her_case
            )
            if created:
                link.offer_task = _offer_task(system, her_case, enrolment)
                link.save(update_fields=["offer_task"])
                audit_event_record(
                    actor=system,
                    action="partner_link.created",
                    obj=link,
                    subject_organisation_id=_her_organisation_id(her_case),
                )
            links.append(link)
            break
    return links


def _offer_task(actor: Actor, case: Case, enrolment: Enrolment) -> Task | None:
    assignee = _worker_for(case, enrolment)
    if assignee is None:
        return None
    task = Task(
        case=case,
        title=_("Offer partner support: the man in her household enrolled on %(programme)s")
        % {"programme": enrolment.programme.name},
        due_on=timezone.localdate() + datetime.timedelta(days=OFFER_DUE_DAYS),
        assignee=assignee,
        created_by=None,
    )
    task.full_clean()
    task.save()
    audit_event_record(
        actor=actor,
        action="task.added",
        obj=task,
        subject_organisation_id=_her_organisation_id(case),
    )
    return task


def check_facilitators_not_partner_workers(enrolment: Enrolment, group: Group) -> None:
    """A facilitator of his group may not be his partner's partner-support worker."""
    workers = set(
        PartnerLink.objects.filter(
            enrolment=enrolment, partner_case__key_worker__isnull=False
        ).values_list("partner_case__key_worker_id", flat=True)
    )
    if workers & group.facilitator_ids:
        raise ValidationError(
            {
                "group": _(
                    "One of this group's facilitators is his partner's partner-support worker: "
                    "choose another group or another worker."
                )
            }
        )


def _check_not_his_facilitator(user: User | None, link: PartnerLink) -> None:
    if user is None or link.enrolment is None:
        return
    if facilitates_enrolment(user.pk, link.enrolment):
        raise ValidationError(
            _(
                "You facilitate his group, so you cannot be his partner's partner-support "
                "worker: ask a colleague who does not work with him."
            )
        )


def her_side_cases(enrolment: Enrolment) -> QuerySet[Case]:
    """Every open survivor-side case of his household, and every partner-support case that
    follows this enrolment."""
    case = enrolment.case
    household = (
        Case.objects.filter(household_id=case.household_id, kind__in=SURVIVOR_SIDE_KINDS)
        if case.household_id is not None
        else Case.objects.none()
    )
    linked = Case.objects.filter(partner_links__enrolment=enrolment)
    return (
        (household | linked)
        .exclude(status=CaseStatus.CLOSED)
        .distinct()
        .select_related("team__service", "key_worker")
        .order_by("pk")
    )


def her_side_alert(enrolment: Enrolment, kind: NotificationKind) -> int:
    """In the caller's transaction: a notice in the inbox of each of her cases' teams (her
    partner-support worker's and her key worker's) and a risk review due on each case. Done as
    Accord, never as the programme worker who recorded what led to it."""
    system = Actor.system()
    cases = list(her_side_cases(enrolment))
    # His leaving early (dropped out, excluded) is the dropout occasion; any other change too.
    occasion = (
        Occasion.PROGRAMME_DROPOUT
        if kind in {NotificationKind.PROGRAMME_DROPPED_OUT, NotificationKind.PROGRAMME_EXCLUDED}
        else Occasion.OTHER_CHANGE
    )
    for case in cases:
        case_notify(case=case, kind=kind)
        risk_review_task_ensure(
            actor=system,
            case=case,
            due_on=reassessment_due(timezone.localdate()),
            occasion=occasion,
        )
    return len(cases)


# --- contact with her -----------------------------------------------------------------------------


@transaction.atomic
def partner_channels_set(*, actor: Actor, link: PartnerLink, channels: list[str]) -> PartnerLink:
    """The channels she said are safe to reach her on."""
    _check_not_his_facilitator(actor.user, link)
    unknown = [c for c in channels if c not in ContactChannel.values]
    if unknown:
        raise ValidationError({"channels": _("Choose channels from the list.")})
    link.safe_channels = sorted(set(channels))
    link.save(update_fields=["safe_channels"])
    audit_event_record(
        actor=actor,
        action="partner_link.channels_set",
        obj=link,
        subject_organisation_id=_her_organisation_id(link.partner_case),
    )
    return link


@transaction.atomic
def partner_contact_record(
    *,
    actor: Actor,
    link: PartnerLink,
    at: datetime.datetime,
    channel: ContactChannel | str,
    outcome: ContactOutcome | str,
    within_safe_times: bool,
    notes: str = "",
) -> PartnerContact:
    """A contact attempt or a contact with her, on a channel and at a time she said are safe.
    Reaching her for the first time completes the offer task."""
    _check_not_his_facilitator(actor.user, link)
    if channel not in ContactChannel.values:
        raise ValidationError({"channel": _("Choose how you contacted her.")})
    if outcome not in ContactOutcome.values:
        raise ValidationError({"outcome": _("Choose what came of it.")})
    if link.safe_channels and channel not in link.safe_channels:
        raise ValidationError(
            {"channel": _("She has not said this channel is safe: use one she has agreed to.")}
        )
    if link.partner_case.person.safe_contact_times and not within_safe_times:
        raise ValidationError(
            {"within_safe_times": _("Contact her only within the safe times on her record.")}
        )
    if at > timezone.now():
        raise ValidationError({"at": _("This time is in the future.")})
    contact = PartnerContact(
        link=link,
        at=at,
        channel=channel,
        outcome=outcome,
        within_safe_times=within_safe_times,
        notes=notes.strip() or None,
        recorded_by=actor.user,
    )
    contact.full_clean()
    contact.save()
    audit_event_record(
        actor=actor,
        action="partner_contact.recorded",
        obj=contact,
        subject_organisation_id=_her_organisation_id(link.partner_case),
        reason=f"{channel}, {outcome}",
    )
    task = link.offer_task
    if outcome in REACHED_OUTCOMES and task is not None and task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        audit_event_record(
            actor=actor,
            action="task.completed",
            obj=task,
            subject_organisation_id=_her_organisation_id(link.partner_case),
        )
    return contact


# --- the contact schedule -------------------------------------------------------------------------


@dataclass(frozen=True)
class DueContact:
    due_on: datetime.date
    label: str


def contact_schedule(
    *,
    started_on: datetime.date,
    ended_on: datetime.date | None,
    last_reached_on: datetime.date | None,
    interval_days: int,
    months_after: int,
    follow_up_months: list[int],
) -> list[DueContact]:
    """The contacts due: every `interval_days` from the last time she was reached (or from his
    start) while he is on the programme and through the window after it, then each follow-up.
    Pure: the schedule page and the home panel compute it from these few facts."""
    interval = datetime.timedelta(days=interval_days)
    due: list[DueContact] = []
    anchor = last_reached_on or started_on
    next_regular = anchor + interval if last_reached_on else started_on
    if ended_on is None:
        due.append(DueContact(next_regular, _("Regular contact during the programme")))
        return due
    window_end = ended_on + relativedelta(months=months_after)
    if next_regular <= window_end:
        due.append(DueContact(max(next_regular, ended_on), _("Contact after the programme")))
    for months in sorted(follow_up_months):
        day = ended_on + relativedelta(months=months)
        if last_reached_on is None or day > last_reached_on:
            due.append(
                DueContact(day, _("Follow-up, %(months)s months after") % {"months": months})
            )
    return due


def enrolment_period(enrolment: Enrolment) -> tuple[datetime.date, datetime.date | None]:
    """When he started (the first day on the programme, else his referral) and, once his
    enrolment has ended, when."""
    moves = {change.to_status: change.changed_at for change in enrolment.history.all()}
    started = moves.get(EnrolmentStatus.ON_PROGRAMME)
    started_on = timezone.localdate(started) if started else enrolment.referred_on
    ended_on = (
        timezone.localdate(enrolment.status_changed_at) if enrolment.status in ENDED else None
    )
    return started_on, ended_on


def next_contacts(link: PartnerLink) -> list[DueContact]:
    """Her contacts due; none once his record is erased (nothing left to schedule from)."""
    enrolment = link.enrolment
    if enrolment is None:
        return []
    started_on, ended_on = enrolment_period(enrolment)
    reached = [c.at for c in link.contacts.all() if c.outcome in REACHED_OUTCOMES]
    programme = enrolment.programme
    return contact_schedule(
        started_on=started_on,
        ended_on=ended_on,
        last_reached_on=timezone.localdate(max(reached)) if reached else None,
        interval_days=programme.partner_contact_interval_days,
        months_after=programme.partner_contact_months_after,
        follow_up_months=[int(m) for m in programme.follow_up_months],
    )


# --- safety information without a source ----------------------------------------------------------


def release_after(written_at: datetime.datetime) -> datetime.datetime:
    """The earliest moment an item written at `written_at` reaches the programme: the delay,
    then the next release weekday, at midnight local time (so every item of a week is released
    together, on a date that says nothing about the day of her contact)."""
    local = timezone.localtime(written_at)
    day = local.date() + datetime.timedelta(days=settings.ACCORD_SAFETY_INFORMATION_DELAY_DAYS)
    weekday = settings.ACCORD_SAFETY_INFORMATION_RELEASE_WEEKDAY
    if weekday >= 0:
        day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
    midnight = datetime.datetime.combine(day, datetime.time.min)
    return timezone.make_aware(midnight)


@transaction.atomic
def safety_information_record(
    *,
    actor: Actor,
    link: PartnerLink,
    category: ConcernCategory | str,
    urgency: Urgency | str,
    text: str,
    contact: PartnerContact | None = None,
) -> SafetyInformation:
    """Her worker writes, in her own words, what the programme should know about him. The item
    the programme will read holds the concern only; where it came from stays on her side."""
    _check_not_his_facilitator(actor.user, link)
    if category not in ConcernCategory.values:
        raise ValidationError({"category": _("Choose what the concern is about.")})
    if urgency not in Urgency.values:
        raise ValidationError({"urgency": _("Choose how urgent it is.")})
    if not text.strip():
        raise ValidationError({"text": _("Write the concern in your own words.")})
    if contact is not None and contact.link_id != link.pk:
        raise ValidationError({"contact": _("Choose a contact with this partner.")})
    if link.enrolment is None:
        raise ValidationError({"text": _("His programme record is no longer held.")})
    if link.enrolment.status in {EnrolmentStatus.TRANSFERRED}:
        raise ValidationError({"text": _("He has moved to another programme.")})
    item = SafetyInformation(
        enrolment=link.enrolment, category=category, urgency=urgency, text=text.strip()
    )
    item.full_clean()
    item.save()
    now = timezone.now()
    source = SafetyInformationSource(
        item=item,
        link=link,
        contact=contact,
        written_by=actor.user,
        written_at=now,
        release_after=release_after(now),
    )
    source.full_clean()
    source.save()
    # About the source, on her side: never the item (whose id the programme's audit shows).
    audit_event_record(
        actor=actor,
        action="safety_information.written",
        obj=source,
        subject_organisation_id=_her_organisation_id(link.partner_case),
    )
    return item


@transaction.atomic
def safety_information_release(*, now: datetime.datetime | None = None) -> int:
    """Release every item whose time has come, in one batch, as Accord (run daily by
    `manage.py release_safety_information`). The programme sees the release date only."""
    now = now or timezone.now()
    due = SafetyInformation.objects.filter(
        released_on__isnull=True, source__release_after__lte=now
    ).select_related("enrolment__programme__service")
    day = timezone.localdate(now)
    system = Actor.system()
    count = 0
    for item in due.select_for_update():
        item.released_on = day
        item.save(update_fields=["released_on"])
        audit_event_record(
            actor=system,
            action="safety_information.released",
            obj=item,
            subject_organisation_id=item.enrolment.programme.service.organisation_id,
        )
        count += 1
    return count


@transaction.atomic
def safety_information_respond(
    *, actor: Actor, item: SafetyInformation, expected_version: int, response: str
) -> SafetyInformation:
    """What the programme did about it (raised in the group, reviewed his risk, told probation)."""
    current = lock_for_update(item, expected_version=expected_version)
    if current.released_on is None:
        raise ValidationError({"response": _("This item has not been released.")})
    if not response.strip():
        raise ValidationError({"response": _("Say what the programme did.")})
    current.response = response.strip()
    current.responded_by = actor.user
    current.responded_on = timezone.localdate()
    current.version += 1
    current.full_clean()
    current.save()
    audit_event_record(
        actor=actor,
        action="safety_information.answered",
        obj=current,
        subject_organisation_id=current.enrolment.programme.service.organisation_id,
    )
    return current


@transaction.atomic
def partner_panel_viewed(*, actor: Actor, link: PartnerLink) -> None:
    audit_event_record(
        actor=actor,
        action="partner_link.viewed",
        obj=link,
        subject_organisation_id=_her_organisation_id(link.partner_case),
    )
