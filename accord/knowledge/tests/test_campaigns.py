"""Campaigns: members add activities; the page gives "activities organised by N member
organisations from M countries"."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from accord.audit.context import Actor
from accord.knowledge.models import CampaignActivity
from accord.knowledge.services import campaign_activity_add, campaign_create
from accord.knowledge.tests.helpers import build_network
from accord.testing import client_for

pytestmark = pytest.mark.django_db

START, END = datetime.date(2018, 11, 25), datetime.date(2018, 12, 10)


@pytest.fixture
def network(world):
    return build_network(world)


@pytest.fixture
def campaign(network):
    return campaign_create(
        actor=Actor.for_user(network.editor),
        hub=network.hub,
        slug="responsible-together-2018",
        title="Responsible Together 2018",
        starts_on=START,
        ends_on=END,
    )


def test_a_member_adds_an_activity_and_the_figure_counts_it(world, network, campaign) -> None:
    url = reverse("knowledge:campaign", args=[campaign.slug])
    client = client_for(world.manager)
    added = client.post(
        url,
        {
            "organisation": world.womens_aid.pk,
            "held_on": "2018-11-28",
            "kind": "event",
            "title": "Open day",
            "audience": "Public",
            "reach": "120",
        },
    )
    assert added.status_code == 302
    campaign_activity_add(
        actor=Actor.for_user(network.other_member),
        campaign=campaign,
        organisation=world.unrelated,
        held_on=START,
        kind="media",
        title="Radio interview",
    )
    page = client.get(url)
    assert "2 activities organised by 2 member organisations from 1 countries." in (
        page.content.decode()
    )


def test_an_activity_outside_the_campaign_days_is_refused(world, network, campaign) -> None:
    response = client_for(world.manager).post(
        reverse("knowledge:campaign", args=[campaign.slug]),
        {
            "organisation": world.womens_aid.pk,
            "held_on": "2019-01-01",
            "kind": "event",
            "title": "X",
        },
    )
    assert response.status_code == 400
    assert not CampaignActivity.objects.exists()


@pytest.mark.parametrize("who", ["caseworker", "outsider"])
def test_only_a_representative_adds_activities_for_her_organisation(
    world, network, campaign, who
) -> None:
    client = client_for(getattr(world, who))
    url = reverse("knowledge:campaign", args=[campaign.slug])
    assert client.get(url).status_code == 200
    data = {
        "organisation": world.womens_aid.pk,
        "held_on": "2018-11-28",
        "kind": "event",
        "title": "X",
    }
    assert client.post(url, data).status_code in (400, 404)
    # another member's manager cannot add for Women's Aid A either
    assert client_for(network.other_member).post(url, data).status_code == 400
    assert not CampaignActivity.objects.exists()


def test_campaigns_need_signing_in(campaign) -> None:
    assert Client().get(reverse("knowledge:campaign", args=[campaign.slug])).status_code == 302


def test_the_campaign_page_runs_in_constant_queries(
    world, network, campaign, django_assert_num_queries
) -> None:
    client = client_for(network.analyst)
    url = reverse("knowledge:campaign", args=[campaign.slug])
    client.get(url)

    def add(count: int) -> None:
        for index in range(count):
            campaign_activity_add(
                actor=Actor.system(),
                campaign=campaign,
                organisation=world.unrelated if index % 2 else world.womens_aid,
                held_on=START,
                kind="event",
                title=f"Event {index}",
            )

    add(3)
    with django_assert_num_queries(QUERIES):
        client.get(url)
    add(27)
    with django_assert_num_queries(QUERIES):
        client.get(url)


QUERIES = 8
