"""Risk work as her caseworker meets it in a browser: she completes the survivor checklist with
15 "yes" answers and sees "high" and the risk-conference flag; she adds an item to the safety
plan and downloads the plan as a PDF, whose text holds the item and never her address."""

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from pypdf import PdfReader

from accord.demo.risk import seed_demo_instruments
from accord.risk.definition import AnswerType, condition_items
from accord.testing import SURVIVOR_ADDRESS, SURVIVOR_PHONE, Casework, World
from accord.testing.browser import assert_accessible, sign_in_with_session

pytestmark = pytest.mark.browser

SAFETY_ITEM = "Keep copies of her documents and a spare key with her sister"


def test_a_checklist_with_15_yes_answers_is_high_and_the_plan_prints_without_her_address(
    context: BrowserContext, page: Page, site: str, world: World, casework: Casework
) -> None:
    [checklist] = [i for i in seed_demo_instruments() if i.slug == "survivor-checklist"]
    spec = checklist.spec
    # Fifteen items that raise no red flag and open no follow-up, so "high" comes from the
    # count of yes answers alone.
    triggering = {key for flag in spec.red_flags for key in condition_items(flag.when)}
    triggering |= {key for module in spec.modules for key in condition_items(module.opened_by)}
    countable = [
        item.key
        for item in spec.main_items()
        if item.answer_type == AnswerType.YES_NO and item.key not in triggering
    ]
    assert len(countable) >= 15
    yes = set(countable[:15])

    sign_in_with_session(context, site, world.caseworker)
    page.goto(f"/cases/{casework.her_case.reference}/")
    page.get_by_role("link", name="Risk assessments and history").click()
    page.get_by_label("Form").select_option(label=str(checklist))
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(checklist.title)
    assert_accessible(page)
    for item in spec.main_items():
        answer = "yes" if item.key in yes else "no"
        page.locator(f'input[name="answer-{item.key}"][value="{answer}"]').check()
    page.get_by_role("button", name="Complete the assessment").click()

    main = page.locator("main")
    expect(main).to_contain_text("Assessment complete: High.")
    expect(main.locator("dd", has_text=re.compile(r"^15$"))).to_be_visible()
    page.goto(f"/cases/{casework.her_case.reference}/")
    flags = page.locator("#case-flags")
    expect(flags).to_contain_text("High")
    expect(flags).to_contain_text("Meets the criteria for referral to a risk conference")
    expect(flags).to_contain_text("Visible high risk")

    # One step from the case page: the plan opens ready for its first item.
    page.get_by_role("button", name="Start a safety plan").click()
    page.get_by_label("Section").select_option(label="Documents and items to take")
    page.get_by_label("What").fill(SAFETY_ITEM)
    page.get_by_role("button", name="Add the item").click()
    expect(page.locator("main")).to_contain_text(SAFETY_ITEM)
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the plan as PDF").click()
    pdf = download_info.value
    assert pdf.suggested_filename == f"{casework.her_case.reference}.pdf"
    text = "\n".join(page_.extract_text() for page_ in PdfReader(pdf.path()).pages)
    flat = " ".join(text.split())
    assert SAFETY_ITEM in flat
    assert "Printed by caseworker_a" in flat
    for secret in (SURVIVOR_ADDRESS, SURVIVOR_PHONE):
        assert secret not in flat
