"""A register's import (the contracts register's, the service map's) takes a real CSV file or Excel workbook of at
most 5 MB, never a program."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from commissioning.contracts.forms import ImportForm as ContractsImportForm
from commissioning.services.forms import ImportForm as ServicesImportForm

FORMS = [ContractsImportForm, ServicesImportForm]


def workbook() -> bytes:
    buffer = io.BytesIO()
    book = Workbook()
    book.active.append(["reference", "provider"])
    book.save(buffer)
    return buffer.getvalue()


def errors(name: str, content: bytes, form_class=ContractsImportForm) -> list[str]:
    form = form_class(data={}, files={"file": SimpleUploadedFile(name, content)})
    return [] if form.is_valid() else form.errors["file"]


@pytest.mark.parametrize("form_class", FORMS)
def test_a_real_csv_or_workbook_passes(form_class):
    assert errors("agreements.csv", b"reference,provider\nC-001,Brightside\n", form_class) == []
    assert errors("agreements.xlsx", workbook(), form_class) == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("agreements.exe", b"MZ\x90\x00", "The file must be a CSV file or an Excel workbook (.xlsx)"),
        ("agreements.csv", b"MZ\x90\x00\x03 a Windows program", "The file looks like a program"),
        ("agreements.xlsx", b"%PDF-1.7 renamed", "The file is not a real XLSX file"),
        (
            "agreements.xlsx",
            b"PK\x03\x04 a zip that is no workbook",
            "The file is not a real XLSX file",
        ),
        ("agreements.csv", b"reference\x00provider\n", "The file must be plain text (UTF-8)"),
        ("agreements.csv", b"", "The file is empty"),
        ("agreements.csv", b"a" * (5 * 1024 * 1024 + 1), "The file must be smaller than 5 MB"),
    ],
)
@pytest.mark.parametrize("form_class", FORMS)
def test_a_wrong_disguised_or_oversized_file_is_refused_saying_why(form_class, name, content, message):
    refused = errors(name, content, form_class)
    assert len(refused) == 1 and message in refused[0]
