"""The access rules of referrals and team notices."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from accord.access import registry
from accord.access.cases import owning_case_filter
from accord.access.roles import (
    CASEWORK_ROLES,
    AnyUser,
    is_person,
    is_service_account,
    memberships_of,
    organisation_ids_with_role,
    service_account_memberships,
    worked_team_filter,
    worked_teams,
)
from accord.accounts.models import Role, Team
from accord.referrals.models import (
    Notification,
    Referral,
    ReferralStatus,
)
from accord.referrals.transitions import ACCEPT, CLOSE, SEND, TRANSITIONS, WITHDRAW


def _sending_filter(user: AnyUser) -> Q:
    """Referrals the user reaches as their sender: those made from a case she reaches as the
    owning side; for one that came in through the API (no case), the case workers of the team
    it came from (its service's managers included)."""
    return (Q(from_case__isnull=False) & owning_case_filter(user, "from_case__")) | (
        worked_team_filter(user, "from_team__") & Q(from_case__isnull=True)
    )


def _receiving_filter(user: AnyUser) -> Q:
    """Referrals the user reaches as their receiver: sent to a service where she works cases
    (casework role in one of its teams, or its manager). Never a draft."""
    services = memberships_of(user).filter(role__in=CASEWORK_ROLES | {Role.MANAGER})
    return Q(to_service_id__in=services.values("team__service_id")) & ~Q(
        status=ReferralStatus.DRAFT
    )


@registry.register(Referral)
def referrals(user: AnyUser) -> QuerySet[Referral]:
    """Sender and receiver sides (`referral_access` says which); a receiver reads what was
    sent (`ReferralAccess.reads_payload`), never the sender's case. A police or probation
    system reads the referrals it sent itself, nothing else."""
    if is_service_account(user):
        teams = service_account_memberships(user).values("team_id")
        return Referral.objects.filter(from_team_id__in=teams, from_case__isnull=True)
    if not is_person(user):
        return Referral.objects.none()
    return Referral.objects.filter(_sending_filter(user) | _receiving_filter(user))


def sent_referrals(user: AnyUser) -> QuerySet[Referral]:
    """The referrals the user reaches as their sender (drafts included)."""
    if not is_person(user):
        return referrals(user)
    return Referral.objects.filter(_sending_filter(user))


def received_referrals(user: AnyUser) -> QuerySet[Referral]:
    """The referrals the user reaches as their receiver (never a draft)."""
    if not is_person(user):
        return Referral.objects.none()
    return Referral.objects.filter(_receiving_filter(user))


def inbox_teams(user: AnyUser) -> QuerySet[Team]:
    """The teams whose inbox the user reads: those whose cases she works."""
    return worked_teams(user)


@registry.register(Notification)
def notifications(user: AnyUser) -> QuerySet[Notification]:
    """A team's notices: read by those who work the team's cases."""
    return Notification.objects.filter(team__in=inbox_teams(user))


def may_report_referrals(user: AnyUser) -> bool:
    """The pathways report (counts, rates, times; no person data): managers."""
    return memberships_of(user).filter(role=Role.MANAGER).exists()


def report_organisation_ids(user: AnyUser) -> QuerySet:
    """Whose referrals a manager's report counts: those sent from or to her organisations."""
    return organisation_ids_with_role(user, Role.MANAGER)


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

    # Who may do what, now: the transition table (accord/referrals/transitions.py).
    @property
    def may_send(self) -> bool:
        return TRANSITIONS[SEND].allowed(self)

    @property
    def may_withdraw(self) -> bool:
        return TRANSITIONS[WITHDRAW].allowed(self)

    @property
    def may_answer(self) -> bool:
        """Accept or decline: the receiver, while it waits for an answer."""
        return TRANSITIONS[ACCEPT].allowed(self)

    @property
    def may_close(self) -> bool:
        return TRANSITIONS[CLOSE].allowed(self)


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
