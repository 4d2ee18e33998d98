"""The checks every uploaded file passes before it is read or kept, wherever it is uploaded.

A file is refused, with a message saying why, when it is empty or over the size limit of the place it is
uploaded to, when its extension is not one that place takes, when its first bytes are not those of the type its
extension claims (a Word document is a zip holding `[Content_Types].xml`; a text file is UTF-8 without NUL
characters), and always when it starts like a program (Windows, Linux or macOS executables, scripts), whatever
it is called.
"""

import codecs
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError

ZIP = b"PK\x03\x04"
# Windows (MZ), Linux (ELF), scripts (#!), macOS (Mach-O, both byte orders, 32 and 64 bit, and universal).
EXECUTABLE_SIGNATURES = (
    b"MZ",
    b"\x7fELF",
    b"#!",
    b"\xca\xfe\xba\xbe",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
)
TEXT_SAMPLE_BYTES = 256 * 1024
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    # The bytes a real file of this type starts with; none for text, which must be UTF-8 instead.
    signatures: tuple[bytes, ...] = ()
    # For zip-based office documents: the member the zip must hold, and the content it must have (if any).
    member: str = ""
    member_content: bytes = b""

    @property
    def label(self) -> str:
        return self.extension.lstrip(".").upper()

    @property
    def is_text(self) -> bool:
        return not self.signatures


def _office_open(extension: str, content_type: str) -> FileType:
    return FileType(extension, content_type, (ZIP,), member="[Content_Types].xml")


def _open_document(extension: str, content_type: str) -> FileType:
    return FileType(extension, content_type, (ZIP,), member="mimetype", member_content=content_type.encode())


PDF = FileType(".pdf", "application/pdf", (b"%PDF-",))
DOCX = _office_open(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = _office_open(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PPTX = _office_open(".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")
ODT = _open_document(".odt", "application/vnd.oasis.opendocument.text")
ODS = _open_document(".ods", "application/vnd.oasis.opendocument.spreadsheet")
PNG = FileType(".png", "image/png", (b"\x89PNG\r\n\x1a\n",))
JPG = FileType(".jpg", "image/jpeg", (b"\xff\xd8\xff",))
JPEG = FileType(".jpeg", "image/jpeg", (b"\xff\xd8\xff",))
CSV = FileType(".csv", "text/csv")
TXT = FileType(".txt", "text/plain")
YAML = FileType(".yaml", "application/yaml")
YML = FileType(".yml", "application/yaml")

DOCUMENTS = (PDF, DOCX, XLSX, PPTX, ODT, ODS, PNG, JPG, JPEG, CSV, TXT)


def size_label(size: int) -> str:
    if size >= MEGABYTE:
        return f"{size // MEGABYTE} MB"
    return f"{max(1, size // 1024)} KB"


def extension_of(name: str) -> str:
    return Path(name or "").suffix.lower()


def _sample(upload, size: int) -> bytes:
    upload.seek(0)
    try:
        return upload.read(size)
    finally:
        upload.seek(0)


def _is_utf8_text(sample: bytes, complete: bool) -> bool:
    if b"\x00" in sample:
        return False
    try:
        # A sample cut short may end inside a character: only a whole file must end on a boundary.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _holds_member(upload, file_type: FileType) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            if file_type.member not in archive.namelist():
                return False
            if file_type.member_content:
                return archive.read(file_type.member).strip() == file_type.member_content
            return True
    # How zipfile says an archive is damaged or not one: a bad or truncated directory (BadZipFile, EOFError, OSError),
    # an encrypted member (RuntimeError), a compression it cannot read (NotImplementedError), a bad header value
    # (ValueError). Each means the upload is not the document its name claims.
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError):
        return False
    finally:
        upload.seek(0)


def check_file(upload, *, types, max_bytes: int, named: bool = False) -> FileType:
    """The type of an uploaded file, or ValidationError saying why it is refused (the checks are listed in this
    module's docstring). `types` are the FileTypes the place takes. The message speaks of "The file", or of the
    file by its name when `named` (where several files are uploaded at once)."""
    accepted = {file_type.extension: file_type for file_type in types}
    name = Path(upload.name or "").name
    subject = name if named and name else "The file"
    file_type = accepted.get(extension_of(name))
    if file_type is None:
        labels = sorted({file_type.label for file_type in accepted.values()})
        raise ValidationError(f"{subject} must be one of: {', '.join(labels)}.")
    if not upload.size:
        raise ValidationError(f"{subject} is empty.")
    if upload.size > max_bytes:
        raise ValidationError(f"{subject} must be smaller than {size_label(max_bytes)}.")
    head = _sample(upload, 16)
    if head.startswith(EXECUTABLE_SIGNATURES):
        raise ValidationError(f"{subject} looks like a program, which cannot be uploaded.")
    if file_type.is_text:
        sample = _sample(upload, TEXT_SAMPLE_BYTES)
        if not _is_utf8_text(sample, complete=upload.size <= TEXT_SAMPLE_BYTES):
            raise ValidationError(f"{subject} must be plain text (UTF-8).")
    elif not head.startswith(file_type.signatures) or (
        file_type.member and not _holds_member(upload, file_type)
    ):
        raise ValidationError(f"{subject} is not a real {file_type.label} file.")
    return file_type
