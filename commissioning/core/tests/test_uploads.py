"""The checks every upload passes: type by extension and by content, size, and never a program."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from commissioning.core import uploads

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n"


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})


def check(name: str, content: bytes, *, types=uploads.DOCUMENTS, max_bytes: int = 1024 * 1024):
    upload = SimpleUploadedFile(name, content)
    return uploads.check_file(upload, types=types, max_bytes=max_bytes, named=True)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.PDF", PDF, "application/pdf"),
        ("notes.docx", DOCX, uploads.DOCX.content_type),
        ("notes.odt", ODT, uploads.ODT.content_type),
        ("photo.jpeg", b"\xff\xd8\xff\xe0rest", "image/jpeg"),
        ("figures.csv", "area,value\nSöderby,12\n".encode(), "text/csv"),
        ("bom.txt", b"\xef\xbb\xbfplain text", "text/plain"),
    ],
)
def test_real_files_of_accepted_types_pass_and_give_their_type(name, content, content_type):
    assert check(name, content).content_type == content_type


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", b"MZ\x90\x00", "setup.exe must be one of: CSV, DOCX"),
        ("page.html", b"<script>alert(1)</script>", "must be one of"),
        ("drawing.svg", b"<svg onload=alert(1)>", "must be one of"),
        ("no-extension", b"%PDF-1.7", "must be one of"),
        ("report.pdf", b"MZ\x90\x00\x03rest of a Windows program", "report.pdf looks like a program"),
        ("report.pdf", b"\x7fELF\x02\x01\x01", "looks like a program"),
        ("notes.txt", b"#!/bin/sh\nrm -rf /\n", "looks like a program"),
        ("slides.docx", b"\xcf\xfa\xed\xfe\x07\x00\x00\x01", "looks like a program"),
        ("report.pdf", b"<html>not a pdf</html>", "report.pdf is not a real PDF file"),
        ("notes.docx", zipped({"payload.bin": b"anything"}), "not a real DOCX file"),
        ("notes.docx", b"PK\x03\x04 but not a zip", "not a real DOCX file"),
        ("notes.odt", zipped({"mimetype": b"application/zip"}), "not a real ODT file"),
        ("photo.png", PDF, "not a real PNG file"),
        ("figures.csv", b"\xff\xfe\x00b\x00a\x00d\x00", "figures.csv must be plain text (UTF-8)"),
        ("figures.csv", b"area\x00value\n", "plain text"),
        ("empty.pdf", b"", "empty.pdf is empty"),
    ],
)
def test_wrong_disguised_or_empty_files_are_refused_saying_why(name, content, message):
    with pytest.raises(ValidationError) as excinfo:
        check(name, content)
    assert message in excinfo.value.messages[0]


def test_a_file_over_the_limit_is_refused_with_the_limit():
    with pytest.raises(ValidationError, match=r"big\.pdf must be smaller than 2 MB\."):
        check("big.pdf", PDF + b"0" * (2 * 1024 * 1024), max_bytes=2 * 1024 * 1024)
    with pytest.raises(ValidationError, match=r"must be smaller than 1 KB\."):
        check("small.pdf", PDF * 100, max_bytes=1024)
    assert check("fits.pdf", PDF, max_bytes=len(PDF)).extension == ".pdf"


def test_only_the_types_the_place_takes():
    with pytest.raises(ValidationError, match=r"notes\.docx must be one of: CSV, XLSX\."):
        check("notes.docx", DOCX, types=(uploads.CSV, uploads.XLSX))


def test_long_utf8_text_cut_inside_a_character_is_still_text():
    text = "é" * uploads.TEXT_SAMPLE_BYTES  # two bytes each: the sample ends inside a character or not
    for content in (text.encode(), b"x" + text.encode()):
        assert check("long.txt", content, max_bytes=10 * 1024 * 1024).is_text


def test_a_whole_text_file_must_end_on_a_whole_character():
    with pytest.raises(ValidationError, match="plain text"):
        check("short.txt", "café".encode()[:-1])


def test_messages_speak_of_the_file_unless_it_is_named():
    with pytest.raises(ValidationError) as excinfo:
        uploads.check_file(SimpleUploadedFile("run.pdf", b"MZ\x90"), types=uploads.DOCUMENTS, max_bytes=1024)
    assert excinfo.value.messages == ["The file looks like a program, which cannot be uploaded."]


def test_the_file_can_be_read_from_the_start_after_the_checks():
    upload = SimpleUploadedFile("notes.docx", DOCX)
    uploads.check_file(upload, types=uploads.DOCUMENTS, max_bytes=1024 * 1024)
    assert upload.read() == DOCX
