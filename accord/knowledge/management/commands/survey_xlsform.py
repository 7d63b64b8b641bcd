from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.knowledge.models import Survey
from accord.knowledge.xlsform import xlsform_csv


class Command(BaseCommand):
    help = "Print a survey's definition as an XLSForm (pyxform's CSV layout)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("key")

    def handle(self, *args: Any, **options: Any) -> None:
        survey = Survey.objects.filter(key=options["key"]).first()
        if survey is None:
            raise CommandError(f"No survey with the key {options['key']!r}.")
        self.stdout.write(xlsform_csv(survey), ending="")
