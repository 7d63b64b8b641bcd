"""One computation per indicator, from the locality's own records: raw counts for the full cross
of the indicator's disaggregations (`accord.network.tables` adds the totals and protects them).

Each person is counted once per period and cell, and nobody who refused inclusion in statistics
or withdrew the consent to it is counted (`excluded_people`). The functions read the records
directly, not through `visible_to`: they are the locality's own aggregate, run by the system for
the analyst, and return counts only; no caller gets a row about a person from here.
"""

from collections import Counter
from collections.abc import Callable
from itertools import product

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from accord.cases.models import Case, CaseKind, Incident
from accord.cases.risk_levels import highest
from accord.network.dimensions import (
    DIMENSIONS,
    age_group_of,
    answer_band_of,
    programme_outcome_of,
    sex_of,
)
from accord.network.periods import Period
from accord.people.models import Consent, ConsentAnswer, ConsentScope, Gender, Person
from accord.referrals.models import Referral, ReferralStatus

Key = tuple[str, ...]
Counts = dict[Key, int]


def excluded_people(on: Period) -> QuerySet[Person]:
    """People left out of every statistic: those who refused inclusion in statistics and gave
    no consent since, and those who withdrew their consent and hold no valid one."""
    statistics = Consent.objects.filter(person=OuterRef("pk"), scope=ConsentScope.STATISTICS)
    valid = statistics.filter(
        answer=ConsentAnswer.GIVEN, withdrawn_at__isnull=True, given_on__lte=on.end
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on.end))
    withdrawn = statistics.filter(withdrawn_at__isnull=False)
    # A consent given after the refusal (a later day, or later the same day) answers it. Its
    # person is the outer person's key, not the refusal's (the same person): PostgreSQL then
    # plans it per person through the consent index rather than as an anti-join over the
    # whole table (docs/performance.md, the indicators on PostgreSQL).
    answered = Consent.objects.filter(
        person=OuterRef(OuterRef("pk")),
        scope=ConsentScope.STATISTICS,
        answer=ConsentAnswer.GIVEN,
        withdrawn_at__isnull=True,
        given_on__lte=on.end,
    ).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=on.end),
        Q(given_on__gt=OuterRef("given_on"))
        | Q(given_on=OuterRef("given_on"), recorded_at__gt=OuterRef("recorded_at")),
    )
    refused = statistics.filter(answer=ConsentAnswer.REFUSED).exclude(Exists(answered))
    return Person.objects.filter((Exists(withdrawn) & ~Exists(valid)) | Exists(refused))


def _counted_cases(period: Period) -> QuerySet[Case]:
    return Case.objects.exclude(person__in=excluded_people(period))


def _open_during(period: Period) -> Q:
    return Q(opened_on__lte=period.end) & (
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.start)
    )


def _empty(*dimensions: str) -> Counts:
    return {key: 0 for key in product(*(DIMENSIONS[name].values for name in dimensions))}


def _people(ids: set[int]) -> list[Person]:
    # Sex and date of birth are encrypted: they are read here, never grouped on in SQL.
    return list(Person.objects.filter(pk__in=ids).only("uid", "gender", "date_of_birth"))


def survivors_supported(period: Period) -> Counts:
    ids = set(
        _counted_cases(period)
        .filter(_open_during(period), kind=CaseKind.SURVIVOR_SUPPORT)
        .values_list("person_id", flat=True)
    )
    counts = _empty("sex", "age_group")
    for person in _people(ids):
        counts[(sex_of(person.gender), age_group_of(person.date_of_birth, period.end))] += 1
    return counts


def eige_ipv_women_victims(period: Period) -> Counts:
    ids = set(
        Incident.objects.filter(
            case__in=_counted_cases(period).filter(kind=CaseKind.SURVIVOR_SUPPORT),
            occurred_on__gte=period.start,
            occurred_on__lte=period.end,
        ).values_list("case__person_id", flat=True)
    )
    counts = _empty("adult_age_group")
    for person in _people(ids):
        group = age_group_of(person.date_of_birth, period.end)
        if person.gender == Gender.WOMAN and group != "0-17":
            counts[(group,)] += 1
    return counts


def _incidents(period: Period) -> QuerySet[Incident]:
    return Incident.objects.filter(
        occurred_on__gte=period.start, occurred_on__lte=period.end
    ).exclude(case__person__in=excluded_people(period))


def incidents_gbvims(period: Period) -> Counts:
    counts = _empty("gbvims_type")
    rows = _incidents(period).order_by().values_list("gbvims_type").annotate(n=Count("pk"))
    for kind, n in rows:
        counts[(kind,)] = n
    return counts


def incidents_by_form(period: Period) -> Counts:
    counts = _empty("form")
    tally: Counter[str] = Counter()
    # Grouped in SQL by the list of forms (a few hundred combinations at most), then each
    # combination's count added to each of its forms.
    rows = _incidents(period).order_by().values_list("forms").annotate(n=Count("pk"))
    for forms, n in rows:
        for form in set(forms):
            tally[form] += n
    for form, n in tally.items():
        if (form,) in counts:
            counts[(form,)] = n
    return counts


def _referrals(period: Period) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(sent_at__date__gte=period.start, sent_at__date__lte=period.end)
        .exclude(from_case__person__in=excluded_people(period))
        .exclude(status=ReferralStatus.DRAFT)
    )


def _outcome(status: str) -> str:
    if status in {ReferralStatus.ACCEPTED, ReferralStatus.CLOSED}:
        return "accepted"
    if status == ReferralStatus.DECLINED:
        return "declined"
    if status == ReferralStatus.WITHDRAWN:
        return "withdrawn"
    return "waiting"


def referrals_by_pathway(period: Period) -> Counts:
    counts = _empty("service_kind", "outcome")
    for kind, status in _referrals(period).values_list("to_service__kind", "status"):
        counts[(kind, _outcome(status))] += 1
    return counts


def referral_answer_time(period: Period) -> Counts:
    counts = _empty("service_kind", "answer_time")
    rows = _referrals(period).values_list("to_service__kind", "sent_at", "responded_at")
    for kind, sent, answered in rows:
        days = (answered - sent).total_seconds() / 86400 if answered else None
        counts[(kind, answer_band_of(days))] += 1
    return counts


def risk_level_mix(period: Period) -> Counts:
    open_at_end = Q(opened_on__lte=period.end) & (
        Q(closed_on__isnull=True) | Q(closed_on__gt=period.end)
    )
    levels: dict[int, list[str]] = {}
    rows = (
        _counted_cases(period)
        .filter(open_at_end, kind=CaseKind.SURVIVOR_SUPPORT)
        .values_list("person_id", "risk_level")
    )
    for person_id, level in rows:
        levels.setdefault(person_id, []).append(level)
    counts = _empty("risk_level")
    for found in levels.values():
        assessed = [level for level in found if level]
        counts[(highest(*assessed) if assessed else "not_assessed",)] += 1
    return counts


def programme_outcomes(period: Period) -> Counts:
    counts = _empty("programme_outcome")
    rows = (
        _counted_cases(period)
        .filter(
            kind=CaseKind.PERPETRATOR_PROGRAMME,
            closed_on__gte=period.start,
            closed_on__lte=period.end,
        )
        .order_by("person_id", "-closed_on")
        .values_list("person_id", "closure_reason")
    )
    seen = set()
    for person_id, reason in rows:
        if person_id not in seen:
            seen.add(person_id)
            counts[(programme_outcome_of(reason),)] += 1
    return counts


COMPUTATIONS: dict[str, Callable[[Period], Counts]] = {
    "survivors-supported": survivors_supported,
    "eige-ipv-women-victims": eige_ipv_women_victims,
    "incidents-gbvims": incidents_gbvims,
    "incidents-by-form": incidents_by_form,
    "referrals-by-pathway": referrals_by_pathway,
    "referral-answer-time": referral_answer_time,
    "risk-level-mix": risk_level_mix,
    "programme-outcomes": programme_outcomes,
}
