"""Words that come from data or from Django, not from a template, read in the reader's
language: the safety-plan headings, the instruments' names, the empty choice of a select, and
no double punctuation after a Greek question (defect 11)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from accord.accounts.forms import RevealForm
from accord.risk.loader import shipped, to_data
from accord.risk.models import Instrument
from accord.safety.models import DEFAULT_SECTIONS, PlanSection

LANGUAGES = ("es", "it", "el", "sv")


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_default_safety_plan_headings_read_in_the_readers_language(code: str) -> None:
    with translation.override("en"):
        stored = [PlanSection(key=key, title=str(title)) for key, title in DEFAULT_SECTIONS]
    with translation.override(code):
        shown = [section.shown_title for section in stored]
    assert not set(shown) & {section.title for section in stored}, shown


def test_a_heading_the_organisation_renamed_stays_as_it_wrote_it() -> None:
    section = PlanSection(key="pets", title="Animals at home")
    with translation.override("el"):
        assert section.shown_title == "Animals at home"


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_instruments_names_read_in_the_readers_language(code: str) -> None:
    for definition in shipped():
        instrument = Instrument(title=definition.title, definition=to_data(definition))
        with translation.override(code):
            assert instrument.shown_title != definition.title


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_empty_choice_of_a_select_is_translated(code: str) -> None:
    with translation.override(code):
        assert gettext("- Select an option -") != "- Select an option -"


def test_a_greek_question_gets_no_colon_after_its_question_mark() -> None:
    with translation.override("el"):
        label = RevealForm()["reason"].label_tag()
    assert "τώρα;<" in label and ";:" not in label
