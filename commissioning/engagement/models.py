"""Involvement of children, young people, parents and carers, practitioners and the voluntary sector in the
commissioning cycle, the council's reward and recognition policy, panels, and consultations.

Numbers by group, never names: an involvement record says how many young carers took part, not who."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from commissioning.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel, VersionedModel
from commissioning.engagement.policy import consultation_length_warning


class Group(models.TextChoices):
    LOOKED_AFTER = "looked_after", "Looked-after children"
    YOUNG_CARERS = "young_carers", "Young carers"
    YOUNG_OFFENDERS = "young_offenders", "Young offenders"
    DISABLED = "disabled", "Disabled children"
    SEN = "sen", "Children with special educational needs"
    CHILDREN = "children", "Other children and young people"
    PARENTS = "parents", "Parents and carers"
    VCS = "vcs", "Voluntary sector organisations"
    PRACTITIONERS = "practitioners", "Practitioners"


# Children, young people, parents and carers (Islington standard 6): everyone but organisations and staff.
CHILDREN_AND_FAMILIES = frozenset(Group.values) - {Group.VCS, Group.PRACTITIONERS}


class Method(models.TextChoices):
    CONSULTATION = "consultation", "Consultation"
    CO_DESIGN = "co_design", "Co-design"
    TENDER_PANEL = "tender_panel", "Tender panel"
    MONITORING_VISIT = "monitoring_visit", "Monitoring visit"
    BOARD = "board", "Board"
    OTHER = "other", "Other"


class SupportType(TimeStampedModel, ArchivableModel, VersionedModel):
    """One line of the council's reward and recognition policy: a kind of support and its rate."""

    name = models.CharField(max_length=120, unique=True, help_text="For example, Childcare.")
    description = models.TextField(blank=True, help_text="What is offered and when.")
    rate = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text="The rate in pounds; 0 where the support is provided rather than paid.",
    )
    unit = models.CharField(max_length=60, blank=True, help_text="For example, per hour or per session.")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rate__gte=0),
                name="support_type_rate_not_negative",
                violation_error_message="The rate cannot be negative.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("engagement:support-types")

    @property
    def rate_label(self) -> str:
        return f"£{self.rate:,.2f} {self.unit}".strip() if self.rate else f"Provided {self.unit}".strip()


class Panel(TimeStampedModel, ArchivableModel, VersionedModel):
    """A standing group of young people or parents and carers (a young carers' panel, a parents' forum).
    Its members sign in as panel members and see only the involvement their panel is part of."""

    name = models.CharField(max_length=160, unique=True, help_text="For example, Young carers' panel.")
    description = models.TextField(blank=True, help_text="Who the panel is for, in plain words.")
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="engagement_panels",
        help_text="People who sign in as panel members.",
    )

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("engagement:panels")


class Involvement(TimeStampedModel, ArchivableModel, VersionedModel):
    """Who took part in a step of a commissioning activity, how, with what support, and what they were told
    back ("you said, we did")."""

    activity = models.ForeignKey(
        "cycle.CommissioningActivity", on_delete=models.PROTECT, related_name="involvements"
    )
    step = models.ForeignKey(
        "cycle.ActivityStep",
        on_delete=models.PROTECT,
        related_name="involvements",
        help_text="The step of the commissioning cycle they took part in.",
    )
    title = models.CharField(max_length=200, help_text="For example, Young carers on the tender panel.")
    method = models.CharField(max_length=30, choices=Method.choices, help_text="How they took part.")
    took_place_on = models.DateField(help_text="When it took place (the first day, if several).")
    panel = models.ForeignKey(
        Panel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="involvements",
        help_text="The panel that took part, if any: its members see this record in their own view.",
    )
    in_decision = models.BooleanField(
        default=False,
        help_text="They took part in making a decision (a board decision, tender scores, agreeing a "
        "specification), not only giving views.",
    )
    summary = models.TextField(help_text="What they did and said, in plain words. No personal details.")
    support_types = models.ManyToManyField(
        SupportType, blank=True, related_name="involvements", help_text="Support given under the policy."
    )
    support_cost = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text="What the support cost, in pounds.",
    )
    training = models.TextField(blank=True, help_text="Training given to take part, and any accreditation.")
    accredited = models.BooleanField(default=False, help_text="The training led to an accreditation.")
    feedback = models.TextField(blank=True, help_text='What we told them back: "you said, we did".')
    feedback_given_on = models.DateField(null=True, blank=True, help_text="When the feedback was given.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["-took_place_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(support_cost__gte=0),
                name="involvement_support_cost_not_negative",
                violation_error_message="The cost of support cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(feedback="", feedback_given_on__isnull=True)
                | (~Q(feedback="") & Q(feedback_given_on__isnull=False)),
                name="involvement_feedback_with_date",
                violation_error_message="Give the feedback and the date it was given together.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("engagement:involvement", args=[self.pk])

    def clean(self):
        if self.step_id and self.activity_id and self.step.activity_id != self.activity_id:
            raise ValidationError({"step": "Choose a step of this activity."})
        if bool(self.feedback.strip()) != bool(self.feedback_given_on):
            raise ValidationError(
                {"feedback_given_on": "Give the feedback and the date it was given together."}
            )
        if self.feedback_given_on and self.took_place_on and self.feedback_given_on < self.took_place_on:
            raise ValidationError(
                {"feedback_given_on": "The feedback date must be on or after the day it took place."}
            )

    @property
    def total_people(self) -> int:
        return sum(line.number for line in self.counts.all())

    @property
    def groups_label(self) -> str:
        return "; ".join(f"{line.number} {line.get_group_display().lower()}" for line in self.counts.all())

    @property
    def involves_children_or_families(self) -> bool:
        return any(line.group in CHILDREN_AND_FAMILIES for line in self.counts.all())


class InvolvementCount(models.Model):
    """How many people of one group took part."""

    involvement = models.ForeignKey(Involvement, on_delete=models.CASCADE, related_name="counts")
    group = models.CharField(max_length=30, choices=Group.choices)
    number = models.PositiveIntegerField(validators=[MinValueValidator(1)], help_text="How many took part.")

    class Meta:
        ordering = ["involvement", "group"]
        constraints = [
            models.UniqueConstraint(fields=["involvement", "group"], name="involvement_count_unique_group"),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="involvement_count_positive",
                violation_error_message="Enter at least 1, or leave the group out.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_group_display().lower()}"


class ConsultationStatus(models.TextChoices):
    UPCOMING = "upcoming", "Not yet open"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Consultation(TimeStampedModel, ArchivableModel, VersionedModel):
    title = models.CharField(max_length=200, help_text="A short name people will recognise.")
    activity = models.ForeignKey(
        "cycle.CommissioningActivity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        help_text="The commissioning activity it is part of, if any.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_consultations",
        help_text="Who runs it and is reminded before it closes.",
    )
    purpose = models.TextField(help_text="What the consultation is about and what could change.")
    audience = models.TextField(help_text="Who is being asked.")
    includes_voluntary_sector = models.BooleanField(
        default=False, help_text="Voluntary and community organisations are asked (the Compact applies)."
    )
    open_to_young_people = models.BooleanField(
        default=False, help_text="Panel members can see it and answer it in their simplified view."
    )
    question = models.CharField(
        max_length=300, blank=True, help_text="The short question young people are asked, in plain words."
    )
    starts_on = models.DateField(help_text="The first day responses are taken.")
    ends_on = models.DateField(help_text="The last day responses are taken.")
    channels = models.TextField(blank=True, help_text="How people can respond: online, events, forums.")
    responses_summary = models.TextField(blank=True, help_text="What people said, summarised.")
    what_changed = models.TextField(blank=True, help_text="What changed as a result.")
    published_summary = models.TextField(
        blank=True, help_text="The summary shown on the public consultations page once published."
    )
    published_on = models.DateField(null=True, blank=True, help_text="When the summary was published.")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="consultation_ends_after_start",
                violation_error_message="The end date must be on or after the start date.",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | ~Q(published_summary=""),
                name="consultation_published_needs_summary",
                violation_error_message="Write the summary before publishing it.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("engagement:consultation", args=[self.pk])

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The end date must be on or after the start date."})
        if self.published_on and not self.published_summary.strip():
            raise ValidationError({"published_summary": "Write the summary before publishing it."})

    @property
    def length_days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    @property
    def length_warning(self) -> str:
        return consultation_length_warning(
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            includes_voluntary_sector=self.includes_voluntary_sector,
        )

    def status_on(self, today: date) -> str:
        if today < self.starts_on:
            return ConsultationStatus.UPCOMING
        if today > self.ends_on:
            return ConsultationStatus.CLOSED
        return ConsultationStatus.OPEN


class ConsultationResponse(TimeStampedModel):
    """One answer to a consultation. Anonymous unless the person chose to give their name."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="responses")
    text = models.TextField(help_text="What they said.")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Only kept when the person chose to give their name.",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Response to {self.consultation}"
