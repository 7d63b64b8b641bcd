"""Who may do what in the network layer. Nothing here reaches a person: reports and submissions
are counts, members are organisations. Analysts and admins get these pages and nothing of the
casework (accord.access.policy gives them no case, person or referral).

Each condition on its own line, as in accord.access.policy, whose public names are used."""

from django.db.models import Exists, Q, QuerySet

from accord.access import registry
from accord.access.policy import (
    AnyUser,
    is_person,
    is_service_account,
    memberships_of,
    organisation_ids_with_role,
)
from accord.accounts.models import Role
from accord.network.models import Area, AreaReturn, Member, Report, Submission


def is_analyst(user: AnyUser) -> bool:
    return memberships_of(user).filter(role=Role.ANALYST).exists()


def may_prepare_reports(user: AnyUser) -> bool:
    """Preparing a period's tables: the locality's analyst."""
    return is_analyst(user)


def may_approve_report(user: AnyUser, report: Report) -> bool:
    """The second pair of eyes: another person who is an analyst or an organisation admin.
    Whoever prepared the tables never approves them."""
    if report.prepared_by_id == user.pk:
        return False
    return memberships_of(user).filter(role__in=[Role.ANALYST, Role.ADMIN]).exists()


def may_read_reports(user: AnyUser) -> bool:
    """The locality's reports (counts only): its analysts and organisation admins."""
    return memberships_of(user).filter(role__in=[Role.ANALYST, Role.ADMIN]).exists()


def may_send_report(user: AnyUser) -> bool:
    """Sending approved tables: whoever reads the reports (the approval is the safeguard)."""
    return may_read_reports(user)


def may_compare(user: AnyUser) -> bool:
    """The hub's comparisons and exports: the hub's analysts."""
    return is_analyst(user)


def may_see_barometer(user: AnyUser) -> bool:
    """The barometer (areas' service figures, no person): the hub's analysts, as the
    comparisons."""
    return may_compare(user)


def areas_kept_by(user: AnyUser) -> QuerySet[Area]:
    """The areas whose barometer figures (inhabitants, places, advocates, protocols; no person)
    the user keeps: the hub's analysts every area; a member's organisation admins the areas
    their member works in. Nobody else, and no service account."""
    if not is_person(user):
        return Area.objects.none()
    # One query wherever it is asked (the member page asks it on every view).
    return Area.objects.filter(
        Q(Exists(memberships_of(user).filter(role=Role.ANALYST)))
        | Q(member__organisation_id__in=organisation_ids_with_role(user, Role.ADMIN))
    )


def may_keep_area_figures(user: AnyUser) -> bool:
    return areas_kept_by(user).exists()


def may_edit_member(user: AnyUser, member: Member) -> bool:
    """A member's page is kept by the admins of its own organisation on the hub."""
    if member.organisation_id is None:
        return False
    return (
        memberships_of(user)
        .filter(role=Role.ADMIN, team__service__organisation_id=member.organisation_id)
        .exists()
    )


def submitting_member(user: AnyUser) -> Member | None:
    """The member a service account submits for (its token is the hub's service token)."""
    if not is_service_account(user):
        return None
    return Member.objects.filter(account=user).first()


@registry.register(Report)
def reports(user: AnyUser) -> QuerySet[Report]:
    """Period reports (counts after suppression, no person): the locality's analysts and
    organisation admins."""
    if not may_read_reports(user):
        return Report.objects.none()
    return Report.objects.all()


@registry.register(Member)
def members(user: AnyUser) -> QuerySet[Member]:
    """The hub's member directory (organisations, no person data): every signed-in account."""
    if not user.is_authenticated:
        return Member.objects.none()
    return Member.objects.all()


@registry.register(Submission)
def submissions(user: AnyUser) -> QuerySet[Submission]:
    """Tables members sent (counts after suppression): the hub's analysts all of them; a
    member's admins and its service account only the member's own."""
    if is_service_account(user):
        return Submission.objects.filter(member__account=user)
    if not is_person(user):
        return Submission.objects.none()
    if is_analyst(user):
        return Submission.objects.all()
    return Submission.objects.filter(
        Q(member__organisation_id__in=organisation_ids_with_role(user, Role.ADMIN))
    )


@registry.register(AreaReturn)
def area_returns(user: AnyUser) -> QuerySet[AreaReturn]:
    """An area's barometer figures for a year (inhabitants, shelter places, advocates,
    protocols, answer days; no person): those who keep the area's figures — the hub's analysts
    every area's, a member's organisation admins those of their member's areas. Never a
    service account."""
    return AreaReturn.objects.filter(area__in=areas_kept_by(user))
