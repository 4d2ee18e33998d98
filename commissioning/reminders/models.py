"""The log of reminders sent: one row per person and event, so each event is reminded once per person."""

from django.conf import settings
from django.db import models


class Channel(models.TextChoices):
    EMAIL = "email", "Email"


class SentReminder(models.Model):
    """A person was reminded of one event (a due item's key, which carries the due date)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reminders_sent"
    )
    key = models.CharField(max_length=255, help_text="The event: its record and due date.")
    kind = models.CharField(max_length=100, help_text="What was due, in words, when reminded.")
    title = models.CharField(max_length=500, help_text="Which record, when reminded.")
    url = models.CharField(max_length=500, help_text="The record's address on this site.")
    due = models.DateField(help_text="The due date reminded of.")
    sent_at = models.DateTimeField(help_text="When the reminder was sent.")
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.EMAIL)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="reminder_once_per_user_and_event")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title} (due {self.due:%-d %B %Y})"
