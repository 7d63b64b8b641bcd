"""`manage.py audit_verify` names the first broken link, whatever was done to the log.

Each test changes rows with raw SQL, as someone with database access would; see helpers.tamper.
"""

import pytest
from django.core.management import CommandError, call_command

from accord.audit.models import AuditEvent
from accord.audit.services import event_hash
from accord.audit.tests.helpers import record, tamper


@pytest.fixture
def log(world) -> list[AuditEvent]:
    """The world's events plus ten more: long enough to break in the middle."""
    record(world.caseworker, count=10)
    return list(AuditEvent.objects.order_by("seq"))


def verify() -> str:
    with pytest.raises(CommandError) as failure:
        call_command("audit_verify", "--chunk-size", "3")
    return str(failure.value)


def test_it_names_an_edited_event(log) -> None:
    seq = log[5].seq
    tamper(("UPDATE audit_auditevent SET reason = %s WHERE seq = %s", ["nothing to see", seq]))

    message = verify()

    assert message.startswith(f"Audit log broken at seq {seq}: altered content")
    assert f"{seq - 1} event(s) before it verified" in message


def test_it_names_an_edited_event_given_a_fresh_hash(log) -> None:
    # Whoever knows the algorithm can rehash the edited event; the next link gives it away.
    edited = log[5]
    edited.actor_label = "someone_else"
    tamper(
        (
            "UPDATE audit_auditevent SET actor_label = %s, hash = %s WHERE seq = %s",
            [edited.actor_label, event_hash(edited), edited.seq],
        )
    )

    message = verify()

    assert message.startswith(f"Audit log broken at seq {edited.seq + 1}: does not link to")
    assert f"seq {edited.seq} was altered and rehashed" in message


def test_it_names_an_event_deleted_from_the_middle(log) -> None:
    seq = log[5].seq
    tamper(("DELETE FROM audit_auditevent WHERE seq = %s", [seq]))

    message = verify()

    assert message.startswith(f"Audit log broken at seq {seq}: missing event(s)")
    assert f"jumps from seq {seq - 1} to seq {seq + 1}" in message


def test_it_names_events_deleted_from_the_end(log) -> None:
    last = log[-1].seq
    tamper(("DELETE FROM audit_auditevent WHERE seq >= %s", [last - 1]))

    message = verify()

    assert message.startswith(f"Audit log broken at seq {last - 1}: missing")
    assert f"the chain head records seq {last}" in message
    assert "events removed from the end" in message


def test_it_names_two_swapped_events(log) -> None:
    first, second = log[5].seq, log[6].seq
    # seq is unique, so the swap goes through a free number.
    tamper(
        ("UPDATE audit_auditevent SET seq = -1 WHERE seq = %s", [first]),
        ("UPDATE audit_auditevent SET seq = %s WHERE seq = %s", [first, second]),
        ("UPDATE audit_auditevent SET seq = %s WHERE seq = -1", [second]),
    )

    message = verify()

    assert message.startswith(
        f"Audit log broken at seq {first}: out of order: this event was written as seq {second}"
    )


def test_it_names_an_event_added_behind_the_head(log) -> None:
    last = log[-1]
    tamper(
        (
            "INSERT INTO audit_auditevent (seq, at, actor_label, action, object_type, object_id,"
            " reason, prev_hash, hash) SELECT seq + 1, at, actor_label, action, object_type,"
            " object_id, reason, hash, %s FROM audit_auditevent WHERE seq = %s",
            ["f" * 64, last.seq],
        )
    )

    message = verify()

    assert message.startswith(f"Audit log broken at seq {last.seq + 1}")


def test_it_passes_when_nothing_was_touched(log, capsys) -> None:
    call_command("audit_verify", "--chunk-size", "3")

    assert capsys.readouterr().out.strip() == f"Audit log intact: {len(log)} events"
