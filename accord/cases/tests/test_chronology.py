"""A case's chronology (selectors.case_chronology): incidents, notes and tasks in one list,
newest first, holding only what the reader may see."""

import datetime

from django.utils import timezone

from accord.access.policy import case_access
from accord.audit.context import Actor
from accord.cases import services
from accord.cases.models import ContactType, NoteVisibility, TaskPurpose
from accord.cases.selectors import case_chronology
from accord.testing import SURVIVOR_DISCLOSURE, Casework, World

from .helpers import fill_chronology, record_incidents


def test_it_merges_incidents_notes_and_tasks_newest_first(world: World, casework: Casework) -> None:
    today = timezone.localdate()
    record_incidents(world, casework.her_case, 1, on=today - datetime.timedelta(days=30))
    services.task_add(
        actor=Actor.for_user(world.caseworker),
        case=casework.her_case,
        title="Call her back",
        due_on=today,
        assignee=world.caseworker,
    )
    items = case_chronology(casework.her_case, case_access(world.caseworker, casework.her_case))
    # The incident also set a risk review due (a task created after the note that came with it).
    assert [item.kind for item in items] == ["task", "task", "note", "incident"]
    assert [item.time for item in items] == sorted((item.time for item in items), reverse=True)
    assert items[1].record.purpose == TaskPurpose.RISK_REVIEW
    assert items[2].text == SURVIVOR_DISCLOSURE


def test_the_dpo_gets_administrative_notes_and_tasks_only(world: World, casework: Casework) -> None:
    fill_chronology(world, casework.her_case, 2)
    items = case_chronology(casework.her_case, case_access(world.dpo, casework.her_case))
    assert {item.kind for item in items} == {"note", "task"}
    notes = [item for item in items if item.kind == "note"]
    assert all(item.record.visibility == NoteVisibility.ADMINISTRATIVE for item in notes)
    assert SURVIVOR_DISCLOSURE not in [item.text for item in items]


def test_someone_without_a_relation_gets_nothing(world: World, casework: Casework) -> None:
    fill_chronology(world, casework.her_case, 2)
    assert (
        case_chronology(casework.her_case, case_access(world.facilitator, casework.her_case)) == []
    )


def test_it_costs_three_queries_however_long(
    world: World, casework: Casework, django_assert_num_queries
) -> None:
    fill_chronology(world, casework.her_case, 12)
    access = case_access(world.caseworker, casework.her_case)
    with django_assert_num_queries(3):
        items = case_chronology(casework.her_case, access)
        # Reading what the template reads costs nothing more.
        for item in items:
            str(item.text)
            getattr(item.record, "author", None) or getattr(
                item.record, "recorded_by", None
            ) or item.record.assignee
    # 12 incidents, notes and tasks, the case's own task, and the risk review the first incident
    # set due (the later ones found it already due).
    assert len(items) == 12 * 3 + 1 + 1


def test_the_order_is_stable_for_records_at_the_same_time(world: World, casework: Casework) -> None:
    actor = Actor.for_user(world.caseworker)
    moment = timezone.now() - datetime.timedelta(hours=1)
    for text in ["first", "second", "third"]:
        services.note_add(
            actor=actor,
            case=casework.her_case,
            contact_type=ContactType.NOTE,
            text=text,
            written_at=moment,
        )
    access = case_access(world.caseworker, casework.her_case)
    once = [item.text for item in case_chronology(casework.her_case, access)]
    assert once == [item.text for item in case_chronology(casework.her_case, access)]
    assert once[1:] == ["third", "second", "first"]
