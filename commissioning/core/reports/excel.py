"""Excel workbooks that open cleanly: a bold frozen header, sensible widths, wrapped text, and text that
looks like a formula stored as text, never run."""

from io import BytesIO

from django.http import HttpResponse
from django.utils.text import slugify

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 80


def add_sheet(workbook, title: str, headers: list[str], rows, *, widths: dict[int, int] | None = None):
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    longest = [len(header) for header in headers]
    for row in rows:
        values = ["" if value is None else value for value in row]
        sheet.append(values)
        for index, value in enumerate(values):
            longest[index] = max(longest[index], min(len(str(value)), MAX_WIDTH))
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.alignment = wrap
                if cell.value.startswith(FORMULA_STARTS):
                    cell.data_type = "s"  # text that looks like a formula is kept as text, never run
    for index, length in enumerate(longest, start=1):
        width = (widths or {}).get(index, length + 2)
        sheet.column_dimensions[get_column_letter(index)].width = min(width, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    return sheet


def new_workbook(*, title: str):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = title
    workbook.properties.creator = "Commissioning Hub"
    return workbook


def xlsx_response(workbook, *, filename: str) -> HttpResponse:
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename) or "workbook"}.xlsx"'
    return response
