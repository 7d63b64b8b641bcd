"""A refusal is recorded as a fact of its own: nothing is ever shared on it, it cannot be
withdrawn, and the reason given to the worker says it was refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accord.audit.context import Actor
from accord.people import services
from accord.people.models import Consent, ConsentAnswer
from accord.people.selectors import ConsentState, consent_state, valid_consent, why_no_consent
from accord.testing import Casework, World

from .consent_helpers import record

ASKED = datetime.date(2025, 1, 10)
CONFERENCE = "conference_sharing"


def test_nothing_is_shared_on_a_refusal(world: World, casework: Casework) -> None:
    refusal = record(world, casework.survivor, given_on=ASKED, answer=ConsentAnswer.REFUSED)
    assert valid_consent(casework.survivor, scope=CONFERENCE, on=ASKED) is None
    assert consent_state(refusal, ASKED) is ConsentState.REFUSED
    assert "refused" in why_no_consent(casework.survivor, scope=CONFERENCE, on=ASKED)


def test_a_later_consent_holds_after_a_refusal(world: World, casework: Casework) -> None:
    record(world, casework.survivor, given_on=ASKED, answer=ConsentAnswer.REFUSED)
    later = record(world, casework.survivor, given_on=ASKED + datetime.timedelta(days=3))
    assert valid_consent(casework.survivor, scope=CONFERENCE, on=ASKED.replace(day=20)) == later


def test_a_refusal_has_no_end_and_is_not_withdrawn(world: World, casework: Casework) -> None:
    with pytest.raises(ValidationError):
        record(
            world,
            casework.survivor,
            answer=ConsentAnswer.REFUSED,
            expires_on=ASKED + datetime.timedelta(days=30),
        )
    with pytest.raises(ValidationError):
        record(world, casework.survivor, answer="maybe")
    refusal = record(world, casework.survivor, answer=ConsentAnswer.REFUSED)
    with pytest.raises(ValidationError):
        services.consent_withdraw(actor=Actor.for_user(world.caseworker), consent=refusal)
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.filter(pk=refusal.pk).update(expires_on=ASKED.replace(year=2026))
