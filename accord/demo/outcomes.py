"""Outcome questionnaires in the demo: two men of the programme group (Mark Sample, Ken
Example), each with his time points counted from his programme start, his answers at intake
(and Ken's at mid-programme), and his partners' answers on their own cases — Alice's far from
Mark's (flagged to her caseworker only). Idempotent: a man with a schedule is left alone."""

from django.db import transaction

from accord.accounts.models import User
from accord.audit.context import Actor
from accord.cases.models import Case, CaseKind
from accord.outcomes import services
from accord.outcomes.models import OutcomeSchedule

CALM = {"pushed_hit": "never", "threatened": "never", "checked": "once", "afraid": "never"}
FEARFUL = {"pushed_hit": "sometimes", "threatened": "often", "checked": "often", "afraid": "often"}
BETTER = {"pushed_hit": "never", "threatened": "never", "checked": "once", "afraid": "once"}

# his given name: [(time point, his answers, hers)]
STORIES = {
    "Mark": [("intake", CALM | {"safe_at_home": 9}, FEARFUL | {"safe_at_home": 2})],
    "Ken": [
        ("intake", CALM | {"safe_at_home": 8}, BETTER | {"safe_at_home": 6}),
        ("mid_programme", CALM | {"safe_at_home": 9}, BETTER | {"safe_at_home": 7}),
    ],
}


def _his_case(given_name: str) -> Case | None:
    for case in Case.objects.filter(kind=CaseKind.PERPETRATOR_PROGRAMME).select_related("person"):
        if case.person.given_name == given_name:
            return case
    return None


@transaction.atomic
def seed_demo_outcomes() -> None:
    facilitator = User.objects.get(username="facilitator")
    for given_name, story in STORIES.items():
        his = _his_case(given_name)
        if his is None or OutcomeSchedule.objects.filter(case=his).exists():
            continue
        schedule = services.outcome_schedule_start(
            actor=Actor.for_user(facilitator), case=his, start_on=his.opened_on
        )
        partners = services.partner_cases(schedule)
        for time_point, his_answers, her_answers in story:
            services.outcome_response_record(
                actor=Actor.for_user(facilitator),
                case=his,
                schedule=schedule,
                time_point=time_point,
                answers=his_answers,
            )
            for her in partners:
                if her.key_worker is None:
                    continue
                services.outcome_response_record(
                    actor=Actor.for_user(her.key_worker),
                    case=her,
                    schedule=schedule,
                    time_point=time_point,
                    answers=her_answers,
                )
