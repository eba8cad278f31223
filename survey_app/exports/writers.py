"""Write a :class:`CampaignExport` as CSV files (one per table, in a zip) or XLSX (one sheet each).

A spreadsheet opens a CSV file as one table, its first row the header: several tables in one
file came out as one ragged sheet. So each table is a file of its own, and the download is a
zip of them, named in the export's order (``01-headline.csv``, ``02-practices.csv``, ...).
"""

from __future__ import annotations

import csv
import io
import zipfile

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .cells import Cell
from .services import CampaignExport, Table

ZIP_MIMETYPE = "application/zip"
# Every member's time in the zip: the archive says nothing about when it was made (an exact
# time could be set beside who answered when).
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv_value(value: Cell) -> str | int | float:
    return "" if value is None else value


def to_csv(table: Table) -> bytes:
    """One table as a CSV file: the header row, then the rows. UTF-8 with a byte order mark,
    so spreadsheets pick the right encoding."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.header)
    writer.writerows([_csv_value(c) for c in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")


def csv_name(position: int, table: Table) -> str:
    """The file name of a table in the zip: its place in the export, then its name."""
    return f"{position:02d}-{table.name.lower()}.csv"


def to_csv_zip(export: CampaignExport) -> bytes:
    """Every table of the export as a CSV file of its own, in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for position, table in enumerate(export.tables, start=1):
            member = zipfile.ZipInfo(csv_name(position, table), date_time=_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(member, to_csv(table))
    return buffer.getvalue()


def _xlsx_value(value: Cell) -> Cell:
    # openpyxl refuses control characters in strings; drop them rather than fail the download.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def to_xlsx(export: CampaignExport) -> bytes:
    """One sheet per table. Every text cell is stored as a string, never as a formula."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for table in export.tables:
        sheet = workbook.create_sheet(table.name)
        widths = [len(h) for h in table.header]
        for r, row in enumerate((table.header, *table.rows), start=1):
            for c, value in enumerate(row, start=1):
                value = _xlsx_value(value)
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # a string, whatever it starts with
                    widths[c - 1] = max(widths[c - 1], min(len(value), 80))
                if r == 1:
                    cell.font = bold
        sheet.freeze_panes = "A2"
        for c, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(c)].width = width + 2
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
