"""The knowledge exchange's personas, built through the real services on top of the persona
world: a network hub (its editor and analysts) whose members include Women's Aid A (its manager
represents it) and Elsewhere Aid."""

from dataclasses import dataclass
from pathlib import Path

from accord.accounts import services as accounts
from accord.accounts.models import Organisation, Role, ServiceKind, User
from accord.audit.context import Actor
from accord.knowledge.models import Survey
from accord.knowledge.services import survey_import
from accord.knowledge.surveyfile import read_survey_file, read_survey_path
from accord.testing import World, make_user

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "good-practice-2017.json"


@dataclass(frozen=True)
class Network:
    hub: Organisation
    editor: User
    analyst: User
    second_analyst: User
    # a manager of an unrelated member organisation: represents it, not Women's Aid A
    other_member: User


def build_network(world: World) -> Network:
    actor = Actor.system()
    hub = accounts.organisation_create(
        actor=actor, name="Network Hub", slug="hub", country="DE", languages=["en"]
    )
    service = accounts.service_create(
        actor=actor, organisation=hub, name="Secretariat", kind=ServiceKind.NETWORK_HUB
    )
    team = accounts.team_create(actor=actor, service=service, name="Knowledge exchange")
    other_team = world.unrelated.services.get().teams.get()
    return Network(
        hub=hub,
        editor=make_user("hub_editor", team, Role.MANAGER),
        analyst=make_user("hub_analyst", team, Role.ANALYST),
        second_analyst=make_user("hub_analyst_2", team, Role.ANALYST),
        other_member=make_user("elsewhere_manager", other_team, Role.MANAGER),
    )


def load_sample(network: Network) -> Survey:
    return survey_import(
        actor=Actor.system(), hub=network.hub, data=read_survey_path(SAMPLE)
    ).survey


def load_text(network: Network, text: str) -> Survey:
    return survey_import(actor=Actor.system(), hub=network.hub, data=read_survey_file(text)).survey


def submit_entry(
    user: User, organisation: Organisation, *, title: str = "Joint risk review", **extra: object
):
    from accord.knowledge.services import practice_entry_submit

    fields = {
        "summary": "The programme and the women's service review risk together every week.",
        "target_group": "Men on the programme and their (ex)partners",
        "pillars": ["protection"],
    } | extra
    return practice_entry_submit(
        actor=Actor.for_user(user), organisation=organisation, title=title, **fields
    )


def publish(network: Network, entry):
    from accord.knowledge.models import Criterion, EntryStatus
    from accord.knowledge.services import practice_entry_assess, practice_entry_decide

    actor = Actor.for_user(network.editor)
    practice_entry_assess(actor=actor, entry=entry, scores={c.value: 2 for c in Criterion})
    practice_entry_decide(actor=actor, entry=entry, status=EntryStatus.SELECTED)
    return practice_entry_decide(actor=actor, entry=entry, status=EntryStatus.PUBLISHED)
