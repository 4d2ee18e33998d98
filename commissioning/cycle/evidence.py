"""Checks on uploaded evidence files: allowed types only, a size limit, and never anything executable.

The checks themselves are shared by every upload (`commissioning.core.uploads`); evidence takes documents,
spreadsheets, slides, images and text."""

from django.conf import settings
from django.core.exceptions import ValidationError

from commissioning.core import uploads

ALLOWED = {file_type.extension: file_type for file_type in uploads.DOCUMENTS}


def max_upload_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)


def check_upload(upload, *, field: str = "file") -> str:
    """Return the content type to store, or raise ValidationError (for `field`) saying why the file is refused."""
    try:
        file_type = uploads.check_file(upload, types=ALLOWED.values(), max_bytes=max_upload_bytes())
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    return file_type.content_type
