"""Reads of the directory and of cooperation protocols, scoped by the access module.

`protocol_flow_for` and `why_no_protocol` are what referrals ask before anything leaves a
service (docs/product.md §4.4): which categories the protocol in force lets flow in that direction
on that day, and if none, why not, in words for the worker.
"""

import datetime
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import django_filters
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.access.fields import FieldClass
from accord.access.policy import AnyUser, access_case, visible_to
from accord.accounts.models import Organisation, Service, ServiceKind
from accord.cases.models import Case, CaseKind
from accord.cases.risk_levels import ConferenceCriterion
from accord.people.models import Person
from accord.referrals.access import received_referrals, report_organisation_ids, sent_referrals
from accord.referrals.models import (
    Notification,
    NotificationRead,
    Offer,
    Protocol,
    ProtocolFlow,
    ProtocolParty,
    ProtocolStatus,
    Referral,
    ReferralStatus,
)

DIRECTORY_PAGE_SIZE = 25


# --- the directory ------------------------------------------------------------------------------


def _json_list_has(field: str, value: str) -> Q:
    """`value` is one of the JSON list's strings. `contains` on a JSON field is PostgreSQL-only;
    the list's text holds each value in quotes, and values are codes without quotes."""
    return Q(**{f"{field}__icontains": f'"{value}"'})


class DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=gettext_lazy("Name"))
    offer = django_filters.ChoiceFilter(
        choices=Offer.choices, method="has_offer", label=gettext_lazy("Offers")
    )
    language = django_filters.CharFilter(
        method="speaks", label=gettext_lazy("Language (code, e.g. es)")
    )
    catchment = django_filters.CharFilter(
        field_name="directory_entry__catchment",
        lookup_expr="icontains",
        label=gettext_lazy("Area covered"),
    )
    self_referral = django_filters.BooleanFilter(
        field_name="directory_entry__accepts_self_referrals",
        label=gettext_lazy("Accepts self-referrals"),
    )
    kind = django_filters.ChoiceFilter(choices=ServiceKind.choices, label=gettext_lazy("Kind"))
    case_kind = django_filters.ChoiceFilter(
        choices=CaseKind.choices,
        method="opens_case_kind",
        label=gettext_lazy("A referral may open a case for"),
    )

    class Meta:
        model = Service
        fields = ["q", "offer", "language", "catchment", "self_referral", "kind", "case_kind"]

    def search(self, queryset: QuerySet[Service], name: str, value: str) -> QuerySet[Service]:
        return queryset.filter(Q(name__icontains=value) | Q(organisation__name__icontains=value))

    def has_offer(self, queryset: QuerySet[Service], name: str, value: str) -> QuerySet[Service]:
        return queryset.filter(_json_list_has("directory_entry__offers", value))

    def speaks(self, queryset: QuerySet[Service], name: str, value: str) -> QuerySet[Service]:
        code = value.strip().lower()
        if not code.replace("-", "").isalpha():
            return queryset.none()
        return queryset.filter(_json_list_has("directory_entry__languages", code))

    def opens_case_kind(
        self, queryset: QuerySet[Service], name: str, value: str
    ) -> QuerySet[Service]:
        return queryset.filter(_json_list_has("directory_entry__accepted_case_kinds", value))


def directory_services(user: AnyUser) -> QuerySet[Service]:
    """Every service the user may look up, with its entry (if it has one) in the same query.
    Never the confidential address: it is deferred, so it is not even decrypted."""
    return (
        visible_to(user, Service)
        .select_related("organisation", "directory_entry")
        .defer("confidential_address")
        .order_by("organisation__name", "name", "pk")
    )


def directory(user: AnyUser, filters: Mapping[str, Any]) -> DirectoryFilter:
    """The directory filtered by `filters` (query parameters); `.qs` is the result, `.form`
    the bound filter form with its errors."""
    return DirectoryFilter(filters, queryset=directory_services(user))


def directory_page(user: AnyUser, filters: Mapping[str, Any], page: str | int | None) -> Page:
    """One page of the filtered directory: a count and one query for the rows."""
    return Paginator(directory(user, filters).qs, DIRECTORY_PAGE_SIZE).get_page(page)


def directory_service_or_404(user: AnyUser, pk: int) -> Service:
    try:
        return directory_services(user).get(pk=pk)
    except (Service.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


# --- protocols ----------------------------------------------------------------------------------


def protocols_for(user: AnyUser) -> QuerySet[Protocol]:
    """The protocols the user reads, with their parties, for a list."""
    return (
        visible_to(user, Protocol)
        .defer("document")
        .prefetch_related(Prefetch("parties", ProtocolParty.objects.select_related("organisation")))
        .order_by("title", "pk")
    )


def protocol_or_404(user: AnyUser, uid: object, *, with_document: bool = False) -> Protocol:
    """One protocol, parties and flows loaded (two queries), or 404 whether it is missing or
    not the user's to read. The document is loaded (and decrypted) only when asked for."""
    queryset = protocols_for(user).prefetch_related(
        Prefetch(
            "flows",
            ProtocolFlow.objects.select_related("from_organisation", "to_organisation"),
        )
    )
    if with_document:
        queryset = queryset.defer(None)
    try:
        return queryset.get(uid=uid)
    except (Protocol.DoesNotExist, ValueError, TypeError, ValidationError) as missing:
        raise Http404 from missing


def party_or_404(protocol: Protocol, party_id: int) -> ProtocolParty:
    for party in protocol.parties.all():
        if party.pk == party_id:
            return party
    raise Http404


@dataclass(frozen=True)
class Direction:
    """One direction between two parties and what may flow that way (nothing: no flow)."""

    from_organisation: Organisation
    to_organisation: Organisation
    flow: ProtocolFlow | None


def directions(protocol: Protocol) -> list[Direction]:
    """Every ordered pair of parties, with its flow: the detail page's table shows the
    directions where nothing flows too, so "nothing" is said, not left out."""
    flows = {(f.from_organisation_id, f.to_organisation_id): f for f in protocol.flows.all()}
    organisations = [party.organisation for party in protocol.parties.all()]
    return [
        Direction(a, b, flows.get((a.pk, b.pk)))
        for a in organisations
        for b in organisations
        if a.pk != b.pk
    ]


def protocol_organisation_choices(protocol: Protocol) -> list[Organisation]:
    return [party.organisation for party in protocol.parties.all()]


def organisations_to_add(protocol: Protocol) -> QuerySet[Organisation]:
    """The locality's organisations that are not yet parties to `protocol`."""
    return Organisation.objects.exclude(protocol_parties__protocol=protocol)


# --- what referrals ask -------------------------------------------------------------------------


def _in_force_on(day: datetime.date) -> Q:
    return Q(
        protocol__status=ProtocolStatus.ACTIVE,
        protocol__valid_from__lte=day,
    ) & (Q(protocol__valid_to__isnull=True) | Q(protocol__valid_to__gte=day))


def protocol_flow_for(
    from_organisation: Organisation, to_organisation: Organisation, *, on: datetime.date
) -> ProtocolFlow | None:
    """The flow from one organisation to the other under a protocol in force on `on` (active,
    `valid_from` ≤ on ≤ `valid_to`), with its protocol; None if there is none. Should two
    protocols overlap, the one that started last governs (it is the newer agreement). Not
    access-scoped: it answers a question about organisations, not about a person."""
    return (
        ProtocolFlow.objects.filter(
            _in_force_on(on),
            from_organisation=from_organisation,
            to_organisation=to_organisation,
        )
        .select_related("protocol")
        .defer("protocol__document")
        .order_by("-protocol__valid_from", "-protocol_id")
        .first()
    )


def _day(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def why_no_protocol(
    from_organisation: Organisation,
    to_organisation: Organisation,
    *,
    on: datetime.date,
    categories: Iterable[str] = (),
) -> str:
    """Why nothing (or not `categories`) may flow from one organisation to the other on `on`,
    as a sentence for the worker; empty when the protocol in force allows it all."""
    names = {"from": from_organisation.name, "to": to_organisation.name}
    flow = protocol_flow_for(from_organisation, to_organisation, on=on)
    if flow is not None:
        labels = dict(FieldClass.choices)
        refused = [str(labels.get(c, c)) for c in categories if c not in flow.categories]
        if not refused:
            return ""
        return _(
            "The protocol “%(title)s” does not let %(categories)s flow from %(from)s to %(to)s."
        ) % {**names, "title": flow.protocol.title, "categories": ", ".join(refused)}
    # No flow in force: say what is nearest to one, most useful first.
    shared = Protocol.objects.filter(
        status=ProtocolStatus.ACTIVE,
        pk__in=ProtocolParty.objects.filter(organisation=from_organisation).values("protocol_id"),
    ).filter(
        pk__in=ProtocolParty.objects.filter(organisation=to_organisation).values("protocol_id")
    )
    shared = shared.defer("document")
    in_force = shared.filter(Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    current = in_force.order_by("-valid_from").first()
    if current is not None:
        return _("The protocol “%(title)s” does not let any data flow from %(from)s to %(to)s.") % {
            **names,
            "title": current.title,
        }
    expired = shared.filter(valid_to__lt=on).order_by("-valid_to").first()
    if expired is not None:
        assert expired.valid_to is not None
        return _(
            "The protocol “%(title)s” between %(from)s and %(to)s expired on %(day)s: no new "
            "referral follows it."
        ) % {**names, "title": expired.title, "day": _day(expired.valid_to)}
    upcoming = shared.filter(valid_from__gt=on).order_by("valid_from").first()
    if upcoming is not None:
        assert upcoming.valid_from is not None
        return _(
            "The protocol “%(title)s” between %(from)s and %(to)s is valid only from %(day)s."
        ) % {**names, "title": upcoming.title, "day": _day(upcoming.valid_from)}
    return _("No active protocol between %(from)s and %(to)s.") % names


# --- referrals ----------------------------------------------------------------------------------

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
        Service.objects.filter(_json_list_has("directory_entry__accepted_case_kinds", case.kind))
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
