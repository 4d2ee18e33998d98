"""Boards and meetings of the partnership, decisions with delegated authority, and the action plan.

The bodies follow the Central Bedfordshire governance arrangements (Children's Trust Board, Commissioning
Executive, Commissioning Group and its sub groups, Outcome Delivery Groups, Overview and Scrutiny), kept as
local data the partnership edits."""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from commissioning.core.models import ArchivableModel, TimeStampedModel, VersionedModel

# The records an agenda item or a decision may be about: "app_label.model" -> what to call it.
LINKABLE_MODELS = {
    "cycle.commissioningactivity": "Commissioning activity",
    "cycle.strategy": "Strategy",
    "cycle.decommissioning": "Decommissioning",
    "procurement.procurement": "Procurement",
    "procurement.awarddecision": "Procurement award",
    "contracts.agreement": "Agreement",
    "services.service": "Service",
    "assurance.audit": "Standards audit",
}


def linkable_content_types():
    q = Q()
    for key in LINKABLE_MODELS:
        app_label, model = key.split(".")
        q |= Q(app_label=app_label, model=model)
    return ContentType.objects.filter(q)


class BodyType(models.TextChoices):
    BOARD = "board", "Board"
    EXECUTIVE = "executive", "Executive"
    GROUP = "group", "Commissioning group"
    SUB_GROUP = "sub_group", "Sub group"
    DELIVERY_GROUP = "delivery_group", "Outcome delivery group"
    SCRUTINY = "scrutiny", "Overview and scrutiny"
    PARTNERSHIP = "partnership", "Strategic partnership"


class Body(TimeStampedModel, ArchivableModel, VersionedModel):
    """A governance body of the partnership: a board, an executive, a group or a sub group."""

    name = models.CharField(max_length=255, unique=True, help_text="As the partnership calls it.")
    body_type = models.CharField(max_length=20, choices=BodyType.choices, help_text="What sort of body.")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_bodies",
        help_text="The body this one reports to (for a sub group, its group).",
    )
    role = models.TextField(blank=True, help_text="What the body is for, in the words of the framework.")
    terms_of_reference = models.TextField(blank=True, help_text="The terms of reference as text.")
    terms_document = models.FileField(
        upload_to="governance/terms/", blank=True, help_text="The terms of reference as a document."
    )
    framework_ref = models.CharField(
        max_length=100, blank=True, help_text="The item of the governance framework this body comes from."
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clerked_bodies",
        help_text="Who writes the minutes and sends the papers.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="governance_body_not_own_parent",
                violation_error_message="A body cannot report to itself.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:body-detail", args=[self.pk])


class Position(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice chair"
    MEMBER = "member", "Member"
    ADVISER = "adviser", "Adviser (not voting)"


class BodyMember(TimeStampedModel, ArchivableModel, VersionedModel):
    """A seat on a body: a person or a named role for a partner organisation, with its delegated authority."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="board_seats",
        help_text="The person, if they use this service.",
    )
    role_title = models.CharField(
        max_length=255, help_text="The named role, like Director of Children's Services."
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="board_seats",
        help_text="The partner organisation the member represents.",
    )
    position = models.CharField(max_length=20, choices=Position.choices, default=Position.MEMBER)
    delegated_limit = models.DecimalField(
        "delegated authority limit (£)",
        max_digits=14,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(0)],
        help_text="The most the member may commit on behalf of their organisation, in pounds.",
    )
    authority_covers = models.TextField(
        blank=True,
        help_text="What the delegated authority covers, like revenue spend on commissioned services.",
    )

    class Meta:
        ordering = ["body", "position", "role_title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(delegated_limit__gte=0),
                name="governance_member_limit_not_negative",
                violation_error_message="The delegated authority limit cannot be negative.",
            )
        ]

    def __str__(self) -> str:
        who = self.user.get_full_name() if self.user_id else ""
        return f"{who}, {self.role_title}" if who else self.role_title


class Meeting(TimeStampedModel, ArchivableModel, VersionedModel):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(help_text="The date of the meeting.")
    location = models.CharField(max_length=255, blank=True, help_text="Where, or online.")
    minutes = models.TextField(blank=True, help_text="The minutes as text.")
    minutes_file = models.FileField(
        upload_to="governance/minutes/", blank=True, help_text="The minutes as a file."
    )
    minutes_approved_at = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_minutes_of",
        help_text="The later meeting that approved these minutes as a true record.",
    )

    class Meta:
        ordering = ["-held_on", "body__name"]

    def __str__(self) -> str:
        return f"{self.body.name}, {self.held_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting-detail", args=[self.pk])

    @property
    def has_minutes(self) -> bool:
        return bool(self.minutes.strip() or self.minutes_file)


class Purpose(models.TextChoices):
    DECISION = "decision", "For decision"
    INFORMATION = "information", "For information"
    DISCUSSION = "discussion", "For discussion"


class ItemKind(models.TextChoices):
    RECORD = "record", "A report on a record"
    PERFORMANCE = "performance", "Performance dashboard"
    ACTION_PLAN = "action_plan", "Action plan progress report"
    OTHER = "other", "Other business"


class AgendaItem(TimeStampedModel, VersionedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(help_text="Its number on the agenda.")
    title = models.CharField(max_length=255)
    presenter = models.CharField(max_length=255, blank=True, help_text="Who presents the item.")
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.INFORMATION)
    kind = models.CharField(max_length=20, choices=ItemKind.choices, default=ItemKind.OTHER)
    summary = models.TextField(blank=True, help_text="What the meeting is asked to do.")
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    record = GenericForeignKey("content_type", "object_id")

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="governance_agenda_unique_order"),
            models.CheckConstraint(
                condition=~Q(kind="record") | Q(content_type__isnull=False),
                name="governance_agenda_record_needs_link",
                violation_error_message="Choose the record this item reports on.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Attendance(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class AttendanceRecord(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    member = models.ForeignKey(BodyMember, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=20, choices=Attendance.choices)

    class Meta:
        ordering = ["meeting", "member__role_title"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="governance_attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_status_display()}"


class Decision(TimeStampedModel, ArchivableModel, VersionedModel):
    """What a body decided, on which record, for how much, and whether within its members' delegated authority."""

    reference = models.CharField(max_length=30, unique=True, help_text="Like CTB-2026-004.")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    decision = models.TextField(help_text="What was decided.")
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    amount = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="The money the decision commits, in pounds; empty when none.",
    )
    authority_limit = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The body's delegated authority when the decision was recorded.",
    )
    within_authority = models.BooleanField(default=True)
    authority_acknowledgement = models.TextField(
        blank=True, help_text="Why a decision above delegated authority was recorded, and who will ratify it."
    )
    conditions = models.TextField(blank=True)
    decided_on = models.DateField()
    published = models.BooleanField(default=True, help_text="Shown in the public decision log.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(within_authority=True) | ~Q(authority_acknowledgement=""),
                name="governance_decision_above_authority_acknowledged",
                violation_error_message="A decision above delegated authority needs an acknowledgement.",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="governance_decision_amount_not_negative",
                violation_error_message="The amount cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("governance:decision-detail", args=[self.pk])


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    DONE = "done", "Done"


class Action(TimeStampedModel, ArchivableModel, VersionedModel):
    """An action of the Action Plan for Commissioning, owned by a sub group (or another body)."""

    reference = models.CharField(max_length=30, unique=True, help_text="Like AP-07.")
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    owner_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="actions", help_text="The sub group delivering it."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_actions",
        help_text="The person leading it, if any.",
    )
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)

    class Meta:
        ordering = ["due_on", "reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:action-detail", args=[self.pk])


class ActionUpdate(TimeStampedModel):
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    written_on = models.DateField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    note = models.TextField(help_text="What has happened since the last update.")

    class Meta:
        ordering = ["-written_on", "-id"]

    def __str__(self) -> str:
        return f"{self.action.reference}, {self.written_on}"
