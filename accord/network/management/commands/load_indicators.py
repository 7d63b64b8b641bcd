"""Load indicator definitions: the shipped file (default) or the files named. Problems are
listed with the indicator and field they concern, and nothing is loaded."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.audit.context import Actor
from accord.network.definitions import SHIPPED
from accord.network.services import indicators_load


class Command(BaseCommand):
    help = "Load indicator definitions (the shipped ones unless files are named)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path)

    def handle(self, *args: object, **options: object) -> None:
        for path in options["files"] or [SHIPPED]:  # type: ignore[union-attr]
            if not path.is_file():
                raise CommandError(f"{path}: no such file.")
            try:
                loaded = indicators_load(actor=Actor.system(), text=path.read_text("utf-8"))
            except ValidationError as error:
                problems = "\n".join(f"  {message}" for message in error.messages)
                raise CommandError(f"{path}: not loaded:\n{problems}") from error
            self.stdout.write(f"{path.name}: {len(loaded)} new definitions loaded.")
