"""Other apps add case-page panels through accord.core.panels.case_panel: rendered for the
reader who has business with them, linked from the case page's in-page navigation."""

import pytest
from django.http import HttpRequest

from accord.core import panels
from accord.testing import Casework, World, client_for


@pytest.fixture
def a_panel(tmp_path, settings):
    template = tmp_path / "_probe_panel.html"
    template.write_text('<section id="probe">Probe panel for {{ case.reference }}</section>')
    # A new TEMPLATES (not one changed in place), so that Django rebuilds its template engines.
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]

    def context(request: HttpRequest, case, access):
        return {} if access.may_work else None

    panels.case_panel("probe", template="_probe_panel.html", label="Probe", anchor="probe")(context)
    yield
    del panels._case_panels["probe"]


def test_a_panel_of_another_app_shows_on_the_case_page(
    world: World, casework: Casework, a_panel
) -> None:
    page = client_for(world.caseworker).get(f"/cases/{casework.her_case.reference}/")
    html = page.content.decode()
    assert f"Probe panel for {casework.her_case.reference}" in html
    assert 'href="#probe"' in html


def test_it_is_left_out_for_a_reader_it_says_none_to(
    world: World, casework: Casework, a_panel
) -> None:
    page = client_for(world.dpo).get(f"/cases/{casework.her_case.reference}/")
    assert "Probe panel" not in page.content.decode()
