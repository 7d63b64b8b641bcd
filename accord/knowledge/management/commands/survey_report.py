import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.knowledge.models import Survey
from accord.knowledge.selectors import survey_report


class Command(BaseCommand):
    help = (
        "Print a survey's figures: respondents, and per question how many answered and how "
        "many chose or were coded into each category. Counts organisations only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("key")
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        survey = Survey.objects.filter(key=options["key"]).first()
        if survey is None:
            raise CommandError(f"No survey with the key {options['key']!r}.")
        report = survey_report(survey)
        self.stdout.write(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
