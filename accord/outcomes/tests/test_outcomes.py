import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accord.access import registry
from accord.access.policy import case_access, visible_to
from accord.audit.context import Actor
from accord.cases.models import Task
from accord.core import panels
from accord.outcomes import selectors, services
from accord.outcomes.models import OutcomeResponse, OutcomeSchedule, SelfCompletionLink
from accord.testing import client_for

pytestmark = pytest.mark.django_db

CALM = {"pushed_hit": "never", "threatened": "never", "checked": "never", "afraid": "never"}
FEARFUL = {"pushed_hit": "often", "threatened": "sometimes", "checked": "often", "afraid": "often"}


def _form(answers: dict[str, object], **extra: str) -> dict[str, object]:
    return {f"a-{key}": value for key, value in answers.items()} | extra


@pytest.fixture
def schedule(world, casework):
    start = casework.his_case.opened_on
    return services.outcome_schedule_start(
        actor=Actor.for_user(world.facilitator), case=casework.his_case, start_on=start
    )


def _record(world, case, schedule, answers, user) -> OutcomeResponse:
    return services.outcome_response_record(
        actor=Actor.for_user(user),
        case=case,
        schedule=schedule,
        time_point="intake",
        answers=answers,
    )


def test_it_sets_a_task_at_every_time_point_on_his_case_and_hers(casework, schedule) -> None:
    assert Task.objects.filter(case=casework.his_case).count() == 5
    assert Task.objects.filter(case=casework.her_case).count() == 5


def test_it_starts_from_the_page_and_denies_it_to_her_side(world, casework) -> None:
    url = f"/outcomes/cases/{casework.his_case.reference}/"
    client = client_for(world.facilitator)
    assert client.get(url).status_code == 200
    response = client.post(f"{url}start/", {"start_on": casework.his_case.opened_on.isoformat()})
    assert response.status_code == 302
    for user in (world.caseworker, world.outsider, world.dpo):
        assert client_for(user).get(url).status_code == 404
        assert client_for(user).post(f"{url}start/", {}).status_code == 404


def test_it_pairs_his_report_with_hers_for_her_worker_only(
    world, casework, schedule, django_assert_num_queries
) -> None:
    _record(world, casework.his_case, schedule, CALM | {"safe_at_home": 9}, world.facilitator)
    client = client_for(world.caseworker)
    response = client.post(
        f"/outcomes/cases/{casework.her_case.reference}/answers/",
        _form(
            FEARFUL | {"safe_at_home": 2},
            time_point="intake",
            answered_on=timezone.localdate().isoformat(),
        ),
    )
    assert response.status_code == 302
    # The gap is flagged on her case, to her worker.
    assert Task.objects.filter(case=casework.her_case, title__isnull=False).count() == 6
    page = client.get(f"/outcomes/cases/{casework.her_case.reference}/").content.decode()
    assert "large difference" in page and "call for a risk review" in page
    # The programme sees neither her answers nor the gap.
    his_page = client_for(world.facilitator).get(f"/outcomes/cases/{casework.his_case.reference}/")
    assert "large difference" not in his_page.content.decode()
    assert Task.objects.filter(case=casework.his_case).count() == 5
    her_url = f"/outcomes/cases/{casework.her_case.reference}/"
    assert client_for(world.facilitator).get(her_url).status_code == 404
    access = case_access(world.caseworker, casework.her_case)
    with django_assert_num_queries(4):
        rows = selectors.paired_view(world.caseworker, access)
    assert sum(cell.gap for row in rows for cell in row.cells) == 3


def test_it_refuses_an_answer_out_of_range_and_saves_nothing(world, casework, schedule) -> None:
    response = client_for(world.caseworker).post(
        f"/outcomes/cases/{casework.her_case.reference}/answers/",
        _form(
            CALM | {"safe_at_home": 11},
            time_point="intake",
            answered_on=timezone.localdate().isoformat(),
        ),
    )
    assert response.status_code == 400
    assert "Enter a number of at most 10." in response.content.decode()
    assert not OutcomeResponse.objects.exists()


def test_she_answers_once_through_her_link(world, casework, schedule) -> None:
    client = client_for(world.caseworker)
    response = client.post(
        f"/outcomes/cases/{casework.her_case.reference}/link/",
        {"time_point": "intake", "channel": "phone"},
    )
    assert response.status_code == 200
    link = SelfCompletionLink.objects.get()
    path = response.content.decode().split("/outcomes/q/")[1].split("<")[0]
    url = f"/outcomes/q/{path}"
    assert link.token_hash == services.token_hash(path.rstrip("/"))
    anonymous = client.__class__()
    page = anonymous.get(url)
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("no-store")
    assert page["Referrer-Policy"] == "no-referrer"
    text = page.content.decode()
    assert "<title>Survey</title>" in text and "Leave this site now" in text
    bad = anonymous.post(url, _form(CALM | {"safe_at_home": 42}))
    assert bad.status_code == 400 and "at most 10" in bad.content.decode()
    done = anonymous.post(url, _form(CALM | {"safe_at_home": 7}))
    assert done.status_code == 302
    response = OutcomeResponse.objects.get()
    assert response.self_completed and response.case == casework.her_case
    again = anonymous.get(url)
    assert again.status_code == 404
    assert casework.her_case.reference not in again.content.decode()
    assert anonymous.post(url, _form(CALM | {"safe_at_home": 1})).status_code == 404
    assert OutcomeResponse.objects.count() == 1


def test_an_expired_or_unknown_link_shows_the_same_plain_page(world, casework, schedule) -> None:
    url = services.link_create(
        actor=Actor.for_user(world.caseworker),
        case=casework.her_case,
        schedule=schedule,
        time_point="intake",
        channel="phone",
        build_url=lambda token: f"/outcomes/q/{token}/",
    )
    SelfCompletionLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    expired = client_for(world.caseworker).__class__().get(url)
    unknown = client_for(world.caseworker).__class__().get("/outcomes/q/nothing-here/")
    assert expired.status_code == unknown.status_code == 404
    assert "not available" in expired.content.decode()


def test_it_sends_only_by_a_channel_her_record_has(world, casework, schedule, settings) -> None:
    url = f"/outcomes/cases/{casework.her_case.reference}/link/"
    response = client_for(world.caseworker).post(url, {"time_point": "intake", "channel": "email"})
    assert response.status_code == 400  # no e-mail on her record
    assert not SelfCompletionLink.objects.exists() and not mail.outbox
    assert client_for(world.facilitator).post(url, {}).status_code == 404


def test_the_e_mail_carries_nothing_but_the_link(
    world, casework, schedule, django_capture_on_commit_callbacks
) -> None:
    from accord.people import services as people

    person = casework.survivor
    people.person_update(
        actor=Actor.for_user(world.caseworker),
        person=person,
        expected_version=person.version,
        email="ana@example.org",
    )
    casework.her_case.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        url = services.link_create(
            actor=Actor.for_user(world.caseworker),
            case=casework.her_case,
            schedule=schedule,
            time_point="intake",
            channel="email",
            build_url=lambda token: f"https://accord.example/outcomes/q/{token}/",
        )
    (message,) = mail.outbox
    assert message.body == url and "Ana" not in message.subject + message.body


def _programme_reads_her_answers(world, casework) -> bool:
    return any(
        visible_to(user, OutcomeResponse).filter(case=casework.her_case).exists()
        for user in (world.facilitator,)
    )


def test_the_programme_never_reads_her_answers_and_a_planted_leak_is_caught(
    world, casework, schedule, monkeypatch
) -> None:
    _record(world, casework.her_case, schedule, FEARFUL | {"safe_at_home": 1}, world.caseworker)
    assert not _programme_reads_her_answers(world, casework)
    rule = registry.rule_of(OutcomeResponse)
    leaky = registry.RecordRule(
        model=OutcomeResponse, rows=lambda user: OutcomeResponse.objects.all()
    )
    monkeypatch.setitem(registry._rules, OutcomeResponse, leaky)
    assert _programme_reads_her_answers(world, casework)
    monkeypatch.setitem(registry._rules, OutcomeResponse, rule)


def test_the_report_shows_each_side_its_own_with_honest_bases(world, casework, schedule) -> None:
    _record(world, casework.his_case, schedule, CALM | {"safe_at_home": 9}, world.facilitator)
    _record(world, casework.her_case, schedule, FEARFUL | {"safe_at_home": 1}, world.caseworker)
    hers = client_for(world.manager).get("/outcomes/report/").content.decode()
    assert "fewer than 5" in hers and '<th scope="row">She</th>' in hers
    assert '<th scope="row">He</th>' not in hers


def test_the_programme_cannot_record_answers_on_her_case(world, casework, schedule) -> None:
    url = f"/outcomes/cases/{casework.her_case.reference}/answers/"
    response = client_for(world.facilitator).post(url, _form(CALM, time_point="intake"))
    assert response.status_code == 404
    assert not OutcomeResponse.objects.exists()


def test_the_thank_you_page_is_plain_and_the_report_needs_sign_in(world) -> None:
    anonymous = client_for(world.caseworker).__class__()
    done = anonymous.get("/outcomes/q/done/")
    assert done.status_code == 200 and "Thank you" in done.content.decode()
    assert anonymous.get("/outcomes/report/").status_code == 302
    assert client_for(world.facilitator).get("/outcomes/report/").status_code == 200


def test_it_keeps_to_the_channels_she_said_are_safe(world, casework) -> None:
    from accord.programmes.models import PartnerLink
    from accord.programmes.tests.helpers import enrol, make_programme

    programme = make_programme(world)
    enrolment = enrol(programme, casework.his_case)
    case = casework.her_case
    assert services.channels_for(case) == ["phone"]
    PartnerLink.objects.update_or_create(
        enrolment=enrolment, partner_case=case, defaults={"safe_channels": ["letter"]}
    )
    assert services.channels_for(case) == []
    PartnerLink.objects.filter(partner_case=case).update(safe_channels=["text"])
    assert services.channels_for(case) == ["phone"]


def test_his_page_reads_his_schedule_and_answers_through_their_rules(
    world, casework, schedule, monkeypatch
) -> None:
    _record(world, casework.his_case, schedule, CALM | {"safe_at_home": 9}, world.facilitator)
    url = f"/outcomes/cases/{casework.his_case.reference}/"
    client = client_for(world.facilitator)
    assert client.get(url).context["responses"]
    for model in (OutcomeSchedule, OutcomeResponse):
        closed = registry.RecordRule(
            model=model, rows=lambda user, model=model: model.objects.none()
        )
        monkeypatch.setitem(registry._rules, model, closed)
    page = client.get(url)
    assert page.context["schedule"] is None
    assert not page.context["responses"]


def test_it_links_the_case_work_from_a_registered_case_panel(world, casework) -> None:
    assert "outcomes" in panels._case_panels
    her_page = client_for(world.caseworker).get(f"/cases/{casework.her_case.reference}/")
    html = her_page.content.decode()
    assert 'id="more-work-heading"' in html
    assert f"/outcomes/cases/{casework.her_case.reference}/" in html
    assert f"/community/cases/{casework.her_case.reference}/accompaniments/" in html
    his_page = client_for(world.facilitator).get(f"/cases/{casework.his_case.reference}/")
    assert f"/outcomes/cases/{casework.his_case.reference}/" in his_page.content.decode()
    # Not on his case the survivor side's work, and nothing for a reader who does not work it.
    assert "/community/cases/" not in his_page.content.decode()
    dpo_page = client_for(world.dpo).get(f"/cases/{casework.her_case.reference}/")
    assert 'id="more-work-heading"' not in dpo_page.content.decode()
