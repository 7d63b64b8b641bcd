"""The compendium: collect (members submit), score and select (the hub), publish (everyone
reads); search and filters; members change only their own entries."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accord.audit.context import Actor
from accord.knowledge.models import Concept, EntryStatus, PracticeEntry
from accord.knowledge.selectors import compendium_search
from accord.knowledge.services import practice_entry_decide, practice_translation_set
from accord.knowledge.tests.helpers import build_network, publish, submit_entry
from accord.testing import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(world):
    return build_network(world)


def test_a_member_submits_and_the_hub_scores_selects_and_publishes(world, network) -> None:
    client = client_for(world.manager)
    assert client.get(reverse("knowledge:practice_submit")).status_code == 200
    response = client.post(
        reverse("knowledge:practice_submit"),
        {
            "organisation": world.womens_aid.pk,
            "title": "Partner contact within a week",
            "summary": "Every (ex)partner is offered contact within seven days.",
            "pillars": ["protection", "prevention"],
            "target_group": "(Ex)partners of men on the programme",
        },
    )
    assert response.status_code == 302
    entry = PracticeEntry.objects.get()
    assert (entry.status, entry.country, entry.protection, entry.prevention) == (
        EntryStatus.SUBMITTED,
        "ES",
        True,
        True,
    )
    # Not public yet
    assert Client().get(reverse("knowledge:practice", args=[entry.pk])).status_code == 404
    editor = client_for(network.editor)
    refused = editor.post(
        reverse("knowledge:practice_decide", args=[entry.pk]), {"status": "selected"}
    )
    assert refused.status_code == 302
    assert PracticeEntry.objects.get().status == EntryStatus.SUBMITTED  # not assessed yet
    scores = {"safety": 3, "evidence": 2, "partnership": 3, "transferable": 1}
    editor.post(reverse("knowledge:practice_assess", args=[entry.pk]), scores)
    editor.post(reverse("knowledge:practice_decide", args=[entry.pk]), {"status": "selected"})
    editor.post(reverse("knowledge:practice_decide", args=[entry.pk]), {"status": "published"})
    assert PracticeEntry.objects.get().status == EntryStatus.PUBLISHED
    public = Client().get(reverse("knowledge:practice", args=[entry.pk]))
    assert public.status_code == 200
    assert "Partner contact within a week" in public.content.decode()
    # The scores are the hub's: not shown to the public or the member
    assert "Assessment" not in public.content.decode()


def test_members_change_only_their_own_entries_until_the_hub_decides(world, network) -> None:
    entry = submit_entry(world.manager, world.womens_aid)
    url = reverse("knowledge:practice_edit", args=[entry.pk])
    assert client_for(world.manager).get(url).status_code == 200
    for user in [network.other_member, world.caseworker, network.analyst]:
        assert client_for(user).get(url).status_code == 404
        assert client_for(user).post(url, {"title": "Changed"}).status_code == 404
    changed = client_for(world.manager).post(
        url,
        {
            "organisation": world.womens_aid.pk,
            "title": "Joint risk review, weekly",
            "summary": "Weekly.",
            "pillars": ["protection"],
            "target_group": "Men",
            "version": entry.version,
        },
    )
    assert changed.status_code == 302
    stale = client_for(world.manager).post(
        url,
        {
            "organisation": world.womens_aid.pk,
            "title": "Again",
            "summary": "Again.",
            "pillars": ["protection"],
            "target_group": "Men",
            "version": entry.version,
        },
    )
    assert stale.status_code == 409
    publish(network, PracticeEntry.objects.get(pk=entry.pk))
    assert client_for(world.manager).get(url).status_code == 404


def test_an_unpublished_entry_is_hidden_from_other_members(world, network) -> None:
    entry = submit_entry(world.manager, world.womens_aid)
    url = reverse("knowledge:practice", args=[entry.pk])
    assert client_for(world.manager).get(url).status_code == 200
    assert client_for(network.editor).get(url).status_code == 200
    assert client_for(network.other_member).get(url).status_code == 404
    assert Client().get(url).status_code == 404


@pytest.mark.parametrize("who", ["manager", "caseworker", "outsider"])
def test_only_the_hub_reviews(world, network, who) -> None:
    entry = submit_entry(world.manager, world.womens_aid)
    client = client_for(getattr(world, who))
    assert client.get(reverse("knowledge:practice_review")).status_code == 404
    assert (
        client.post(
            reverse("knowledge:practice_decide", args=[entry.pk]), {"status": "declined"}
        ).status_code
        == 404
    )
    assert client.post(reverse("knowledge:practice_assess", args=[entry.pk]), {}).status_code == 404
    assert client_for(network.editor).get(reverse("knowledge:practice_review")).status_code == 200


def test_a_caseworker_cannot_submit_for_her_organisation(world, network) -> None:
    assert client_for(world.caseworker).get(reverse("knowledge:practice_submit")).status_code == 404


def test_search_finds_words_in_texts_and_translations_and_filters(world, network) -> None:
    safety = Concept.objects.create(key="victim-safety")
    first = publish(
        network, submit_entry(world.manager, world.womens_aid, title="Joint risk review")
    )
    first.tags.add(safety)
    second = publish(
        network,
        submit_entry(
            network.other_member,
            world.unrelated,
            title="School workshops",
            summary="Workshops on respect in secondary schools.",
            pillars=["prevention"],
        ),
    )
    practice_translation_set(
        actor=Actor.for_user(network.editor),
        entry=second,
        language="es",
        title="Talleres escolares",
        summary="Talleres sobre respeto en institutos.",
    )
    submit_entry(world.manager, world.womens_aid, title="Unpublished risk idea")
    anyone = Client().get
    assert [e.title for e in compendium_search(anonymous(), query="risk")] == ["Joint risk review"]
    assert [e.title for e in compendium_search(anonymous(), query="talleres")] == [
        "School workshops"
    ]
    assert [e.title for e in compendium_search(anonymous(), pillar="prevention")] == [
        "School workshops"
    ]
    assert [e.title for e in compendium_search(anonymous(), tag="victim-safety")] == [
        "Joint risk review"
    ]
    assert list(compendium_search(anonymous(), country="IT")) == []
    page = anyone(reverse("knowledge:compendium"), {"q": "workshops"})
    assert page.status_code == 200
    assert "School workshops" in page.content.decode()
    assert "Joint risk review" not in page.content.decode()
    # In Spanish the translated title is shown
    spanish = anyone(reverse("knowledge:compendium"), HTTP_ACCEPT_LANGUAGE="es")
    assert "Talleres escolares" in spanish.content.decode()


def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_the_hub_cannot_publish_what_it_did_not_select(world, network) -> None:
    entry = submit_entry(world.manager, world.womens_aid)
    with pytest.raises(ValidationError):
        practice_entry_decide(
            actor=Actor.for_user(network.editor), entry=entry, status=EntryStatus.PUBLISHED
        )


def test_the_compendium_search_runs_in_constant_queries(
    world, network, django_assert_num_queries
) -> None:
    def count_for(entries: int) -> None:
        for index in range(entries):
            publish(
                network, submit_entry(world.manager, world.womens_aid, title=f"Risk review {index}")
            )
        with django_assert_num_queries(3):
            Client().get(reverse("knowledge:compendium"), {"q": "risk", "pillar": "protection"})

    count_for(2)
    count_for(10)
