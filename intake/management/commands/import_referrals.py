"""Import a day's referrals from a partner department's CSV or .xlsx export."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intake.models import PartnerSystem
from intake.services.referral_import import referrals_import


class Command(BaseCommand):
    help = "Import referrals (CSV or .xlsx); rows already imported are not registered twice."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .csv or .xlsx file")
        parser.add_argument("--partner", required=True, help="the partner system's id or name")

    def handle(self, *args, path, partner, **options):
        lookup = {"pk": int(partner)} if partner.isdigit() else {"name": partner}
        system = PartnerSystem.objects.filter(**lookup).first()
        if system is None:
            raise CommandError(f"No partner system {partner!r}.")
        file_path = Path(path)
        if not file_path.exists():
            raise CommandError(f"No file {path}.")
        with file_path.open("rb") as handle:
            report = referrals_import(partner=system, file=handle, filename=file_path.name)
        for number, reference, case in report.created:
            self.stdout.write(f"row {number}: {reference} → {case} (registered)")
        for number, reference, case in report.existing:
            self.stdout.write(f"row {number}: {reference} → {case} (already there)")
        for number, message in report.errors:
            self.stderr.write(f"row {number}: {message}")
        self.stdout.write(
            f"{len(report.created)} registered, {len(report.existing)} already there, "
            f"{len(report.errors)} refused."
        )
        if report.errors:
            raise SystemExit(1)
