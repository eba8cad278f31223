"""Write a :class:`CampaignExport` as CSV (one section per table) or XLSX (one sheet each)."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .cells import Cell
from .services import CampaignExport

CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv_value(value: Cell) -> str | int | float:
    return "" if value is None else value


def to_csv(export: CampaignExport) -> bytes:
    """UTF-8 with a byte order mark, so spreadsheets pick the right encoding.

    Each table is a section: its name on a row of its own, the header, the rows, a blank row.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for n, table in enumerate(export.tables):
        if n:
            writer.writerow([])
        writer.writerow([table.name])
        writer.writerow(table.header)
        writer.writerows([_csv_value(c) for c in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")


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
