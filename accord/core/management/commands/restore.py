from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into the configured (empty) database, then verify "
        "it: row counts, decryption with the configured key ring, and the audit chain."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The backup (its manifest beside it).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the configured database even if it is not empty.",
        )

    def handle(self, *args: Any, file: Path, force: bool, **options: Any) -> None:
        try:
            manifest = restore(file, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        # Raises CommandError (exit status 1) naming the first broken link, if any.
        call_command("audit_verify", stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {len(manifest.tables)} tables from {file} (backed up "
                f"{manifest.created_at}); counts, decryption and audit chain verified."
            )
        )
