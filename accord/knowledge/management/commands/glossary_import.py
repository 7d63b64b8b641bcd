from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.audit.context import Actor
from accord.knowledge.glossary import GlossaryError, glossary_import, read_skos


class Command(BaseCommand):
    help = "Load a SKOS file (Turtle, or RDF/XML with --format xml) into the shared glossary."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["turtle", "xml"], default="turtle")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            concepts = read_skos(options["file"].read_text(encoding="utf-8"), options["format"])
        except (GlossaryError, OSError, UnicodeDecodeError) as error:
            raise CommandError(f"The file was not loaded:\n{error}") from error
        count = glossary_import(actor=Actor.system(), concepts=concepts)
        self.stdout.write(f"{count} concept(s) loaded.")
