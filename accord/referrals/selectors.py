"""Reads of referrals and team notices, scoped by the access module.

Before anything leaves a service, referrals ask the directory app which categories the
protocol in force lets flow (accord.directory.selectors `protocol_flow_for`, `why_no_protocol`).
"""

import datetime
import statistics
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accord.access.fields import FieldClass
from accord.access.policy import AnyUser, access_case, visible_to
from accord.accounts.models import Service, ServiceKind
from accord.cases.models import Case
from accord.cases.risk_levels import ConferenceCriterion
from accord.directory.selectors import json_list_has
from accord.people.models import Person
from accord.referrals.access import received_referrals, report_organisation_ids, sent_referrals
from accord.referrals.models import (
    Notification,
    NotificationRead,
    Referral,
    ReferralStatus,
)

DIRECTORY_PAGE_SIZE = 25


REFERRAL_RELATED = (
    "from_team__service__organisation",
    "to_service__organisation",
    "protocol",
    "receiver_case",
)


def referral_or_404(user: AnyUser, reference: str) -> Referral:
    """One referral the user reaches (as sender or receiver), or 404 either way. Its case and
    her record are not loaded: the receiver reads the payload, never the case."""
    try:
        return (
            visible_to(user, Referral)
            .select_related(*REFERRAL_RELATED)
            .defer("protocol__document")
            .get(reference=reference)
        )
    except (Referral.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


def _listed(queryset: QuerySet[Referral]) -> QuerySet[Referral]:
    # Lists never decrypt what was sent.
    return (
        queryset.select_related("from_team__service__organisation", "to_service__organisation")
        .defer("payload", "summary", "override_reason", "decline_note")
        .order_by("-created_at", "-pk")
    )


def referrals_sent(user: AnyUser) -> QuerySet[Referral]:
    return _listed(sent_referrals(user))


def referrals_received(user: AnyUser) -> QuerySet[Referral]:
    return _listed(received_referrals(user))


def _read_by(user: AnyUser) -> Exists:
    return Exists(NotificationRead.objects.filter(notification=OuterRef("pk"), user_id=user.pk))


def inbox(user: AnyUser, *, kind: str = "") -> QuerySet[Notification]:
    """The user's teams' notices, each marked `is_read` for this reader, unread first, newest
    first, of one kind if asked: one query."""
    notices = visible_to(user, Notification)
    if kind:
        notices = notices.filter(kind=kind)
    return (
        notices.annotate(is_read=_read_by(user))
        .select_related(
            "team",
            "referral__from_team__service__organisation",
            "referral__to_service__organisation",
            "case",
        )
        .defer(
            "referral__payload",
            "referral__summary",
            "referral__override_reason",
            "referral__decline_note",
        )
        .order_by("is_read", "-created_at", "-pk")
    )


@dataclass(frozen=True)
class InboxCounts:
    total: int
    unread: int
    # kind → (all, unread), only the kinds the inbox holds.
    by_kind: dict[str, tuple[int, int]]


def inbox_counts(user: AnyUser) -> InboxCounts:
    """How many notices, and how many unread, in all and by kind: one query."""
    rows = (
        visible_to(user, Notification)
        .annotate(is_read=_read_by(user))
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"), unread=Count("pk", filter=Q(is_read=False)))
    )
    by_kind = {row["kind"]: (row["n"], row["unread"]) for row in rows}
    return InboxCounts(
        total=sum(n for n, _unread in by_kind.values()),
        unread=sum(unread for _n, unread in by_kind.values()),
        by_kind=by_kind,
    )


def unread_count(user: AnyUser) -> int:
    """Unread notices of the user's teams (the navigation's figure): one query."""
    return visible_to(user, Notification).exclude(reads__user_id=user.pk).count()


def notification_or_404(user: AnyUser, pk: int) -> Notification:
    try:
        return visible_to(user, Notification).get(pk=pk)
    except (Notification.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


@dataclass(frozen=True)
class SentCategory:
    label: str
    fields: list[tuple[str, str]]


def _label_and_shown(name: str, value: Any) -> tuple[str, str]:
    """A sent field's label and its value as shown, from the model it was taken from."""
    for model in (Person, Case, Referral):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if name == "conference_criteria":
            shown = ", ".join(str(ConferenceCriterion(v).label) for v in value)
        elif field.choices:
            shown = str(dict(field.choices).get(value, value))
        elif isinstance(value, bool):
            shown = _("yes") if value else _("no")
        elif isinstance(value, list):
            shown = ", ".join(str(v) for v in value)
        else:
            shown = str(value)
        return str(field.verbose_name), shown
    return name, str(value)


def payload_view(payload: dict[str, dict[str, Any]] | None) -> list[SentCategory]:
    """What was (or would be) sent, category by category, with labels, for a page."""
    labels = dict(FieldClass.choices)
    return [
        SentCategory(
            label=str(labels.get(category, category)),
            fields=[_label_and_shown(name, value) for name, value in values.items()],
        )
        for category, values in (payload or {}).items()
    ]


def referable_services(case: Case) -> QuerySet[Service]:
    """Services of other organisations whose directory entry takes this kind of case."""
    return (
        Service.objects.filter(json_list_has("directory_entry__accepted_case_kinds", case.kind))
        .exclude(organisation_id=case.team.service.organisation_id)
        .select_related("organisation", "directory_entry")
        .defer("confidential_address")
        .order_by("organisation__name", "name", "pk")
    )


@dataclass(frozen=True)
class PathwayRow:
    from_organisation: str
    service_kind: str
    sent: int
    accepted: int
    declined: int
    overdue: int
    median_days_to_answer: float | None

    @property
    def acceptance_rate(self) -> float | None:
        answered = self.accepted + self.declined
        return round(100 * self.accepted / answered) if answered else None


def pathways(user: AnyUser, *, today: datetime.date) -> list[PathwayRow]:
    """Referral pathways for a manager's report: by route (sending organisation → kind of
    service), how many were sent, accepted, declined, are overdue, and the median days from
    sending to the answer. Counts only, never a person; referrals from or to her
    organisations."""
    organisations = report_organisation_ids(user)
    rows = (
        Referral.objects.exclude(status=ReferralStatus.DRAFT)
        .exclude(sent_at__isnull=True)
        .filter(
            Q(from_team__service__organisation_id__in=organisations)
            | Q(to_service__organisation_id__in=organisations)
        )
        .values_list(
            "from_team__service__organisation__name",
            "to_service__kind",
            "status",
            "due_on",
            "sent_at",
            "responded_at",
        )
    )
    routes: dict[tuple[str, str], list[tuple[str, Any, Any, Any]]] = {}
    for source, kind, status, due_on, sent_at, responded_at in rows:
        routes.setdefault((source, kind), []).append((status, due_on, sent_at, responded_at))
    kinds = dict(ServiceKind.choices)
    report = []
    for (source, kind), items in sorted(routes.items()):
        accepted = sum(
            1 for s, *_ in items if s in {ReferralStatus.ACCEPTED, ReferralStatus.CLOSED}
        )
        declined = sum(1 for s, *_ in items if s == ReferralStatus.DECLINED)
        overdue = sum(1 for s, due, *_ in items if s == ReferralStatus.SENT and due < today)
        days = [
            (responded - sent).total_seconds() / 86400
            for _s, _d, sent, responded in items
            if responded is not None
        ]
        report.append(
            PathwayRow(
                from_organisation=source,
                service_kind=str(kinds.get(kind, kind)),
                sent=len(items),
                accepted=accepted,
                declined=declined,
                overdue=overdue,
                median_days_to_answer=round(statistics.median(days), 1) if days else None,
            )
        )
    return report


def case_to_refer_or_404(user: AnyUser, reference: str) -> Case:
    """The case a referral is made from: one the user works; otherwise Http404."""
    case, access = access_case(user, reference, related=("team__service__organisation",))
    if not access.may_work:
        raise Http404
    return case


def receiver_match(referral: Referral) -> Person | None:
    """A record the receiving organisation already holds of the person referred: the same
    given name, family name and date of birth exactly (the blind index), never a guess. None
    without a date of birth or a name in what was sent. Offered to the receiver on accepting,
    so that her household is not split over two records; it says nothing else about her."""
    from accord.people.services import name_dob_index

    identity = (referral.payload or {}).get(str(FieldClass.IDENTITY), {})
    born = identity.get("date_of_birth")
    if not identity.get("given_name") or not born:
        return None
    index = name_dob_index(
        identity["given_name"], identity.get("family_name"), datetime.date.fromisoformat(born)
    )
    return (
        Person.objects.filter(
            organisation_id=referral.to_service.organisation_id, name_dob_index=index
        )
        .only("pk", "uid", "organisation_id")
        .order_by("pk")
        .first()
    )
