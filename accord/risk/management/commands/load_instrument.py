"""Load a risk instrument file (YAML or JSON) as a new version: `load_instrument FILE
[--organisation SLUG]`, or every instrument Accord ships with `--shipped`. Problems are listed
with the line and field they concern, and nothing is loaded."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.accounts.models import Organisation
from accord.audit.context import Actor
from accord.risk.loader import MAX_FILE_BYTES, SHIPPED_DIR
from accord.risk.services import instrument_load


class Command(BaseCommand):
    help = "Load a risk instrument file (or every shipped one) as a new version."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path)
        parser.add_argument("--organisation", help="slug of the organisation that owns it")
        parser.add_argument(
            "--shipped", action="store_true", help="load the instruments Accord ships"
        )

    def handle(self, *args: object, **options: object) -> None:
        files: list[Path] = list(options["files"])  # type: ignore[call-overload]
        if options["shipped"]:
            files += sorted(p for p in SHIPPED_DIR.iterdir() if p.suffix in {".yaml", ".json"})
        if not files:
            raise CommandError("Name a file, or use --shipped.")
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"No organisation with the slug {options['organisation']!r}.")
        for path in files:
            self._load(path, organisation)

    def _load(self, path: Path, organisation: Organisation | None) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(f"{path}: larger than {MAX_FILE_BYTES} bytes.")
        try:
            instrument = instrument_load(
                actor=Actor.system(),
                text=path.read_text(encoding="utf-8"),
                organisation=organisation,
            )
        except UnicodeDecodeError as error:
            raise CommandError(f"{path}: not UTF-8 text.") from error
        except ValidationError as error:
            problems = "\n".join(f"  {message}" for message in error.messages)
            raise CommandError(f"{path}: not loaded:\n{problems}") from error
        self.stdout.write(f"{path.name}: {instrument.slug} version {instrument.version} loaded.")
