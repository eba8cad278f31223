"""The CSV export read back as a spreadsheet would open it: a zip of CSV files, one table each."""

from __future__ import annotations

import csv
import io
import re
import zipfile

MEMBER = re.compile(r"(\d{2})-([a-z]+)\.csv")


def csv_members(body: bytes) -> dict[str, bytes]:
    """The zip's files by name, in the archive's order; fails on anything but numbered CSVs."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = archive.namelist()
        assert all(MEMBER.fullmatch(name) for name in names), names
        assert [int(MEMBER.fullmatch(n).group(1)) for n in names] == list(  # type: ignore[union-attr]
            range(1, len(names) + 1)
        ), names
        return {name: archive.read(name) for name in names}


def csv_tables(body: bytes) -> dict[str, list[list[str]]]:
    """``{table name: [header, *rows]}`` ("Headline", "Practices", ...), in the export's order.

    Each file must be one clean table: a byte order mark, then a header and rows that all have
    the header's width (no section titles, no blank separator rows)."""
    tables: dict[str, list[list[str]]] = {}
    for name, data in csv_members(body).items():
        assert data.startswith(b"\xef\xbb\xbf"), name
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert rows, name
        assert all(len(row) == len(rows[0]) for row in rows), (name, rows)
        tables[MEMBER.fullmatch(name).group(2).capitalize()] = rows  # type: ignore[union-attr]
    return tables


def csv_text(body: bytes) -> bytes:
    """Every file of the zip, uncompressed, one after the other: for searching the contents."""
    return b"".join(csv_members(body).values())
