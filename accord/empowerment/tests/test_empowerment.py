import datetime

import pytest
from django.utils import timezone

from accord.audit.context import Actor
from accord.empowerment import services
from accord.empowerment.models import ProfileSnapshot
from accord.empowerment.questions import QUESTIONS
from accord.testing import client_for

pytestmark = pytest.mark.django_db

ANSWERS = {question.key: question.answers[0][0] for question in QUESTIONS} | {
    "employment": "unemployed",
    "own_bank_account": "no",
}


def _post(answers: dict[str, str], occasion: str, day: datetime.date) -> dict[str, str]:
    data = {"occasion": occasion, "taken_on": day.isoformat()}
    data |= {f"q-{key}": value for key, value in answers.items()}
    return data


def test_it_records_profiles_and_shows_her_change_over_time(world, casework) -> None:
    case = casework.her_case
    client = client_for(world.caseworker)
    url = f"/empowerment/cases/{case.reference}/profile/"
    assert client.get(url).status_code == 200
    earlier = timezone.localdate() - datetime.timedelta(days=90)
    assert client.post(url, _post(ANSWERS, "entry", earlier)).status_code == 302
    later = ANSWERS | {"own_bank_account": "yes", "employment": "employed"}
    assert client.post(url, _post(later, "follow_up", timezone.localdate())).status_code == 302
    page = client.get(f"/empowerment/cases/{case.reference}/")
    assert page.status_code == 200
    assert page.content.decode().count('class="badge"') == 2  # two answers changed


def test_it_refuses_a_snapshot_dated_in_the_future(world, casework) -> None:
    url = f"/empowerment/cases/{casework.her_case.reference}/profile/"
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for(world.caseworker).post(url, _post(ANSWERS, "entry", tomorrow))
    assert response.status_code == 400
    assert "This date is in the future." in response.content.decode()
    assert not ProfileSnapshot.objects.exists()


def test_it_refuses_an_unanswered_question(world, casework) -> None:
    url = f"/empowerment/cases/{casework.her_case.reference}/profile/"
    answers = dict(ANSWERS)
    del answers["debts"]
    response = client_for(world.caseworker).post(url, _post(answers, "entry", timezone.localdate()))
    assert response.status_code == 400
    assert not ProfileSnapshot.objects.exists()


def test_it_denies_her_empowerment_work_to_the_programme_and_others(world, casework) -> None:
    case = casework.her_case
    urls = [
        ("get", f"/empowerment/cases/{case.reference}/"),
        ("get", f"/empowerment/cases/{case.reference}/profile/"),
        ("post", f"/empowerment/cases/{case.reference}/goals/"),
        ("post", f"/empowerment/cases/{case.reference}/mentorships/"),
    ]
    for user in (world.facilitator, world.outsider, world.dpo, world.admin, world.police_liaison):
        client = client_for(user)
        for method, url in urls:
            assert getattr(client, method)(url).status_code == 404, (user, url)
    # His programme case has no empowerment work, even for his own team.
    his = f"/empowerment/cases/{casework.his_case.reference}/"
    assert client_for(world.facilitator).get(his).status_code == 404


def test_it_keeps_her_plan_goals_and_mentorship(world, casework) -> None:
    case = casework.her_case
    client = client_for(world.caseworker)
    response = client.post(
        f"/empowerment/cases/{case.reference}/goals/",
        {"area": "work", "goal": "A job in a bakery"},
    )
    assert response.status_code == 302
    goal = case.empowerment_goals.get()
    response = client.post(
        f"/empowerment/goals/{goal.pk}/",
        {"version": goal.version, "status": "in_progress", "progress": "CV written"},
    )
    assert response.status_code == 302
    stale = client.post(
        f"/empowerment/goals/{goal.pk}/",
        {"version": goal.version, "status": "achieved", "progress": ""},
    )
    assert stale.status_code == 409
    assert (
        client_for(world.facilitator).post(f"/empowerment/goals/{goal.pk}/", {}).status_code == 404
    )
    response = client.post(
        f"/empowerment/cases/{case.reference}/mentorships/",
        {"mentor_name": "Example Mentor", "started_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    mentorship = case.mentorships.get()
    url = f"/empowerment/mentorships/{mentorship.pk}/meetings/"
    assert client.post(url, {"met_on": timezone.localdate().isoformat()}).status_code == 302
    assert client_for(world.outsider).post(url, {}).status_code == 404


def test_it_reports_shares_with_small_counts_suppressed(world, django_assert_num_queries) -> None:
    from accord.cases import services as cases
    from accord.cases.models import CaseKind
    from accord.people import services as people

    actor = Actor.for_user(world.caseworker)
    start = timezone.localdate() - datetime.timedelta(days=200)
    for number in range(6):
        person = people.person_create(
            actor=actor, organisation=world.womens_aid, given_name=f"W{number}"
        )
        case = cases.case_open(
            actor=actor,
            kind=CaseKind.SURVIVOR_SUPPORT,
            person=person,
            team=world.outreach,
            key_worker=world.caseworker,
            opened_on=start,
        )
        services.profile_snapshot_record(
            actor=actor, case=case, occasion="entry", taken_on=start, answers=ANSWERS
        )
        later = ANSWERS | ({"own_bank_account": "yes"} if number < 5 else {})
        services.profile_snapshot_record(
            actor=actor,
            case=case,
            occasion="follow_up",
            taken_on=timezone.localdate(),
            answers=later,
        )
    from accord.empowerment.selectors import profile_aggregate

    with django_assert_num_queries(1):
        profile_aggregate(world.caseworker)
    client = client_for(world.caseworker)
    response = client.get("/empowerment/report/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "83 %" in text  # 5 of 6 have an account of their own at follow-up
    assert "fewer than 5" in text  # the one who has not
    csv = client.get("/empowerment/report.csv").content.decode()
    assert "OWN_BANK_ACCOUNT,YES,FOLLOW_UP,5,A,6" in csv
    assert "OWN_BANK_ACCOUNT,NO,FOLLOW_UP,,C,6" in csv
    assert client_for(world.facilitator).get("/empowerment/report/").status_code == 404
    assert client_for(world.outsider).get("/empowerment/report.csv").status_code == 404


def test_she_joins_a_training_path_on_the_programme_engine(world, casework) -> None:
    from accord.empowerment import paths
    from accord.programmes.models import EnrolmentStatus

    path = paths.empowerment_path_create(
        actor=Actor.for_user(world.manager),
        service=world.support_service,
        name="Thursday group",
        one_to_one=False,
    )
    assert [module.title for module in path.modules.order_by("position")] == [
        "Self-esteem",
        "Rights",
        "Financial literacy",
        "Job search",
        "Entrepreneurship",
    ]
    case = casework.her_case
    url = f"/empowerment/cases/{case.reference}/paths/"
    assert client_for(world.facilitator).post(url, {"path": path.pk}).status_code == 404
    assert client_for(world.caseworker).post(url, {"path": path.pk}).status_code == 302
    enrolment = case.enrolments.get()
    assert enrolment.status == EnrolmentStatus.ON_PROGRAMME
    listing = client_for(world.caseworker).get("/empowerment/paths/")
    assert listing.status_code == 200 and case.reference in listing.content.decode()
    # The programme side sees the path (no person data) but none of the women on it.
    other = client_for(world.facilitator).get("/empowerment/paths/")
    assert other.status_code == 200 and case.reference not in other.content.decode()


def test_a_path_is_refused_outside_a_womens_support_service(world) -> None:
    from django.core.exceptions import ValidationError

    from accord.empowerment import paths

    with pytest.raises(ValidationError):
        paths.empowerment_path_create(
            actor=Actor.for_user(world.facilitator),
            service=world.group_work.service,
            name="Wrong place",
            one_to_one=True,
        )
