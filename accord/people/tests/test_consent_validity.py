"""Which consent holds on a given day (valid_consent) and why none does (why_no_consent):
boundary days, withdrawal at once, targets of a referral, a child's two parts."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from accord.accounts.models import ServiceKind
from accord.audit.context import Actor
from accord.people import services
from accord.people.models import ConsentGiver, ConsentMethod, ConsentScope
from accord.people.selectors import (
    ConsentState,
    consent_state,
    person_consents,
    valid_consent,
    why_no_consent,
)
from accord.testing import Casework, World

from .consent_helpers import CAREGIVER, add_child, record

GIVEN = datetime.date(2025, 1, 10)
LAST_DAY = datetime.date(2025, 6, 30)
DAY = datetime.timedelta(days=1)
CONFERENCE = ConsentScope.CONFERENCE_SHARING


def test_it_holds_from_the_day_given_to_its_last_day(world: World, casework: Casework) -> None:
    her = casework.survivor
    consent = record(world, her, given_on=GIVEN, expires_on=LAST_DAY)
    assert valid_consent(her, scope=CONFERENCE, on=GIVEN - DAY) is None
    assert valid_consent(her, scope=CONFERENCE, on=GIVEN) == consent
    assert valid_consent(her, scope=CONFERENCE, on=LAST_DAY) == consent
    assert valid_consent(her, scope=CONFERENCE, on=LAST_DAY + DAY) is None
    assert consent_state(consent, LAST_DAY + DAY) is ConsentState.EXPIRED
    assert consent_state(consent, GIVEN - DAY) is ConsentState.NOT_YET


def test_without_an_end_it_holds_until_withdrawn(world: World, casework: Casework) -> None:
    consent = record(world, casework.survivor)
    assert valid_consent(casework.survivor, scope=CONFERENCE, on=datetime.date(2040, 1, 1))
    assert consent.expires_on is None


def test_a_withdrawal_stops_it_at_once_for_every_day(world: World, casework: Casework) -> None:
    her = casework.survivor
    consent = record(world, her, expires_on=LAST_DAY)
    withdrawn = services.consent_withdraw(
        actor=Actor.for_user(world.caseworker), consent=consent, note="By phone."
    )
    assert withdrawn.withdrawn_at is not None
    assert withdrawn.withdrawn_by == world.caseworker
    assert withdrawn.version == 2
    # Not even for a day before the withdrawal: nothing more is shared on it.
    assert valid_consent(her, scope=CONFERENCE, on=GIVEN) is None
    today = date_format(timezone.localdate(withdrawn.withdrawn_at), "DATE_FORMAT")
    assert why_no_consent(her, scope=CONFERENCE, on=GIVEN) == (
        f"The consent to sharing with a risk conference was withdrawn on {today}."
    )


def test_withdrawing_twice_is_refused_and_changes_nothing(world: World, casework: Casework) -> None:
    consent = record(world, casework.survivor)
    actor = Actor.for_user(world.caseworker)
    services.consent_withdraw(actor=actor, consent=consent, note="")
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.consent_withdraw(actor=actor, consent=consent, note="again")
    consent.refresh_from_db()
    assert consent.version == 2
    assert consent.withdrawal_note is None


def test_a_new_consent_after_a_withdrawn_one_holds(world: World, casework: Casework) -> None:
    her = casework.survivor
    old = record(world, her)
    services.consent_withdraw(actor=Actor.for_user(world.caseworker), consent=old)
    new = record(world, her, given_on=GIVEN + DAY)
    assert valid_consent(her, scope=CONFERENCE, on=GIVEN + DAY) == new


def test_a_referral_consent_matches_its_organisation_only(world: World, casework: Casework) -> None:
    her = casework.survivor
    scope = ConsentScope.REFERRAL_TO_ORGANISATION
    consent = record(world, her, scope=scope, organisation=world.police)
    assert valid_consent(her, scope=scope, on=GIVEN, organisation=world.police) == consent
    assert valid_consent(her, scope=scope, on=GIVEN, organisation=world.unrelated) is None
    assert why_no_consent(her, scope=scope, on=GIVEN, organisation=world.unrelated) == (
        "No consent to a referral to Elsewhere Aid is recorded."
    )
    # Another scope is another question.
    assert valid_consent(her, scope=CONFERENCE, on=GIVEN) is None


def test_a_service_kind_consent_matches_its_kind_only(world: World, casework: Casework) -> None:
    her = casework.survivor
    scope = ConsentScope.REFERRAL_TO_SERVICE_KIND
    consent = record(world, her, scope=scope, service_kind=ServiceKind.HOUSING)
    assert valid_consent(her, scope=scope, on=GIVEN, service_kind=ServiceKind.HOUSING) == consent
    assert valid_consent(her, scope=scope, on=GIVEN, service_kind=ServiceKind.HEALTH) is None
    assert why_no_consent(her, scope=scope, on=GIVEN, service_kind="health") == (
        "No consent to a referral to a service of the kind “Health” is recorded."
    )


def test_a_referral_question_must_name_its_target(world: World, casework: Casework) -> None:
    with pytest.raises(ValueError):
        valid_consent(casework.survivor, scope=ConsentScope.REFERRAL_TO_ORGANISATION, on=GIVEN)
    with pytest.raises(ValueError):
        valid_consent(casework.survivor, scope=ConsentScope.REFERRAL_TO_SERVICE_KIND, on=GIVEN)


def test_why_no_consent_says_when_it_expired(world: World, casework: Casework) -> None:
    her = casework.survivor
    record(world, her, expires_on=LAST_DAY)
    assert why_no_consent(her, scope=CONFERENCE, on=LAST_DAY) == ""
    assert why_no_consent(her, scope=CONFERENCE, on=LAST_DAY + DAY) == (
        "The consent to sharing with a risk conference expired: it was valid until 30 Jun 2025."
    )
    assert why_no_consent(her, scope=ConsentScope.STATISTICS, on=GIVEN) == (
        "No consent to inclusion in statistics is recorded."
    )


def test_consent_expired_between_draft_and_send(world: World, casework: Casework) -> None:
    """A referral drafted while the consent held and sent the day after its last day: the
    send finds no consent and says why, in words the worker can act on."""
    her = casework.survivor
    scope = ConsentScope.REFERRAL_TO_ORGANISATION
    record(world, her, scope=scope, organisation=world.police, expires_on=LAST_DAY)
    drafted_on, sent_on = LAST_DAY, LAST_DAY + DAY
    assert valid_consent(her, scope=scope, on=drafted_on, organisation=world.police)
    assert valid_consent(her, scope=scope, on=sent_on, organisation=world.police) is None
    assert why_no_consent(her, scope=scope, on=sent_on, organisation=world.police) == (
        "The consent to a referral to Police expired: it was valid until 30 Jun 2025."
    )


# --- children -----------------------------------------------------------------------------------


def test_a_child_needs_a_caregivers_consent_and_her_own_assent(
    world: World, casework: Casework
) -> None:
    child, case = add_child(world, casework, date_of_birth=datetime.date(2015, 3, 1))
    assert why_no_consent(child, scope=CONFERENCE, on=GIVEN) == (
        "A caregiver's consent to sharing with a risk conference is missing: for a child, the "
        "child's own assent is not enough. The child's own assent to sharing with a risk "
        "conference is missing: a caregiver's consent is not enough on its own."
    )
    caregiver = record(
        world,
        child,
        case=case,
        given_by=ConsentGiver.CAREGIVER,
        caregiver_name=CAREGIVER,
    )
    assert valid_consent(child, scope=CONFERENCE, on=GIVEN) is None
    assert why_no_consent(child, scope=CONFERENCE, on=GIVEN) == (
        "The child's own assent to sharing with a risk conference is missing: a caregiver's "
        "consent is not enough on its own."
    )
    assent = record(world, child, case=case, given_by=ConsentGiver.CHILD_ASSENT)
    assert valid_consent(child, scope=CONFERENCE, on=GIVEN) == caregiver
    services.consent_withdraw(actor=Actor.for_user(world.caseworker), consent=assent)
    assert valid_consent(child, scope=CONFERENCE, on=GIVEN) is None
    assert "The child's assent to sharing with a risk conference was withdrawn on" in (
        why_no_consent(child, scope=CONFERENCE, on=GIVEN)
    )


def test_assent_alone_does_not_do(world: World, casework: Casework) -> None:
    child, case = add_child(world, casework, date_of_birth=datetime.date(2015, 3, 1))
    record(world, child, case=case, given_by=ConsentGiver.CHILD_ASSENT)
    assert valid_consent(child, scope=CONFERENCE, on=GIVEN) is None
    assert why_no_consent(child, scope=CONFERENCE, on=GIVEN).startswith(
        "A caregiver's consent to sharing with a risk conference is missing"
    )


def test_a_child_without_a_date_of_birth_is_known_by_her_household(
    world: World, casework: Casework
) -> None:
    child, case = add_child(world, casework, date_of_birth=None)
    with pytest.raises(ValidationError) as refused:
        record(world, child, case=case, given_by=ConsentGiver.PERSON)
    assert "was a child on that day" in str(refused.value)
    assert not child.consents.exists()


def test_at_eighteen_her_own_consent_is_needed(world: World, casework: Casework) -> None:
    child, case = add_child(world, casework, date_of_birth=datetime.date(2007, 1, 11))
    record(world, child, case=case, given_by=ConsentGiver.CAREGIVER, caregiver_name=CAREGIVER)
    record(world, child, case=case, given_by=ConsentGiver.CHILD_ASSENT)
    # The day before her 18th birthday, and the birthday itself.
    assert valid_consent(child, scope=CONFERENCE, on=datetime.date(2025, 1, 10))
    assert valid_consent(child, scope=CONFERENCE, on=datetime.date(2025, 1, 11)) is None
    assert why_no_consent(child, scope=CONFERENCE, on=datetime.date(2025, 1, 11)) == (
        "No consent to sharing with a risk conference is recorded."
    )
    own = record(world, child, case=case, given_on=datetime.date(2025, 1, 11))
    assert valid_consent(child, scope=CONFERENCE, on=datetime.date(2025, 1, 11)) == own


def test_an_adults_consent_is_her_own(world: World, casework: Casework) -> None:
    with pytest.raises(ValidationError) as refused:
        record(
            world,
            casework.survivor,
            given_by=ConsentGiver.CAREGIVER,
            caregiver_name=CAREGIVER,
        )
    assert "record their own consent" in str(refused.value)


def test_person_consents_lists_every_one_newest_first_with_its_state(
    world: World, casework: Casework
) -> None:
    her = casework.survivor
    expired = record(world, her, given_on=GIVEN, expires_on=LAST_DAY)
    current = record(world, her, scope=ConsentScope.STATISTICS, given_on=GIVEN + DAY)
    lines = person_consents(her, on=LAST_DAY + DAY)
    assert [(line.consent, line.state) for line in lines] == [
        (current, ConsentState.VALID),
        (expired, ConsentState.EXPIRED),
    ]
    assert lines[0].consent.method == ConsentMethod.WRITTEN
