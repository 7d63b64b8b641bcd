"""The risk API: instruments to read, and a case's assessments with the same rules as the risk
pages. Her caseworker starts, saves and completes her checklist; whoever may not read the
case's risk gets 404 on everything, whoever reads but does not work it gets 404 on every write;
a stale version answers 409 with the assessment as it is now."""

import datetime
from typing import Any

import pytest
from django.test import Client

from accord.api.tests.casework import patch, post, service_account_client
from accord.api.tests.test_barrier_walk import HER_ANSWER
from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.cases.models import Case
from accord.demo.risk import seed_demo_instruments
from accord.risk import services
from accord.risk.definition import Instrument as Definition
from accord.risk.loader import SHIPPED_DIR, from_data
from accord.risk.models import Assessment, AssessmentStatus, Instrument
from accord.testing import Casework, World, client_for

type Instruments = dict[str, Instrument]


@pytest.fixture
def instruments(db: None) -> Instruments:
    return {instrument.slug: instrument for instrument in seed_demo_instruments()}


def url(case: Case, rest: str = "") -> str:
    return f"/api/v1/cases/{case.reference}/assessments/{rest}"


def fifteen_yes(spec: Definition) -> dict[str, str]:
    """Her checklist with 15 "yes" (high at 14), "stalking" left at "no" so that its
    follow-up module stays closed."""
    keys = [item.key for item in spec.main_items() if item.key != "stalking"]
    return {key: "yes" for key in keys[:15]} | {key: "no" for key in keys[15:]} | {"stalking": "no"}


def all_no(spec: Definition) -> dict[str, str]:
    return {item.key: "no" for item in spec.main_items()}


def start(client: Client, case: Case, instrument: Instrument) -> dict[str, Any]:
    response = post(client, url(case), {"instrument": instrument.pk, "occasion": "first"})
    assert response.status_code == 201, response.content
    return response.json()


def her_checklist(world: World, casework: Casework, instruments: Instruments) -> Assessment:
    """A draft of her checklist, started by her caseworker (version 1)."""
    return services.assessment_start(
        actor=Actor.for_user(world.caseworker),
        case=casework.her_case,
        instrument=instruments["survivor-checklist"],
    )


# --- instruments ----------------------------------------------------------------------------------


def test_everyone_reads_the_shipped_instruments_and_their_own(
    world: World, instruments: Instruments
) -> None:
    text = (SHIPPED_DIR / "child_safety_screen.yaml").read_text(encoding="utf-8")
    own = services.instrument_load(
        actor=Actor.system(),
        text=text.replace("slug: child-safety-screen", "slug: own-screen"),
        organisation=world.womens_aid,
    )
    listed = client_for(world.caseworker).get("/api/v1/instruments/").json()["results"]
    assert {row["slug"] for row in listed} == {*instruments, "own-screen"}
    checklist = next(row for row in listed if row["slug"] == "survivor-checklist")
    assert checklist["organisation"] is None and checklist["active"] is True
    assert checklist["version"] == "2026.1"
    assert from_data(checklist["definition"]) == instruments["survivor-checklist"].spec

    detail = client_for(world.caseworker).get(f"/api/v1/instruments/{own.pk}/").json()
    assert detail["organisation"] == world.womens_aid.pk
    outsider = client_for(world.outsider)
    assert {row["slug"] for row in outsider.get("/api/v1/instruments/").json()["results"]} == set(
        instruments
    )
    assert outsider.get(f"/api/v1/instruments/{own.pk}/").status_code == 404
    assert outsider.get("/api/v1/instruments/99999999999999999999/").status_code == 404


def test_a_service_account_reads_instruments_but_no_assessment(
    world: World, casework: Casework, instruments: Instruments
) -> None:
    # Instruments are reference data, like the directory; assessments are her record.
    client = service_account_client()
    assert client.get("/api/v1/instruments/").json()["count"] == len(instruments)
    assert client.get(url(casework.her_case)).status_code == 403


def test_anonymous_requests_are_refused(
    world: World, casework: Casework, instruments: Instruments
) -> None:
    assessment = her_checklist(world, casework, instruments)
    for path in [
        "/api/v1/instruments/",
        f"/api/v1/instruments/{instruments['survivor-checklist'].pk}/",
        url(casework.her_case),
        url(casework.her_case, f"{assessment.uid}/"),
    ]:
        assert Client().get(path).status_code in (401, 403)


# --- her caseworker's work ------------------------------------------------------------------------


def test_her_caseworker_starts_saves_and_completes_her_checklist(
    world: World, casework: Casework, instruments: Instruments
) -> None:
    client = client_for(world.caseworker)
    case = casework.her_case
    checklist = instruments["survivor-checklist"]
    started = start(client, case, checklist)
    assert started["status"] == "draft" and started["version"] == 1
    assert started["instrument_slug"] == "survivor-checklist"
    assert started["level"] is None and started["answers"] == {}

    detail = url(case, f"{started['uid']}/")
    some = {"injured": "yes", "frightened": "unknown"}
    saved = patch(client, detail, {"version": 1, "answers": some})
    assert saved.status_code == 200
    assert saved.json()["answers"] == some and saved.json()["version"] == 2

    read = client.get(detail)
    assert read.json()["answers"] == some
    assert AuditEvent.objects.filter(action="assessment.viewed").count() == 1

    answers = fifteen_yes(checklist.spec)
    done = post(client, f"{detail}complete/", {"version": 2, "answers": answers})
    assert done.status_code == 200, done.content
    result = done.json()
    assert result["status"] == "complete" and result["score"] == 15
    assert result["computed_level"] == result["level"] == "high"
    assert result["judgement_level"] is None
    assert result["completed_by"] == "caseworker_a"
    assessed_on = datetime.date.fromisoformat(result["assessed_on"])
    assert result["next_review_on"] == (assessed_on + datetime.timedelta(days=28)).isoformat()
    case.refresh_from_db()
    assert case.risk_level == "high"
    assert case.conference_criteria == ["high_risk"]

    listed = client.get(url(case))
    assert listed.status_code == 200
    [row] = listed.json()["results"]
    assert row["uid"] == started["uid"] and row["level"] == "high"
    assert "answers" not in row and "judgement_reason" not in row
    assert AuditEvent.objects.filter(action="risk.viewed", object_id=str(case.pk)).exists()


def test_her_answers_print_as_the_barrier_walk_looks_for_them(
    world: World, casework: Casework, instruments: Instruments
) -> None:
    assessment = her_checklist(world, casework, instruments)
    client = client_for(world.caseworker)
    response = patch(
        client, url(casework.her_case, f"{assessment.uid}/"), {"version": 1, "answers": {}}
    )
    assert HER_ANSWER not in response.content.decode()
    response = patch(
        client,
        url(casework.her_case, f"{assessment.uid}/"),
        {"version": 2, "answers": {"strangled": "yes"}},
    )
    assert HER_ANSWER in response.content.decode()


def test_professional_judgement_raises_the_level_with_a_reason(
    world: World, casework: Casework, instruments: Instruments
) -> None:
    assessment = her_checklist(world, casework, instruments)
    body = {
        "version": 1,
        "answers": all_no(instruments["survivor-checklist"].spec),
        "judgement_level": "high",
        "judgement_reason": "He has bought a gun.",
    }
    response = post(
        client_for(world.caseworker), url(casework.her_case, f"{assessment.uid}/complete/"), body
    )
    assert response.status_code == 200
    data = response.json()
    assert (data["computed_level"], data["judgement_level"], data["level"]) == (
        "standard",
        "high",
        "high",
    )
    assert data["judgement_reason"] == "He has bought a gun."
    casework.her_case.refresh_from_db()
    assert casework.her_case.conference_criteria == ["judgement"]


def test_a_stale_version_answers_409_with_the_assessment_as_it_is(
    world: World, casework: Casework, instruments: Instruments
) -> None:
    assessment = her_checklist(world, casework, instruments)
    client = client_for(world.caseworker)
    detail = url(casework.her_case, f"{assessment.uid}/")
    assert patch(client, detail, {"version": 1, "answers": {"injured": "yes"}}).status_code == 200
    stale = patch(client, detail, {"version": 1, "answers": {"injured": "no"}})
    assert stale.status_code == 409
    assert "version 2" in stale.json()["detail"]
    assert stale.json()["current"]["answers"] == {"injured": "yes"}
    body = {"version": 1, "answers": fifteen_yes(instruments["survivor-checklist"].spec)}
    assert post(client, f"{detail}complete/", body).status_code == 409
    assessment.refresh_from_db()
    assert assessment.version == 2 and assessment.answers == {"injured": "yes"}


@pytest.mark.parametrize(
    ("answers", "errors"),
    [
        ({"injured": "yes", "dog_name": "yes"}, {"dog_name"}),
        ({"injured": "maybe"}, {"injured"}),
        ({"injured": ["yes"], "frightened": 3}, {"injured", "frightened"}),
    ],
)
def test_bad_answers_are_refused_item_by_item_and_change_nothing(
    world: World,
    casework: Casework,
    instruments: Instruments,
    answers: dict[str, Any],
    errors: set[str],
) -> None:
    assessment = her_checklist(world, casework, instruments)
    client = client_for(world.caseworker)
    detail = url(casework.her_case, f"{assessment.uid}/")
    response = patch(client, detail, {"version": 1, "answers": answers})
    assert response.status_code == 400
    assert set(response.json()["answers"]) == errors
    assessment.refresh_from_db()
    assert assessment.version == 1 and assessment.answers == {}


def test_a_bad_choice_on_his_review_is_refused(
    world: World, casework: Casework, instruments: Instruments
) -> None:
    client = client_for(world.facilitator)
    started = start(client, casework.his_case, instruments["perpetrator-review"])
    response = patch(
        client,
        url(casework.his_case, f"{started['uid']}/"),
        {"version": 1, "answers": {"attendance": "sometimes"}},
    )
    assert response.status_code == 400
    assert list(response.json()["answers"]) == ["attendance"]


def test_completing_lists_every_missing_answer_those_of_an_opened_module_included(
    world: World, casework: Casework, instruments: Instruments
) -> None:
    spec = instruments["survivor-checklist"].spec
    assessment = her_checklist(world, casework, instruments)
    answers = {**all_no(spec), "stalking": "yes"}
    del answers["injured"]
    response = post(
        client_for(world.caseworker),
        url(casework.her_case, f"{assessment.uid}/complete/"),
        {"version": 1, "answers": answers},
    )
    assert response.status_code == 400
    [stalking] = spec.modules
    assert set(response.json()["answers"]) == {"injured"} | {item.key for item in stalking.items}
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT and assessment.version == 1


@pytest.mark.parametrize(
    ("judgement", "field"),
    [
        ({"judgement_level": "medium", "judgement_reason": "She seems calmer."}, "judgement_level"),
        ({"judgement_level": "high"}, "judgement_reason"),
        ({"judgement_level": "extreme", "judgement_reason": "x"}, "judgement_level"),
    ],
)
def test_a_judgement_lower_than_the_result_or_without_reason_is_refused(
    world: World,
    casework: Casework,
    instruments: Instruments,
    judgement: dict[str, str],
    field: str,
) -> None:
    assessment = her_checklist(world, casework, instruments)
    body = {
        "version": 1,
        "answers": fifteen_yes(instruments["survivor-checklist"].spec),
        **judgement,
    }
    response = post(
        client_for(world.caseworker), url(casework.her_case, f"{assessment.uid}/complete/"), body
    )
    assert response.status_code == 400
    assert field in response.json()
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT


def test_a_complete_assessment_is_not_changed(
    world: World, casework: Casework, instruments: Instruments
) -> None:
    assessment = her_checklist(world, casework, instruments)
    client = client_for(world.caseworker)
    answers = all_no(instruments["survivor-checklist"].spec)
    detail = url(casework.her_case, f"{assessment.uid}/")
    assert post(client, f"{detail}complete/", {"version": 1, "answers": answers}).status_code == 200
    response = patch(client, detail, {"version": 2, "answers": {"injured": "yes"}})
    assert response.status_code == 400
    assert "complete" in response.json()["detail"][0]
    assert post(client, f"{detail}complete/", {"version": 2, "answers": answers}).status_code == 400


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"instrument": "perpetrator-review"}, "instrument"),
        ({"instrument": 0}, "instrument"),
        ({"instrument": 99999}, "instrument"),
        ({"occasion": "full_moon"}, "occasion"),
    ],
)
def test_a_bad_start_is_refused(
    world: World, casework: Casework, instruments: Instruments, body: dict[str, Any], field: str
) -> None:
    body = {"instrument": instruments["survivor-checklist"].pk, **body}
    response = post(client_for(world.caseworker), url(casework.her_case), body)
    assert response.status_code == 400
    assert field in response.json()
    assert not Assessment.objects.exists()


def test_a_form_for_another_kind_of_case_is_refused(
    world: World, casework: Casework, instruments: Instruments
) -> None:
    body = {"instrument": instruments["perpetrator-review"].pk}
    response = post(client_for(world.caseworker), url(casework.her_case), body)
    assert response.status_code == 400
    assert "instrument" in response.json()


def test_a_save_with_a_flood_of_answers_is_refused(
    world: World, casework: Casework, instruments: Instruments
) -> None:
    assessment = her_checklist(world, casework, instruments)
    flood = {f"item_{number}": "yes" for number in range(1000)}
    response = patch(
        client_for(world.caseworker),
        url(casework.her_case, f"{assessment.uid}/"),
        {"version": 1, "answers": flood},
    )
    assert response.status_code == 400
    assert "answers" in response.json()


# --- who may not ----------------------------------------------------------------------------------


def every_request(case: Case, assessment: Assessment, instrument: Instrument) -> list[tuple]:
    """(method, url, body) for every risk endpoint on `case`, with valid bodies."""
    detail = url(case, f"{assessment.uid}/")
    answers = all_no(instrument.spec)
    return [
        ("get", url(case), None),
        ("get", detail, None),
        ("post", url(case), {"instrument": instrument.pk}),
        ("patch", detail, {"version": assessment.version, "answers": answers}),
        ("post", f"{detail}complete/", {"version": assessment.version, "answers": answers}),
    ]


def send(client: Client, method: str, path: str, body: Any) -> Any:
    if method == "get":
        return client.get(path)
    return getattr(client, method)(path, body, content_type="application/json")


@pytest.mark.parametrize("persona", ["facilitator", "police_liaison", "outsider", "admin"])
def test_whoever_may_not_read_her_risk_gets_404_everywhere(
    world: World, casework: Casework, instruments: Instruments, persona: str
) -> None:
    assessment = her_checklist(world, casework, instruments)
    client = client_for(getattr(world, persona))
    for method, path, body in every_request(
        casework.her_case, assessment, instruments["survivor-checklist"]
    ):
        assert send(client, method, path, body).status_code == 404, (method, path)
    assessment.refresh_from_db()
    assert assessment.version == 1 and Assessment.objects.count() == 1
    assert not AuditEvent.objects.filter(action__in=["risk.viewed", "assessment.viewed"]).exists()


def test_the_dpo_reads_her_assessments_but_every_write_is_404(
    world: World, casework: Casework, instruments: Instruments
) -> None:
    assessment = her_checklist(world, casework, instruments)
    client = client_for(world.dpo)
    requests = every_request(casework.her_case, assessment, instruments["survivor-checklist"])
    for method, path, body in requests:
        expected = 200 if method == "get" else 404
        assert send(client, method, path, body).status_code == expected, (method, path)
    assessment.refresh_from_db()
    assert assessment.version == 1 and Assessment.objects.count() == 1


def test_the_facilitator_works_his_review_and_never_sees_her_checklist(
    world: World, casework: Casework, instruments: Instruments
) -> None:
    hers = her_checklist(world, casework, instruments)
    client = client_for(world.facilitator)
    his_case = casework.his_case
    review = instruments["perpetrator-review"]
    started = start(client, his_case, review)
    answers = {
        "attendance": "dropped_out",
        "compliance": "not_engaged",
        "new_incident": "no",
        "partner_safety_info": "no",
        "breached_orders": "no",
        "substance_use": "no",
        "weapons_access": "no",
        "child_contact": "no_children",
    }
    done = post(
        client, url(his_case, f"{started['uid']}/complete/"), {"version": 1, "answers": answers}
    )
    assert done.status_code == 200, done.content
    assert done.json()["score"] == 8 and done.json()["level"] == "medium"
    assert done.json()["flags"] == ["dropped_out"]

    listed = client.get(url(his_case)).json()["results"]
    assert [row["uid"] for row in listed] == [started["uid"]]
    assert client.get(url(his_case, f"{started['uid']}/")).status_code == 200
    # Hers is out of reach under her case and under his.
    assert client.get(url(casework.her_case)).status_code == 404
    assert client.get(url(his_case, f"{hers.uid}/")).status_code == 404
    # Nor does her caseworker reach his review.
    caseworker = client_for(world.caseworker)
    assert caseworker.get(url(his_case)).status_code == 404
    assert caseworker.get(url(casework.her_case, f"{started['uid']}/")).status_code == 404


# --- cost -----------------------------------------------------------------------------------------


def test_the_assessment_list_costs_the_same_for_2_assessments_as_for_10(
    world: World, casework: Casework, instruments: Instruments, django_assert_num_queries
) -> None:
    # Per request: 1 the session, 2 the user, 3 her organisation's default language (locale
    # middleware), 4 the enrolment check (MFA middleware), 5 the second factor again
    # (IsVerifiedPerson), 17-19 the session's last activity (savepoint, update, release).
    # For the list: 6 the case with its person, team, service, key worker and household,
    # 7 whether she works it (case_accesses), 8 the assessments with their instrument and both
    # users (the page is counted in Python: no count query), 9 the acting team for the audit,
    # 10-16 the audit event (two savepoints, the chain's head, insert, head update, releases).
    # (A fresh sign-in for each count: later requests skip 3 and 17-19.)
    actor = Actor.for_user(world.caseworker)
    checklist = instruments["survivor-checklist"]

    def add(count: int) -> None:
        for number in range(count):
            assessment = services.assessment_start(
                actor=actor, case=casework.her_case, instrument=checklist
            )
            if number % 2:
                services.assessment_complete(
                    actor=actor,
                    assessment=assessment,
                    expected_version=1,
                    answers=all_no(checklist.spec),
                )

    add(2)
    client = client_for(world.caseworker)
    with django_assert_num_queries(22):  # 16 + the throttle's 6
        assert len(client.get(url(casework.her_case)).json()["results"]) == 2
    add(8)
    client = client_for(world.caseworker)
    with django_assert_num_queries(22):  # 16 + the throttle's 6
        assert len(client.get(url(casework.her_case)).json()["results"]) == 10
