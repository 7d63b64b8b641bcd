from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database to FILE and FILE.manifest.json, online (safe while Accord "
        "serves). The key ring is not in it: back that up apart (docs/operations.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Where to write the backup (must not exist).")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            manifest = backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest.tables.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {len(manifest.tables)} tables ({rows} rows) to {file}; key ids "
                f"{', '.join(manifest.key_ids)} (keep the key ring's own backup with them)."
            )
        )
