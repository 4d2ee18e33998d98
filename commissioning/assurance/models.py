"""Quality assurance of commissioning against a standards framework: the rolling programme (which framework is
applied to which major service area in which quarter, by whom), audits with a rating, evidence, source and
actions per criterion, the voluntary sector forum's comments on each standard, and each framework's review."""

import calendar
import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from commissioning.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel, VersionedModel
from commissioning.cycle.models import ServiceArea

FIRST_YEAR = 2008
LAST_YEAR = 2100


def year_label(year: int) -> str:
    """2026 -> "2026/27": financial years run April to March."""
    return f"{year}/{str(year + 1)[-2:]}"


def quarter_months(year: int, quarter: int) -> tuple[date, date]:
    """The first and last day of a quarter of the financial year starting in April of `year`."""
    first_month = 4 + (quarter - 1) * 3
    start_year = year if first_month <= 12 else year + 1
    first_month = first_month if first_month <= 12 else first_month - 12
    last_month = first_month + 2
    end = date(start_year, last_month, calendar.monthrange(start_year, last_month)[1])
    return date(start_year, first_month, 1), end


def default_period(year: int, quarter: int) -> tuple[date, date]:
    """The 12 months to the end of the audit's quarter."""
    end = quarter_months(year, quarter)[1]
    start = date(end.year - 1, end.month, 1)
    start = date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    return date.fromordinal(start.toordinal() + 1), end


class Quarter(models.IntegerChoices):
    Q1 = 1, "Quarter 1 (April to June)"
    Q2 = 2, "Quarter 2 (July to September)"
    Q3 = 3, "Quarter 3 (October to December)"
    Q4 = 4, "Quarter 4 (January to March)"


class AuditStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class Rating(models.TextChoices):
    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


RATING_ORDER = [Rating.MET, Rating.PARTLY_MET, Rating.NOT_MET, Rating.NOT_APPLICABLE]
NEEDS_ACTION = (Rating.PARTLY_MET, Rating.NOT_MET)


class SourceRole(models.TextChoices):
    """Who confirms the evidence: the seeds' "Source" column."""

    COMMISSIONER = "commissioner", "Commissioner"
    PROCUREMENT_MANAGER = "procurement_manager", "Procurement manager"
    COMMISSIONING_OFFICER = "commissioning_officer", "Commissioning officer"
    CONTRACTS_MANAGER = "contracts_manager", "Contracts manager"
    PARTNERSHIP_MANAGER = "partnership_manager", "Children's partnership commissioning manager"
    VCS_INVOLVEMENT_OFFICER = "vcs_involvement_officer", "Voluntary and community sector involvement officer"
    FORUM_EXECUTIVE = "forum_executive", "Executive group of the voluntary sector forum"


SOURCE_WORDS = [
    ("procurement manager", SourceRole.PROCUREMENT_MANAGER),
    ("commissioning officer", SourceRole.COMMISSIONING_OFFICER),
    ("contracts manager", SourceRole.CONTRACTS_MANAGER),
    ("partnership commissioning manager", SourceRole.PARTNERSHIP_MANAGER),
    ("involvement officer", SourceRole.VCS_INVOLVEMENT_OFFICER),
    ("forum", SourceRole.FORUM_EXECUTIVE),
    ("commissioner", SourceRole.COMMISSIONER),
]


def source_roles_in(text: str) -> list[str]:
    """The roles a criterion's Source column names, in the order of SOURCE_WORDS."""
    lowered = (text or "").lower()
    found = []
    for words, role in SOURCE_WORDS:
        if words in lowered and role not in found:
            found.append(role)
            lowered = lowered.replace(words, "")
    return found


class Programme(TimeStampedModel, ArchivableModel, VersionedModel):
    """The rolling programme of audits for one financial year: a record the Commissioning Board can see."""

    financial_year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts in: 2026 for 2026/27 (April to March)."
    )
    title = models.CharField(max_length=255, help_text="For example, Quality assurance programme 2026/27.")
    notes = models.TextField(blank=True, help_text="What the programme covers and how it was agreed.")
    agreed_on = models.DateField(null=True, blank=True, help_text="When the Commissioning Board agreed it.")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["-financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["financial_year"],
                condition=Q(archived_at__isnull=True),
                name="assurance_one_live_programme_per_year",
            ),
            models.CheckConstraint(
                condition=Q(financial_year__gte=FIRST_YEAR) & Q(financial_year__lte=LAST_YEAR),
                name="assurance_programme_year_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def year_label(self) -> str:
        return year_label(self.financial_year)

    def get_absolute_url(self) -> str:
        return reverse("assurance:programme", args=[self.pk])


class Audit(TimeStampedModel, ArchivableModel, VersionedModel):
    """One standards framework applied to one major service area in one quarter of the programme."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="audits")
    framework = models.ForeignKey(
        "frameworks.Framework",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "standards"},
        help_text="The standards framework applied.",
    )
    service_area = models.CharField(max_length=30, choices=ServiceArea.choices)
    quarter = models.PositiveSmallIntegerField(choices=Quarter.choices)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assurance_audits",
        help_text="Who carries out the audit.",
    )
    period_start = models.DateField(help_text="The first day of the period the audit looks at.")
    period_end = models.DateField(help_text="The last day of the period the audit looks at.")
    status = models.CharField(max_length=20, choices=AuditStatus.choices, default=AuditStatus.PLANNED)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    conclusion = models.TextField(
        blank=True, help_text="The auditor's overall conclusion, for the Commissioning Board."
    )

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "quarter", "service_area"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="assurance_quarter_1_4"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="assurance_audit_period_in_order"
            ),
            models.UniqueConstraint(
                fields=["programme", "framework", "service_area"],
                condition=Q(archived_at__isnull=True),
                name="assurance_one_live_audit_per_area_and_framework",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_at__isnull=False),
                name="assurance_completed_audit_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_service_area_display()}: {self.framework.title} ({self.quarter_label})"

    @property
    def quarter_label(self) -> str:
        return f"Q{self.quarter} {year_label(self.programme.financial_year)}"

    @property
    def due_on(self) -> date:
        """An audit is due by the end of its quarter."""
        return quarter_months(self.programme.financial_year, self.quarter)[1]

    def is_overdue(self, today: date) -> bool:
        return self.status != AuditStatus.COMPLETED and self.due_on < today

    @property
    def is_completed(self) -> bool:
        return self.status == AuditStatus.COMPLETED

    def get_absolute_url(self) -> str:
        return reverse("assurance:audit", args=[self.pk])


class Assessment(TimeStampedModel, VersionedModel):
    """The rating of one criterion in an audit, with the evidence and who confirmed it."""

    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="assessments")
    item = models.ForeignKey(
        "frameworks.FrameworkItem",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The criterion (or, for a framework without criteria, the standard) rated.",
    )
    rating = models.CharField(max_length=20, choices=Rating.choices, blank=True)
    evidence = models.TextField(blank=True, help_text="What the evidence shows, in the auditor's words.")
    evidence_links = models.TextField(
        "links to records",
        blank=True,
        help_text="Addresses of records that evidence the criterion, one on each line.",
    )
    source_role = models.CharField(
        "source",
        max_length=30,
        choices=SourceRole.choices,
        blank=True,
        help_text="The role that confirmed the evidence (the standard's Source column).",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The person who confirmed the evidence.",
    )
    confirmed_on = models.DateField(null=True, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rated_at = models.DateTimeField(null=True, blank=True)
    computed_snapshot = models.JSONField(
        default=list,
        blank=True,
        help_text="What the records said when the audit was completed: the computed evidence, as it was.",
    )

    class Meta:
        ordering = ["audit", "item__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "item"], name="assurance_one_assessment_per_criterion"),
            models.CheckConstraint(
                condition=Q(rating="") | Q(rated_at__isnull=False), name="assurance_rating_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.display_ref or self.item.heading} in {self.audit}"

    @property
    def links(self) -> list[str]:
        return [line.strip() for line in self.evidence_links.splitlines() if line.strip()]

    @property
    def needs_action(self) -> bool:
        return self.rating in NEEDS_ACTION

    def get_absolute_url(self) -> str:
        return reverse("assurance:audit", args=[self.audit_id]) + f"#criterion-{self.pk}"


def evidence_upload_path(instance, filename: str) -> str:
    """Stored under a random name: the uploader's file name is kept only as a label."""
    return f"assurance/evidence/{uuid.uuid4().hex}"


class EvidenceFile(TimeStampedModel, ArchivableModel):
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="files")
    title = models.CharField(max_length=255, help_text="What the file is.")
    file = models.FileField(upload_to=evidence_upload_path, max_length=300)
    file_name = models.CharField(max_length=255)
    file_size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assurance:file", args=[self.pk])


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class AuditAction(TimeStampedModel, ArchivableModel, VersionedModel):
    """What will be done about a criterion that is not met, by whom and when, tracked to completion."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField(help_text="What will be done.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assurance_actions"
    )
    due_on = models.DateField(help_text="When it should be done by.")
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    completion_note = models.TextField(blank=True, help_text="What was done.")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_on__isnull=False),
                name="assurance_done_action_has_date",
            )
        ]

    def __str__(self) -> str:
        text = self.description.split("\n", 1)[0]
        return text if len(text) <= 80 else text[:77].rsplit(" ", 1)[0] + "…"

    def is_overdue(self, today: date) -> bool:
        return self.status == ActionStatus.OPEN and self.due_on < today

    def get_absolute_url(self) -> str:
        return reverse("assurance:action", args=[self.pk])


class StandardComment(TimeStampedModel, ArchivableModel):
    """A comment from the voluntary sector forum (or another part of the sector) on a standard."""

    item = models.ForeignKey(
        "frameworks.FrameworkItem", on_delete=models.PROTECT, related_name="assurance_comments"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who made the comment: the forum, or the organisation that made it.",
    )
    received_on = models.DateField(help_text="When the comment was made.")
    comment = models.TextField()
    response = models.TextField(blank=True, help_text="The partnership's response, and what changed.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["item", "-received_on", "-pk"]

    def __str__(self) -> str:
        return f"Comment from {self.organisation} on {self.received_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("assurance:standard", args=[self.item_id])


class StandardsReview(TimeStampedModel, VersionedModel):
    """When a standards framework was last reviewed with the sector, and when it is next due (Islington 7.8:
    every 2 years)."""

    framework = models.OneToOneField(
        "frameworks.Framework", on_delete=models.PROTECT, related_name="assurance_review"
    )
    last_reviewed_on = models.DateField(null=True, blank=True, help_text="When it was last reviewed.")
    next_review_on = models.DateField(help_text="When the next review with the sector is due.")
    notes = models.TextField(blank=True, help_text="Who was involved and what changed.")

    class Meta:
        ordering = ["next_review_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_reviewed_on__isnull=True) | Q(next_review_on__gt=F("last_reviewed_on")),
                name="assurance_next_review_after_last",
            )
        ]

    def __str__(self) -> str:
        return f"Review of {self.framework}"

    def get_absolute_url(self) -> str:
        return reverse("assurance:standards")
