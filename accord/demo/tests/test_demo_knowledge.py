"""The demo's knowledge exchange: the past survey's published figures, the compendium, the
glossary in five languages, the 2018 campaign; seeding twice changes nothing."""

import pytest

from accord.audit.models import AuditEvent
from accord.demo.knowledge import seed_demo_knowledge
from accord.demo.locality import seed_demo_locality
from accord.knowledge.glossary import consistency_problems
from accord.knowledge.models import (
    Campaign,
    Concept,
    ConceptLabel,
    EntryStatus,
    Event,
    PracticeEntry,
    Survey,
)
from accord.knowledge.selectors import campaign_figures, survey_report

pytestmark = pytest.mark.django_db


def test_the_demo_network_knowledge_exchange_once(demo_locality) -> None:
    seed_demo_locality()
    figures = survey_report(Survey.objects.get(key="good-practice-2017")).as_json()
    assert figures["respondents"] == 15
    assert figures["questions"]["principles"]["categories"]["victim_safety"] == 9
    assert PracticeEntry.objects.filter(status=EntryStatus.PUBLISHED).count() == 10
    assert Concept.objects.count() >= 40
    for language in ["en", "es", "it", "el", "sv"]:
        assert ConceptLabel.objects.filter(kind="pref", language=language).count() >= 40
    assert consistency_problems() == []
    campaign = Campaign.objects.get(slug="responsible-together-2018")
    figures = campaign_figures(campaign)
    assert (figures.organisations, figures.countries) == (18, 10)
    assert Event.objects.filter(kind="annual_workshop").count() == 1
    events = AuditEvent.objects.count()
    seed_demo_knowledge()
    assert AuditEvent.objects.count() == events
