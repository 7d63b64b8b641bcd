"""The export reads a fixed number of queries, however many cases, incidents, notes, tasks,
assessments and safety-plan items and versions she has (no N+1)."""

import pytest

from accord.audit.context import Actor
from accord.people.subject_access import ExportFormat, person_subject_access_export
from accord.people.tests.dpo_helpers import case_with_records, person_with_case
from accord.testing import Casework, World


def export(world: World, person) -> None:
    person_subject_access_export(
        actor=Actor(user=world.dpo, organisation_id=world.womens_aid.pk),
        person=person,
        reason="Art. 15 request",
        file_format=ExportFormat.JSON,
    )


@pytest.mark.parametrize("cases", [1, 3])
def test_it_reads_a_fixed_number_of_queries(
    world: World, casework: Casework, cases: int, django_assert_num_queries
) -> None:
    person, _ = person_with_case(world, closed_years_ago=1, risk_and_safety=True)
    for _ in range(cases - 1):
        case_with_records(world, person, closed_years_ago=2, risk_and_safety=True)

    # 1 savepoint: the export and its event are one transaction
    # 2 her household memberships (with the household and who added her)
    # 3 her consents (with the organisation, who recorded and withdrew them, and the case)
    # 4 her cases (with team, service, organisation, household, key worker, and the safety plan
    #   with who started and last changed it: a case has at most one, so it is joined)
    # 5 their incidents (with who recorded them)
    # 6 their notes (with authors)
    # 7 their tasks (with assignee and creator)
    # 8 their assessments (with the instrument, who started and who completed them)
    # 9 their plans' items (with the section)
    # 10 the referrals sent from them (with teams, service, protocol, consent and who did what)
    # 11 their plans' versions (with who made them)
    # 12-17 their socio-economic profiles, empowerment goals, mentorships, accompaniments,
    #      outcome answers and self-completion links (one query a kind; a mentorship's
    #      meetings add one only when she has a mentorship)
    # 18-20 his enrolments, her partner links and the conference referrals of her cases (one
    #      query a kind; what hangs off each adds one a kind only when there is one)
    # 21 the audit events about all of these
    # 22-24 the export's own event (inside the export's savepoint): lock the chain head,
    #      insert, update the head
    # 25 release the export's savepoint
    # (When none of her cases has a safety plan, Django skips 9 and 11: two fewer.)
    with django_assert_num_queries(25):
        export(world, person)
