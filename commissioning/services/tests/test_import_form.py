"""The service map import takes a real CSV file or Excel workbook of at most 5 MB, never a program."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from commissioning.services.forms import ImportForm


def workbook() -> bytes:
    buffer = io.BytesIO()
    book = Workbook()
    book.active.append(["name", "provider"])
    book.save(buffer)
    return buffer.getvalue()


def errors(name: str, content: bytes) -> list[str]:
    form = ImportForm(data={}, files={"file": SimpleUploadedFile(name, content)})
    return [] if form.is_valid() else form.errors["file"]


def test_a_real_csv_or_workbook_passes():
    assert errors("services.csv", b"name,provider\nFamily hub,Brightside\n") == []
    assert errors("services.xlsx", workbook()) == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("services.exe", b"MZ\x90\x00", "The file must be a CSV file or an Excel workbook (.xlsx)"),
        ("services.csv", b"MZ\x90\x00\x03 a Windows program", "The file looks like a program"),
        ("services.xlsx", b"%PDF-1.7 renamed", "The file is not a real XLSX file"),
        ("services.xlsx", b"PK\x03\x04 a zip that is no workbook", "The file is not a real XLSX file"),
        ("services.csv", b"name\x00provider\n", "The file must be plain text (UTF-8)"),
        ("services.csv", b"", "The file is empty"),
        ("services.csv", b"a" * (5 * 1024 * 1024 + 1), "The file must be smaller than 5 MB"),
    ],
)
def test_a_wrong_disguised_or_oversized_file_is_refused_saying_why(name, content, message):
    refused = errors(name, content)
    assert len(refused) == 1 and message in refused[0]
