"""Who reaches programmes, groups, sessions, enrolments and attendance, and what of the
partner-contact loop each side reaches. Each rule is complete (rows and field gate together);
its docstring is printed into docs/access-control.md by `manage.py access_table`.

The barrier: the programme side (his case's team, his group's facilitators, the programme's
DPO) never reaches a partner link, a partner contact or the source of a safety-information
item; her side (the partner-support worker on her own case) reaches his enrolment only as
programme status (`partner_programme_status`), never as a row of `visible_to(user, Enrolment)`.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accord.access import registry
from accord.access.fields import FieldClass, Grant, Relation, rule_for
from accord.access.policy import (
    AnyUser,
    case_access,
    is_person,
    memberships_of,
    record_kind_of,
    visible_to,
    worked_teams,
)
from accord.accounts.models import Role
from accord.cases.models import Case
from accord.programmes.models import (
    Attendance,
    ComplianceReport,
    Enrolment,
    EnrolmentStatusChange,
    Group,
    PartnerContact,
    PartnerLink,
    Programme,
    ProgrammeModule,
    SafetyInformation,
    SafetyInformationSource,
    Session,
)


def _facilitates(user: AnyUser, prefix: str = "") -> Q:
    return Q(**{f"{prefix}lead_facilitator": user}) | Q(**{f"{prefix}co_facilitator": user})


def _programme_staff_services(user: AnyUser) -> QuerySet:
    """The services where the user works cases (casework role or manager)."""
    roles = {Role.CASEWORKER, Role.FACILITATOR, Role.COORDINATOR, Role.MENTOR, Role.MANAGER}
    return memberships_of(user).filter(role__in=roles).values("team__service_id")


@registry.register(Programme)
def programmes(user: AnyUser) -> QuerySet[Programme]:
    """Programmes (their name, kind, plan and rules; no person data): every signed-in person,
    as the directory."""
    if not is_person(user):
        return Programme.objects.none()
    return Programme.objects.select_related("service__organisation")


@registry.register(ProgrammeModule, through="programme")
def programme_modules(user: AnyUser) -> QuerySet[ProgrammeModule]:
    """A programme's session plan: as its programme."""
    return ProgrammeModule.objects.filter(programme__in=programmes(user))


@registry.register(Group)
def groups(user: AnyUser) -> QuerySet[Group]:
    """A group (its facilitators, room and schedule): those who work cases in the programme's
    service, and the group's own two facilitators."""
    if not is_person(user):
        return Group.objects.none()
    return Group.objects.filter(
        Q(programme__service_id__in=_programme_staff_services(user)) | _facilitates(user)
    )


@registry.register(Enrolment)
def enrolments(user: AnyUser) -> QuerySet[Enrolment]:
    """His (or her) enrolment: whoever reaches the case it is on (its owning team, its key
    worker, the service's managers, the DPO of the owning organisation) and the facilitators of
    the group it is in. Never the other side of the barrier: her partner-support worker sees
    his programme status only, through her own case."""
    if not is_person(user):
        return Enrolment.objects.none()
    return Enrolment.objects.filter(
        Q(case__in=visible_to(user, Case)) | _facilitates(user, "group__")
    )


@registry.register(EnrolmentStatusChange, through="enrolment")
def enrolment_history(user: AnyUser) -> QuerySet[EnrolmentStatusChange]:
    """An enrolment's status history: as its enrolment."""
    return EnrolmentStatusChange.objects.filter(enrolment__in=enrolments(user))


@registry.register(Session)
def sessions(user: AnyUser) -> QuerySet[Session]:
    """A session: as its group; a catch-up or one-to-one session also as its participant's
    enrolment."""
    if not is_person(user):
        return Session.objects.none()
    return Session.objects.filter(Q(group__in=groups(user)) | Q(enrolment__in=enrolments(user)))


@registry.register(Attendance, through="enrolment")
def attendances(user: AnyUser) -> QuerySet[Attendance]:
    """Attendance (code, reason, notes on his side): as the enrolment it belongs to."""
    return Attendance.objects.filter(enrolment__in=enrolments(user))


@registry.register(PartnerLink)
def partner_links(user: AnyUser) -> QuerySet[PartnerLink]:
    """Which of her cases follows which enrolment of his: her side only — whoever reaches her
    partner-support case. The programme never does: it would name her."""
    if not is_person(user):
        return PartnerLink.objects.none()
    return PartnerLink.objects.filter(partner_case__in=visible_to(user, Case))


@registry.register(PartnerContact, through="link")
def partner_contacts(user: AnyUser) -> QuerySet[PartnerContact]:
    """Contact attempts and contacts with her: as their partner link (her side only)."""
    return PartnerContact.objects.filter(link__in=partner_links(user))


@registry.register(SafetyInformationSource, through="link")
def safety_information_sources(user: AnyUser) -> QuerySet[SafetyInformationSource]:
    """Where a safety-information item came from (her case, the contact, who wrote it, when):
    her side only, as its partner link. Never the programme."""
    return SafetyInformationSource.objects.filter(link__in=partner_links(user))


@registry.register(SafetyInformation)
def safety_information(user: AnyUser) -> QuerySet[SafetyInformation]:
    """A safety-information item (concern, urgency, the partner-support service's words): on
    the programme side, once released, whoever reaches his enrolment; on her side, whoever
    reaches its source. The item holds nothing that points to her."""
    if not is_person(user):
        return SafetyInformation.objects.none()
    return SafetyInformation.objects.filter(
        Q(released_on__isnull=False, enrolment__in=enrolments(user))
        | Q(source__in=safety_information_sources(user))
    )


@registry.register(ComplianceReport)
def compliance_reports(user: AnyUser) -> QuerySet[ComplianceReport]:
    """A compliance report (attendance codes and status for a period): whoever reaches his
    enrolment, and those who work the cases of the mandating team it was delivered to."""
    if not is_person(user):
        return ComplianceReport.objects.none()
    return ComplianceReport.objects.filter(
        Q(enrolment__in=enrolments(user)) | Q(to_team__in=worked_teams(user))
    )


# --- how one user stands to one enrolment -------------------------------------------------------


@dataclass(frozen=True)
class EnrolmentAccess:
    """What one user may see and do on one enrolment she reached through `visible_to`."""

    enrolment: Enrolment
    relation: Relation | None

    def reads(self, field_class: FieldClass) -> bool:
        rule = rule_for(record_kind_of(self.enrolment.case), field_class, self.relation)
        return rule.grant is Grant.ALLOW

    @property
    def reads_notes(self) -> bool:
        """Attendance notes: the owning side of the case and the group's facilitators (they
        wrote them); the DPO only through a subject-access request."""
        return self.may_work

    @property
    def may_work(self) -> bool:
        """Record attendance, move the status, answer safety information, make a report."""
        return self.relation in OWNING_SIDE or self.relation is Relation.GROUP_FACILITATOR


# The owning side of the case an enrolment is on: his programme team, or for an empowerment
# path her own survivor-side team.
OWNING_SIDE = frozenset({Relation.PROGRAMME_TEAM, Relation.OWNING_TEAM, Relation.PARTNER_SUPPORT})


def enrolment_access(user: AnyUser, enrolment: Enrolment) -> EnrolmentAccess:
    """The user's standing to an enrolment she reached through `visible_to`: the owning side
    of its case, a facilitator of its group, the DPO, or nothing."""
    case_relation = case_access(user, enrolment.case).relation
    if case_relation in OWNING_SIDE:
        return EnrolmentAccess(enrolment, case_relation)
    group = enrolment.group
    if is_person(user) and group is not None and user.pk in group.facilitator_ids:
        return EnrolmentAccess(enrolment, Relation.GROUP_FACILITATOR)
    return EnrolmentAccess(enrolment, case_relation)


def may_run_programme(user: AnyUser, programme: Programme) -> bool:
    """Start a group of the programme (and run any of its groups): those who work cases in the
    programme's service — its facilitators, coordinators and managers."""
    if not is_person(user):
        return False
    return _programme_staff_services(user).filter(team__service_id=programme.service_id).exists()


def may_run_group(user: AnyUser, group: Group) -> bool:
    """Record a register, cancel or add sessions: the group's facilitators and those who work
    cases in the programme's service."""
    if not is_person(user):
        return False
    if user.pk in group.facilitator_ids:
        return True
    return may_run_programme(user, group.programme)


def may_run_session(user: AnyUser, session: Session) -> bool:
    """Record its register or cancel it: a group session as its group (`may_run_group`); a
    catch-up or one-to-one session also whoever works its participant's enrolment."""
    if session.group is not None and may_run_group(user, session.group):
        return True
    if session.enrolment_id is not None:
        return enrolment_access(user, session.enrolment).may_work
    return False


def facilitates_enrolment(user_id: int, enrolment: Enrolment) -> bool:
    """Whether the user is one of the facilitators of the man's group (or of a session held
    for him alone): she may not be his partner's partner-support worker."""
    group = enrolment.group
    return group is not None and user_id in group.facilitator_ids
