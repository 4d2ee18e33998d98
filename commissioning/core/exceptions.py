from django.core.exceptions import ValidationError


class ConflictError(ValidationError):
    """Someone else changed the record after the user opened it."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or "Someone else changed this record after you opened it. "
            "Reload the page to see their changes, then make yours again.",
            code="conflict",
        )
