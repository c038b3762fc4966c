"""The one spreadsheet reader of every import: a zip bomb is refused from the zip's directory
without inflating it, a sheet is streamed and stopped at the first limit a row crosses, a CSV
is decoded once (UTF-8 or GB18030) under the same limits. Messages are Chinese (the tests'
language) and name the limit and what the file has.

Nothing here times anything: a refusal is shown to be early by the bytes zipfile inflated
(tests.factories.spreadsheets.inflated); bench/spreadsheet_bench.py prints how long it takes."""

import io
import struct
import zipfile

import pytest

from cases.services.member_import import LIMITS as OWNERS
from core.spreadsheets import (
    MAX_PARTS,
    Limits,
    SpreadsheetRefused,
    spreadsheet_read,
)
from grids.imports.companies import CompanyImporter
from grids.imports.geography import GeographyImporter
from intake.services.referral_import import LIMITS as REFERRALS
from mediators.imports.staff import StaffImporter
from tests.factories.spreadsheets import (
    SHEET,
    bomb_xlsx,
    csv_bytes,
    inflated,
    row_xml,
    sheet_xlsx,
    unpacked_size,
    xlsx,
)

SMALL = Limits(file_mb=1, unpacked_mb=2, rows=20, columns=5, cells=60, cell_chars=12)
EVERY_IMPORT = {
    "owners": OWNERS,
    "referrals": REFERRALS,
    "geography": GeographyImporter.LIMITS,
    "companies": CompanyImporter.LIMITS,
    "staff": StaffImporter.LIMITS,
}
TABLE = [["姓名", "手机号"], ["张三", "13812340001"], ["李四", "13812340002"]]


def refused(data, limits=SMALL, **kwargs) -> str:
    with pytest.raises(SpreadsheetRefused) as refusal:
        spreadsheet_read(data, limits=limits, **kwargs)
    return refusal.value.message


# Ordinary files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        xlsx(TABLE),
        xlsx(TABLE, dimension=False),
        csv_bytes(TABLE),
        csv_bytes(TABLE, encoding="gb18030"),
        csv_bytes(TABLE, encoding="utf-8"),
        "姓名;手机号\n张三;13812340001\n李四;13812340002\n".encode(),
        "姓名\t手机号\n张三\t13812340001\n李四\t13812340002\n".encode("gb18030"),
    ],
    ids=["xlsx", "xlsx-no-dimension", "csv-bom", "csv-gb18030", "csv-utf8", "semicolons", "tabs"],
)
def test_it_reads_the_same_table_from_every_kind_of_file(data):
    table = spreadsheet_read(data, limits=SMALL)
    assert (table.header.number, table.header.cells) == (1, ["姓名", "手机号"])
    assert [(line.number, line.cells) for line in table.rows] == [
        (2, ["张三", "13812340001"]),
        (3, ["李四", "13812340002"]),
    ]


def test_it_skips_blank_lines_and_keeps_the_numbers_excel_shows():
    data = xlsx([[], ["姓名", None], [None, None], ["张三", 13812340001.0], ["", "x", None]])
    table = spreadsheet_read(data, limits=SMALL)
    assert table.header.number == 2
    assert [(line.number, line.cells) for line in table.rows] == [
        (4, ["张三", "13812340001"]),  # a number typed in Excel, without ".0"
        (5, ["", "x"]),  # up to the last cell that is not blank
    ]


def test_a_valid_xlsx_is_inflated_and_counted():
    """The counter the other tests rely on sees openpyxl's reads."""
    data = xlsx(TABLE)
    with inflated() as count:
        spreadsheet_read(data, limits=SMALL)
    assert count[0] >= unpacked_size(data)


# Zip bombs: refused from the directory, nothing inflated -----------------------------------


@pytest.mark.parametrize("kind", EVERY_IMPORT)
def test_the_testers_bomb_is_refused_from_the_zip_directory_without_inflating_it(kind):
    data = bomb_xlsx()
    assert len(data) < 400 * 1024 and unpacked_size(data) > 140 * 1024 * 1024
    limits = EVERY_IMPORT[kind]
    with inflated() as count:
        message = refused(data, limits)
    assert count[0] == 0
    assert f"解压后有 {unpacked_size(data, part=None) / 1048576:.1f} MB" in message
    assert f"最多可读取 {limits.unpacked_mb} MB" in message


def test_a_part_that_packs_too_well_is_refused_although_the_total_is_allowed():
    row = row_xml(["同意"] * 5)
    data = sheet_xlsx(row for _ in range(6000))  # 1.4 MB of sheet, packed hundreds of times
    assert 1024 * 1024 < unpacked_size(data) < SMALL.unpacked_bytes
    with inflated() as count:
        message = refused(data)
    assert count[0] == 0
    assert SHEET in message and "最多 100 倍" in message


def test_a_workbook_of_too_many_parts_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(MAX_PARTS + 1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", b"<worksheet/>")
    message = refused(buffer.getvalue())
    assert f"包含 {MAX_PARTS + 1} 个部件" in message


def test_a_directory_that_understates_a_part_cannot_make_zipfile_inflate_more():
    """The sheet says it unpacks to 100 bytes and holds 10 MB: zipfile stops at the 100th
    byte (and fails the CRC), so the sizes the reader checks are the most it can inflate."""
    data = bytearray(sheet_xlsx(row_xml(["x" * 9]) for _ in range(200_000)))
    offset = data.find(SHEET.encode()) - 30  # its local header
    struct.pack_into("<I", data, offset + 22, 100)
    offset = data.rfind(SHEET.encode()) - 46  # its entry in the directory
    struct.pack_into("<I", data, offset + 24, 100)
    parts = zipfile.ZipFile(io.BytesIO(bytes(data))).infolist()
    declared = sum(part.file_size for part in parts)
    assert next(p for p in parts if p.filename == SHEET).file_size == 100 and declared < 20_000
    with inflated() as count:
        message = refused(bytes(data))
    assert message == "无法作为 .xlsx 工作簿读取该文件。"
    assert count[0] <= 2 * declared  # openpyxl opens the sheet twice; 2 MB are never inflated


# Sheets: the declared size, then the rows as they come -------------------------------------


def test_a_sheet_that_declares_too_many_cells_is_refused_before_its_rows_are_read():
    rows = [row_xml(["x"] * 5) for _ in range(3000)]
    data = sheet_xlsx(rows, dimension="A1:GJH2001")
    with inflated() as count:
        message = refused(data, OWNERS)
    assert "2001 行 × 5000 列" in message and "50 列" in message
    assert count[0] < unpacked_size(data) / 10  # the sheet's first chunks only


def test_a_sheet_that_understates_its_size_is_stopped_at_the_row_limit():
    rows = [row_xml([f"业主{i}", "x"]) for i in range(20_000)]
    data = sheet_xlsx(rows, dimension="A1:B2")
    with inflated() as count:
        message = refused(data, OWNERS)
    assert message == "文件超过 2000 行（不含标题行），请拆分为几个文件。"
    assert count[0] < unpacked_size(data) / 2  # stopped a tenth of the way in


def test_a_sheet_that_jumps_to_the_last_row_is_stopped_at_the_cell_limit():
    """openpyxl hands out every row up to row 1,048,576: each counts as a cell."""
    data = sheet_xlsx([row_xml(["姓名"], number=1), row_xml(["x"], number=1_048_576)])
    message = refused(data)
    assert "超过 60 个单元格" in message and "第 61 行" in message


@pytest.mark.parametrize("dimension", [True, False])
def test_rows_times_columns_over_the_cell_limit_are_refused(dimension):
    table = [[f"c{i}" for i in range(40)]] + [["x"] * 40 for _ in range(2000)]
    message = refused(xlsx(table, dimension=dimension), OWNERS)
    if dimension:
        assert "2001 行 × 40 列" in message
    else:
        assert "超过 50000 个单元格" in message


def test_a_row_wider_than_the_column_limit_is_refused():
    message = refused(xlsx([["a"] * 6, ["b"]], dimension=False))
    assert message == "第 1 行有 6 列，最多可读取 5 列。"


def test_a_cell_longer_than_the_limit_is_refused():
    message = refused(xlsx([["姓名"], ["张" * 13]], dimension=False))
    assert message == "第 2 行有单元格超过 12 个字符。"


def test_a_file_that_is_no_workbook_is_refused():
    assert refused(b"not a zip", name="day.xlsx") == "无法作为 .xlsx 工作簿读取该文件。"
    assert refused(b"PK\x03\x04 and then no zip") == "无法作为 .xlsx 工作簿读取该文件。"
    assert "既不是 CSV 也不是 Excel" in refused(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert refused(b"\n\n , \n") == "文件为空：第一行应为列名。"


def test_a_file_over_the_size_limit_is_refused_unread():
    upload = io.BytesIO(b"a,b\n" * (300 * 1024))  # 1.2 MB
    assert refused(upload) == "文件大小为 1.2 MB，一次最多可导入 1 MB，请拆分为几个文件。"


# CSV ---------------------------------------------------------------------------------------


def test_a_csv_line_with_a_giant_field_is_refused_before_csv_splits_it():
    data = "姓名,备注\n张三,".encode() + b"x" * 1_000_000 + b"\n"
    message = refused(data, OWNERS)
    assert message.startswith("第 2 行有 1000004 个字符，每行最多 12900 个字符")


def test_a_giant_quoted_field_over_many_short_lines_is_refused():
    """Each line is short; the field is longer than csv's own limit (128 KB)."""
    field = "\n".join(["x" * 50] * 4000)
    data = f'姓名,备注\n张三,"{field}"\n'.encode()
    assert refused(data, OWNERS) == "第 2 行有单元格超过 255 个字符。"
    assert refused(f'姓名,备注\n张三,"{"x" * 256}"\n'.encode(), OWNERS) == (
        "第 2 行有单元格超过 255 个字符。"
    )


def test_a_csv_of_blank_lines_is_stopped_at_the_cell_limit():
    message = refused(b"a,b\n" + b"\n" * 500_000)
    assert "超过 60 个单元格" in message


def test_a_csv_with_too_many_rows_or_columns_is_refused():
    assert refused(csv_bytes([["a"]] * 22)) == "文件超过 20 行（不含标题行），请拆分为几个文件。"
    assert refused(csv_bytes([["a", "b"], ["1"] * 7])) == "第 2 行有 7 列，最多可读取 5 列。"
