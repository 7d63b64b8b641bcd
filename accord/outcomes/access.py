"""Who reaches outcome questionnaires. Each respondent's answers live on the respondent's own
case and are read by its owning side only: his on his programme case (the programme team), hers
on her survivor-side case (her partner-support worker, her owning team). The programme never
reaches her answers, the gap between his report and hers, or the links sent to her: a 404, as
for a record that does not exist. Her worker sees his construct scores beside hers (the paired
view): his outcome is of the programme-status class of his record, which the rule table gives to
the survivor side of his household (`selectors.paired_view`)."""

from django.db.models import QuerySet

from accord.access import registry
from accord.access.policy import AnyUser, owning_side_cases
from accord.outcomes.models import OutcomeResponse, OutcomeSchedule, SelfCompletionLink


@registry.register(OutcomeSchedule)
def outcome_schedules(user: AnyUser) -> QuerySet[OutcomeSchedule]:
    """The time points of his outcome measurement: the owning side of his programme case."""
    return OutcomeSchedule.objects.filter(case__in=owning_side_cases(user).values("pk"))


@registry.register(OutcomeResponse)
def outcome_responses(user: AnyUser) -> QuerySet[OutcomeResponse]:
    """One respondent's answers: the owning side of the respondent's own case only — his
    programme team for his, her survivor-side worker for hers. Never the other side."""
    return OutcomeResponse.objects.filter(case__in=owning_side_cases(user).values("pk"))


@registry.register(SelfCompletionLink)
def self_completion_links(user: AnyUser) -> QuerySet[SelfCompletionLink]:
    """A one-time link sent to her: the owning side of her case only (the token itself is
    never stored, only its hash)."""
    return SelfCompletionLink.objects.filter(case__in=owning_side_cases(user).values("pk"))
