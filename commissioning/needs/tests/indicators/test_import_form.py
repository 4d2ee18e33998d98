"""The indicator import page takes a real UTF-8 CSV file under the size limit and a YAML mapping of at most
1 MB; a program is refused whatever it is called."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commissioning.needs.indicators.forms import OWN_MAPPING, ImportUploadForm
from commissioning.needs.models import StagedImport

CSV = b"area_code,area_name,period,indicator,measure,unit,value\n"


def errors(*, file=("figures.csv", CSV), mapping_file=None) -> dict:
    files = {"file": SimpleUploadedFile(*file)}
    data = {"mapping": ""}
    if mapping_file is not None:
        files["mapping_file"] = SimpleUploadedFile(*mapping_file)
        data["mapping"] = OWN_MAPPING
    form = ImportUploadForm(data=data, files=files)
    return {} if form.is_valid() else form.errors


def test_a_real_csv_and_mapping_pass(db):
    assert errors() == {}
    assert errors(mapping_file=("mapping.yaml", b"indicators: []\n")) == {}


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (("figures.csv", b"MZ\x90\x00\x03 a Windows program"), "The file looks like a program"),
        (("figures.csv", b"\x7fELF\x02\x01\x01"), "The file looks like a program"),
        (("figures.txt", b"\x89PNG\r\n\x1a\n\x00\x00"), "The file must be plain text (UTF-8)"),
        (("figures.csv", "area,value\n".encode("utf-16")), "The file must be plain text (UTF-8)"),
        (("figures.xlsx", b"PK\x03\x04"), "The file must be a CSV file (.csv)"),
    ],
)
def test_a_disguised_or_binary_file_is_refused(db, file, message):
    refused = errors(file=file)["file"]
    assert len(refused) == 1 and message in refused[0]


def test_a_file_over_the_limit_is_refused_pointing_to_the_command(db, settings):
    settings.INDICATOR_IMPORT_MAX_BYTES = 1024
    refused = errors(file=("figures.csv", CSV * 100))["file"]
    assert refused == [
        "The file must be smaller than 1 KB: import a bigger file with manage.py import_indicators"
    ]


@pytest.mark.parametrize(
    ("mapping_file", "message"),
    [
        (("mapping.yaml", b"#!/usr/bin/env python\nimport os\n"), "The file looks like a program"),
        (("mapping.yaml", b"indicators:\x00[]"), "The file must be plain text (UTF-8)"),
        (("mapping.yml", b"a: b\n" * 300_000), "The file must be smaller than 1 MB"),
        (("mapping.json", b"{}"), "The mapping must be a YAML file (.yaml)"),
    ],
)
def test_a_wrong_mapping_file_is_refused(db, mapping_file, message):
    refused = errors(mapping_file=mapping_file)["mapping_file"]
    assert len(refused) == 1 and message in refused[0]


def test_the_page_refuses_a_disguised_program_and_stages_nothing(client_for, commissioner):
    response = client_for(commissioner).post(
        reverse("needs:import-upload"),
        {"file": SimpleUploadedFile("figures.csv", b"MZ\x90\x00\x03 a Windows program"), "mapping": ""},
    )
    assert response.status_code == 200
    assert "The file looks like a program, which cannot be uploaded." in response.content.decode()
    assert not StagedImport.objects.exists()
