from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accord.accounts.models import Organisation
from accord.audit.context import Actor
from accord.people.retention import due_people, retention_apply


class Command(BaseCommand):
    help = (
        "Apply each organisation's retention policy now: anonymise or delete the people whose "
        "cases have all been closed for longer than its retention period. Runs in this process "
        "(it enqueues nothing); schedule it daily with cron or a systemd timer."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count who is due, per organisation; change nothing.",
        )

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        today = timezone.localdate()
        if dry_run:
            for organisation in Organisation.objects.order_by("name"):
                due = due_people(organisation, today=today).count()
                self.stdout.write(
                    f"{organisation.name}: {due} to {organisation.retention_action} "
                    f"(after {organisation.retention_years} years)"
                )
            self.stdout.write("Dry run: nothing changed.")
            return
        report = retention_apply(actor=Actor.system(), today=today)
        counts = report.counts()
        summary = ", ".join(f"{count} {what}" for what, count in counts.items())
        if report.failed:
            # Non-zero exit for cron and monitoring; the log names the ids.
            raise CommandError(f"Retention applied with failures: {summary}.")
        self.stdout.write(self.style.SUCCESS(f"Retention applied: {summary}."))
