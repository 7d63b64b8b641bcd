"""Reads about people and households, always through the access module."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, TextChoices
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.access.cases import case_rows
from accord.access.policy import AnyUser, CaseAccess, access_case, visible_to
from accord.accounts.models import Organisation, ServiceKind
from accord.people.models import (
    Consent,
    ConsentAnswer,
    ConsentGiver,
    ConsentScope,
    Household,
    Person,
)
from accord.people.services import is_child_on, name_dob_index


def household_by_reference(user: AnyUser, reference: str) -> Household | None:
    """A household the user reaches through one of her cases, by its reference; None whether
    it does not exist or is not hers to see."""
    return visible_to(user, Household).filter(reference=reference).first()


def known_case_references(
    user: AnyUser, *, given_name: str, family_name: str | None, date_of_birth: datetime.date
) -> list[str]:
    """ "Is she known to us?": the references of the user's visible cases of anyone with exactly
    this name and date of birth (blind index, so nothing is decrypted to compare)."""
    index = name_dob_index(given_name, family_name, date_of_birth)
    if not index:
        return []
    people = visible_to(user, Person).filter(name_dob_index=index)
    # The rule of her cases (accord/cases/access.py registers `case_rows` as it).
    return list(
        case_rows(user)
        .filter(person__in=people)
        .order_by("reference")
        .values_list("reference", flat=True)
    )


def relationships_in_household(household: Household, *, person_ids: list[int]) -> dict[int, str]:
    """How each of these people belongs to the household (the caller reached their cases)."""
    return dict(
        household.memberships.filter(person_id__in=person_ids).values_list(
            "person_id", "relationship"
        )
    )


# --- consent ------------------------------------------------------------------------------------


class ConsentState(TextChoices):
    VALID = "valid", gettext_lazy("Valid")
    NOT_YET = "not_yet", gettext_lazy("Not yet valid")
    EXPIRED = "expired", gettext_lazy("Expired")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")
    REFUSED = "refused", gettext_lazy("Refused")


def consent_state(consent: Consent, on: datetime.date) -> ConsentState:
    """Whether `consent` holds on `on`. A withdrawal counts from the moment it was recorded,
    whatever day is asked about: it stops any further sharing at once. A refusal never holds."""
    if consent.answer == ConsentAnswer.REFUSED:
        return ConsentState.REFUSED
    if consent.withdrawn_at is not None:
        return ConsentState.WITHDRAWN
    if consent.given_on > on:
        return ConsentState.NOT_YET
    # expires_on is the last day on which it holds.
    if consent.expires_on is not None and consent.expires_on < on:
        return ConsentState.EXPIRED
    return ConsentState.VALID


def _matching(
    person: Person,
    *,
    scope: ConsentScope | str,
    organisation: Organisation | None,
    service_kind: ServiceKind | str | None,
) -> QuerySet[Consent]:
    """Her consents for this scope and target, newest first, whatever their state."""
    if scope not in ConsentScope.values:
        raise ValueError(f"Unknown consent scope: {scope!r}")
    consents = Consent.objects.filter(person=person, scope=scope)
    if scope == ConsentScope.REFERRAL_TO_ORGANISATION:
        if organisation is None:
            raise ValueError("A referral to an organisation needs the organisation.")
        consents = consents.filter(organisation=organisation)
    if scope == ConsentScope.REFERRAL_TO_SERVICE_KIND:
        if not service_kind:
            raise ValueError("A referral to a kind of service needs the kind.")
        consents = consents.filter(service_kind=service_kind)
    return consents.order_by("-given_on", "-recorded_at", "-pk")


def _valid_on(consents: QuerySet[Consent], on: datetime.date) -> QuerySet[Consent]:
    return consents.filter(
        answer=ConsentAnswer.GIVEN, given_on__lte=on, withdrawn_at__isnull=True
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))


def _givers(person: Person, on: datetime.date) -> list[ConsentGiver]:
    """Whose consents it takes: a child's caregiver and the child, each; an adult herself."""
    if is_child_on(person, on):
        return [ConsentGiver.CAREGIVER, ConsentGiver.CHILD_ASSENT]
    return [ConsentGiver.PERSON]


def valid_consent(
    person: Person,
    *,
    scope: ConsentScope | str,
    on: datetime.date,
    organisation: Organisation | None = None,
    service_kind: ServiceKind | str | None = None,
) -> Consent | None:
    """The consent that lets something about `person` be shared for `scope` on `on`, or None.

    Valid: given on or before `on`, not expired on `on` (expires_on is its last day), never
    withdrawn. A referral to an organisation needs a consent naming that organisation; a
    referral to a kind of service one naming that kind. For a child (under 18 on `on`, or with
    no date of birth a child of a household) a caregiver's consent *and* the child's own assent
    must both be valid, and the caregiver's is returned. The caller has reached the person
    through the access module; `why_no_consent` says why there is none, in words."""
    matching = _valid_on(
        _matching(person, scope=scope, organisation=organisation, service_kind=service_kind), on
    )
    found = {}
    for giver in _givers(person, on):
        consent = matching.filter(given_by=giver).first()
        if consent is None:
            return None
        found[giver] = consent
    return found.get(ConsentGiver.CAREGIVER) or found[ConsentGiver.PERSON]


def _what(
    scope: ConsentScope | str, organisation: Organisation | None, service_kind: str | None
) -> str:
    if scope == ConsentScope.REFERRAL_TO_ORGANISATION and organisation is not None:
        return _("a referral to %(organisation)s") % {"organisation": organisation.name}
    if scope == ConsentScope.REFERRAL_TO_SERVICE_KIND and service_kind:
        kind = ServiceKind(service_kind).label
        return _("a referral to a service of the kind “%(kind)s”") % {"kind": kind}
    return {
        ConsentScope.CONFERENCE_SHARING: _("sharing with a risk conference"),
        ConsentScope.PARTNER_CONTACT: _("partner contact"),
        ConsentScope.STATISTICS: _("inclusion in statistics"),
    }[ConsentScope(scope)]


def _reason(
    giver: ConsentGiver, latest: Consent | None, state: ConsentState | None, what: str
) -> str:
    """Why this giver's part is missing, from the latest consent of that part (None: there is
    none). Whole sentences per giver, so that each translates as a whole."""
    date = ""
    if latest is not None and state is ConsentState.WITHDRAWN:
        date = date_format(timezone.localdate(latest.withdrawn_at), "DATE_FORMAT")
    elif latest is not None and state is ConsentState.EXPIRED:
        date = date_format(latest.expires_on, "DATE_FORMAT")
    elif latest is not None:
        date = date_format(latest.given_on, "DATE_FORMAT")
    messages = {
        ConsentGiver.PERSON: {
            None: _("No consent to %(what)s is recorded."),
            ConsentState.EXPIRED: _(
                "The consent to %(what)s expired: it was valid until %(date)s."
            ),
            ConsentState.WITHDRAWN: _("The consent to %(what)s was withdrawn on %(date)s."),
            ConsentState.NOT_YET: _("The consent to %(what)s holds only from %(date)s."),
            ConsentState.REFUSED: _("Consent to %(what)s was refused on %(date)s."),
        },
        ConsentGiver.CAREGIVER: {
            None: _(
                "A caregiver's consent to %(what)s is missing: for a child, the child's own "
                "assent is not enough."
            ),
            ConsentState.EXPIRED: _(
                "The caregiver's consent to %(what)s expired: it was valid until %(date)s."
            ),
            ConsentState.WITHDRAWN: _(
                "The caregiver's consent to %(what)s was withdrawn on %(date)s."
            ),
            ConsentState.NOT_YET: _(
                "The caregiver's consent to %(what)s holds only from %(date)s."
            ),
            ConsentState.REFUSED: _("The caregiver refused consent to %(what)s on %(date)s."),
        },
        ConsentGiver.CHILD_ASSENT: {
            None: _(
                "The child's own assent to %(what)s is missing: a caregiver's consent is not "
                "enough on its own."
            ),
            ConsentState.EXPIRED: _(
                "The child's assent to %(what)s expired: it was valid until %(date)s."
            ),
            ConsentState.WITHDRAWN: _("The child's assent to %(what)s was withdrawn on %(date)s."),
            ConsentState.NOT_YET: _("The child's assent to %(what)s holds only from %(date)s."),
            ConsentState.REFUSED: _("The child refused assent to %(what)s on %(date)s."),
        },
    }
    return messages[giver][state] % {"what": what, "date": date}


def why_no_consent(
    person: Person,
    *,
    scope: ConsentScope | str,
    on: datetime.date,
    organisation: Organisation | None = None,
    service_kind: ServiceKind | str | None = None,
) -> str:
    """Why `valid_consent` with the same arguments finds none, as one sentence per missing part
    (a child's caregiver and the child each), translated, for the worker: e.g. "The consent to
    a referral to X expired: it was valid until 2025-03-31." Empty when there is a valid one."""
    matching = list(
        _matching(person, scope=scope, organisation=organisation, service_kind=service_kind)
    )
    what = _what(scope, organisation, service_kind)
    reasons = []
    for giver in _givers(person, on):
        own = [consent for consent in matching if consent.given_by == giver]
        states = [consent_state(consent, on) for consent in own]
        if ConsentState.VALID in states:
            continue
        # The newest of that part says what became of it.
        latest, state = (own[0], states[0]) if own else (None, None)
        reasons.append(_reason(giver, latest, state, what))
    return " ".join(reasons)


@dataclass(frozen=True)
class ConsentLine:
    consent: Consent
    state: ConsentState

    @property
    def is_current(self) -> bool:
        return self.state in {ConsentState.VALID, ConsentState.NOT_YET}


def person_consents(person: Person, *, on: datetime.date | None = None) -> list[ConsentLine]:
    """Every consent of `person`, current and past, newest first, each with its state on `on`
    (today by default): one query, however many. The caller reached her through the access
    module (`CaseAccess.reads_records(Consent)`)."""
    on = on or timezone.localdate()
    consents = (
        Consent.objects.filter(person=person)
        .select_related("organisation", "recorded_by", "withdrawn_by", "recorded_on_case")
        .order_by("-given_on", "-recorded_at", "-pk")
    )
    lines = []
    for consent in consents:
        consent.person = person
        lines.append(ConsentLine(consent, consent_state(consent, on)))
    return lines


def consent_case_or_404(user: AnyUser, reference: str) -> CaseAccess:
    """The user's access to the case (`.case`), if she may read its person's consents;
    otherwise Http404, exactly as for a missing case."""
    _case, access = access_case(user, reference, need=Consent, related=("person", "team__service"))
    return access


def consent_of_person_or_404(person: Person, uid: object) -> Consent:
    try:
        consent = Consent.objects.get(person=person, uid=uid)
    except (Consent.DoesNotExist, ValidationError, ValueError, TypeError) as missing:
        # A malformed uid (ValidationError) is as missing as an unknown one.
        raise Http404 from missing
    consent.person = person
    return consent
