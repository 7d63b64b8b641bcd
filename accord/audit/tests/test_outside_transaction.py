import pytest

from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.audit.services import audit_event_record


# transactional_db: the ordinary `db` fixture wraps every test in a transaction, which would
# hide the mistake this test is about.
def test_it_refuses_to_record_outside_a_transaction(transactional_db) -> None:
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_event_record(actor=Actor.system(), action="case.viewed")

    assert not AuditEvent.objects.exists()
