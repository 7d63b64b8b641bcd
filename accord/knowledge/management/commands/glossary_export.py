from typing import Any

from django.core.management.base import BaseCommand

from accord.knowledge.glossary import export_turtle


class Command(BaseCommand):
    help = "Print the shared glossary as SKOS (Turtle)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(export_turtle(), ending="")
