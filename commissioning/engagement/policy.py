"""Local policy for consultations with the voluntary sector.

The Compact between government and the voluntary and community sector (2010) asks for formal written
consultations to run for 12 weeks where appropriate. The Compact values and standards in the framework
library (seed 003) name no length, so the length is a local setting: `ENGAGEMENT_VCS_CONSULTATION_DAYS`,
90 days unless the settings say otherwise. A shorter consultation is allowed and recorded, with a warning."""

from datetime import date

from django.conf import settings

DEFAULT_VCS_CONSULTATION_DAYS = 90
SOURCE = (
    "The Compact (2010), commitment 2.4: where appropriate, formal written consultations run for 12 weeks, "
    "with the reasons given when they are shorter. Local policy: at least 90 days."
)


def minimum_days() -> int:
    return int(getattr(settings, "ENGAGEMENT_VCS_CONSULTATION_DAYS", DEFAULT_VCS_CONSULTATION_DAYS))


def consultation_length_warning(
    *, starts_on: date | None, ends_on: date | None, includes_voluntary_sector: bool
) -> str:
    """The warning to show when a consultation with the voluntary sector is shorter than the local minimum."""
    if not (includes_voluntary_sector and starts_on and ends_on) or ends_on < starts_on:
        return ""
    length = (ends_on - starts_on).days + 1
    minimum = minimum_days()
    if length >= minimum:
        return ""
    return (
        f"This consultation with the voluntary sector runs for {length} day{'s' if length != 1 else ''}, "
        f"less than the {minimum} days of the Compact. Explain why in the purpose, or give more time."
    )
