"""The referral's transitions, declared once: from which states, by which side, by which service,
under which audit action. The pages (accord/referrals/views.py), the API
(accord/api/referral_views.py), the access module (`ReferralAccess.may_*`) and the services
(the state check under the row lock) all read this table, so a transition is allowed, refused
and recorded the same way on every channel.

A side that may not do a transition on the referral as it is gets 404 (`require`), exactly as
for a referral it does not reach: the page and the API do not tell "not yours" from "not now".

The service is named by its dotted path and imported on first use (Django's `import_string`,
as settings name middleware): the services sit above the access module, which reads this table.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from accord.access.roles import AnyUser, case_workers, worked_teams
from accord.audit.context import Actor
from accord.referrals.models import Referral, ReferralStatus

if TYPE_CHECKING:
    from accord.referrals.access import ReferralAccess


class Side(StrEnum):
    SENDER = "sender"
    RECEIVER = "receiver"


def _no_more(user: AnyUser, access: "ReferralAccess", fields: dict[str, Any]) -> dict[str, Any]:
    return {}


def _closing_side(
    user: AnyUser, access: "ReferralAccess", fields: dict[str, Any]
) -> dict[str, Any]:
    # The other side is told; a user on both sides closes as the sender.
    return {"by_sender": access.sender}


def _accepting_worker(
    user: AnyUser, access: "ReferralAccess", fields: dict[str, Any]
) -> dict[str, Any]:
    """The receiver opens the case in a team of the receiving service whose cases she works;
    she becomes its key worker when she is one of its case workers."""
    team = fields.get("team")
    if team is None or not accepting_teams(user, access.referral).filter(pk=team.pk).exists():
        raise ValidationError({"team": _("Choose a team of the service whose cases you work.")})
    return {"key_worker": case_workers(team).filter(pk=user.pk).first()}


@dataclass(frozen=True)
class Transition:
    name: str
    from_states: frozenset[str]
    sides: frozenset[Side]
    service: str
    audit: str
    done: Promise
    # What the service needs beyond the channel's input, from who acts (and a check of it).
    context: Callable[[AnyUser, "ReferralAccess", dict[str, Any]], dict[str, Any]] = field(
        default=_no_more
    )

    def allowed(self, access: "ReferralAccess") -> bool:
        side = (Side.SENDER in self.sides and access.sender) or (
            Side.RECEIVER in self.sides and access.receiver
        )
        return bool(side) and access.referral.status in self.from_states

    def require(self, access: "ReferralAccess") -> None:
        if not self.allowed(access):
            raise Http404


SEND, ACCEPT, DECLINE, WITHDRAW, CLOSE = "send", "accept", "decline", "withdraw", "close"

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            SEND,
            from_states=frozenset({ReferralStatus.DRAFT}),
            sides=frozenset({Side.SENDER}),
            service="accord.referrals.services.referral_send",
            audit="referral.sent",
            done=_("Referral sent."),
        ),
        Transition(
            ACCEPT,
            from_states=frozenset({ReferralStatus.SENT}),
            sides=frozenset({Side.RECEIVER}),
            service="accord.referrals.services.referral_accept",
            audit="referral.accepted",
            done=_("Referral accepted: your team's case is open."),
            context=_accepting_worker,
        ),
        Transition(
            DECLINE,
            from_states=frozenset({ReferralStatus.SENT}),
            sides=frozenset({Side.RECEIVER}),
            service="accord.referrals.services.referral_decline",
            audit="referral.declined",
            done=_("Referral declined. Nothing of it stays with your team."),
        ),
        Transition(
            WITHDRAW,
            from_states=frozenset({ReferralStatus.DRAFT, ReferralStatus.SENT}),
            sides=frozenset({Side.SENDER}),
            service="accord.referrals.services.referral_withdraw",
            audit="referral.withdrawn",
            done=_("Referral withdrawn."),
        ),
        Transition(
            CLOSE,
            from_states=frozenset({ReferralStatus.ACCEPTED}),
            sides=frozenset({Side.SENDER, Side.RECEIVER}),
            service="accord.referrals.services.referral_close",
            audit="referral.closed",
            done=_("Referral closed."),
            context=_closing_side,
        ),
    )
}


def accepting_teams(user: AnyUser, referral: Referral) -> Any:
    """The teams the user may open the receiver's case in: the receiving service's teams whose
    cases she works."""
    return worked_teams(user).filter(service_id=referral.to_service_id).order_by("name", "pk")


@cache
def _service(path: str) -> Callable[..., Referral]:
    return import_string(path)


def transition_run(
    name: str,
    *,
    actor: Actor,
    user: AnyUser,
    access: "ReferralAccess",
    version: int,
    **fields: Any,
) -> Referral:
    """Do the transition `name` on the referral `access` reached, for either channel: 404 for
    a side that may not, the service's ValidationError for bad input, StaleVersion (409) when
    someone changed the referral first."""
    transition = TRANSITIONS[name]
    transition.require(access)
    return _service(transition.service)(
        actor=actor,
        referral=access.referral,
        expected_version=version,
        **fields,
        **transition.context(user, access, fields),
    )
