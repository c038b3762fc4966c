"""The kinds of reference data a spreadsheet can bring in (see docs/import.md)."""

from django.utils.translation import gettext_lazy as _

from grids.imports.base import Importer, ImportResult
from grids.imports.companies import CompanyImporter
from grids.imports.geography import GeographyImporter

from .staff import StaffImporter

IMPORTERS: dict[str, type[Importer]] = {
    "geography": GeographyImporter,
    "companies": CompanyImporter,
    "staff": StaffImporter,
}
KIND_CHOICES = [
    ("geography", _("Geography: districts, streets, communities, grids, compounds")),
    ("companies", _("Property companies")),
    ("staff", _("Staff and their team roles")),
]


def reference_import(
    *, kind: str, data: bytes, dry_run: bool = False, scale: int = 1
) -> ImportResult:
    """Import one file of one kind: all rows or none (see grids.imports.base). `scale` lets
    the command read files that many times longer than the admin's upload page allows."""
    importer = IMPORTERS[kind]()
    return importer.run(data, dry_run=dry_run, limits=importer.LIMITS.scaled(scale))
