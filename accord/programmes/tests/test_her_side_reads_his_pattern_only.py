"""The other direction of the barrier over generated worlds: her side (her partner-support
worker, her key worker, their manager and DPO) reads his programme status and attendance pattern
— the rule table's "programme status" — and never what his side wrote about him: attendance
notes, absence reasons, the reasons given for moving his status (issue 11: "notes on his side
only"). Channels: her cases' pages, the partner page and contact schedule, his enrolment page and
the enrolment API, the inbox and home page. Planted leaks show the property can fail.
"""

from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework import serializers

from accord.accounts.models import User
from accord.api import programme_views
from accord.audit.context import Actor
from accord.cases.models import Case
from accord.programmes import selectors as programme_selectors
from accord.programmes import services
from accord.programmes.models import (
    AttendanceCode,
    Enrolment,
    EnrolmentStatus,
    PartnerLink,
)
from accord.programmes.tests.helpers import another_man, build_programme_world, enrol, held_sessions
from accord.programmes.transitions import allowed_moves
from accord.testing import build_casework, build_world, client_for


class Leak(AssertionError):
    """Someone on her side read what his side wrote about him."""


@dataclass(frozen=True)
class ManPlan:
    codes: list[str]
    moved: bool


men = st.lists(
    st.builds(
        ManPlan,
        codes=st.lists(st.sampled_from(AttendanceCode.values), min_size=1, max_size=3),
        moved=st.booleans(),
    ),
    min_size=1,
    max_size=3,
)


@dataclass
class Built:
    readers: list[User]
    enrolments: list[Enrolment] = field(default_factory=list)
    links: list[PartnerLink] = field(default_factory=list)
    canaries: dict[str, str] = field(default_factory=dict)  # value → what it is
    # Her partner link → the attendance codes of his enrolment her side must see.
    patterns: dict[int, list[str]] = field(default_factory=dict)


def build(plan: list[ManPlan]) -> Built:
    world = build_world()
    casework = build_casework(world)
    pw = build_programme_world(world, casework)
    built = Built(readers=[pw.partner_worker, world.caseworker, world.manager, world.dpo])
    facilitator = Actor.for_user(world.facilitator)
    sessions = held_sessions(pw.group)
    for number, man in enumerate(plan):
        enrolment = enrol(
            pw.programme,
            another_man(world, f"Man{number}", household_partner=f"Partner{number}"),
            group=pw.group,
            mandated_by=pw.probation_team,
        )
        for position, (session, code) in enumerate(zip(sessions, man.codes, strict=False)):
            notes = f"Attendance note canary {number}-{position}"
            reason = f"Absence reason canary {number}-{position}"
            absent = code == AttendanceCode.ACCEPTABLE_ABSENCE
            services.attendance_record(
                actor=facilitator,
                session=session,
                enrolment=enrolment,
                code=code,
                absence_reason=reason if absent else "",
                notes=notes,
            )
            built.canaries[notes] = "an attendance note"
            if absent:
                built.canaries[reason] = "an absence reason"
        enrolment.refresh_from_db()
        if man.moved:
            reason = f"Status reason canary {number}"
            move = next(
                m
                for m in allowed_moves(enrolment.status, mandated=enrolment.mandated)
                if m != EnrolmentStatus.ON_PROGRAMME
            )
            enrolment = services.enrolment_move(
                actor=facilitator,
                enrolment=enrolment,
                expected_version=enrolment.version,
                to_status=move,
                reason=reason,
            )
            built.canaries[reason] = "the reason his status moved"
        link = PartnerLink.objects.get(enrolment=enrolment)
        built.enrolments.append(enrolment)
        built.links.append(link)
        built.patterns[link.pk] = list(
            enrolment.attendances.order_by("session__starts_at").values_list("code", flat=True)
        )
    return built


def _get(client, url: str) -> str:  # noqa: ANN001 - django.test.Client
    response = client.get(url)
    assert response.status_code in {200, 404}, (url, response.status_code)
    return response.content.decode(errors="replace")


def channels(built: Built, reader: User) -> None:
    """Everything the reader can fetch about him from her side, checked for canaries."""
    client = client_for(reader)
    urls = [
        "/",
        "/referrals/inbox/",
        "/programmes/partner-contacts/",
        "/api/v1/partner-links/",
        "/api/v1/enrolments/",
    ]
    for case in Case.objects.filter(kind__in=["survivor_support", "partner_support"]):
        # (The API's cases/<ref>/enrolments/ only enrols a man: POST, nothing to read.)
        urls.append(f"/cases/{case.reference}/")
    for link in built.links:
        urls.append(f"/programmes/partners/{link.pk}/")
    for enrolment in built.enrolments:
        urls += [f"/programmes/enrolments/{enrolment.uid}/", f"/api/v1/enrolments/{enrolment.uid}/"]
    for url in urls:
        body = _get(client, url)
        for value, what in built.canaries.items():
            if value in body:
                raise Leak(f"{reader.username} read {what} on {url}")


def her_worker_sees_his_pattern(built: Built) -> None:
    """Not vacuous: her partner-support worker does read his attendance, code by code."""
    client = client_for(built.readers[0])
    for link in built.links:
        page = _get(client, f"/programmes/partners/{link.pk}/")
        for code in built.patterns[link.pk]:
            assert f'class="code-{code}"' in page, (link.pk, code)


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=men)
def test_her_side_reads_his_attendance_pattern_and_nothing_his_side_wrote(
    db, plan: list[ManPlan]
) -> None:
    with transaction.atomic():
        built = build(plan)
        her_worker_sees_his_pattern(built)
        for reader in built.readers:
            channels(built, reader)
        transaction.set_rollback(True)


# --- the property can fail: planted leaks --------------------------------------------------------

SMALL = [ManPlan(codes=["acceptable_absence", "attended_complied"], moved=True)]


def _status_with_notes(enrolment: Enrolment) -> programme_selectors.ProgrammeStatus:
    return programme_selectors.ProgrammeStatus(
        programme=enrolment.programme.name,
        status=enrolment.get_status_display(),
        status_since=timezone.localdate(enrolment.status_changed_at),
        pattern=[
            (a.session.number, a.code, f"{a.get_code_display()} {a.notes}")
            for a in enrolment.attendances.all()
        ],
    )


class _LeakyAttendance(programme_views.AttendanceSerializer):
    notes = serializers.CharField()


PLANTS = {
    # Her side's view of his status shows each session's note beside its code.
    "page": lambda mp: mp.setattr(programme_selectors, "_status", _status_with_notes),
    # Her side's API (the partners to contact) hands out his attendance notes with his status.
    "api": lambda mp: mp.setitem(
        programme_views.PartnerLinkSerializer._declared_fields,
        "attendance",
        _LeakyAttendance(many=True, source="link.enrolment.attendances.all"),
    ),
}


@pytest.mark.parametrize("plant", sorted(PLANTS))
def test_a_planted_leak_is_caught(db, monkeypatch: pytest.MonkeyPatch, plant: str) -> None:
    PLANTS[plant](monkeypatch)
    built = build(SMALL)
    with pytest.raises(Leak, match="read an attendance note"):
        channels(built, built.readers[0])


def test_without_a_plant_the_small_world_passes(db) -> None:
    built = build(SMALL)
    her_worker_sees_his_pattern(built)
    for reader in built.readers:
        channels(built, reader)
