from django.core.management.base import BaseCommand

from accord.access.fields import render_markdown


class Command(BaseCommand):
    help = "Print the field-level rule tables as they must appear in docs/access-control.md."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(render_markdown(), ending="")
