"""ListPageMixin's CSV downloads: the streamed file is the same file as the one written at once."""

from django.test import RequestFactory

from commissioning.core.views import ListPageMixin


class Export(ListPageMixin):
    csv_filename = "Named rows"
    csv_columns = [("Name", lambda row: row["name"]), ("Note", lambda row: row["note"])]

    def __init__(self):
        self.request = RequestFactory().get("/?format=csv")


ROWS = [
    {"name": "=SUM(A1)", "note": "formula"},
    {"name": "Café, “quoted”", "note": 'has "quotes"\nand a new line'},
    {"name": "-10", "note": None},
    {"name": "@cmd", "note": "+1"},
]


def test_streamed_csv_is_the_same_file_with_the_bom_and_escaping():
    export = Export()
    whole = export.csv_response(ROWS)
    streamed = export.csv_streaming_response(iter(ROWS))
    assert streamed.streaming
    body = b"".join(streamed.streaming_content)
    assert body == whole.content
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    assert text.splitlines()[1] == "'=SUM(A1),formula"
    assert "'-10," in text and "'@cmd,'+1" in text
    assert streamed["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        streamed["Content-Disposition"]
        == whole["Content-Disposition"]
        == 'attachment; filename="named-rows.csv"'
    )


def test_streamed_csv_of_no_rows_has_the_headings():
    body = b"".join(Export().csv_streaming_response(iter([])).streaming_content)
    assert body.decode("utf-8-sig") == "Name,Note\r\n"
