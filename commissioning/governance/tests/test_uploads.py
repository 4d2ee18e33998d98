"""Terms of reference and minutes uploaded as files pass the upload checks; refused files are not kept."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commissioning.governance import services
from commissioning.governance.models import Body

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n"
DISGUISED = b"MZ\x90\x00\x03\x00\x00\x00 a Windows program"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("terms.exe", DISGUISED, "The file must be one of"),
        ("terms.pdf", DISGUISED, "The file looks like a program"),
        ("terms.pdf", b"<html><script>alert(1)</script></html>", "The file is not a real PDF file"),
        ("terms.html", b"<html></html>", "must be one of"),
    ],
)
def test_a_body_refuses_a_terms_document_that_is_not_a_document(manager, media, name, content, message):
    with pytest.raises(ValidationError) as excinfo:
        services.body_create(
            actor=manager,
            data={"name": "Board", "body_type": "board", "terms_document": SimpleUploadedFile(name, content)},
        )
    assert message in excinfo.value.message_dict["terms_document"][0]
    assert not Body.objects.exists() and not stored(media)


def test_an_oversized_terms_document_is_refused_on_change(manager, board, media, monkeypatch):
    monkeypatch.setattr(services, "MAX_DOCUMENT_BYTES", 1024)
    with pytest.raises(ValidationError) as excinfo:
        services.body_update(
            actor=manager,
            body=board,
            data={"terms_document": SimpleUploadedFile("terms.pdf", PDF * 100)},
            expected_version=board.version,
        )
    assert excinfo.value.message_dict["terms_document"] == ["The file must be smaller than 1 KB."]
    board.refresh_from_db()
    assert not board.terms_document and not stored(media)


def test_a_real_terms_document_is_kept_and_later_changes_leave_it(manager, board, media):
    board = services.body_update(
        actor=manager,
        body=board,
        data={"terms_document": SimpleUploadedFile("terms.pdf", PDF)},
        expected_version=board.version,
    )
    board.refresh_from_db()
    assert board.terms_document.read() == PDF
    kept = board.terms_document.name
    board = services.body_update(
        actor=manager,
        body=board,
        data={"role": "Oversees commissioning", "terms_document": board.terms_document},
        expected_version=board.version,
    )
    assert board.terms_document.name == kept


def test_minutes_file_must_be_a_document(manager, meeting, media):
    with pytest.raises(ValidationError) as excinfo:
        services.minutes_record(
            actor=manager,
            meeting=meeting,
            minutes="",
            minutes_file=SimpleUploadedFile("minutes.docx", b"PK\x03\x04 a zip that is no document"),
            expected_version=meeting.version,
        )
    assert excinfo.value.message_dict["minutes_file"] == ["The file is not a real DOCX file."]
    meeting.refresh_from_db()
    assert not meeting.minutes_file and not stored(media)


def test_the_body_page_shows_why_a_file_is_refused(client_for, manager, media):
    response = client_for(manager).post(
        reverse("governance:body-create"),
        {"name": "Board", "body_type": "board", "terms_document": SimpleUploadedFile("terms.pdf", DISGUISED)},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "govuk-error-summary" in page and "The file looks like a program, which cannot be uploaded." in page
    )
    assert not Body.objects.exists() and not stored(media)
