"""Her side of outcome measurement and empowerment over generated worlds: his answers and hers at
random time points (with and without large gaps), her socio-economic profile, goals and
mentorship. Every user of the world, on every channel these record kinds have (the outcome and
empowerment pages, the API, the outcome report, the rows `visible_to` gives), reaches her
records only from her survivor side: the programme never reads her answers, the paired view or
its gap flags — a 404 on her case, nothing of hers on his (issue 13). Planted leaks are caught."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.access import registry
from accord.access.policy import visible_to
from accord.accounts.models import Role, User
from accord.audit.context import Actor
from accord.cases.models import Case
from accord.empowerment import services as empowerment
from accord.empowerment.models import Mentorship, MentorshipMeeting, PlanGoal, ProfileSnapshot
from accord.empowerment.questions import QUESTIONS
from accord.outcomes import definition, services
from accord.outcomes.models import OutcomeResponse, SelfCompletionLink
from accord.testing import Casework, World, build_casework, build_world, client_for, make_user

LEVELS = ["never", "once", "sometimes", "often"]
POINTS = [point.key for point in definition.time_points()]
# The gap flag as her worker's page shows it.
GAP_BADGE = "large difference"

worlds = st.fixed_dictionaries(
    {
        # time point -> answer level (0 calm … 3 fearful), for him and for her.
        "his": st.dictionaries(st.sampled_from(POINTS), st.integers(0, 3), max_size=3),
        "hers": st.dictionaries(st.sampled_from(POINTS), st.integers(0, 3), max_size=3),
        "profile": st.booleans(),
        "goal": st.booleans(),
        "mentorship": st.booleans(),
    }
)

HER_RECORDS = (
    OutcomeResponse,
    SelfCompletionLink,
    ProfileSnapshot,
    PlanGoal,
    Mentorship,
    MentorshipMeeting,
)


class Leak(AssertionError):
    pass


def _answers(level: int, safe: int) -> dict[str, object]:
    value = LEVELS[level]
    return {
        "pushed_hit": value,
        "threatened": value,
        "checked": value,
        "afraid": value,
        "safe_at_home": safe,
    }


def build(plan: dict) -> tuple[World, Casework, list[User], set[int]]:
    world = build_world()
    casework = build_casework(world)
    long_ago = timezone.localdate() - datetime.timedelta(days=600)
    # Opened long ago, so that every time point is past and may be answered.
    Case.objects.filter(pk__in=[casework.his_case.pk, casework.her_case.pk]).update(
        opened_on=long_ago
    )
    his_case = Case.objects.get(pk=casework.his_case.pk)
    her_case = Case.objects.get(pk=casework.her_case.pk)
    colleague = make_user("outreach_colleague", world.outreach, Role.CASEWORKER)
    programme_manager = make_user("programme_manager", world.group_work, Role.MANAGER)
    users = [
        world.caseworker,
        world.manager,
        colleague,
        world.dpo,
        world.admin,
        world.facilitator,
        programme_manager,
        world.police_liaison,
        world.outsider,
    ]
    her_side = {world.caseworker.pk, world.manager.pk, colleague.pk}
    his_actor = Actor.for_user(world.facilitator)
    her_actor = Actor.for_user(world.caseworker)
    schedule = services.outcome_schedule_start(actor=his_actor, case=his_case, start_on=long_ago)
    # His answers on his side, hers (mirrored levels) on hers, on the one schedule.
    answering = [
        (his_actor, his_case, plan["his"], lambda level: _answers(level, 9)),
        (her_actor, her_case, plan["hers"], lambda level: _answers(3 - level, 1)),
    ]
    for actor, case, points, answers in answering:
        for point, level in points.items():
            services.outcome_response_record(
                actor=actor, case=case, schedule=schedule, time_point=point, answers=answers(level)
            )
    # A link for her at a time point she has not answered yet.
    services.link_create(
        actor=her_actor,
        case=her_case,
        schedule=schedule,
        time_point=next(point for point in POINTS if point not in plan["hers"]),
        channel="phone",
        build_url=lambda token: f"https://accord.example/outcomes/q/{token}/",
    )
    today = timezone.localdate()
    if plan["profile"]:
        empowerment.profile_snapshot_record(
            actor=her_actor,
            case=her_case,
            occasion="entry",
            taken_on=today,
            answers={question.key: "not_stated" for question in QUESTIONS},
        )
    if plan["goal"]:
        empowerment.plan_goal_add(actor=her_actor, case=her_case, area="work", goal="A job")
    if plan["mentorship"]:
        mentorship = empowerment.mentorship_start(
            actor=her_actor, case=her_case, mentor_name="Example Mentor", started_on=today
        )
        empowerment.mentorship_meeting_add(actor=her_actor, mentorship=mentorship, met_on=today)
    return (
        world,
        Casework(**{**vars(casework), "his_case": his_case, "her_case": her_case}),
        users,
        her_side,
    )


def check(world: World, casework: Casework, users: list[User], her_side: set[int]) -> None:
    her = casework.her_case
    his = casework.his_case
    for user in users:
        ours = user.pk in her_side
        for model in HER_RECORDS:
            rows = visible_to(user, model)
            field = "mentorship__case" if model is MentorshipMeeting else "case"
            reached = rows.filter(**{field: her}).exists()
            if reached and not ours:
                raise Leak(f"{user} reads {model.__name__} of her case")
        client = client_for(user)
        for url in (
            f"/outcomes/cases/{her.reference}/",
            f"/api/v1/cases/{her.reference}/outcomes/",
            f"/empowerment/cases/{her.reference}/",
            f"/empowerment/cases/{her.reference}/profile/",
        ):
            status = client.get(url).status_code
            if status != (200 if ours else 404):
                raise Leak(f"{user} got {status} for {url}")
        for goal in PlanGoal.objects.filter(case=her):
            status = client.post(f"/empowerment/goals/{goal.pk}/", {}).status_code
            if not ours and status != 404:
                raise Leak(f"{user} got {status} for her goal")
        if ours:
            continue
        # His side, for whoever reaches it: his answers only, never hers or a gap flag.
        page = client.get(f"/outcomes/cases/{his.reference}/")
        if page.status_code == 200:
            if GAP_BADGE in page.content.decode() or "paired" in page.context:
                raise Leak(f"{user} reads the paired view on his case")
            if any(row.case_id != his.pk for row in page.context["responses"]):
                raise Leak(f"{user} reads her answers on his case")
        api = client.get(f"/api/v1/cases/{his.reference}/outcomes/")
        if api.status_code == 200:
            body = api.json()
            if body["paired"] or len(body["answers"]) != his.outcome_responses.count():
                raise Leak(f"{user} reads her answers through the API on his case")
        report = client.get("/outcomes/report/")
        if report.status_code == 200 and '<th scope="row">She</th>' in report.content.decode():
            raise Leak(f"{user} reads her side of the outcome report")


SETTINGS = settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(plan=worlds)
def test_her_side_is_read_from_her_side_only(db, plan) -> None:
    with transaction.atomic():
        check(*build(plan))
        transaction.set_rollback(True)


FULL = {
    "his": {"intake": 0},
    "hers": {"intake": 0},
    "profile": True,
    "goal": True,
    "mentorship": True,
}


def test_the_her_side_readers_do_reach_it(db) -> None:
    """The property is not vacuous: in the full world her worker sees the gap flag."""
    world, casework, _, _ = build(FULL)
    page = client_for(world.caseworker).get(f"/outcomes/cases/{casework.her_case.reference}/")
    assert GAP_BADGE in page.content.decode()


@pytest.mark.parametrize("model", HER_RECORDS)
def test_a_planted_rule_leak_is_caught(db, monkeypatch, model) -> None:
    monkeypatch.setitem(
        registry._rules,
        model,
        registry.RecordRule(model=model, rows=lambda user, model=model: model.objects.all()),
    )
    with pytest.raises(Leak):
        check(*build(FULL))


def test_a_planted_gate_leak_on_her_outcome_page_is_caught(db, monkeypatch) -> None:
    # The page forgets who works the case: the programme would read the paired view.
    from accord.outcomes import views

    monkeypatch.setattr(
        views, "_case", lambda request, reference: Case.objects.get(reference=reference)
    )
    with pytest.raises(Leak):
        check(*build(FULL))


def test_a_planted_gate_leak_on_her_api_is_caught(db, monkeypatch) -> None:
    from accord.api import outcome_views

    monkeypatch.setattr(
        outcome_views,
        "_worked_case",
        lambda request, reference: Case.objects.get(reference=reference),
    )
    with pytest.raises(Leak):
        check(*build(FULL))
