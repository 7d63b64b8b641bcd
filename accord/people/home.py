import datetime

from django.http import HttpRequest
from django.utils import timezone

from accord.access.policy import organisation_ids_with_role, visible_to
from accord.accounts.home import roles
from accord.accounts.models import Organisation, Role
from accord.audit.models import AuditEvent
from accord.core import panels
from accord.people.retention import due_people

# How far back the DPO's panel looks for referrals sent without consent.
OVERRIDE_DAYS = 30


@panels.home_panel("data-protection", template="people/_home_data_protection.html", order=15)
def data_protection(request: HttpRequest) -> dict[str, object] | None:
    """A DPO's pending work: records past their retention period in her organisations, and
    referrals sent without consent (serious risk to life) in the last month, to review."""
    if Role.DPO not in roles(request):
        return None
    today = timezone.localdate()
    since = timezone.now() - datetime.timedelta(days=OVERRIDE_DAYS)
    organisations = list(
        visible_to(request.user, Organisation)
        .filter(pk__in=organisation_ids_with_role(request.user, Role.DPO))
        .order_by("name")
    )
    return {
        "retention": [
            (organisation, due_people(organisation, today=today).count())
            for organisation in organisations
        ],
        "overrides": list(
            visible_to(request.user, AuditEvent)
            .filter(action="referral.sent_without_consent", at__gte=since)
            .order_by("-seq")[:8]
        ),
    }
