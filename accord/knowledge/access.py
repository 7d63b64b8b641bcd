"""The rules of the knowledge exchange's records (accord/access/registry.py).

None of these records holds person data, and none leads to one: a survey's respondent is a
member organisation, an open answer describes its practice, a compendium entry is material for
publication and a campaign activity is a public event. Nobody reaches a case, a person or a
household through this app. The rules still follow need to know: members read and change their
own organisation's answers and entries only; the hub's analysts code and report.
"""

from django.db.models import Q, QuerySet

from accord.access import registry
from accord.access.policy import AnyUser, is_person
from accord.knowledge.members import (
    hub_ids_as_analyst,
    hub_ids_as_editor,
    hub_ids_of_staff,
    represented_organisation_ids,
)
from accord.knowledge.models import (
    Answer,
    AnswerCode,
    Assessment,
    Campaign,
    CampaignActivity,
    Category,
    Concept,
    ConceptDefinition,
    ConceptLabel,
    EntryStatus,
    Event,
    Material,
    PracticeEntry,
    PracticeTranslation,
    Question,
    Registration,
    Response,
    Survey,
    SurveyStatus,
)


@registry.register(Survey)
def surveys(user: AnyUser) -> QuerySet[Survey]:
    """A member survey: the staff of its hub (drafts included); the representatives (managers
    and admins) of member organisations once it is open. Holds no person data."""
    if not is_person(user):
        return Survey.objects.none()
    readable = Q(hub_id__in=hub_ids_of_staff(user))
    if represented_organisation_ids(user):
        readable |= Q(status__in=[SurveyStatus.OPEN, SurveyStatus.CLOSED])
    return Survey.objects.filter(readable)


@registry.register(Question, through="survey")
def questions(user: AnyUser) -> QuerySet[Question]:
    """A survey's questions: whoever reaches the survey."""
    return Question.objects.filter(survey__in=surveys(user))


@registry.register(Category, through="question")
def categories(user: AnyUser) -> QuerySet[Category]:
    """A question's codebook: whoever reaches the survey."""
    return Category.objects.filter(question__survey__in=surveys(user))


def _response_filter(user: AnyUser, prefix: str = "") -> Q:
    staff = hub_ids_as_analyst(user) | hub_ids_as_editor(user)
    return Q(**{f"{prefix}survey__hub_id__in": staff}) | Q(
        **{f"{prefix}organisation_id__in": represented_organisation_ids(user)}
    )


@registry.register(Response)
def responses(user: AnyUser) -> QuerySet[Response]:
    """A member organisation's answers to a survey: its own representatives; the analysts and
    editors of the survey's hub. Never another member. No person data."""
    if not is_person(user):
        return Response.objects.none()
    return Response.objects.filter(_response_filter(user))


@registry.register(Answer, through="response")
def answers(user: AnyUser) -> QuerySet[Answer]:
    """One answer: whoever reaches its response."""
    if not is_person(user):
        return Answer.objects.none()
    return Answer.objects.filter(_response_filter(user, "response__"))


@registry.register(AnswerCode, through="answer")
def answer_codes(user: AnyUser) -> QuerySet[AnswerCode]:
    """The codes of an answer: whoever reaches its response."""
    if not is_person(user):
        return AnswerCode.objects.none()
    return AnswerCode.objects.filter(_response_filter(user, "answer__response__"))


def may_run_survey(user: AnyUser, survey: Survey) -> bool:
    """Define, open and close a survey, import a survey file: the hub's editors."""
    return survey.hub_id in hub_ids_as_editor(user)


def hubs_to_run_surveys_for(user: AnyUser) -> set[int]:
    """The hubs whose surveys she defines (upload a survey file): their editors."""
    return hub_ids_as_editor(user)


def may_code(user: AnyUser, survey: Survey) -> bool:
    """Code open answers and read the report: the hub's analysts and editors."""
    return survey.hub_id in (hub_ids_as_analyst(user) | hub_ids_as_editor(user))


def may_answer_for(user: AnyUser, survey: Survey) -> set[int]:
    """The organisations she may answer an open survey for."""
    if survey.status != SurveyStatus.OPEN:
        return set()
    return represented_organisation_ids(user)


# --- the compendium -----------------------------------------------------------------------------


@registry.register(PracticeEntry)
def practice_entries(user: AnyUser) -> QuerySet[PracticeEntry]:
    """A good-practice entry: published ones, everyone (signed in or not: they hold no person
    data); before publication, the representatives of the organisation that submitted it and
    the staff of a hub."""
    published = Q(status=EntryStatus.PUBLISHED)
    if not is_person(user):
        return PracticeEntry.objects.filter(published)
    if hub_ids_of_staff(user):
        return PracticeEntry.objects.all()
    own = Q(organisation_id__in=represented_organisation_ids(user))
    return PracticeEntry.objects.filter(published | own)


@registry.register(PracticeTranslation, through="entry")
def practice_translations(user: AnyUser) -> QuerySet[PracticeTranslation]:
    """A translation of an entry: whoever reaches the entry."""
    return PracticeTranslation.objects.filter(entry__in=practice_entries(user))


@registry.register(Assessment)
def practice_assessments(user: AnyUser) -> QuerySet[Assessment]:
    """The hub's scores of an entry: the hub's editors and analysts only (not the member who
    submitted it)."""
    if not is_person(user) or not (hub_ids_as_editor(user) | hub_ids_as_analyst(user)):
        return Assessment.objects.none()
    return Assessment.objects.all()


def may_edit_entry(user: AnyUser, entry: PracticeEntry) -> bool:
    """Change an entry: the representatives of its organisation, until it is published."""
    return (
        entry.status == EntryStatus.SUBMITTED
        and entry.organisation_id in represented_organisation_ids(user)
    )


def may_translate_entry(user: AnyUser, entry: PracticeEntry) -> bool:
    """Add a translation of an entry: its organisation's representatives, a hub's editors."""
    return entry.organisation_id in represented_organisation_ids(user) or bool(
        hub_ids_as_editor(user)
    )


def may_select_entries(user: AnyUser) -> bool:
    """Score, select and publish entries: a hub's editors."""
    return bool(hub_ids_as_editor(user))


# --- campaigns ----------------------------------------------------------------------------------


@registry.register(Campaign)
def campaigns(user: AnyUser) -> QuerySet[Campaign]:
    """A campaign of a hub: everyone signed in (public material, no person data)."""
    if not is_person(user):
        return Campaign.objects.none()
    return Campaign.objects.all()


@registry.register(CampaignActivity, through="campaign")
def campaign_activities(user: AnyUser) -> QuerySet[CampaignActivity]:
    """A member's campaign activity: whoever reaches the campaign (a public event; its reach is
    a head count, never a list of people)."""
    return CampaignActivity.objects.filter(campaign__in=campaigns(user))


def may_add_activity_for(user: AnyUser) -> set[int]:
    """The organisations she adds campaign activities for: those she represents."""
    return represented_organisation_ids(user)


def may_run_campaign(user: AnyUser, campaign: Campaign) -> bool:
    return campaign.hub_id in hub_ids_as_editor(user)


# --- the glossary -------------------------------------------------------------------------------


@registry.register(Concept)
def concepts(user: AnyUser) -> QuerySet[Concept]:
    """A concept of the shared glossary: everyone, signed in or not (terms and definitions, no
    person data)."""
    return Concept.objects.all()


@registry.register(ConceptLabel, through="concept")
def concept_labels(user: AnyUser) -> QuerySet[ConceptLabel]:
    """A concept's labels: everyone, as the concept."""
    return ConceptLabel.objects.all()


@registry.register(ConceptDefinition, through="concept")
def concept_definitions(user: AnyUser) -> QuerySet[ConceptDefinition]:
    """A concept's definitions: everyone, as the concept."""
    return ConceptDefinition.objects.all()


def may_edit_glossary(user: AnyUser) -> bool:
    """Change the glossary, import and export it: a hub's editors."""
    return bool(hub_ids_as_editor(user))


# --- events -------------------------------------------------------------------------------------


@registry.register(Event)
def events(user: AnyUser) -> QuerySet[Event]:
    """A hub's event or training: everyone, signed in or not (public programme, as its
    calendar feed)."""
    return Event.objects.all()


@registry.register(Material, through="event")
def materials(user: AnyUser) -> QuerySet[Material]:
    """An event's materials: everyone, as the event."""
    return Material.objects.all()


@registry.register(Registration)
def registrations(user: AnyUser) -> QuerySet[Registration]:
    """A member organisation's places at an event (a count, no names): its representatives and
    the staff of the event's hub."""
    if not is_person(user):
        return Registration.objects.none()
    return Registration.objects.filter(
        Q(organisation_id__in=represented_organisation_ids(user))
        | Q(event__hub_id__in=hub_ids_of_staff(user))
    )


def may_run_event(user: AnyUser, event: Event) -> bool:
    """Record attendance and add materials: the hub's editors."""
    return event.hub_id in hub_ids_as_editor(user)
