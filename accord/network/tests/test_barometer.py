"""The barometer: scoring as data (checked, versioned), rates with Wilson intervals, rank
ranges for small populations, prevalence kept apart; its page and PDF allowed and denied, with
pinned query counts."""

import math
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.network import barometer, services
from accord.network.models import Area, AreaKind, ScoringScheme
from accord.network.tests.helpers import build_barometer, build_network
from accord.testing import client_for

RATE = {
    "slug": "shelter-places",
    "label": {"en": "Shelter places"},
    "kind": "rate",
    "group": "provision",
    "better": "higher",
    "target": 1.0,
    "weight": 1,
}
DAYS = {**RATE, "slug": "answer-days", "kind": "days", "better": "lower", "target": 2}
PREVALENCE = {**RATE, "slug": "reported", "group": "prevalence", "weight": 0}


def _return(name: str, population: int, **figures):
    return SimpleNamespace(area=SimpleNamespace(name=name), population=population, figures=figures)


def test_the_wilson_interval_holds_the_rate_and_narrows_with_the_population() -> None:
    low, high = barometer.wilson(10, 100_000)
    assert low < 10 / 100_000 < high
    # Known value: 10 of 100 000 gives about 0.54 to 1.84 per 10 000.
    assert math.isclose(low * 10_000, 0.543, abs_tol=0.01)
    assert math.isclose(high * 10_000, 1.84, abs_tol=0.01)
    small = barometer.wilson(1, 3_000)
    large = barometer.wilson(33, 100_000)
    assert small[1] - small[0] > 5 * (large[1] - large[0])
    assert barometer.wilson(0, 500)[0] == 0.0


def test_scores_are_the_share_of_the_target_and_lower_is_better_for_days() -> None:
    assert barometer.score_of(RATE, 0.5) == 50
    assert barometer.score_of(RATE, 3.0) == 100
    assert barometer.score_of(DAYS, 1) == 100
    assert barometer.score_of(DAYS, 4) == 50
    interval = barometer.measure_score(DAYS, barometer.Estimate(4, 2, 8))
    assert (interval.low, interval.high) == (25, 100)


def test_a_small_area_gets_a_wide_rank_range_and_prevalence_is_never_scored() -> None:
    measures = [RATE, DAYS, PREVALENCE]
    ranking = barometer.rank(
        measures,
        2025,
        [
            _return("Big", 200_000, **{"shelter-places": 40, "answer-days": 2, "reported": 900}),
            _return("Mid", 150_000, **{"shelter-places": 3, "answer-days": 3, "reported": 10}),
            _return("Tiny", 2_000, **{"shelter-places": 1, "answer-days": 2, "reported": 0}),
            _return("Gap", 50_000, **{"answer-days": 2}),
        ],
    )
    by_name = {line.area.name: line for line in ranking.ranked}
    assert [line.area.name for line in ranking.ranked] == ["Big", "Tiny", "Mid"]
    # Tiny's 5 places per 10 000 rest on one place: it may be first or second, not surely 2nd.
    assert by_name["Tiny"].composite.low < 100 == by_name["Big"].composite.low
    assert (by_name["Tiny"].best_rank, by_name["Tiny"].worst_rank) == (1, 2)
    assert (by_name["Big"].best_rank, by_name["Big"].worst_rank) == (1, 2)
    assert by_name["Mid"].best_rank == by_name["Mid"].worst_rank == 3
    # Prevalence changes nothing of the score: "Big" reports 90 times more than "Mid".
    assert "reported" not in by_name["Big"].scores
    assert [line.area.name for line in ranking.unranked] == ["Gap"]
    assert ranking.unranked[0].missing == ["Shelter places"]


def test_a_scoring_file_with_problems_names_each_and_loads_nothing() -> None:
    text = """
schemes:
  - slug: s
    version: 0
    label: {en: S}
    measures:
      - {slug: a, label: {en: A}, kind: ratio, group: provision, better: up, target: 0, weight: 1}
      - {slug: b, label: {en: B}, kind: rate, group: prevalence, better: lower, target: 1,
          weight: 2}
"""
    with pytest.raises(ValidationError) as raised:
        barometer.parse_scoring(text)
    problems = " ".join(raised.value.messages)
    for expected in (
        "version: a whole number",
        "kind: 'ratio'",
        "better: 'up'",
        "target: a number above 0",
        "prevalence is never scored",
    ):
        assert expected in problems


def test_figures_must_be_of_their_measures_kind() -> None:
    assert barometer.figure_problems([RATE, DAYS], {"shelter-places": 3, "answer-days": 1}) == []
    problems = barometer.figure_problems(
        [RATE, {**RATE, "slug": "p", "kind": "share"}],
        {"shelter-places": -1, "p": [5, 4], "nope": 1},
    )
    assert len(problems) == 3


@pytest.mark.django_db
def test_a_changed_scheme_is_a_new_version(world) -> None:
    actor = Actor.system()
    services.scoring_load_shipped(actor=actor)
    assert services.scoring_load_shipped(actor=actor) == []
    scheme = ScoringScheme.objects.get()
    changed = services.definitions.SHIPPED.parent.joinpath("barometer.yaml").read_text()
    with pytest.raises(ValidationError):
        services.scoring_load(actor=actor, text=changed.replace("target: 1.0", "target: 2.0", 1))
    services.scoring_load(actor=actor, text=changed.replace("version: 2", "version: 3", 1))
    assert ScoringScheme.objects.count() == 2 and scheme.version == 2


@pytest.mark.django_db
def test_a_return_with_wrong_figures_is_refused_and_nothing_saved(world) -> None:
    build_barometer(1)
    area = Area.objects.get()
    with pytest.raises(ValidationError):
        services.area_return_record(
            actor=Actor.system(),
            area=area,
            year=2026,
            population=1000,
            figures={"shelter-places": "many"},
            scheme=ScoringScheme.objects.get(),
        )
    assert not area.returns.filter(year=2026).exists()


@pytest.mark.django_db
def test_the_hubs_analyst_sees_the_barometer_and_prints_it(world) -> None:
    network = build_network(world)
    build_barometer(4)
    client = client_for(network.analyst)
    page = client.get(reverse("network:barometer"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Area 00" in body and "Reported prevalence, kept apart" in body
    assert "between 1 and" in body  # the small area's rank range
    filtered = client.get(reverse("network:barometer"), {"year": 2025, "country": "ES"})
    assert "Area 01" in filtered.content.decode() and "Area 00" not in filtered.content.decode()
    pdf = client.get(reverse("network:barometer_pdf"), {"year": 2025})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="barometer.printed").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["caseworker", "admin", "manager"])
def test_the_barometer_is_404_without_the_analyst_role(world, persona) -> None:
    build_barometer(2)
    client = client_for(getattr(world, persona))
    assert client.get(reverse("network:barometer")).status_code == 404
    assert client.get(reverse("network:barometer_pdf")).status_code == 404
    assert client.get(reverse("network:barometer_chart")).status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="barometer.").exists()


@pytest.mark.django_db
def test_reading_the_barometer_is_audited_with_its_year_and_country(world) -> None:
    network = build_network(world)
    build_barometer(2)
    client = client_for(network.analyst)
    client.get(reverse("network:barometer"))
    client.get(reverse("network:barometer"), {"year": 2025, "country": "ES"})
    reads = AuditEvent.objects.filter(action="barometer.viewed").order_by("seq")
    assert [event.reason for event in reads] == ["2025", "2025 ES"]
    assert {event.actor_id for event in reads} == {network.analyst.pk}


@pytest.mark.django_db
def test_bad_filters_are_named_and_show_the_latest_year(world) -> None:
    network = build_network(world)
    build_barometer(2)
    client = client_for(network.analyst)
    response = client.get(reverse("network:barometer"), {"year": "1900", "country": "<x>"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "No area has figures for 1900: choose a year from the list." in body
    assert "No area in &lt;x&gt; has figures: choose a country from the list." in body
    assert "Area 00" in body and "<x>" not in body
    assert not AuditEvent.objects.filter(action="barometer.viewed").exists()


@pytest.mark.django_db
def test_a_pdf_with_bad_filters_is_refused_and_nothing_printed(world) -> None:
    network = build_network(world)
    build_barometer(2)
    response = client_for(network.analyst).get(reverse("network:barometer_pdf"), {"year": "twenty"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Choose a year and a country from the lists, then print." in response.content.decode()
    assert not AuditEvent.objects.filter(action="barometer.printed").exists()


@pytest.mark.django_db
def test_the_chart_draws_the_pages_ranking_with_its_own_title(world) -> None:
    network = build_network(world)
    build_barometer(4)
    client = client_for(network.analyst)
    page = client.get(reverse("network:barometer"), {"year": 2025, "country": "IT"})
    assert 'src="/network/barometer/chart.svg?year=2025&amp;country=IT"' in page.content.decode()
    chart = client.get(reverse("network:barometer_chart"), {"year": 2025, "country": "IT"})
    assert chart.status_code == 200 and chart["Content-Type"] == "image/svg+xml"
    svg = chart.content.decode()
    assert 'role="img"' in svg and '<title id="chart-title">' in svg and "· 2025</title>" in svg
    assert "Area 00" in svg and "Area 02" in svg and "Area 01" not in svg  # ES left out
    refused = client.get(reverse("network:barometer_chart"), {"year": "<x>"})
    assert refused.status_code == 400 and "Choose a year and a country" in refused.content.decode()
    assert "<x>" not in refused.content.decode()


@pytest.mark.django_db
def test_the_barometer_is_404_for_the_analyst_while_nothing_is_scored(world) -> None:
    network = build_network(world)
    client = client_for(network.analyst)
    assert client.get(reverse("network:barometer")).status_code == 404
    assert client.get(reverse("network:barometer_pdf")).status_code == 404
    assert client.get(reverse("network:barometer_chart")).status_code == 404


@pytest.mark.django_db
def test_the_barometer_asks_anonymous_visitors_to_sign_in(client) -> None:
    for name in ("network:barometer", "network:barometer_pdf", "network:barometer_chart"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 12])
def test_the_barometer_takes_the_same_queries_for_3_or_12_areas(
    world, count, django_assert_num_queries
) -> None:
    network = build_network(world)
    build_barometer(count)
    Area.objects.filter(slug="area-0").update(kind=AreaKind.REGION)
    client = client_for(network.analyst)
    client.get(reverse("network:barometer"))  # warm the session
    # 8 to read (session, user, roles, scoring, years, countries, returns with their areas) and
    # 6 to append the read to the audit log (the actor's standing, the chain's lock and write).
    with django_assert_num_queries(14):
        assert client.get(reverse("network:barometer")).status_code == 200


def test_a_small_reported_count_is_hidden_with_its_rate_and_provision_counts_are_not(
    settings,
) -> None:
    settings.ACCORD_SMALL_CELL_THRESHOLD = 5
    ranking = barometer.rank(
        [RATE, DAYS, PREVALENCE],
        2025,
        [
            _return("Tiny", 2_000, **{"shelter-places": 1, "answer-days": 2, "reported": 3}),
            _return("None", 2_000, **{"shelter-places": 2, "answer-days": 2, "reported": 0}),
            _return("Big", 90_000, **{"shelter-places": 9, "answer-days": 2, "reported": 5}),
        ],
    )
    cells = {line.area.name: line.prevalence_cells[0] for line in ranking.lines}
    assert cells["Tiny"].flag == "C" and cells["Tiny"].value is None
    assert "reported" not in next(line for line in ranking.lines if line.area.name == "Tiny").shown
    assert cells["None"].value == 0 and cells["Big"].value == pytest.approx(5 / 9)
    # One shelter place is a service, not a person: shown.
    tiny = next(line for line in ranking.lines if line.area.name == "Tiny")
    assert tiny.cells[0][0].value == 5.0


@pytest.mark.django_db
def test_the_page_shows_fewer_than_the_threshold_for_a_small_reported_count(world) -> None:
    network = build_network(world)
    build_barometer(2)
    area = Area.objects.get(slug="area-1")
    entry = area.returns.get()
    figures = {**entry.figures, "reported-incidents": 2}
    services.area_return_record(
        actor=Actor.system(),
        area=area,
        year=entry.year,
        population=entry.population,
        figures=figures,
        scheme=ScoringScheme.objects.get(),
        expected_version=entry.version,
    )
    body = client_for(network.analyst).get(reverse("network:barometer")).content.decode()
    prevalence = body[body.index("Reported prevalence, 2025") :]
    row = prevalence[prevalence.index("Area 01") :].split("</tr>")[0]
    assert "fewer than 5" in row and "(C)" in row and "6.67" not in row
