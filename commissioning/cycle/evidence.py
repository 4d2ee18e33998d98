"""Checks on uploaded evidence files: allowed types only, a size limit, and never anything executable."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

ALLOWED = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (b"PK\x03\x04",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", (b"PK\x03\x04",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".csv": ("text/csv", ()),
    ".txt": ("text/plain", ()),
}
EXECUTABLE_SIGNATURES = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")


def max_upload_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)


def check_upload(upload) -> str:
    """Return the content type to store, or raise ValidationError saying why the file is refused."""
    name = Path(upload.name or "").name
    extension = Path(name).suffix.lower()
    if extension not in ALLOWED:
        allowed = ", ".join(sorted(ext.lstrip(".").upper() for ext in ALLOWED))
        raise ValidationError({"file": f"The file must be one of: {allowed}."})
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ValidationError({"file": f"The file must be smaller than {limit // (1024 * 1024)} MB."})
    if upload.size == 0:
        raise ValidationError({"file": "The file is empty."})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(EXECUTABLE_SIGNATURES):
        raise ValidationError({"file": "The file looks like a program, which cannot be uploaded."})
    content_type, signatures = ALLOWED[extension]
    if signatures and not head.startswith(signatures):
        raise ValidationError({"file": f"The file is not a real {extension.lstrip('.').upper()} file."})
    if not signatures:
        try:
            upload.read(65536).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError({"file": "The file must be plain text (UTF-8)."}) from exc
        finally:
            upload.seek(0)
    return content_type
