from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mediators.imports import IMPORTERS, reference_import

# The upload page stops at 5,000 rows so that a request ends inside gunicorn's timeout; run on
# the server, the command takes a city's list (50,000 compounds) in one file.
COMMAND_SCALE = 40


class Command(BaseCommand):
    help = (
        "Import reference data from a CSV or .xlsx file: all rows or none. Every bad row is "
        "reported with its line and reason; importing the same file again changes nothing. "
        "Column layout: docs/import.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", required=True, choices=sorted(IMPORTERS))
        parser.add_argument("--check", action="store_true", help="validate every row, save nothing")

    def handle(self, *args, file: Path, kind: str, check: bool, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        result = reference_import(
            kind=kind, data=file.read_bytes(), dry_run=check, scale=COMMAND_SCALE
        )
        for error in result.errors:
            self.stderr.write(str(error))
        if not result.ok:
            raise CommandError(result.summary())
        self.stdout.write(self.style.SUCCESS(result.summary()))
