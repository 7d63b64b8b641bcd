"""The demo's network knowledge exchange, made through the real services: the European Network
Hub of the demo locality (a WWP EN-like network) with its past 2017 member survey loaded from
its file (accord/knowledge/samples/good-practice-2017.json), an open survey for this year, a
compendium of ten models, a glossary of about forty concepts in the five shipped languages, the
2018 "Responsible Together" campaign in the 16 Days of Activism, and an annual workshop with a
webinar series. Idempotent: whatever exists (by key, title or slug) is left alone. Called from
accord.demo.locality.seed_demo_locality."""

import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from accord.accounts.models import Organisation, User
from accord.audit.context import Actor
from accord.demo.knowledge_glossary import CONCEPTS, EXACT_MATCHES, OUTDATED, RELATED
from accord.knowledge import services
from accord.knowledge.glossary import FileConcept, glossary_import
from accord.knowledge.models import (
    Campaign,
    Concept,
    EntryStatus,
    Event,
    EventKind,
    LabelKind,
    PracticeEntry,
    Survey,
    SurveyStatus,
)
from accord.knowledge.surveyfile import read_survey_file, read_survey_path

SAMPLES = Path(services.__file__).resolve().parent / "samples"

HUB_SLUG = "network-hub"
PAST_SURVEY = SAMPLES / "good-practice-2017.json"

THIS_YEAR_SURVEY = """{
  "survey": {"key": "member-survey-current", "title": "Members' survey: partner support today",
    "questions": [
      {"key": "offers_partner_support",
       "text": "Does your organisation offer support to (ex)partners?",
       "kind": "single",
       "categories": [{"code": "yes", "label": "Yes"}, {"code": "no", "label": "No"}]},
      {"key": "staff", "text": "How many people work on your programmes (full-time equivalent)?",
       "kind": "number"},
      {"key": "lessons",
       "text": "What is the most important lesson of your partner support work this year?",
       "kind": "open", "categories": [
         {"code": "funding", "label": "Funding"},
         {"code": "cooperation", "label": "Cooperation between programmes and women's services"},
         {"code": "risk", "label": "Risk assessment and management"},
         {"code": "other", "label": "Other"}]}
  ]},
  "respondents": []
}"""

# title, organisation, pillars, target group, partnership model, what it takes, evidence, tags
MODELS: list[tuple[str, str, list[str], str, str, str, str, list[str]]] = [
    (
        "Partner contact within seven days",
        "Moving On Ireland",
        ["protection"],
        "(Ex)partners of men on the programme",
        "The programme and the local women's service share one partner-support worker.",
        "One part-time worker per 30 men; a data-sharing protocol.",
        "Internal review: 85 % of partners reached within a week.",
        ["partner-support", "victim-safety"],
    ),
    (
        "Joint weekly risk review",
        "Vienna Intervention Centre",
        ["protection", "policies"],
        "Women at high risk and the men who harm them",
        "The intervention centre and the programme meet weekly on shared cases.",
        "A signed protocol; an hour a week from each side.",
        "Evaluated in 2016 with the university.",
        ["risk-management", "multi-agency-cooperation"],
    ),
    (
        "Court-referred programmes with the police",
        "Association Naia Sofia",
        ["prosecution", "prevention"],
        "Men referred by courts and police",
        "The programme runs with the local police department, including follow-ups with partners.",
        "A police liaison officer; court referral guidance.",
        "The only programme of its kind in the country.",
        ["court-mandated-participation", "perpetrator-programme"],
    ),
    (
        "Programme and shelter under one roof",
        "Women's Voice Tuzla",
        ["protection"],
        "Women and children, and the men who use violence",
        "One organisation runs the shelter, counselling and the programme, with separate teams.",
        "Separate premises for the programme; clear information barriers.",
        "Ten years of practice; an external review in 2015.",
        ["shelter", "perpetrator-programme"],
    ),
    (
        "The Modriča referral model",
        "Future Citizens Modriča",
        ["policies", "protection"],
        "Local agencies in small towns",
        "Police, social work, health and NGOs agree one referral route.",
        "A local coordinator; a signed agreement of all agencies.",
        "Adopted by several municipalities.",
        ["referral", "coordinated-community-response"],
    ),
    (
        "Children's voices in the programme",
        "Crisis Centre North Karelia",
        ["prevention", "protection"],
        "Children exposed to violence",
        "Child workers of the crisis centre join the programme's reviews.",
        "Trained child workers; consent of the mother.",
        "Pilot with 24 families.",
        ["children-exposed"],
    ),
    (
        "Responsible Together school workshops",
        "Berlin Men's Counselling",
        ["prevention"],
        "Secondary school pupils",
        "The programme and a women's counselling centre run workshops together.",
        "Two facilitators of each side; the school's support.",
        "Feedback from 600 pupils.",
        ["prevention", "gender-sensitivity"],
    ),
    (
        "Safety planning at dropout",
        "Unity Women's Shelters",
        ["protection"],
        "(Ex)partners of men who leave a programme early",
        "The programme tells the women's service of a dropout the same day.",
        "A same-day notification in the protocol.",
        "No serious incident after dropout in two years.",
        ["dropout", "safety-plan"],
    ),
    (
        "Training of trainers on gender-sensitive work",
        "Prague Centre for Help",
        ["prevention", "policies"],
        "Practitioners of new programmes",
        "Trainers from women's services and programmes teach in pairs.",
        "A five-day curriculum; supervision.",
        "Forty trainers trained since 2014.",
        ["gender-sensitivity", "perpetrator-work"],
    ),
    (
        "Accountability groups with follow-up",
        "Men Ending Violence Dublin",
        ["prevention", "protection"],
        "Men who use violence against their partners",
        "Follow-up sessions at 6 and 12 months, with partner contact.",
        "Funding for follow-up work.",
        "Partner reports at follow-up.",
        ["accountability", "partner-support"],
    ),
]

# The 2018 campaign: member organisations (by name) and their activities.
CAMPAIGN_ACTIVITIES: list[tuple[str, str, str, str, int]] = [
    (
        "Moving On Ireland",
        "media",
        "Radio interview on responsible perpetrator work",
        "Public",
        4000,
    ),
    ("Men Ending Violence Dublin", "event", "Open evening for referrers", "Professionals", 40),
    (
        "Women's Voice Tuzla",
        "event",
        "Street action on the Day for the Elimination of Violence",
        "Public",
        300,
    ),
    (
        "Future Citizens Modriča",
        "training",
        "Training for police and social workers",
        "Professionals",
        35,
    ),
    ("Berlin Men's Counselling", "online", "Campaign video: Responsible Together", "Public", 12000),
    ("Munich Responsibility Programme", "event", "Panel with the women's shelter", "Public", 80),
    ("Vienna Intervention Centre", "media", "Press conference with the programme", "Media", 25),
    ("Association Naia Sofia", "training", "Seminar for judges", "Judges and prosecutors", 30),
    ("Prague Centre for Help", "online", "Social media week", "Public", 8000),
    ("Unity Women's Shelters", "event", "Seminar on safety at dropout", "Professionals", 60),
    ("Crisis Centre North Karelia", "event", "Library exhibition", "Public", 500),
    ("Zagreb Safe House", "media", "Newspaper article", "Public", 20000),
    ("Riverton Women's Aid", "event", "Candlelight vigil", "Public", 150),
    ("Riverton Change Programme", "event", "Open day of the programme", "Public", 45),
    ("Riverton Council", "training", "Briefing for council staff", "Professionals", 90),
    ("Riverton Migrant Women's Network", "event", "Community conversations", "Community", 70),
    (
        "Riverton Probation Service",
        "training",
        "Briefing for probation officers",
        "Professionals",
        30,
    ),
    ("Riverton Police", "media", "Local radio appeal", "Public", 6000),
]


def _hub() -> Organisation:
    return Organisation.objects.get(slug=HUB_SLUG)


def _coordinator() -> User:
    """The hub's coordinator persona (accord.demo.locality.PERSONAS), who runs its surveys,
    compendium and campaigns."""
    return User.objects.get(username="hubcoordinator")


def _glossary(actor: Actor) -> None:
    if Concept.objects.filter(key=CONCEPTS[0][0]).exists():
        return
    concepts = []
    for key, broader, preferred, definition, alternatives in CONCEPTS:
        labels = [(language, LabelKind.PREFERRED, text) for language, text in preferred.items()]
        labels += [("en", LabelKind.ALTERNATIVE, text) for text in alternatives]
        labels += [("en", LabelKind.OUTDATED, text) for text in OUTDATED.get(key, [])]
        concepts.append(
            FileConcept(
                key=key,
                labels=labels,
                definitions={"en": definition},
                broader=set(broader),
                related=set(RELATED.get(key, [])),
                exact=EXACT_MATCHES.get(key, []),
            )
        )
    glossary_import(actor=actor, concepts=concepts)


def _surveys(hub: Organisation, actor: Actor) -> None:
    if not Survey.objects.filter(key="good-practice-2017").exists():
        survey = services.survey_import(
            actor=actor, hub=hub, data=read_survey_path(PAST_SURVEY)
        ).survey
        survey.tags.set(Concept.objects.filter(key__in=["good-practice", "partner-support"]))
    if not Survey.objects.filter(key="member-survey-current").exists():
        survey = services.survey_import(
            actor=actor, hub=hub, data=read_survey_file(THIS_YEAR_SURVEY)
        ).survey
        services.survey_status_set(
            actor=actor,
            survey=survey,
            status=SurveyStatus.OPEN,
            deadline=timezone.localdate() + datetime.timedelta(days=30),
        )


def _compendium(hub_actor: Actor) -> None:
    tags = {concept.key: concept for concept in Concept.objects.all()}
    for title, name, pillars, target, partnership, takes, evidence, keys in MODELS:
        if PracticeEntry.objects.filter(title=title).exists():
            continue
        organisation = Organisation.objects.get(name=name)
        entry = services.practice_entry_submit(
            actor=Actor.system(),
            organisation=organisation,
            title=title,
            summary=f"{partnership} {takes}",
            pillars=pillars,
            target_group=target,
            partnership_model=partnership,
            what_it_takes=takes,
            evidence=evidence,
            contact=f"info@{organisation.slug}.example",
            tags=[tags[key] for key in keys if key in tags],
        )
        services.practice_entry_assess(
            actor=hub_actor,
            entry=entry,
            scores={"safety": 3, "evidence": 2, "partnership": 3, "transferable": 2},
        )
        services.practice_entry_decide(actor=hub_actor, entry=entry, status=EntryStatus.SELECTED)
        services.practice_entry_decide(actor=hub_actor, entry=entry, status=EntryStatus.PUBLISHED)
    first = PracticeEntry.objects.filter(title=MODELS[0][0]).first()
    if first is not None and not first.translations.exists():
        services.practice_translation_set(
            actor=hub_actor,
            entry=first,
            language="es",
            title="Contacto con la pareja en siete días",
            summary="El programa y el servicio local para mujeres comparten una trabajadora de "
            "apoyo a la pareja.",
        )


def _campaign(hub: Organisation, actor: Actor) -> None:
    if Campaign.objects.filter(slug="responsible-together-2018").exists():
        return
    campaign = services.campaign_create(
        actor=actor,
        hub=hub,
        slug="responsible-together-2018",
        title="Responsible Together 2018",
        starts_on=datetime.date(2018, 11, 25),
        ends_on=datetime.date(2018, 12, 10),
        description="Responsible perpetrator work as part of the coordinated response to "
        "gender-based violence, in the 16 Days of Activism.",
    )
    for index, (name, kind, title, audience, reach) in enumerate(CAMPAIGN_ACTIVITIES):
        services.campaign_activity_add(
            actor=actor,
            campaign=campaign,
            organisation=Organisation.objects.get(name=name),
            held_on=campaign.starts_on + datetime.timedelta(days=index % 16),
            kind=kind,
            title=title,
            audience=audience,
            reach=reach,
        )


def _events(hub: Organisation, actor: Actor) -> None:
    year = timezone.localdate().year + 1
    if not Event.objects.filter(title="Annual workshop").exists():
        start = datetime.datetime(year, 5, 12, 9, 0, tzinfo=datetime.UTC)
        services.event_create(
            actor=actor,
            hub=hub,
            kind=EventKind.ANNUAL_WORKSHOP,
            title="Annual workshop",
            description="Three days of exchange between members: partner support, risk, campaigns.",
            starts_at=start,
            ends_at=start + datetime.timedelta(days=2, hours=8),
            venue="Berlin",
            places=120,
        )
    if not Event.objects.filter(title="Partner support webinars").exists():
        start = timezone.now().replace(hour=14, minute=0, second=0, microsecond=0)
        start += datetime.timedelta(days=14)
        services.event_create(
            actor=actor,
            hub=hub,
            kind=EventKind.WEBINAR,
            title="Partner support webinars",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1, minutes=30),
            venue="online",
            recurrence="FREQ=MONTHLY;COUNT=6",
            tags=Concept.objects.filter(key="partner-support"),
        )


@transaction.atomic
def seed_demo_knowledge() -> None:
    actor = Actor.system()
    hub = _hub()
    hub_actor = Actor.for_user(_coordinator())
    _glossary(actor)
    _surveys(hub, actor)
    _compendium(hub_actor)
    _campaign(hub, actor)
    _events(hub, actor)
