"""How long the spreadsheet reader (core.spreadsheets) takes to refuse the tester's zip bomb
and to read the biggest files each import accepts.

    .venv/bin/python bench/spreadsheet_bench.py [--repeat 20]

For every import: the tester's owners' list of issue 19 (2,001 rows × 5,000 cells, about
300 KB packed, 143 MB unpacked), refused from the zip's directory; a file at the import's
row limit with its documented columns, as openpyxl saves it, read; and the two costliest
files below the other limits, sheets that do not declare their size (openpyxl then reads the
sheet once to learn it): the most cells (stopped at the cell limit) and the most bytes (full
cells just under the unpacked limit). Reading only, no database. Prints the median and the
slowest of the runs; the results go in docs/import.md with the machine and the date.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("REDIS_URL", "")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from cases.services.member_import import LIMITS as OWNERS
    from core.spreadsheets import SpreadsheetRefused, spreadsheet_read
    from grids.imports.companies import CompanyImporter
    from grids.imports.geography import GeographyImporter
    from intake.services.referral_import import LIMITS as REFERRALS
    from mediators.imports.staff import StaffImporter
    from tests.factories.spreadsheets import bomb_xlsx, row_xml, sheet_xlsx, xlsx

    imports = {  # limits, the columns documented in docs/import.md
        "owners": (OWNERS, 6),
        "referrals": (REFERRALS, 11),
        "geography": (GeographyImporter.LIMITS, 25),
        "companies": (CompanyImporter.LIMITS, 7),
        "staff": (StaffImporter.LIMITS, 12),
    }

    def measure(name: str, what: str, data: bytes, limits, repeat: int) -> None:
        times, outcome = [], ""
        for _ in range(repeat):
            start = time.perf_counter()
            try:
                table = spreadsheet_read(data, limits=limits)
                outcome = f"read {len(table.rows)} rows"
            except SpreadsheetRefused as refused:
                outcome = "refused: " + refused.message[:40]
            times.append(time.perf_counter() - start)
        median, slowest = statistics.median(times) * 1000, max(times) * 1000
        print(f"{name:10} {what:11} {median:9.2f} ms (slowest {slowest:8.2f}) {outcome}")

    bomb = bomb_xlsx()
    machine = platform.processor() or platform.machine()
    print(f"{platform.node()} · {machine} · {os.cpu_count()} cores")
    print(f"tester's file: {len(bomb) / 1024:.0f} KB packed")
    few = max(3, args.repeat // 5)
    for name, (limits, columns) in imports.items():
        measure(name, "bomb", bomb, limits, args.repeat)
        full = xlsx([[f"列{c}" for c in range(columns)]] + [["值"] * columns] * limits.rows)
        measure(name, "at the rows", full, limits, few)
        rows = min(limits.cells // limits.columns + 1, limits.rows)
        most_cells = sheet_xlsx(
            row_xml([f"值{r}"] * limits.columns, number=r) for r in range(1, rows + 1)
        )
        measure(name, "most cells", most_cells, limits, few)
        measure(name, "most bytes", _biggest(limits, sheet_xlsx, row_xml), limits, few)


def _biggest(limits, sheet_xlsx, row_xml) -> bytes:
    """A sheet of full cells (random 0s and 1s: packs about 7 times, under the ratio) just
    under the unpacked limit, its size not declared, within the file limit."""
    rng = random.Random(19)
    per_row = len(row_xml(["0" * limits.cell_chars] * 10, number=99_999))
    rows = (limits.unpacked_bytes - 100_000) // per_row

    def cells():
        return ["".join(rng.choice("01") for _ in range(limits.cell_chars)) for _ in range(10)]

    return sheet_xlsx(row_xml(cells(), number=r) for r in range(1, rows + 1))


if __name__ == "__main__":
    main()
