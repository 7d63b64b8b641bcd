from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accord.knowledge.glossary import consistency_problems


class Command(BaseCommand):
    help = "Check the shared glossary: no loop among broader concepts, a preferred label in "
    "every language a concept has labels in. Exits 1 on a problem."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = consistency_problems()
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write("The glossary is consistent.")
