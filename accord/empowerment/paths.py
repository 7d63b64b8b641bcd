"""Empowerment training paths (WE GO!) on the programme engine (accord/programmes): a path is a
programme of kind "empowerment path" whose session plan is the standard modules, run as a group
(a group and its schedule) or one to one (individual sessions for one woman). Enrolment,
sessions and attendance are the engine's own; this module only knows the modules and how a path
is set up."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.access.policy import AnyUser, visible_to
from accord.accounts.models import Service, ServiceKind
from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.cases.models import Case
from accord.programmes import services as programmes
from accord.programmes.models import (
    Enrolment,
    EnrolmentStatus,
    Programme,
    ProgrammeKind,
    ProgrammeModule,
    Route,
    SessionKind,
)

# The WE GO! training toolkit's modules, in order: (title, sessions).
MODULES: tuple[tuple[str, int], ...] = (
    (gettext_lazy("Self-esteem"), 2),
    (gettext_lazy("Rights"), 2),
    (gettext_lazy("Financial literacy"), 2),
    (gettext_lazy("Job search"), 2),
    (gettext_lazy("Entrepreneurship"), 2),
)


@transaction.atomic
def empowerment_path_create(
    *, actor: Actor, service: Service, name: str, one_to_one: bool
) -> Programme:
    """A training path of the standard modules at a survivor-support service."""
    if service.kind != ServiceKind.SURVIVOR_SUPPORT:
        raise ValidationError({"service": _("A training path runs at a women's support service.")})
    if not name.strip():
        raise ValidationError({"name": _("Give the path a name.")})
    path = Programme(
        service=service,
        name=name.strip(),
        kind=ProgrammeKind.EMPOWERMENT_PATH,
        description=str(_("One to one")) if one_to_one else str(_("Group")),
    )
    path.full_clean()
    path.save()
    kind = SessionKind.ONE_TO_ONE if one_to_one else SessionKind.GROUP
    for position, (title, sessions) in enumerate(MODULES, start=1):
        module = ProgrammeModule(
            programme=path,
            position=position,
            title=str(title),
            sessions=sessions,
            session_kind=kind,
        )
        module.full_clean()
        module.save()
    audit_event_record(
        actor=actor,
        action="empowerment_path.created",
        obj=path,
        subject_organisation_id=service.organisation_id,
        reason="one_to_one" if one_to_one else "group",
    )
    return path


@transaction.atomic
def path_join(
    *, actor: Actor, path: Programme, case: Case, on: datetime.date | None = None
) -> Enrolment:
    """She joins a path: enrolled on her own survivor-side case (voluntary, as every path),
    assessed and on the path at once — a woman is not waitlisted for a path she chose."""
    if path.kind != ProgrammeKind.EMPOWERMENT_PATH:
        raise ValidationError({"path": _("Choose an empowerment path.")})
    enrolment = programmes.enrolment_create(
        actor=actor, programme=path, case=case, route=Route.VOLUNTARY, referred_on=on
    )
    for status in (EnrolmentStatus.ASSESSED, EnrolmentStatus.ON_PROGRAMME):
        enrolment = programmes.enrolment_move(
            actor=actor, enrolment=enrolment, expected_version=enrolment.version, to_status=status
        )
    return enrolment


def paths_of(user: AnyUser) -> QuerySet[Programme]:
    """The paths the user's services run, with their modules."""
    return (
        visible_to(user, Programme)
        .filter(kind=ProgrammeKind.EMPOWERMENT_PATH)
        .prefetch_related("modules", "groups")
        .order_by("name")
    )


def path_enrolments(user: AnyUser, paths: list[Programme]) -> dict[int, list[Enrolment]]:
    """The women on each path that the user reaches (their case reference only)."""
    found: dict[int, list[Enrolment]] = {path.pk: [] for path in paths}
    for enrolment in (
        visible_to(user, Enrolment)
        .filter(programme__in=paths)
        .select_related("case", "group")
        .order_by("case__reference")
    ):
        found[enrolment.programme_id].append(enrolment)
    return found
