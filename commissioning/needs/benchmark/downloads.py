"""Downloads of the benchmark tables and charts. In CSV, numbers stay numbers (negative gaps included), and
text cannot start a spreadsheet formula."""

import csv
import re

from django.http import Http404, HttpResponse
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


def svg_download(chart, filename: str) -> HttpResponse:
    """A chart as an SVG file: 404 when there is no such chart for the figures shown, 503 when it could not
    be drawn."""
    if chart is None:
        raise Http404("There is no such chart for these figures.")
    if chart.failed:
        return HttpResponse(chart.failed_text, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(chart.svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.svg"'
    return response
