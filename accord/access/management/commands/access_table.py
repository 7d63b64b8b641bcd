from django.core.management.base import BaseCommand

from accord.access import fields, registry


class Command(BaseCommand):
    help = (
        "Print the registry of record kinds and the field-level rule tables, as they must appear "
        "in docs/access-control.md."
    )

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(registry.render_markdown(), ending="")
        self.stdout.write("")
        self.stdout.write(fields.render_markdown(), ending="")
