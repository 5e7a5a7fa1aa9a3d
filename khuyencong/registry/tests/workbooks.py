"""Build spreadsheets like the ones provinces keep, for the import tests."""

import io

from openpyxl import Workbook


def workbook_bytes(rows: list[list], merges: list[str] = ()) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def as_file(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)
