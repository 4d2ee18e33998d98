"""Partner and provider organisations, and the roles people hold in them."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from commissioning.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel, VersionedModel


class OrganisationType(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    INTEGRATED_CARE_BOARD = "integrated_care_board", "NHS integrated care board"
    NHS_TRUST = "nhs_trust", "NHS trust or health provider"
    POLICE = "police", "Police"
    SCHOOL = "school", "School or academy trust"
    VOLUNTARY_COMMUNITY_FAITH = "voluntary_community_faith", "Voluntary, community or faith organisation"
    COMPANY = "company", "Company"
    OTHER = "other", "Other"


class Sector(models.TextChoices):
    STATUTORY = "statutory", "Statutory"
    VOLUNTARY_COMMUNITY_FAITH = "voluntary_community_faith", "Voluntary, community and faith"
    PRIVATE = "private", "Private"
    SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise"


class Role(models.TextChoices):
    COMMISSIONER = "commissioner", "Commissioner"
    PROCUREMENT_MANAGER = "procurement_manager", "Procurement manager"
    MONITORING_OFFICER = "monitoring_officer", "Commissioning and monitoring officer"
    CONTRACTS_MANAGER = "contracts_manager", "Contracts manager"
    FINANCE_OFFICER = "finance_officer", "Finance officer"
    PARTNERSHIP_MANAGER = "partnership_manager", "Partnership commissioning manager"
    BOARD_MEMBER = "board_member", "Board member or scrutiny"
    PROVIDER_USER = "provider_user", "Provider user"
    PANEL_MEMBER = "panel_member", "Young person or parent-carer panel member"
    ADMINISTRATOR = "administrator", "Administrator"


ROLE_DESCRIPTIONS = {
    Role.COMMISSIONER: "Leads commissioning activities through the cycle; owns strategies, needs analyses "
    "and specifications.",
    Role.PROCUREMENT_MANAGER: "Runs tenders and grant rounds, evaluation, award and notices.",
    Role.MONITORING_OFFICER: "Monitors contracts: returns, KPIs, meetings, visits and improvement plans.",
    Role.CONTRACTS_MANAGER: "Keeps the contracts register, payments and spot checks.",
    Role.FINANCE_OFFICER: "Manages funding streams, pooled and aligned budgets and payments.",
    Role.PARTNERSHIP_MANAGER: "Runs the quality-assurance programme, the framework library and boards.",
    Role.BOARD_MEMBER: "Reads dashboards and board packs and records decisions.",
    Role.PROVIDER_USER: "Sees only their own organisation: bids, contracts and monitoring returns.",
    Role.PANEL_MEMBER: "Takes part in panels and evaluation through a simplified, accessible view.",
    Role.ADMINISTRATOR: "Manages users, organisations and configuration.",
}

# Roles whose holders work for the partnership and may see every organisation's record.
PARTNERSHIP_ROLES = frozenset(
    {
        Role.COMMISSIONER,
        Role.PROCUREMENT_MANAGER,
        Role.MONITORING_OFFICER,
        Role.CONTRACTS_MANAGER,
        Role.FINANCE_OFFICER,
        Role.PARTNERSHIP_MANAGER,
        Role.BOARD_MEMBER,
        Role.ADMINISTRATOR,
    }
)

companies_house_validator = RegexValidator(
    r"^(?:\d{8}|[A-Z]{2}\d{6}|[A-Z]{2}\d{5}[A-Z])$",
    "Enter a Companies House number of 8 characters, like 01234567 or SC123456.",
)
charity_number_validator = RegexValidator(
    r"^(?:\d{6,7}(?:-\d{1,2})?|SC0\d{5}|NIC?\d{5,6})$",
    "Enter a charity number as registered, like 1123456, 1123456-1, SC012345 or NIC100001.",
)


class OrganisationQuerySet(ArchivableQuerySet):
    def partners(self):
        return self.filter(is_partner=True)

    def providers(self):
        return self.filter(is_provider=True)


class Organisation(TimeStampedModel, ArchivableModel, VersionedModel):
    name = models.CharField(max_length=255, unique=True, help_text="The organisation's full name.")
    organisation_type = models.CharField(
        "type", max_length=40, choices=OrganisationType.choices, help_text="What kind of organisation it is."
    )
    sector = models.CharField(max_length=40, choices=Sector.choices, help_text="The sector it belongs to.")
    is_partner = models.BooleanField(
        "partner", default=False, help_text="A member of the commissioning partnership."
    )
    is_provider = models.BooleanField(
        "provider", default=False, help_text="Provides services to children and families."
    )
    companies_house_number = models.CharField(
        max_length=8, blank=True, validators=[companies_house_validator], help_text="For example, 01234567."
    )
    charity_number = models.CharField(
        max_length=12, blank=True, validators=[charity_number_validator], help_text="For example, 1123456."
    )
    other_identifier_scheme = models.CharField(
        max_length=100, blank=True, help_text="For example, DfE URN, NHS ODS code or UKPRN."
    )
    other_identifier = models.CharField(
        max_length=100, blank=True, help_text="The identifier in that scheme."
    )
    address = models.TextField(blank=True, help_text="Postal address.")
    postcode = models.CharField(max_length=10, blank=True)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True, help_text="A general contact address, not a person's.")
    telephone = models.CharField(max_length=30, blank=True)
    description = models.TextField(blank=True, help_text="What the organisation does.")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_partner=True) | Q(is_provider=True),
                name="organisation_is_partner_or_provider",
                violation_error_message="An organisation must be a partner, a provider or both.",
            ),
            models.UniqueConstraint(
                fields=["companies_house_number"],
                condition=~Q(companies_house_number=""),
                name="organisation_unique_companies_house_number",
                violation_error_message="Another organisation already has this Companies House number.",
            ),
            models.UniqueConstraint(
                fields=["charity_number"],
                condition=~Q(charity_number=""),
                name="organisation_unique_charity_number",
                violation_error_message="Another organisation already has this charity number.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", args=[self.pk])

    @property
    def roles_label(self) -> str:
        labels = [
            label for flag, label in ((self.is_partner, "partner"), (self.is_provider, "provider")) if flag
        ]
        return " and ".join(labels).capitalize()


class Membership(TimeStampedModel, ArchivableModel):
    """A person holds a role in an organisation. Archived memberships no longer grant anything."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=40, choices=Role.choices)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(archived_at__isnull=True),
                name="membership_unique_active_role",
                violation_error_message="This person already has that role in that organisation.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"
