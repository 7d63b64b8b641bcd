from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.demo.locality import DEMO_PASSWORD, seed_demo_locality


class Command(BaseCommand):
    help = "Create the fictional demo locality (idempotent) and print the demo sign-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with ACCORD_DEBUG off (never on a database with real people).",
        )

    def handle(self, *args: object, force: bool, **options: object) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates fictional people with a published password: it runs only in "
                "demo mode (ACCORD_DEBUG=1) or with --force."
            )
        result = seed_demo_locality()
        if result.created:
            self.stdout.write(f"Created the demo locality: {', '.join(result.created)}.")
        if result.households:
            self.stdout.write(f"Created the demo casework: {', '.join(result.households)}.")
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD})")
        for username, persona in result.personas:
            self.stdout.write(f"  {username:<18} {persona}")
        self.stdout.write("")
        self.stdout.write(
            "Each sign-in asks for a code from an authenticator app. Get the current one with:"
        )
        self.stdout.write(
            "  .venv/bin/python manage.py demo_totp USERNAME   (or: make totp WHO=USERNAME)"
        )
