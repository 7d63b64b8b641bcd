"""Who may see and do what: the one place that answers (DESIGN.md §4.2).

Views, the API, the admin, commands and exports ask these functions; none of them filters a
protected model on its own. A record the user may not see is reported as missing (404).
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404

from accord.access import registry
from accord.access.fields import (
    FieldClass,
    Grant,
    RecordKind,
    Relation,
    Rule,
    field_class_of,
    rule_for,
)
from accord.accounts.models import Membership, Organisation, Role, Service, Team, User
from accord.audit.models import AuditEvent
from accord.cases.models import Case, CaseKind, Incident, Note, NoteVisibility, Task
from accord.people.models import Household, Person, Relationship
from accord.referrals.models import (
    DirectoryEntry,
    Notification,
    Protocol,
    ProtocolParty,
    ProtocolStatus,
    Referral,
    ReferralStatus,
)
from accord.risk.models import Assessment
from accord.safety.models import SafetyPlan, SafetyPlanItem

AnyUser = AbstractBaseUser | AnonymousUser


class Action(StrEnum):
    VIEW = "view"
    ADMINISTER = "administer"
    REVEAL_LOCATION = "reveal_location"
    READ_AUDIT = "read_audit"


def is_person(user: AnyUser) -> bool:
    """A signed-in human; service accounts act only through the endpoints built for them."""
    return bool(user.is_authenticated and user.is_active and not user.is_service_account)


def is_service_account(user: AnyUser) -> bool:
    """A police or probation system's account: it acts only through the endpoints built for it."""
    return bool(user.is_authenticated and user.is_active and user.is_service_account)


def service_account_memberships(user: AnyUser) -> QuerySet[Membership]:
    """Where a system's account belongs (`memberships_of` answers for people only)."""
    if not is_service_account(user):
        return Membership.objects.none()
    return Membership.objects.filter(user=user)


def service_account_team(user: AnyUser) -> Team | None:
    """The team a system's account sends referrals from: that of its first membership."""
    membership = (
        service_account_memberships(user).select_related("team__service").order_by("pk").first()
    )
    return membership.team if membership is not None else None


def memberships_of(user: AnyUser) -> QuerySet[Membership]:
    if not is_person(user):
        return Membership.objects.none()
    return Membership.objects.filter(user=user)


def organisation_ids_with_role(user: AnyUser, role: Role) -> QuerySet:
    return memberships_of(user).filter(role=role).values("team__service__organisation_id")


def organisation_ids_of(user: AnyUser) -> QuerySet:
    return memberships_of(user).values("team__service__organisation_id")


# --- record visibility ------------------------------------------------------------------------


def _organisations(user: AnyUser) -> QuerySet[Organisation]:
    # The locality's directory holds no person data: every signed-in account reads it,
    # service accounts included (a police system looks up where to refer).
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.all()


def _services(user: AnyUser) -> QuerySet[Service]:
    if not user.is_authenticated:
        return Service.objects.none()
    return Service.objects.select_related("organisation")


def public_helplines() -> QuerySet[Service]:
    """Services whose helpline may be published, for the survivor-facing help page."""
    return Service.objects.filter(public_phone__gt="").select_related("organisation")


def _directory_entries(user: AnyUser) -> QuerySet[DirectoryEntry]:
    # Part of the directory, like the services it describes: no person data in it.
    if not user.is_authenticated:
        return DirectoryEntry.objects.none()
    return DirectoryEntry.objects.select_related("service__organisation")


def _protocols(user: AnyUser) -> QuerySet[Protocol]:
    """A cooperation protocol is read by the admins of its parties (drafts included: they
    negotiate it) and by the service accounts of its parties once it has been activated (a
    police system checks what it may send). Nobody else: not the parties' caseworkers or
    managers, not a superuser, not another organisation's admin."""
    if not user.is_authenticated or not user.is_active:
        return Protocol.objects.none()
    if user.is_service_account:
        organisations = service_account_memberships(user).values("team__service__organisation_id")
        parties = ProtocolParty.objects.filter(organisation_id__in=organisations)
        return Protocol.objects.filter(
            pk__in=parties.values("protocol_id"), status=ProtocolStatus.ACTIVE
        )
    parties = ProtocolParty.objects.filter(
        organisation_id__in=organisation_ids_with_role(user, Role.ADMIN)
    )
    return Protocol.objects.filter(pk__in=parties.values("protocol_id"))


def _teams(user: AnyUser) -> QuerySet[Team]:
    if not is_person(user):
        return Team.objects.none()
    return Team.objects.filter(
        service__organisation_id__in=organisation_ids_of(user)
    ).select_related("service__organisation")


def _memberships(user: AnyUser) -> QuerySet[Membership]:
    if not is_person(user):
        return Membership.objects.none()
    if user.is_superuser:
        return Membership.objects.all()
    return Membership.objects.filter(
        team__service__organisation_id__in=organisation_ids_with_role(user, Role.ADMIN)
    )


def _users(user: AnyUser) -> QuerySet[User]:
    if not is_person(user):
        return User.objects.none()
    if user.is_superuser:
        return User.objects.all()
    return User.objects.filter(
        memberships__team__service__organisation_id__in=organisation_ids_with_role(user, Role.ADMIN)
    ).distinct()


def _audit_events(user: AnyUser) -> QuerySet[AuditEvent]:
    """A DPO reads what her organisation's people did and what was done to its records."""
    if not is_person(user):
        return AuditEvent.objects.none()
    if user.is_superuser:
        # The platform operator reads the whole log in the (read-only) admin, e.g. to look at
        # the link `audit_verify` names as broken. The DPO screens still require the DPO role
        # (a superuser who is also a DPO sees the whole log there too).
        return AuditEvent.objects.all()
    organisations = organisation_ids_with_role(user, Role.DPO)
    return AuditEvent.objects.filter(acting_organisation_id__in=organisations) | (
        AuditEvent.objects.filter(subject_organisation_id__in=organisations)
    )


def audit_subject_users(user: AnyUser) -> QuerySet[User]:
    """The people whose actions a DPO may review: everyone with a membership in an organisation
    where she holds the DPO role (service accounts included: their calls are audited too).

    Not `visible_to(user, User)`: that answers "whom may she administer", a different question.
    """
    if not is_person(user):
        return User.objects.none()
    return User.objects.filter(
        memberships__team__service__organisation_id__in=organisation_ids_with_role(user, Role.DPO)
    ).distinct()


# --- casework: need to know (DESIGN.md §4.3) ---------------------------------------------------

# Roles that work cases: the cases of their own teams (and the ones assigned to them).
CASEWORK_ROLES = frozenset({Role.CASEWORKER, Role.FACILITATOR, Role.COORDINATOR, Role.MENTOR})


def _owning_case_filter(user: AnyUser, prefix: str = "") -> Q:
    """Cases the user reaches as part of the owning side: her teams' cases (casework roles),
    every case of a service she manages, and any case she is key worker of. `prefix` applies
    the same filter through a relation (e.g. "case__" for a case's tasks)."""
    memberships = memberships_of(user)
    team_ids = memberships.filter(role__in=CASEWORK_ROLES).values("team_id")
    managed_service_ids = memberships.filter(role=Role.MANAGER).values("team__service_id")
    return (
        Q(**{f"{prefix}team_id__in": team_ids})
        | Q(**{f"{prefix}team__service_id__in": managed_service_ids})
        | Q(**{f"{prefix}key_worker": user})
    )


def _case_filter(user: AnyUser, prefix: str = "") -> Q:
    dpo_organisations = organisation_ids_with_role(user, Role.DPO)
    return _owning_case_filter(user, prefix) | Q(
        **{f"{prefix}team__service__organisation_id__in": dpo_organisations}
    )


def _cases(user: AnyUser) -> QuerySet[Case]:
    if not is_person(user):
        return Case.objects.none()
    return Case.objects.filter(_case_filter(user))


def owning_side_cases(user: AnyUser) -> QuerySet[Case]:
    """The cases the user reaches as their owning side (her teams' casework roles, the managers
    of the owning service, the key worker), not as the DPO: those whose work she reads. Apps
    whose records are the case's working content (empowerment plans, outcome answers) start
    their rules here."""
    if not is_person(user):
        return Case.objects.none()
    return Case.objects.filter(_owning_case_filter(user))


def _people(user: AnyUser) -> QuerySet[Person]:
    # A person is reached only through one of her cases; the household never opens her record
    # to the other side of the barrier.
    return Person.objects.filter(cases__in=_cases(user)).distinct()


def _households(user: AnyUser) -> QuerySet[Household]:
    return Household.objects.filter(cases__in=_cases(user)).distinct()


def _case_children[M: Model](
    model: type[M], case_path: str = "case"
) -> Callable[[AnyUser], QuerySet[M]]:
    """Rows reached through their case; `case_path` is the relation to it (e.g. "plan__case")."""

    def visible(user: AnyUser) -> QuerySet[M]:
        if not is_person(user):
            return model.objects.none()
        # Through a join on the row's own case rather than `case_id IN (visible cases)`: a
        # database can then start from the row's own index (e.g. a worker's tasks) instead of
        # listing every visible case first.
        return model.objects.filter(_case_filter(user, prefix=f"{case_path}__"))

    return visible


# --- referrals ----------------------------------------------------------------------------------


def _sending_filter(user: AnyUser) -> Q:
    """Referrals the user reaches as their sender: those made from a case she reaches as the
    owning side; for one that came in through the API (no case), the case workers of the team
    it came from (its service's managers included)."""
    memberships = memberships_of(user)
    inbound_teams = memberships.filter(role__in=CASEWORK_ROLES).values("team_id")
    inbound_services = memberships.filter(role=Role.MANAGER).values("team__service_id")
    return (Q(from_case__isnull=False) & _owning_case_filter(user, "from_case__")) | Q(
        Q(from_team_id__in=inbound_teams) | Q(from_team__service_id__in=inbound_services),
        from_case__isnull=True,
    )


def _receiving_filter(user: AnyUser) -> Q:
    """Referrals the user reaches as their receiver: sent to a service where she works cases
    (casework role in one of its teams, or its manager). Never a draft."""
    services = memberships_of(user).filter(role__in=CASEWORK_ROLES | {Role.MANAGER})
    return Q(to_service_id__in=services.values("team__service_id")) & ~Q(
        status=ReferralStatus.DRAFT
    )


def _referrals(user: AnyUser) -> QuerySet[Referral]:
    if is_service_account(user):
        # A police or probation system reads the referrals it sent itself, nothing else.
        teams = service_account_memberships(user).values("team_id")
        return Referral.objects.filter(from_team_id__in=teams, from_case__isnull=True)
    if not is_person(user):
        return Referral.objects.none()
    return Referral.objects.filter(_sending_filter(user) | _receiving_filter(user))


def sent_referrals(user: AnyUser) -> QuerySet[Referral]:
    """The referrals the user reaches as their sender (drafts included)."""
    if not is_person(user):
        return _referrals(user)
    return Referral.objects.filter(_sending_filter(user))


def received_referrals(user: AnyUser) -> QuerySet[Referral]:
    """The referrals the user reaches as their receiver (never a draft)."""
    if not is_person(user):
        return Referral.objects.none()
    return Referral.objects.filter(_receiving_filter(user))


def may_report_referrals(user: AnyUser) -> bool:
    """The pathways report (counts, rates, times; no person data): managers."""
    return memberships_of(user).filter(role=Role.MANAGER).exists()


def report_organisation_ids(user: AnyUser) -> QuerySet:
    """Whose referrals a manager's report counts: those sent from or to her organisations."""
    return organisation_ids_with_role(user, Role.MANAGER)


def inbox_teams(user: AnyUser) -> QuerySet[Team]:
    """The teams whose inbox the user reads: those whose cases she works (`case_workers`)."""
    if not is_person(user):
        return Team.objects.none()
    return teams_to_open_cases_in(user)


def _notifications(user: AnyUser) -> QuerySet[Notification]:
    return Notification.objects.filter(team__in=inbox_teams(user))


# Where the receiver reads what was sent: only while the referral is live. Declined, withdrawn
# or closed, the payload is gone anyway (cleared by the services).
PAYLOAD_STATUSES = frozenset({ReferralStatus.SENT, ReferralStatus.ACCEPTED})


@dataclass(frozen=True)
class ReferralAccess:
    """How one user stands to one referral she reaches: as its sender, its receiver, or both
    (two services of one organisation). Computed once per request."""

    referral: Referral
    sender: bool
    receiver: bool

    def reads_payload(self) -> bool:
        """What was sent, by category: either side, while the referral is sent or accepted."""
        return (self.sender or self.receiver) and self.referral.status in PAYLOAD_STATUSES

    @property
    def may_send(self) -> bool:
        return self.sender and self.referral.status == ReferralStatus.DRAFT

    @property
    def may_withdraw(self) -> bool:
        return self.sender and self.referral.status in {ReferralStatus.DRAFT, ReferralStatus.SENT}

    @property
    def may_answer(self) -> bool:
        """Accept or decline: the receiver, while it waits for an answer."""
        return self.receiver and self.referral.status == ReferralStatus.SENT

    @property
    def may_close(self) -> bool:
        return (self.sender or self.receiver) and self.referral.status == ReferralStatus.ACCEPTED


def referral_access(user: AnyUser, referral: Referral) -> ReferralAccess:
    """The user's standing to a referral she reached through `visible_to` (one query)."""
    if is_service_account(user):
        return ReferralAccess(referral, sender=True, receiver=False)
    if not is_person(user):
        return ReferralAccess(referral, sender=False, receiver=False)
    sides = Referral.objects.filter(pk=referral.pk).aggregate(
        sender=Count("pk", filter=_sending_filter(user)),
        receiver=Count("pk", filter=_receiving_filter(user)),
    )
    return ReferralAccess(referral, sender=bool(sides["sender"]), receiver=bool(sides["receiver"]))


# Transitional: these rules move to their apps' own access.py (accord/access/registry.py).
_RULES_STILL_HERE: dict[type[Model], Callable[[AnyUser], QuerySet[Any]]] = {
    Organisation: _organisations,
    Service: _services,
    Team: _teams,
    DirectoryEntry: _directory_entries,
    Protocol: _protocols,
    Membership: _memberships,
    User: _users,
    AuditEvent: _audit_events,
    Case: _cases,
    Person: _people,
    Household: _households,
    Incident: _case_children(Incident),
    Note: _case_children(Note),
    Task: _case_children(Task),
    Assessment: _case_children(Assessment),
    # Which of the case's readers may open its safety plan: CaseAccess.reads_safety_plan.
    SafetyPlan: _case_children(SafetyPlan),
    SafetyPlanItem: _case_children(SafetyPlanItem, "plan__case"),
    # Sender and receiver sides (`referral_access` says which); a receiver reads what was sent
    # (`ReferralAccess.reads_payload`), never the sender's case.
    Referral: _referrals,
    Notification: _notifications,
}


for _model, _rows in _RULES_STILL_HERE.items():
    registry.register(_model)(_rows)


def visible_to[M: Model](user: AnyUser, model: type[M]) -> QuerySet[M]:
    return registry.rule_of(model).rows(user)


def get_visible_or_404[M: Model](user: AnyUser, model: type[M], **lookup: Any) -> M:
    """The record, or Http404 whether it is missing or forbidden: the two must look alike."""
    try:
        return visible_to(user, model).get(**lookup)
    except (model.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


# --- relations and field rules ----------------------------------------------------------------


def relation_to_service(user: AnyUser, service: Service) -> Relation | None:
    if not is_person(user):
        return None
    if memberships_of(user).filter(team__service=service).exists():
        return Relation.SERVICE_STAFF
    return Relation.ANYONE_SIGNED_IN


def _owning_relation(case: Case) -> Relation:
    if case.kind == CaseKind.PERPETRATOR_PROGRAMME:
        return Relation.PROGRAMME_TEAM
    if case.kind == CaseKind.PARTNER_SUPPORT:
        return Relation.PARTNER_SUPPORT
    return Relation.OWNING_TEAM


def case_accesses(user: AnyUser, cases: list[Case]) -> dict[int, "CaseAccess"]:
    """How the user reaches each case, which decides the column of the rule table that applies:
    the owning side (by the case's kind), the DPO of the owning organisation, or not at all.
    At most two queries however many cases (a caseload page); one when she owns them all."""
    if not is_person(user) or not cases:
        return {case.pk: CaseAccess(case=case, relation=None) for case in cases}
    owned = set(
        Case.objects.filter(
            _owning_case_filter(user), pk__in=[case.pk for case in cases]
        ).values_list("pk", flat=True)
    )
    dpo_organisations: set[int] = set()
    if any(case.pk not in owned for case in cases):
        dpo_organisations = set(
            organisation_ids_with_role(user, Role.DPO).values_list(
                "team__service__organisation_id", flat=True
            )
        )
    accesses = {}
    for case in cases:
        relation: Relation | None = None
        if case.pk in owned:
            relation = _owning_relation(case)
        elif case.team.service.organisation_id in dpo_organisations:
            relation = Relation.DPO
        accesses[case.pk] = CaseAccess(case=case, relation=relation)
    return accesses


def record_kind_of(case: Case) -> RecordKind:
    if case.kind == CaseKind.PERPETRATOR_PROGRAMME:
        return RecordKind.PERSON_USING_VIOLENCE
    return RecordKind.PERSON_AT_RISK


@dataclass(frozen=True)
class CaseAccess:
    """What one user may see of one case and its person: computed once per request."""

    case: Case
    relation: Relation | None

    def rule(self, field_class: FieldClass) -> Rule:
        return rule_for(record_kind_of(self.case), field_class, self.relation)

    def reads(self, field_class: FieldClass) -> bool:
        return self.rule(field_class).grant is Grant.ALLOW

    def may_reveal_location(self) -> bool:
        return self.rule(FieldClass.LOCATION).grant is Grant.REVEAL

    @property
    def may_work(self) -> bool:
        """Add incidents, notes and tasks; change the case: the owning side only."""
        return self.relation in {
            Relation.OWNING_TEAM,
            Relation.PARTNER_SUPPORT,
            Relation.PROGRAMME_TEAM,
        }

    def reads_note(self, note: Note) -> bool:
        if note.visibility == NoteVisibility.ADMINISTRATIVE:
            return self.reads(FieldClass.ADMINISTRATIVE)
        # A partner-support worker's "own notes" are the notes of her own case, which is the
        # only case this relation reaches.
        return self.reads(FieldClass.DISCLOSURE) or self.relation is Relation.PARTNER_SUPPORT

    def reads_household_programme_status(self) -> bool:
        """The survivor side of a household sees the man's programme status (enrolment,
        outcome) and nothing else of him: the rule table's "survivor-side team of anyone in
        his household" column."""
        if self.relation not in {Relation.OWNING_TEAM, Relation.PARTNER_SUPPORT}:
            return False
        rule = rule_for(
            RecordKind.PERSON_USING_VIOLENCE,
            FieldClass.PROGRAMME_STATUS,
            Relation.SURVIVOR_SIDE_OF_HOUSEHOLD,
        )
        return rule.grant is Grant.ALLOW

    def reads_incidents(self) -> bool:
        """Incidents are disclosure throughout (her account of what happened). As with notes, a
        partner-support worker's "own" records are those of her own case."""
        return self.reads(FieldClass.DISCLOSURE) or self.relation is Relation.PARTNER_SUPPORT

    def reads_risk(self) -> bool:
        """The case's risk class: its level, flags and every assessment with its answers."""
        return self.reads(FieldClass.RISK)

    def may_assess_risk(self) -> bool:
        """Start, save or complete an assessment: those who read the risk and work the case."""
        return self.reads_risk() and self.may_work

    def reads_safety_plan(self) -> bool:
        """Her safety plan says where she would go and who helps her: the survivor side only,
        as a disclosure (a partner-support worker's own case counts, as for incidents). Anyone
        else gets a 404, as if there were no plan; writing also needs `may_work`."""
        if not self.case.is_survivor_side:
            return False
        return self.reads(FieldClass.DISCLOSURE) or self.relation is Relation.PARTNER_SUPPORT

    def reads_consents(self) -> bool:
        """The consents of the case's person (what she agreed may be shared, with whom): the
        owning side of the case, whatever its kind (so the programme reads the man's own), and
        the DPO of the owning organisation. Not the other side of a household, nor anyone
        else: a 404, as for a missing case."""
        return self.relation in {
            Relation.OWNING_TEAM,
            Relation.PARTNER_SUPPORT,
            Relation.PROGRAMME_TEAM,
            Relation.DPO,
        }

    def may_record_consent(self) -> bool:
        """Record or withdraw one of the person's consents: those who work the case (the DPO
        reads them, and changes nothing)."""
        return self.reads_consents() and self.may_work

    def readable_fields(self, label_lower: str, names: list[str]) -> list[str]:
        return [
            name
            for name in names
            if (field_class := field_class_of(label_lower, name)) is not None
            and self.reads(field_class)
        ]


def case_access(user: AnyUser, case: Case) -> CaseAccess:
    return case_accesses(user, [case])[case.pk]


def case_workers(team: Team) -> QuerySet[User]:
    """The people who may work the cases `team` owns: its casework roles and the managers of
    its service (the owning side of `_owning_case_filter`). A key worker or a task's assignee
    comes from here, so that naming someone never opens a case to her across the barrier."""
    return User.objects.filter(
        Q(memberships__team=team, memberships__role__in=CASEWORK_ROLES)
        | Q(memberships__team__service_id=team.service_id, memberships__role=Role.MANAGER),
        is_active=True,
        is_service_account=False,
    ).distinct()


def teams_to_open_cases_in(user: AnyUser) -> QuerySet[Team]:
    """The teams whose case workers (`case_workers`) include the user: she may open cases there."""
    memberships = memberships_of(user)
    return Team.objects.filter(
        Q(pk__in=memberships.filter(role__in=CASEWORK_ROLES).values("team_id"))
        | Q(service_id__in=memberships.filter(role=Role.MANAGER).values("team__service_id"))
    )


def may_open_case(user: AnyUser, team: Team) -> bool:
    """Opening a case in `team`: one of its case workers (whoever she then names key worker)."""
    return teams_to_open_cases_in(user).filter(pk=team.pk).exists()


def household_programme_cases(access: CaseAccess) -> list[Case]:
    """His programme cases in her household, for her side: the rule table gives her side the
    programme status class of his record and nothing else, so only those fields are loaded.
    Deliberately outside `visible_to`: his case is not hers to open."""
    case = access.case
    if case.household_id is None or not access.reads_household_programme_status():
        return []
    return list(
        Case.objects.filter(
            household_id=case.household_id,
            kind=CaseKind.PERPETRATOR_PROGRAMME,
            person__household_memberships__household_id=case.household_id,
            person__household_memberships__relationship=Relationship.PERSON_USING_VIOLENCE,
        )
        .only("person_id", "status", "opened_on", "closed_on", "closure_reason")
        .order_by("-opened_on", "pk")
    )


def field_rule(user: AnyUser, obj: Model, field_class: FieldClass) -> Rule:
    if isinstance(obj, Service):
        return rule_for(RecordKind.SERVICE, field_class, relation_to_service(user, obj))
    raise TypeError(f"No field rules for {type(obj).__name__}")


# --- actions ------------------------------------------------------------------------------------


def may_administer_organisation(user: AnyUser, organisation: Organisation) -> bool:
    if not is_person(user):
        return False
    if user.is_superuser:
        return True
    return (
        memberships_of(user)
        .filter(role=Role.ADMIN, team__service__organisation=organisation)
        .exists()
    )


def administered_organisations(user: AnyUser) -> QuerySet[Organisation]:
    if not is_person(user):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(id__in=organisation_ids_with_role(user, Role.ADMIN))


def protocol_organisations(user: AnyUser) -> QuerySet[Organisation]:
    """The organisations the user drafts, signs and activates protocols for: those where she
    holds the admin role (a manager runs a service; an agreement binds the organisation)."""
    if not is_person(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(id__in=organisation_ids_with_role(user, Role.ADMIN))


def may_manage_protocol(user: AnyUser, protocol: Protocol) -> bool:
    """Change a draft (parties, flows, document), activate or end it: the admin of any of its
    parties. Signing for one party is narrower: `may_sign_protocol_for`."""
    return ProtocolParty.objects.filter(
        protocol=protocol, organisation__in=protocol_organisations(user)
    ).exists()


def may_sign_protocol_for(user: AnyUser, organisation: Organisation) -> bool:
    """Record who signed for `organisation`: its own admin only."""
    return protocol_organisations(user).filter(pk=organisation.pk).exists()


def may_edit_directory_entry(user: AnyUser, service: Service) -> bool:
    """A service's directory entry: its organisation's admin, or a manager of the service."""
    return (
        memberships_of(user)
        .filter(
            Q(role=Role.ADMIN, team__service__organisation_id=service.organisation_id)
            | Q(role=Role.MANAGER, team__service_id=service.pk)
        )
        .exists()
    )


def may_read_audit(user: AnyUser) -> bool:
    return memberships_of(user).filter(role=Role.DPO).exists()


# --- data protection: subject access and erasure (GDPR art. 15 and 17) ------------------------


def _is_dpo_of(user: AnyUser, organisation_id: int) -> bool:
    return (
        memberships_of(user)
        .filter(role=Role.DPO, team__service__organisation_id=organisation_id)
        .exists()
    )


def may_handle_subject_requests(user: AnyUser) -> bool:
    """Whether the user answers requests from data subjects (access, erasure) anywhere: a DPO."""
    return memberships_of(user).filter(role=Role.DPO).exists()


def data_protection_people(user: AnyUser) -> QuerySet[Person]:
    """The people whose records this user answers for as data-protection officer: every person
    held by an organisation where she has the DPO role, whoever works the cases. Nobody else
    (not a caseworker, manager or organisation admin, nor a superuser) gets any."""
    return Person.objects.filter(organisation_id__in=organisation_ids_with_role(user, Role.DPO))


def may_export_person(user: AnyUser, person: Person) -> bool:
    """Subject-access export of everything held on `person`: the DPO of the organisation that
    holds the record. The export is the audited "on request" path of the rule table."""
    return _is_dpo_of(user, person.organisation_id)


def may_erase_person(user: AnyUser, person: Person) -> bool:
    """Erasure of `person` and all their cases: the DPO of the organisation that holds the
    record (its own name, so that the two rights can diverge without touching every caller)."""
    return _is_dpo_of(user, person.organisation_id)


def get_person_for_data_protection_or_404(user: AnyUser, uid: object) -> Person:
    """The person for the DPO's subject-access and erasure pages, or Http404 whether they are
    missing or held by an organisation where the user is not the DPO."""
    try:
        return data_protection_people(user).select_related("organisation").get(uid=uid)
    except (Person.DoesNotExist, ValueError, TypeError, ValidationError) as missing:
        raise Http404 from missing


def may(user: AnyUser, action: Action, obj: Model | None = None) -> bool:
    match action, obj:
        case Action.VIEW, Model():
            return visible_to(user, type(obj)).filter(pk=obj.pk).exists()
        case Action.ADMINISTER, Organisation():
            return may_administer_organisation(user, obj)
        case Action.REVEAL_LOCATION, Service():
            return field_rule(user, obj, FieldClass.LOCATION).grant is Grant.REVEAL
        case Action.READ_AUDIT, None:
            return may_read_audit(user)
    return False
