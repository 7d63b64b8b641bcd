"""The trainer's demo (WE GO!): a group training path of eight women and two one-to-one paths at
the Women's Support Service, on the programme engine; each woman with her socio-economic
profile at entry and at follow-up, some with goals and a mentorship. Idempotent: the group
path, once there, is left alone. Names are obviously invented."""

import datetime

from django.db import transaction
from django.utils import timezone

from accord.accounts.models import Team, User
from accord.audit.context import Actor
from accord.cases import services as cases
from accord.cases.models import Case, CaseKind
from accord.empowerment import paths, services
from accord.empowerment.questions import QUESTIONS
from accord.people import services as people
from accord.programmes import services as programmes
from accord.programmes.models import AttendanceCode, Programme, ProgrammeModule, SessionKind

GROUP_PATH = "Tuesday empowerment group"
ONE_TO_ONE_PATH = "One-to-one empowerment path"

# Her answers at entry, and what changed by the follow-up (her own bank account, work...).
ENTRY = {question.key: "not_stated" for question in QUESTIONS} | {
    "employment": "unemployed",
    "income_band": "none",
    "income_source": "benefits",
    "own_bank_account": "no",
    "housing": "shelter",
    "childcare_needs": "unmet",
    "education": "secondary",
    "debts": "coerced",
    "economic_violence": "yes",
}
CHANGES: list[dict[str, str]] = [
    {"own_bank_account": "yes", "employment": "employed", "income_source": "work"},
    {"own_bank_account": "yes", "childcare_needs": "met"},
    {"own_bank_account": "yes", "housing": "own"},
    {"employment": "studying"},
    {"own_bank_account": "yes", "employment": "self_employed", "income_band": "low"},
    {"own_bank_account": "yes"},
    {},
    {"own_bank_account": "yes", "debts": "own", "housing": "family"},
    {"employment": "employed", "income_band": "middle"},
    {"own_bank_account": "yes"},
]
NAMES = [
    "Ada", "Bo", "Cleo", "Dina", "Eva", "Fay", "Gia", "Hana", "Ines", "Jo",
]  # fmt: skip


def _woman(actor: Actor, team: Team, trainer: User, given: str, opened: datetime.date) -> Case:
    person = people.person_create(
        actor=actor,
        organisation=team.service.organisation,
        given_name=given,
        family_name="Placeholder",
        languages=["en"],
    )
    return cases.case_open(
        actor=actor,
        kind=CaseKind.SURVIVOR_SUPPORT,
        person=person,
        team=team,
        key_worker=trainer,
        opened_on=opened,
    )


def _profiles(actor: Actor, case: Case, changes: dict[str, str], today: datetime.date) -> None:
    services.profile_snapshot_record(
        actor=actor,
        case=case,
        occasion="entry",
        taken_on=today - datetime.timedelta(days=100),
        answers=ENTRY,
    )
    services.profile_snapshot_record(
        actor=actor,
        case=case,
        occasion="follow_up",
        taken_on=today - datetime.timedelta(days=5),
        answers=ENTRY | changes,
    )


@transaction.atomic
def seed_demo_empowerment() -> None:
    if Programme.objects.filter(name=GROUP_PATH).exists():
        return
    trainer = User.objects.get(username="trainer")
    actor = Actor.for_user(trainer)
    team = Team.objects.get(service__name="Women's Support Service", name="Empowerment")
    today = timezone.localdate()
    opened = today - datetime.timedelta(days=110)
    group_path = paths.empowerment_path_create(
        actor=actor, service=team.service, name=GROUP_PATH, one_to_one=False
    )
    one_to_one = paths.empowerment_path_create(
        actor=actor, service=team.service, name=ONE_TO_ONE_PATH, one_to_one=True
    )
    group = programmes.group_create(
        actor=actor,
        programme=group_path,
        name="Tuesday mornings",
        lead_facilitator=trainer,
        co_facilitator=None,
        first_session_at=timezone.now().replace(microsecond=0, second=0, minute=0)
        - datetime.timedelta(weeks=4, days=1),
        schedule="FREQ=WEEKLY;COUNT=10",
        room="Training room",
        session_minutes=150,
        capacity=10,
    )
    past = list(group.sessions.filter(starts_at__lt=timezone.now()).order_by("number"))
    women = [_woman(actor, team, trainer, name, opened) for name in NAMES]
    for number, case in enumerate(women):
        _profiles(actor, case, CHANGES[number], today)
        if number < 8:
            enrolment = paths.path_join(
                actor=actor, path=group_path, case=case, on=today - datetime.timedelta(days=40)
            )
            enrolment = programmes.enrolment_group_set(
                actor=actor, enrolment=enrolment, expected_version=enrolment.version, group=group
            )
            for session in past:
                programmes.attendance_record(
                    actor=actor,
                    session=session,
                    enrolment=enrolment,
                    code=AttendanceCode.ATTENDED_COMPLIED
                    if (number + session.number) % 5
                    else AttendanceCode.ACCEPTABLE_ABSENCE,
                    absence_reason="" if (number + session.number) % 5 else "Child ill",
                )
        else:
            enrolment = paths.path_join(
                actor=actor, path=one_to_one, case=case, on=today - datetime.timedelta(days=30)
            )
            for week, module in enumerate(ProgrammeModule.objects.filter(programme=one_to_one)):
                programmes.session_individual_add(
                    actor=actor,
                    enrolment=enrolment,
                    kind=SessionKind.ONE_TO_ONE,
                    starts_at=timezone.now().replace(microsecond=0)
                    + datetime.timedelta(weeks=week - 2),
                    module=module,
                )
    first = women[0]
    services.plan_goal_add(actor=actor, case=first, area="work", goal="A job in a bakery")
    services.plan_goal_add(actor=actor, case=first, area="money", goal="An account in my own name")
    mentorship = services.mentorship_start(
        actor=actor,
        case=first,
        mentor_name="Example Mentor (retired bakery owner)",
        started_on=today - datetime.timedelta(days=30),
        goals="Preparing for interviews; a first CV.",
    )
    services.mentorship_meeting_add(
        actor=actor,
        mentorship=mentorship,
        met_on=today - datetime.timedelta(days=10),
        notes="CV drafted together.",
    )
