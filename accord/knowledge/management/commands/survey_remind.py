from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from accord.audit.context import Actor
from accord.knowledge.services import survey_remind


class Command(BaseCommand):
    help = (
        "E-mail the representatives of member organisations that have not answered an open "
        "survey, a week and a day before its deadline. Schedule it daily (cron, systemd timer)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = survey_remind(actor=Actor.system(), today=timezone.localdate())
        self.stdout.write(f"{count} organisation(s) reminded.")
