"""The directory and protocol pages: who gets what, and that every form works as a plain POST."""

import pytest
from django.test import Client
from django.utils.html import escape

from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.directory import services
from accord.directory.models import DirectoryEntry, Protocol, ProtocolStatus
from accord.testing import World, client_for

from .helpers import PDF, active, draft, pdf, protocol_version

REFUGE_ADDRESS = "14 Willow Lane"


def describe(world: World) -> None:
    services.directory_entry_update(
        actor=Actor.system(),
        service=world.support_service,
        offers=["shelter", "helpline_24_7"],
        languages=["es", "ar"],
        catchment="Riverton and the valley",
        how_to_refer="Call the helpline.",
        accepts_self_referrals=True,
        accepted_case_kinds=["survivor_support"],
    )


# --- the directory ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["caseworker", "facilitator", "police_liaison", "outsider"])
def test_everyone_signed_in_reads_the_directory(world: World, persona: str) -> None:
    describe(world)
    response = client_for(getattr(world, persona)).get("/directory/")
    assert response.status_code == 200
    assert "Women&#x27;s Aid A service" in response.content.decode()


def test_the_directory_is_not_public(db) -> None:
    assert Client().get("/directory/").status_code == 302


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("q=women", True),
        ("q=elsewhere", False),
        ("offer=shelter", True),
        ("offer=legal", False),
        ("language=ar", True),
        ("language=a", False),
        ("catchment=valley", True),
        ("self_referral=true", True),
        ("self_referral=false", False),
        ("kind=survivor_support", True),
        ("kind=police", False),
        ("case_kind=survivor_support", True),
        ("case_kind=child", False),
    ],
)
def test_it_searches_and_filters_the_directory(world: World, query: str, found: bool) -> None:
    describe(world)
    page = client_for(world.outsider).get(f"/directory/?{query}").content.decode()
    assert ("Women&#x27;s Aid A service</a>" in page) is found


def test_a_bad_filter_is_a_message_not_an_error(world: World) -> None:
    response = client_for(world.outsider).get("/directory/?offer=spa&kind=x&page=zz")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_htmx_gets_only_the_results(world: World) -> None:
    response = client_for(world.outsider).get("/directory/?q=police", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b'id="directory-results"' in response.content


def test_the_service_card_never_shows_the_confidential_address(world: World) -> None:
    from accord.accounts.services import service_address_set

    service_address_set(actor=Actor.system(), service=world.support_service, address=REFUGE_ADDRESS)
    describe(world)
    for persona in (world.caseworker, world.outsider, world.admin):
        page = client_for(persona).get(f"/directory/{world.support_service.pk}/").content.decode()
        assert "Call the helpline." in page
        assert REFUGE_ADDRESS not in page


@pytest.mark.parametrize(("persona", "status"), [("admin", 200), ("manager", 200)])
def test_the_admin_and_the_services_manager_edit_its_entry(
    world: World, persona: str, status: int
) -> None:
    client = client_for(getattr(world, persona))
    url = f"/directory/{world.support_service.pk}/edit/"
    assert client.get(url).status_code == status
    response = client.post(
        url,
        {
            "offers": ["legal", "advocacy"],
            "languages": "en, es",
            "catchment": "Riverton",
            "accepted_case_kinds": ["survivor_support"],
        },
    )
    assert response.status_code == 302
    entry = DirectoryEntry.objects.get(pk=world.support_service.pk)
    assert entry.offers == ["legal", "advocacy"]
    assert entry.languages == ["en", "es"]


@pytest.mark.parametrize("persona", ["caseworker", "dpo", "facilitator", "outsider"])
def test_nobody_else_edits_an_entry(world: World, persona: str) -> None:
    client = client_for(getattr(world, persona))
    url = f"/directory/{world.support_service.pk}/edit/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"offers": ["legal"]}).status_code == 404
    assert not DirectoryEntry.objects.exists()


def test_a_bad_language_code_is_shown_on_the_form(world: World) -> None:
    response = client_for(world.admin).post(
        f"/directory/{world.support_service.pk}/edit/", {"languages": "english please"}
    )
    assert response.status_code == 400
    assert "Give languages as codes" in response.content.decode()


# --- protocols ----------------------------------------------------------------------------------


def url(protocol: Protocol, rest: str = "") -> str:
    return f"/protocols/{protocol.uid}/{rest}"


def test_a_partys_admin_reads_the_protocol(world: World) -> None:
    protocol = active(world)
    client = client_for(world.admin)
    assert escape(protocol.title) in client.get("/protocols/").content.decode()
    page = client.get(url(protocol)).content.decode()
    assert "Change Programme" in page
    assert "programme status (enrolment, attendance, outcome)" in page
    assert "A. Signatory" in page


@pytest.mark.parametrize(
    "persona", ["caseworker", "manager", "dpo", "facilitator", "police_liaison", "outsider"]
)
def test_nobody_but_a_partys_admin_reaches_a_protocol(world: World, persona: str) -> None:
    protocol = active(world)
    client = client_for(getattr(world, persona))
    for path in (url(protocol), url(protocol, "document/download/")):
        assert client.get(path).status_code == 404
    assert (
        client.post(url(protocol, "end/"), {"version": 1, "valid_to": "2030-01-01"}).status_code
        == 404
    )
    assert Protocol.objects.get(pk=protocol.pk).valid_to is None


@pytest.mark.parametrize("persona", ["caseworker", "manager", "facilitator", "outsider"])
def test_only_admins_list_and_draft_protocols(world: World, persona: str) -> None:
    client = client_for(getattr(world, persona))
    assert client.get("/protocols/").status_code == 404
    assert client.get("/protocols/new/").status_code == 404


def test_anonymous_is_sent_to_sign_in(world: World) -> None:
    protocol = active(world)
    for path in ("/protocols/", "/protocols/new/", url(protocol)):
        assert Client().get(path).status_code == 302


def test_another_organisations_admin_does_not_see_it(world: World) -> None:
    from accord.accounts.models import Role
    from accord.testing import make_user

    protocol = active(world)
    other_admin = make_user("admin_elsewhere", world.outsider.memberships.get().team, Role.ADMIN)
    assert client_for(other_admin).get(url(protocol)).status_code == 404


def test_an_admin_drafts_and_activates_a_protocol_through_the_pages(world: World) -> None:
    client = client_for(world.admin)
    response = client.post(
        "/protocols/new/",
        {
            "organisation": world.womens_aid.pk,
            "title": "Police to Women's Aid",
            "valid_from": "2025-01-01",
            "response_working_days": 2,
        },
    )
    assert response.status_code == 302
    protocol = Protocol.objects.get()
    assert (
        client.post(
            url(protocol, "parties/"), {"version": 1, "organisation": world.police.pk}
        ).status_code
        == 302
    )
    # Women's Aid's admin signs for Women's Aid; the police's signature is their admin's.
    own = protocol.parties.get(organisation=world.womens_aid)
    police = protocol.parties.get(organisation=world.police)
    sign = {"signatory_name": "Director", "signatory_role": "CEO", "signed_on": "2024-12-01"}
    assert (
        client.post(
            url(protocol, f"parties/{police.pk}/sign/"),
            {f"party-{police.pk}-{k}": v for k, v in {**sign, "version": 2}.items()},
        ).status_code
        == 404
    )
    assert (
        client.post(
            url(protocol, f"parties/{own.pk}/sign/"),
            {f"party-{own.pk}-{k}": v for k, v in {**sign, "version": 2}.items()},
        ).status_code
        == 302
    )
    assert (
        client.post(
            url(protocol, "flows/"),
            {
                "version": 3,
                "from_organisation": world.police.pk,
                "to_organisation": world.womens_aid.pk,
                "categories": ["identity", "contact", "risk"],
            },
        ).status_code
        == 302
    )
    wrong = client.post(url(protocol, "document/"), {"version": 4, "document": pdf(b"GIF89a")})
    assert wrong.status_code == 400
    assert "Upload the signed protocol as a PDF file." in wrong.content.decode()
    assert (
        client.post(url(protocol, "document/"), {"version": 4, "document": pdf()}).status_code
        == 302
    )
    refused = client.post(url(protocol, "activate/"), {"version": 5})
    assert refused.status_code == 400
    assert "Not signed yet by: Police." in refused.content.decode()
    assert Protocol.objects.get().status == ProtocolStatus.DRAFT


def test_a_stale_form_answers_409_and_changes_nothing(world: World) -> None:
    protocol = draft(world)
    response = client_for(world.admin).post(
        url(protocol, "flows/"),
        {
            "version": 1,
            "from_organisation": world.womens_aid.pk,
            "to_organisation": world.programme.pk,
            "categories": ["risk"],
        },
    )
    assert response.status_code == 409
    assert "Someone changed the protocol after you opened it" in response.content.decode()
    assert not protocol.flows.exists()


def test_the_document_download_is_an_audited_attachment(world: World) -> None:
    protocol = active(world)
    response = client_for(world.admin).get(url(protocol, "document/download/"))
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(
        action="protocol.document_downloaded", object_id=str(protocol.pk)
    ).exists()


def test_an_expired_protocol_says_so(world: World) -> None:
    import datetime

    protocol = active(world, valid_to=datetime.date(2025, 3, 31))
    page = client_for(world.admin).get(url(protocol)).content.decode()
    assert "This protocol expired on 31 Mar 2025: no new referral follows it." in page


def test_the_admin_ends_an_active_protocol(world: World) -> None:
    protocol = active(world)
    response = client_for(world.admin).post(
        url(protocol, "end/"), {"version": protocol_version(protocol), "valid_to": "2025-12-31"}
    )
    assert response.status_code == 302
    assert str(Protocol.objects.get(pk=protocol.pk).valid_to) == "2025-12-31"
