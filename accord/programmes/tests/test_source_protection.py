"""Source protection over generated worlds: no programme-side user (his facilitators, the
programme's manager and DPO, probation) ever reads anything that identifies the source of a
safety-information item — not through the pages, the API, a compliance report, the team inbox
or the audit events the programme's DPO reads — and no release date lines up with a contact.

Hypothesis generates groups of men, some with a partner on Women's Aid's books, their
attendance, the partner-support worker's contacts and the safety information she writes (some
released, some not), all through the services. Every fact about her side is a unique canary.
Planted leaks show the property can fail.
"""

import datetime
import json
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.access.policy import visible_to
from accord.accounts.models import Role, User
from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.cases.models import Case, Task
from accord.programmes import partner_contact, services
from accord.programmes.models import (
    AttendanceCode,
    Enrolment,
    PartnerContact,
    PartnerLink,
    SafetyInformation,
)
from accord.programmes.tests.helpers import (
    ProgrammeWorld,
    another_man,
    build_programme_world,
    enrol,
    held_sessions,
)
from accord.testing import build_casework, build_world, client_for, make_user

# What the programme side may never see: where her records are and who works them.
HER_SIDE_OBJECT_TYPES = {
    "programmes.partnerlink",
    "programmes.partnercontact",
    "programmes.safetyinformationsource",
}


class Leak(AssertionError):
    """A programme-side reader received something that points to her."""


@dataclass(frozen=True)
class ManPlan:
    has_partner: bool
    codes: list[str]
    contacts: int
    items: int


men = st.lists(
    st.builds(
        ManPlan,
        has_partner=st.booleans(),
        codes=st.lists(st.sampled_from(AttendanceCode.values), min_size=0, max_size=3),
        contacts=st.integers(0, 2),
        items=st.integers(0, 2),
    ),
    min_size=1,
    max_size=3,
)


@dataclass
class Built:
    pw: ProgrammeWorld
    readers: list[User]
    canaries: dict[str, str] = field(default_factory=dict)  # value → what it is
    her_case_ids: set[int] = field(default_factory=set)
    her_task_ids: set[int] = field(default_factory=set)
    contact_days: set[datetime.date] = field(default_factory=set)
    enrolments: list[Enrolment] = field(default_factory=list)


def _write_items(built: Built, link: PartnerLink, count: int, label: str) -> None:
    for number in range(count):
        text = f"Concern {label}-{number} in the worker's own words"
        partner_contact.safety_information_record(
            actor=Actor.for_user(built.pw.partner_worker),
            link=link,
            category="threats",
            urgency="soon",
            text=text,
        )


def build(plan: list[ManPlan]) -> Built:
    world = build_world()
    casework = build_casework(world)
    pw = build_programme_world(world, casework)
    programme_dpo = make_user("programme_dpo", world.group_work, Role.DPO)
    built = Built(
        pw=pw,
        readers=[world.facilitator, pw.co_facilitator, programme_dpo, pw.probation_officer],
    )
    built.enrolments.append(pw.enrolment)
    links = [pw.link]
    for number, man in enumerate(plan):
        partner = f"Partner{number}" if man.has_partner else None
        enrolment = enrol(
            pw.programme,
            another_man(world, f"Man{number}", household_partner=partner),
            group=pw.group,
            mandated_by=pw.probation_team,
        )
        built.enrolments.append(enrolment)
        sessions = held_sessions(pw.group)
        for session, code in zip(sessions, man.codes, strict=False):
            services.attendance_record(
                actor=Actor.for_user(world.facilitator),
                session=session,
                enrolment=enrolment,
                code=code,
                absence_reason="Ill" if code == AttendanceCode.ACCEPTABLE_ABSENCE else "",
            )
        link = PartnerLink.objects.filter(enrolment=enrolment).first()
        if link is None:
            continue
        links.append(link)
        for contact in range(man.contacts):
            partner_contact.partner_contact_record(
                actor=Actor.for_user(pw.partner_worker),
                link=link,
                # Minutes, not hours, before the items are written: on the same local day as
                # they are, whatever the time of the run (a release with no delay then falls
                # on a contact day, which the timing plant needs).
                at=timezone.now() - datetime.timedelta(minutes=contact + 1),
                channel="phone",
                outcome="spoke",
                within_safe_times=True,
                notes=f"Contact note canary {number}-{contact}",
            )
        _write_items(built, link, man.items, f"released{number}")
    # The daily release job, run for a month of days.
    start = timezone.now()
    for day in range(31):
        partner_contact.safety_information_release(now=start + datetime.timedelta(days=day))
    for number, link in enumerate(links):
        _write_items(built, link, 1, f"unreleased{number}")
    for link in links:
        case = Case.objects.select_related("person").get(pk=link.partner_case_id)
        built.canaries[case.reference] = "her partner-support case's reference"
        if case.person.family_name:
            built.canaries[case.person.family_name] = "her family name"
    for case in Case.objects.filter(kind__in=["survivor_support", "partner_support"]):
        built.canaries[case.reference] = "one of her cases' references"
        built.her_case_ids.add(case.pk)
    built.her_task_ids = set(
        Task.objects.filter(case_id__in=built.her_case_ids).values_list("pk", flat=True)
    )
    for item in SafetyInformation.objects.filter(released_on__isnull=True):
        built.canaries[item.text] = "an item not yet released"
    for contact in PartnerContact.objects.all():
        built.canaries[contact.notes] = "a contact's notes"
        built.contact_days.add(timezone.localdate(contact.at))
    built.canaries[pw.partner_worker.username] = "her partner-support worker"
    return built


def _check(body: str, built: Built, reader: User, where: str) -> None:
    for value, what in built.canaries.items():
        if value and value in body:
            raise Leak(f"{reader.username} read {what} on {where}")


def _get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code in {200, 403, 404}, (url, response.status_code)
    return response.content.decode(errors="replace")


def channels(built: Built, reader: User) -> None:
    """Everything the reader can fetch on the programme side, checked for canaries."""
    client = client_for(reader)
    pw = built.pw
    urls = [
        "/",
        "/programmes/",
        f"/programmes/{pw.programme.pk}/",
        f"/programmes/groups/{pw.group.pk}/",
        "/programmes/reports/",
        "/referrals/inbox/",
        "/api/v1/enrolments/",
        "/api/v1/compliance-reports/",
        f"/api/v1/programme-groups/{pw.group.pk}/",
    ]
    for session in pw.group.sessions.all()[:3]:
        urls += [
            f"/programmes/sessions/{session.pk}/register/",
            f"/api/v1/programme-sessions/{session.pk}/register/",
        ]
    for enrolment in built.enrolments:
        urls += [
            f"/programmes/enrolments/{enrolment.uid}/",
            f"/api/v1/enrolments/{enrolment.uid}/",
            f"/api/v1/enrolments/{enrolment.uid}/safety-information/",
            f"/cases/{enrolment.case.reference}/",
        ]
        for report in enrolment.compliance_reports.all():
            urls += [f"/programmes/reports/{report.reference}/"]
    for url in urls:
        _check(_get(client, url), built, reader, url)
    # The audit events the programme's DPO (or anyone on its side) may read.
    for event in visible_to(reader, AuditEvent):
        where = f"audit event {event.action}"
        if event.object_type in HER_SIDE_OBJECT_TYPES:
            raise Leak(f"{reader.username} read an event about {event.object_type} ({where})")
        if event.object_type in {"cases.case", "cases.task"} and int(event.object_id) in (
            built.her_case_ids if event.object_type == "cases.case" else built.her_task_ids
        ):
            raise Leak(f"{reader.username} read an event about her case ({where})")
        if event.actor_id == pw.partner_worker.pk:
            raise Leak(f"{reader.username} read what her partner-support worker did ({where})")
        _check(json.dumps([event.actor_label, event.reason]), built, reader, where)
    # What the programme reads of each item: a release date that says nothing of her contacts.
    for item in visible_to(reader, SafetyInformation):
        if item.released_on in built.contact_days:
            raise Leak(f"{reader.username} read an item released on the day of a contact")


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=men)
def test_no_programme_side_user_reads_the_source_of_safety_information(
    db, plan: list[ManPlan]
) -> None:
    with transaction.atomic():
        built = build(plan)
        for reader in built.readers:
            channels(built, reader)
        # Not vacuous: the facilitator does read the released items, in the worker's words.
        released = SafetyInformation.objects.filter(released_on__isnull=False)
        url = f"/programmes/enrolments/{built.pw.enrolment.uid}/"
        page = _get(client_for(built.readers[0]), url)
        for item in released.filter(enrolment=built.pw.enrolment):
            assert item.text in page
        transaction.set_rollback(True)


# --- the property can fail: planted leaks --------------------------------------------------------

SMALL = [ManPlan(has_partner=True, codes=["unacceptable_absence"], contacts=1, items=1)]


def _no_delay(written_at: datetime.datetime) -> datetime.datetime:
    return written_at


PLANTS = {
    # Her side's events are written with the programme as their subject: its DPO reads them.
    "audit": (
        "programme_dpo",
        lambda mp: mp.setattr(
            partner_contact,
            "_her_organisation_id",
            lambda case: Enrolment.objects.first().programme.service.organisation_id,
        ),
        "read an event about",
    ),
    # Items are released at once: the release date is the day she was contacted.
    "timing": (
        "facilitator",
        lambda mp: mp.setattr(partner_contact, "release_after", _no_delay),
        "released on the day of a contact",
    ),
}


@pytest.mark.parametrize("plant", sorted(PLANTS))
def test_a_planted_leak_is_caught(db, monkeypatch: pytest.MonkeyPatch, plant: str) -> None:
    reader_name, apply, message = PLANTS[plant]
    apply(monkeypatch)
    built = build(SMALL)
    reader = next(user for user in built.readers if user.username == reader_name)
    with pytest.raises(Leak, match=message):
        channels(built, reader)


def test_without_a_plant_the_small_world_passes(db) -> None:
    built = build(SMALL)
    for reader in built.readers:
        channels(built, reader)
