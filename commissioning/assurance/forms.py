from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from commissioning.assurance.models import (
    FIRST_YEAR,
    LAST_YEAR,
    ActionStatus,
    Assessment,
    AuditAction,
    Quarter,
    Rating,
    SourceRole,
    year_label,
)
from commissioning.core.forms import GovukFormMixin
from commissioning.cycle.models import ServiceArea
from commissioning.cycle.resources.forms import GovukDateField
from commissioning.frameworks.models import Framework
from commissioning.organisations.models import PARTNERSHIP_ROLES, Organisation


def partnership_people():
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__role__in=PARTNERSHIP_ROLES,
            memberships__archived_at__isnull=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _person_label(user) -> str:
    return user.get_full_name() or user.get_username()


def person_field(label: str, required: bool = True, **kwargs) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        label=label,
        required=required,
        empty_label="Select a person",
        error_messages={
            "required": f"Select the {label.lower()}",
            "invalid_choice": f"Select a {label.lower()} in the list",
        },
        **kwargs,
    )
    field.label_from_instance = _person_label
    return field


def date_field(label: str, what: str, required: bool = True, help_text: str = "For example, 31 3 2026"):
    return GovukDateField(label=label, what=what, required=required, help_text=help_text)


def year_choices():
    this_year = timezone.localdate().year
    years = range(max(FIRST_YEAR, this_year - 4), min(LAST_YEAR, this_year + 3) + 1)
    return [(year, year_label(year)) for year in years]


class VersionForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ProgrammeForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    financial_year = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        help_text="April to March.",
        error_messages={"required": "Select the financial year", "invalid_choice": "Select a financial year"},
    )
    title = forms.CharField(
        label="Title",
        required=False,
        max_length=255,
        help_text="Leave empty to call it “Quality assurance programme” and the year.",
    )
    agreed_on = date_field(
        "Date the Commissioning Board agreed it",
        "the date the Commissioning Board agreed the programme",
        required=False,
        help_text="For example, 31 3 2026. Leave empty if not agreed yet.",
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["financial_year"].choices = [("", "Select a year"), *year_choices()]


class AuditForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    framework = forms.ModelChoiceField(
        queryset=Framework.objects.none(),
        label="Standards framework",
        empty_label="Select a framework",
        error_messages={"required": "Select the standards framework", "invalid_choice": "Select a framework"},
    )
    service_area = forms.ChoiceField(
        label="Service area",
        choices=[("", "Select a service area"), *ServiceArea.choices],
        error_messages={"required": "Select the service area"},
    )
    quarter = forms.TypedChoiceField(
        label="Quarter",
        coerce=int,
        choices=Quarter.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the quarter"},
    )
    auditor = person_field("Auditor")
    period_start = date_field(
        "Start of the period the audit looks at",
        "the start of the period",
        required=False,
        help_text="For example, 1 7 2025. Leave both dates empty for the 12 months to the end of the quarter.",
    )
    period_end = date_field("End of the period", "the end of the period", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = Framework.objects.filter(kind="standards").order_by(
            "position", "title"
        )
        self.fields["auditor"].queryset = partnership_people()


class AssessmentForm(GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirmed_by = person_field("Person who confirmed it", required=False)
    confirmed_on = date_field(
        "Date it was confirmed",
        "the date it was confirmed",
        required=False,
        help_text="For example, 14 11 2026.",
    )

    class Meta:
        model = Assessment
        fields = ["rating", "evidence", "evidence_links", "source_role", "confirmed_by", "confirmed_on"]
        widgets = {
            "rating": forms.RadioSelect,
            "evidence": forms.Textarea(attrs={"rows": 5}),
            "evidence_links": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "rating": "Rating",
            "evidence": "Evidence",
            "source_role": "Source (the role that confirmed it)",
        }
        help_texts = {
            "evidence_links": "Addresses of records on this site, like /contracts/12/, or of web pages (https://…), "
            "one on each line."
        }
        error_messages = {"rating": {"required": "Select a rating"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = Rating.choices
        self.fields["rating"].required = True
        self.fields["source_role"].choices = [("", "Select a role"), *SourceRole.choices]
        self.fields["confirmed_by"].queryset = partnership_people()
        self.fields["version"].initial = self.instance.version


class EvidenceFileForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="What the file is", max_length=255, error_messages={"required": "Enter what the file is"}
    )
    file = forms.FileField(
        label="File",
        help_text="A PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text, PNG or JPEG file.",
        error_messages={"required": "Choose a file"},
    )


class ActionForm(GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    owner = person_field("Owner")
    due_on = date_field("Date it is due", "the date it is due")

    class Meta:
        model = AuditAction
        fields = ["description", "owner", "due_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"description": "What will be done"}
        error_messages = {"description": {"required": "Enter what will be done"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = partnership_people()
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class ActionProgressForm(GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    completed_on = date_field(
        "Date it was done", "the date it was done", required=False, help_text="For example, 14 11 2026."
    )

    class Meta:
        model = AuditAction
        fields = ["status", "completed_on", "completion_note"]
        widgets = {"status": forms.RadioSelect, "completion_note": forms.Textarea(attrs={"rows": 3})}
        labels = {"status": "Progress", "completion_note": "What was done"}
        error_messages = {"status": {"required": "Select whether the action is done"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = ActionStatus.choices
        self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == ActionStatus.DONE
            and not cleaned.get("completed_on")
            and "completed_on" not in self.errors
        ):
            self.add_error("completed_on", "Enter the date the action was done")
        return cleaned


class CompleteForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    conclusion = forms.CharField(
        label="Conclusion for the Commissioning Board",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the audit found overall, and what matters most in the actions.",
        error_messages={"required": "Enter the audit's conclusion for the Commissioning Board"},
    )


class ReopenForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label="Why is the audit reopened?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the audit is reopened"},
    )


class CommentForm(GovukFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Who made the comment",
        empty_label="Select an organisation",
        help_text="The voluntary sector forum, or the organisation that made the comment.",
        error_messages={"required": "Select who made the comment"},
    )
    received_on = date_field("Date of the comment", "the date of the comment")
    comment = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the comment"},
    )
    response = forms.CharField(
        label="The partnership's response (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.active().order_by("name")


class ReviewForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    last_reviewed_on = date_field(
        "Date of the last review with the sector",
        "the date of the last review",
        required=False,
        help_text="For example, 30 9 2025. Leave empty if it has not been reviewed yet.",
    )
    next_review_on = date_field(
        "Date the next review is due",
        "the date the next review is due",
        help_text="Islington standard 7.8: the sector is involved in updating the standards every 2 years.",
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))
