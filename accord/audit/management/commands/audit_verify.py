from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accord.audit.verify import CHUNK_SIZE, audit_chain_verify


class Command(BaseCommand):
    help = (
        "Verify the audit log's hash chain from the first event to the head. Exits non-zero "
        "and names the first broken link if any event was altered, removed, moved or added."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=CHUNK_SIZE,
            help=f"Events fetched per database round trip (default {CHUNK_SIZE}).",
        )

    def handle(self, *args: Any, chunk_size: int, **options: Any) -> None:
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1.")
        report = audit_chain_verify(chunk_size=chunk_size)
        if report.first_break is not None:
            # CommandError exits with status 1, which is what cron and monitoring look for.
            raise CommandError(
                f"Audit log broken at {report.first_break}. "
                f"{report.events} event(s) before it verified."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {report.events} events"))
