"""CSV downloads of the benchmark tables: numbers stay numbers (negative gaps included), and text cannot
start a spreadsheet formula."""

import csv
import re

from django.http import HttpResponse
from django.utils.text import slugify

_NUMBER = re.compile(r"^-?\d+(\.\d+)?(e-?\d+)?$")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if _NUMBER.match(text):
        return text
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def csv_download(filename: str, columns: list[tuple[str, object]], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.csv"'
    response.write("\ufeff")  # so Excel opens UTF-8 correctly
    writer = csv.writer(response)
    writer.writerow([safe_cell(heading) for heading, _ in columns])
    for row in rows:
        writer.writerow([safe_cell(getter(row)) for _, getter in columns])
    return response
