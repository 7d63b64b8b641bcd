"""Print the tables this locality would send for a period, after suppression:
`indicators_compute --period 2026-Q3 --format json` (or `--format csv`). Nothing is saved."""

import csv
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.network.periods import Period
from accord.network.reporting import period_tables


class Command(BaseCommand):
    help = "Print the period's protected indicator tables, exactly as they would be sent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="a quarter (2026-Q3) or a year")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args: object, **options: object) -> None:
        try:
            period = Period.parse(str(options["period"]))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        tables = period_tables(period)
        if options["format"] == "json":
            self.stdout.write(json.dumps(tables, indent=2, ensure_ascii=False))
            return
        writer = csv.writer(self.stdout)
        writer.writerow(["indicator", "version", "period", "key", "value", "flag"])
        for table in tables:
            for cell in table["cells"]:
                value = "" if cell["value"] is None else cell["value"]
                writer.writerow(
                    [
                        table["indicator"],
                        table["version"],
                        table["period"],
                        "/".join(cell["key"]),
                        value,
                        cell["flag"],
                    ]
                )
