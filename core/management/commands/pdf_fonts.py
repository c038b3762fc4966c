"""Cut the system's CJK fonts into the slices the PDF renderer embeds (see core.pdf_fonts).

Run by the set-up (scripts/bootstrap.sh, the Dockerfile); the renderer also does it on first
use when the slices are missing or the system fonts changed.
"""

from django.core.management.base import BaseCommand

from core import pdf_fonts


class Command(BaseCommand):
    help = "Prepare the font slices for PDF documents (fast to embed, every character covered)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="cut them again")

    def handle(self, *args, **options):
        slices = pdf_fonts.prepare(force=options["force"])
        codepoints = sum(s.codepoints for s in slices if s.weight == 400)
        self.stdout.write(
            f"{len(slices)} font slices in {pdf_fonts.font_dir()}: "
            f"{codepoints} characters in the regular weight."
        )
