"""Stored files sent to the browser."""

import logging

from django.http import FileResponse, Http404

logger = logging.getLogger(__name__)


def stored_file_download(
    file, *, filename: str, content_type: str = "", missing: str = "No file"
) -> FileResponse:
    """A record's stored file as a download that a browser will not run or display in place.

    A record whose file is gone from storage (a database restored without its media folder, say) answers
    404 and logs the name, rather than failing with a server error."""
    if not file:
        raise Http404(missing)
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        logger.error("A stored file is missing from storage: %s", file.name)
        raise Http404("The file is missing from storage") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type or "application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
