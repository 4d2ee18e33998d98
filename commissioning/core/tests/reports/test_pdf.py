import pytest

from commissioning.core.reports.excel import add_sheet, new_workbook
from commissioning.core.reports.pdf import FetchRefused, static_file_for, static_only_fetcher


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/logo.png",
        "file:///etc/passwd",
        "/static/../../config/settings/base.py",
        "data:,x",
    ],
)
def test_pdf_fetches_nothing_but_static_files(url):
    with pytest.raises(FetchRefused):
        static_file_for(url)
    with pytest.raises(FetchRefused):
        static_only_fetcher().fetch(url)


def test_pdf_can_use_a_static_file():
    fetched = static_only_fetcher().fetch("file:///static/assets/images/favicon.svg")
    assert b"<svg" in fetched.read()
    assert fetched.headers["Content-Type"] == "image/svg+xml"


def test_workbook_text_never_becomes_a_formula():
    workbook = new_workbook(title="Test")
    sheet = add_sheet(workbook, "Rows", ["Name", "Value"], [["=1+1", 2], ["+44 1632", None], ["Plain", 3.5]])
    assert [cell.data_type for cell in sheet["A"][1:]] == ["s", "s", "s"]
    assert sheet["B3"].value == ""
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
