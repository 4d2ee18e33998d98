"""Local policy for decommissioning a service: the notice and consultation periods the warnings check, and where
each comes from. A partnership whose Compact sets other periods changes them here, in one place.

The periods are warnings, never blocks: a commissioner may have good reason to give less notice (for example
when a provider hands a service back), and the record shows that the shorter period was seen."""

from dataclasses import dataclass

from django.urls import reverse

from commissioning.organisations.models import OrganisationType, Sector


@dataclass(frozen=True)
class Source:
    """A standard or question in the framework library that a warning or condition rests on."""

    label: str
    text: str
    framework: str
    ref: str

    @property
    def url(self) -> str:
        return reverse("frameworks:item", kwargs={"slug": self.framework, "ref": self.ref})


COMPACT_NOTICE = Source(
    label="Compact standard C6",
    text="Providing a minimum of 3 months notice of an intention to reduce or withdraw funding.",
    framework="compact-values-and-standards",
    ref="C6",
)
STAFFORDSHIRE_CONSULTATION = Source(
    label="Staffordshire self-assessment, question 6.10",
    text="Have you allowed sufficient time (90 days) to meet the notification & consultation requirements "
    "of the Staffordshire Compact for the 3rd sector?",
    framework="staffordshire-self-assessment",
    ref="6.10",
)
DECOMMISSIONING_DEFINITION = Source(
    label="Glossary: De Commissioning (Wolverhampton)",
    text="De commissioning should be underpinned by a clear rationale supported by evidence, stakeholder "
    "involvement and managed transition.",
    framework="glossary",
    ref="de-commissioning",
)
GATESHEAD_PRINCIPLE = Source(
    label="Gateshead commissioning principle P14: Spend money wisely",
    text="Services that are not delivering the required outcomes or quality should be decommissioned.",
    framework="gateshead-commissioning-principles",
    ref="P14",
)

# Compact standard C6: notice to the provider at least this many calendar months before the service ends.
NOTICE_MONTHS = 3
# Staffordshire Compact (question 6.10): consultation with the voluntary sector of at least this many days,
# counted from the day it starts to the day it ends.
CONSULTATION_DAYS = 90

# The Compact's "3rd sector": voluntary, community and faith organisations and social enterprises.
VOLUNTARY_SECTORS = frozenset({Sector.VOLUNTARY_COMMUNITY_FAITH, Sector.SOCIAL_ENTERPRISE})
VOLUNTARY_ORGANISATION_TYPES = frozenset({OrganisationType.VOLUNTARY_COMMUNITY_FAITH})


def is_voluntary_sector(organisation) -> bool:
    return (
        organisation.sector in VOLUNTARY_SECTORS
        or organisation.organisation_type in VOLUNTARY_ORGANISATION_TYPES
    )
