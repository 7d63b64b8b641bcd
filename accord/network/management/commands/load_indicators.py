"""Load indicator definitions and the barometer's scoring: the shipped files (default) or the
files named (a file with `schemes:` is a scoring file). Problems are listed with the indicator
or measure and field they concern, and nothing of that file is loaded."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.audit.context import Actor
from accord.network.barometer import SHIPPED_SCORING
from accord.network.definitions import SHIPPED
from accord.network.services import indicators_load, scoring_load


class Command(BaseCommand):
    help = "Load indicator definitions (the shipped ones unless files are named)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path)

    def handle(self, *args: object, **options: object) -> None:
        shipped = [SHIPPED, SHIPPED.parent / SHIPPED_SCORING]
        for path in options["files"] or shipped:  # type: ignore[union-attr]
            if not path.is_file():
                raise CommandError(f"{path}: no such file.")
            try:
                text = path.read_text("utf-8")
                # A scoring file's top-level key is "schemes"; a definitions file's "indicators".
                load = scoring_load if "\nschemes:" in f"\n{text}" else indicators_load
                loaded = load(actor=Actor.system(), text=text)
            except ValidationError as error:
                problems = "\n".join(f"  {message}" for message in error.messages)
                raise CommandError(f"{path}: not loaded:\n{problems}") from error
            self.stdout.write(f"{path.name}: {len(loaded)} new definitions loaded.")
