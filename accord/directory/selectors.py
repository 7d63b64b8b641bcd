"""Reads of the directory and of cooperation protocols, scoped by the access module.

`protocol_flow_for` and `why_no_protocol` are what referrals ask before anything leaves a
service (docs/product.md §4.4): which categories the protocol in force lets flow in that direction
on that day, and if none, why not, in words for the worker.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.access.fields import FieldClass
from accord.access.policy import AnyUser, visible_to
from accord.accounts.models import Organisation, Service, ServiceKind
from accord.cases.models import CaseKind
from accord.directory.models import (
    Offer,
    Protocol,
    ProtocolFlow,
    ProtocolParty,
    ProtocolStatus,
)

DIRECTORY_PAGE_SIZE = 25


# --- the directory ------------------------------------------------------------------------------


def json_list_has(field: str, value: str) -> Q:
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
        return queryset.filter(json_list_has("directory_entry__offers", value))

    def speaks(self, queryset: QuerySet[Service], name: str, value: str) -> QuerySet[Service]:
        code = value.strip().lower()
        if not code.replace("-", "").isalpha():
            return queryset.none()
        return queryset.filter(json_list_has("directory_entry__languages", code))

    def opens_case_kind(
        self, queryset: QuerySet[Service], name: str, value: str
    ) -> QuerySet[Service]:
        return queryset.filter(json_list_has("directory_entry__accepted_case_kinds", value))


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


def protocols_with_flows(user: AnyUser) -> QuerySet[Protocol]:
    """The protocols the user reads, each with its parties and its data flows."""
    return protocols_for(user).prefetch_related(
        Prefetch(
            "flows",
            ProtocolFlow.objects.select_related("from_organisation", "to_organisation"),
        )
    )


def protocol_or_404(user: AnyUser, uid: object, *, with_document: bool = False) -> Protocol:
    """One protocol, parties and flows loaded (two queries), or 404 whether it is missing or
    not the user's to read. The document is loaded (and decrypted) only when asked for."""
    queryset = protocols_with_flows(user)
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
