"""Reads of the community mentors' work, each starting from the access rules (`access.py`)."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet

from accord.access.policy import AnyUser, visible_to
from accord.community.access import community_teams
from accord.community.models import (
    Accompaniment,
    Concern,
    CoordinationMeeting,
    EarlyContact,
    MentorProfile,
)
from accord.core.disclosure import Cell, primary


def my_contacts(user: AnyUser) -> QuerySet[EarlyContact]:
    return visible_to(user, EarlyContact).order_by("-contacted_on", "-pk")


def my_accompaniments(user: AnyUser) -> QuerySet[Accompaniment]:
    """What she accompanies (as the mentor), soonest first; the case's reference and the
    woman's first name are all the pages show of a case."""
    return (
        visible_to(user, Accompaniment)
        .filter(mentor=user)
        .select_related("case__person", "early_contact")
        .order_by("-appointment_on", "-pk")
    )


def case_accompaniments(user: AnyUser, case_pk: int) -> QuerySet[Accompaniment]:
    return (
        visible_to(user, Accompaniment)
        .filter(case_id=case_pk)
        .select_related("mentor")
        .order_by("-appointment_on", "-pk")
    )


def mentors(user: AnyUser) -> QuerySet[MentorProfile]:
    return visible_to(user, MentorProfile).order_by("user__first_name", "user__username")


def meetings(user: AnyUser) -> QuerySet[CoordinationMeeting]:
    return visible_to(user, CoordinationMeeting).prefetch_related("organisations")


@dataclass(frozen=True)
class Row:
    label: str
    cell: Cell


@dataclass(frozen=True)
class CoverageRow:
    language: str
    contacts: Cell
    mentors: int


@dataclass(frozen=True)
class ContactsReport:
    since: datetime.date
    contacts: Cell
    referrals: Cell
    accompaniments: Cell
    by_community: list[Row]
    by_concern: list[Row]
    coverage: list[CoverageRow]
    # Languages women spoke that no mentor of the service speaks.
    uncovered: list[str]


def _rows(counts: Counter[str], labels: dict[str, str] | None = None) -> list[Row]:
    return [
        Row(label=(labels or {}).get(key, key), cell=primary(count))
        for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def contacts_report(user: AnyUser, *, since: datetime.date) -> ContactsReport:
    """Counts of the early contacts of the teams the reader follows (`community_teams`), from
    `since`: every count below the small-cell threshold shows as "fewer than N"
    (accord/core/disclosure.py). Three queries whatever the number of contacts."""
    teams = community_teams(user)
    rows = list(
        EarlyContact.objects.filter(team_id__in=teams, contacted_on__gte=since).values_list(
            "community", "language", "concern", "referral_followed"
        )
    )
    accompanied = Accompaniment.objects.filter(
        early_contact__team_id__in=teams, appointment_on__gte=since
    ).count()
    spoken: Counter[str] = Counter()
    for languages in MentorProfile.objects.filter(user__memberships__team_id__in=teams).values_list(
        "languages", flat=True
    ):
        spoken.update({language.lower() for language in languages})
    languages = Counter(language for _c, language, _k, _r in rows)
    coverage = [
        CoverageRow(language=language, contacts=primary(count), mentors=spoken[language.lower()])
        for language, count in sorted(languages.items(), key=lambda item: (-item[1], item[0]))
    ]
    return ContactsReport(
        since=since,
        contacts=primary(len(rows)),
        referrals=primary(sum(1 for *_rest, referred in rows if referred)),
        accompaniments=primary(accompanied),
        by_community=_rows(Counter(community for community, *_rest in rows)),
        by_concern=_rows(
            Counter(concern for _c, _l, concern, _r in rows),
            {value: str(label) for value, label in Concern.choices},
        ),
        coverage=coverage,
        uncovered=[row.language for row in coverage if row.mentors == 0],
    )
