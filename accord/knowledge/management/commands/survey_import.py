from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accord.audit.context import Actor
from accord.knowledge.members import hubs
from accord.knowledge.services import survey_import
from accord.knowledge.surveyfile import SurveyFileError, read_survey_path
from accord.knowledge.xlsform import SUFFIXES, read_xlsform


class Command(BaseCommand):
    help = (
        "Create or update a survey and load its coded answers from a survey data file (JSON), "
        "or define one from an XLSForm (.xlsx, .xls, .csv, .md). "
        "A file with any problem is refused whole, each problem with its line; codes the "
        "answers use that a codebook lacks are added to it, and listed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--hub", help="Short name of the hub organisation (needed when there are several)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        candidates = hubs()
        if options["hub"]:
            candidates = candidates.filter(slug=options["hub"])
        found = list(candidates[:2])
        if len(found) != 1:
            raise CommandError(
                "No network hub organisation found." if not found else "Several hubs: use --hub."
            )
        try:
            path = options["file"]
            data = read_xlsform(path) if path.suffix in SUFFIXES else read_survey_path(path)
        except SurveyFileError as error:
            raise CommandError("The file was not loaded:\n" + "\n".join(error.errors)) from error
        with transaction.atomic():
            result = survey_import(actor=Actor.system(), hub=found[0], data=data)
        verb = "Created" if result.created else "Updated"
        self.stdout.write(
            f"{verb} survey {result.survey.key} (version {result.survey.version}) with "
            f"{len(data.respondents)} respondents."
        )
        for question_key, code in result.added_codes:
            self.stdout.write(f"Added code {code} to the codebook of {question_key}.")
        for name in result.created_organisations:
            self.stdout.write(f"Added organisation {name}.")
