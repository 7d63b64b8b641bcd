"""A member answers a survey, an analyst codes two open answers, and the report shows the new
counts; every page without serious accessibility problems."""

import datetime

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from accord.audit.context import Actor
from accord.knowledge.models import SurveyStatus
from accord.knowledge.services import response_submit, survey_status_set
from accord.knowledge.tests.helpers import build_network, load_text
from accord.testing import World
from accord.testing.browser import assert_accessible, sign_in_with_session

pytestmark = pytest.mark.browser

SURVEY = """{"survey": {"key": "lessons-2026", "title": "Lessons 2026", "questions": [
  {"key": "offers", "text": "Do you offer partner support?", "kind": "single",
   "categories": [{"code": "yes", "label": "Yes"}, {"code": "no", "label": "No"}]},
  {"key": "lesson", "text": "What have you learned this year?", "kind": "open",
   "categories": [{"code": "funding", "label": "Funding"},
                  {"code": "cooperation", "label": "Cooperation"},
                  {"code": "other", "label": "Other"}]}
]}, "respondents": []}"""


def test_a_member_answers_an_analyst_codes_and_the_report_counts(
    context: BrowserContext, page: Page, site: str, world: World
) -> None:
    network = build_network(world)
    survey = survey_status_set(
        actor=Actor.system(),
        survey=load_text(network, SURVEY),
        status=SurveyStatus.OPEN,
        deadline=datetime.date(2099, 1, 1),
    )
    # Another member answered already; its open answer waits to be coded.
    response_submit(
        actor=Actor.system(),
        survey=survey,
        organisation=world.unrelated,
        answers={"offers": "no", "lesson": "Funding ran out in March."},
    )

    sign_in_with_session(context, site, world.manager)
    page.goto(f"/knowledge/surveys/{survey.key}/")
    assert_accessible(page)
    page.get_by_role("link", name="Answer for Women's Aid A").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lessons 2026")
    assert_accessible(page)
    page.get_by_label("Yes").check()
    page.get_by_label("What have you learned this year?").fill(
        "Working with the police made her safer."
    )
    page.get_by_role("button", name="Save the answers").click()
    expect(page.get_by_role("status")).to_contain_text("Your answers are saved")

    context.clear_cookies()
    sign_in_with_session(context, site, network.analyst)
    page.goto(f"/knowledge/surveys/{survey.key}/code/lesson/")
    assert_accessible(page)
    women = page.get_by_role("region", name="Women's Aid A (ES)")
    women.get_by_label("Cooperation").check()
    women.get_by_label("Other").check()
    women.get_by_role("button", name="Save the codes").click()
    expect(page.get_by_role("status")).to_contain_text("Codes saved for Women's Aid A")
    elsewhere = page.get_by_role("region", name="Elsewhere Aid (ES)")
    elsewhere.get_by_label("Funding").check()
    elsewhere.get_by_role("button", name="Save the codes").click()
    expect(page.get_by_role("status")).to_contain_text("Codes saved for Elsewhere Aid")

    page.goto(f"/knowledge/surveys/{survey.key}/report/")
    lesson = page.get_by_role("region", name="What have you learned this year?")
    expect(lesson).to_contain_text("2 out of 2 respondents answered (0 did not).")
    expect(lesson.get_by_role("row", name="Cooperation")).to_contain_text("1 out of 2")
    expect(lesson.get_by_role("row", name="Funding")).to_contain_text("1 out of 2")
    expect(page.get_by_role("region", name="Do you offer partner support?")).to_contain_text(
        "2 out of 2 respondents answered"
    )
    assert_accessible(page)


def test_the_public_compendium_glossary_and_events_pages_are_accessible(
    page: Page, site: str, world: World
) -> None:
    for path in ["/knowledge/practice/", "/knowledge/glossary/", "/knowledge/events/"]:
        page.goto(path)
        assert_accessible(page)
