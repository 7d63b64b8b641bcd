"""His subject-access export holds his programme (the enrolment, its history, his attendance)
and never what her side told the programme about him: that could point to her."""

import datetime
import json

from django.utils import timezone

from accord.accounts.models import Role
from accord.audit.context import Actor
from accord.people.subject_access import ExportFormat, person_subject_access_export
from accord.programmes import partner_contact
from accord.programmes.tests.helpers import build_programme_world
from accord.testing import Casework, World, make_user

CONCERN = "He talks about finding out where she lives."


def test_his_export_holds_his_programme_and_never_the_safety_information(
    world: World, casework: Casework
) -> None:
    pw = build_programme_world(world, casework)
    partner_contact.safety_information_record(
        actor=Actor.for_user(pw.partner_worker),
        link=pw.link,
        category="threats",
        urgency="soon",
        text=CONCERN,
    )
    partner_contact.safety_information_release(now=timezone.now() + datetime.timedelta(days=30))
    programme_dpo = make_user("programme_dpo", world.group_work, Role.DPO)

    content = person_subject_access_export(
        actor=Actor(user=programme_dpo, organisation_id=world.programme.pk),
        person=casework.man,
        reason="Art. 15 request",
        file_format=ExportFormat.JSON,
    ).content.decode()

    assert CONCERN not in content
    assert "safety information" not in content.lower()
    [case] = json.loads(content)["cases"]
    assert case["reference"] == casework.his_case.reference
    assert str(pw.enrolment.uid) in content
