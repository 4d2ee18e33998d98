"""Areas (England, regions, children's services authorities, the home council's localities), their other
names, and the DfE statistical neighbours of each authority."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from commissioning.core.models import TimeStampedModel, VersionedModel

ons_code = RegexValidator(r"^[A-Z][0-9]{8}$", "Enter an ONS code: a letter and eight digits, like E06000001.")
dfe_code = RegexValidator(r"^[0-9]{3}$", "Enter the three-digit DfE code, like 358.")


class AreaType(models.TextChoices):
    COUNTRY = "country", "Country"
    REGION = "region", "Region"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    LOCALITY = "locality", "Locality or ward"


class AuthorityKind(models.TextChoices):
    """From the ONS code's prefix."""

    UNITARY = "E06", "Unitary authority"
    METROPOLITAN = "E08", "Metropolitan district"
    LONDON = "E09", "London borough"
    COUNTY = "E10", "County council"


class Area(TimeStampedModel):
    code = models.CharField(max_length=9, unique=True, validators=[ons_code], help_text="The ONS (GSS) code.")
    name = models.CharField(max_length=200)
    area_type = models.CharField(max_length=20, choices=AreaType.choices)
    authority_kind = models.CharField(max_length=3, choices=AuthorityKind.choices, blank=True)
    old_la_code = models.CharField(
        "DfE code",
        max_length=3,
        blank=True,
        db_index=True,
        validators=[dfe_code],
        help_text="Old 3-digit code.",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The region of an authority; the authority of a locality.",
    )
    start_date = models.DateField(null=True, blank=True, help_text="When the area came into being, if known.")
    end_date = models.DateField(
        null=True, blank=True, help_text="When it was abolished or its code replaced."
    )
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        help_text="The areas that replaced it.",
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["area_type", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.end_date is None


class AreaAlias(models.Model):
    """Another name for an area used by DfE, ONS, OHID or others, e.g. "Bristol, City of"."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalised = models.CharField(max_length=200, unique=True, help_text="Lower case, without punctuation.")
    source = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "area aliases"

    def __str__(self) -> str:
        return f"{self.name} → {self.area}"


class NeedsSettings(models.Model):
    """The partnership's settings for needs assessment: one row."""

    home_area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The partnership's own children's services authority.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "needs settings"

    def __str__(self) -> str:
        return "Needs assessment settings"


class NeighbourSet(TimeStampedModel, VersionedModel):
    """An authority's statistical neighbours, closest first (usually ten, from the DfE benchmarking tool)."""

    area = models.OneToOneField(Area, on_delete=models.PROTECT, related_name="neighbour_set")
    source = models.CharField(max_length=255, blank=True, help_text="Where the set comes from, and its date.")

    class Meta:
        ordering = ["area__name"]

    def __str__(self) -> str:
        return f"Statistical neighbours of {self.area}"


class Neighbour(models.Model):
    neighbour_set = models.ForeignKey(NeighbourSet, on_delete=models.CASCADE, related_name="neighbours")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(20)])

    class Meta:
        ordering = ["neighbour_set", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["neighbour_set", "rank"], name="neighbour_unique_rank"),
            models.UniqueConstraint(fields=["neighbour_set", "area"], name="neighbour_unique_area"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.area}"
