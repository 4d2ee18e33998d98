"""Forms of the boards and decisions pages. Money is typed as text (inputmode decimal); dates use the GOV.UK
date input."""

from django import forms
from django.contrib.auth import get_user_model

from commissioning.contracts.forms import date_field, money_field
from commissioning.core.forms import GovukFormMixin
from commissioning.governance import selectors
from commissioning.governance.models import (
    ActionStatus,
    Attendance,
    Body,
    BodyType,
    ItemKind,
    Position,
    Purpose,
)
from commissioning.organisations.models import Organisation


def people():
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ConfirmForm(GovukFormMixin, forms.Form):
    """A confirmation with nothing to fill in."""


class BodyForm(GovukFormMixin, VersionMixin):
    name = forms.CharField(max_length=255, error_messages={"required": "Enter the name of the body"})
    body_type = forms.ChoiceField(label="Type of body", choices=BodyType.choices)
    parent = forms.ModelChoiceField(
        label="Reports to",
        queryset=Body.objects.none(),
        required=False,
        help_text="Leave empty for the top body.",
    )
    role = forms.CharField(label="Role", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    terms_of_reference = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)
    terms_document = forms.FileField(label="Terms of reference document", required=False)
    clerk = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), required=False, help_text="Who writes the minutes."
    )

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Body.objects.active().order_by("name")
        self.fields["parent"].queryset = qs.exclude(pk=body.pk) if body else qs
        self.fields["clerk"].queryset = people()

    def data_for_service(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        if not data.get("terms_document"):
            data.pop("terms_document", None)
        return data


class MemberForm(GovukFormMixin, VersionMixin):
    role_title = forms.CharField(
        label="Named role", max_length=255, error_messages={"required": "Enter the member's named role"}
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the organisation they represent"},
    )
    user = forms.ModelChoiceField(
        label="Person",
        queryset=get_user_model().objects.none(),
        required=False,
        help_text="If they use this service.",
    )
    position = forms.ChoiceField(choices=Position.choices, initial=Position.MEMBER)
    delegated_limit = money_field(
        "Delegated authority limit (£)",
        help_text="The most they may commit for their organisation. 0 if none.",
    )
    authority_covers = forms.CharField(
        label="What the authority covers", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.active().order_by("name")
        self.fields["user"].queryset = people()


class MeetingForm(GovukFormMixin, VersionMixin):
    held_on = date_field("Date of the meeting", help_text="For example, 14 1 2027")
    location = forms.CharField(max_length=255, required=False)


class AgendaItemForm(GovukFormMixin, VersionMixin):
    order = forms.IntegerField(
        label="Item number",
        min_value=1,
        max_value=999,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        help_text="Leave empty to add it at the end.",
        error_messages={"invalid": "Enter the item number as a whole number, like 3"},
    )
    title = forms.CharField(max_length=255, error_messages={"required": "Enter the title of the item"})
    presenter = forms.CharField(max_length=255, required=False)
    purpose = forms.ChoiceField(choices=Purpose.choices, widget=forms.RadioSelect)
    kind = forms.ChoiceField(label="What the item is", choices=ItemKind.choices, widget=forms.RadioSelect)
    record = forms.ChoiceField(
        label="Linked record", required=False, help_text="For a report on a record: the record it reports on."
    )
    summary = forms.CharField(
        label="What the meeting is asked to do", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"].choices = [("", "No linked record"), *selectors.linkable_records()]


class AttendanceForm(GovukFormMixin, forms.Form):
    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            member = row["member"]
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=f"{member} ({member.organisation})",
                choices=[("", "Not recorded"), *Attendance.choices],
                required=False,
                initial=row["record"].status if row["record"] else "",
            )

    def statuses(self) -> dict[int, str]:
        return {int(name.removeprefix("member_")): value for name, value in self.cleaned_data.items()}


class MinutesForm(GovukFormMixin, VersionMixin):
    minutes = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}), required=False)
    minutes_file = forms.FileField(label="Minutes as a file", required=False)


class ApproveMinutesForm(GovukFormMixin, forms.Form):
    approved_at = forms.ModelChoiceField(
        label="Approved as a true record at", queryset=None, error_messages={"required": "Choose the meeting"}
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_at"].queryset = meetings


class DecisionForm(GovukFormMixin, forms.Form):
    reference = forms.CharField(max_length=30, error_messages={"required": "Enter the decision reference"})
    body = forms.ModelChoiceField(
        label="Decided by", queryset=Body.objects.none(), error_messages={"required": "Choose the body"}
    )
    meeting = forms.ModelChoiceField(queryset=None, required=False, help_text="The meeting, if at one.")
    decided_on = date_field("Date decided")
    decision = forms.CharField(
        label="What was decided",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what was decided"},
    )
    record = forms.ChoiceField(label="Record decided on", required=False)
    amount = money_field("Amount (£)", required=False, help_text="The money committed; leave empty if none.")
    conditions = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    acknowledge_above_authority = forms.CharField(
        label="If the amount is above delegated authority: who will ratify it",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Needed only when the amount is above the highest delegated limit of the body's members.",
    )
    published = forms.BooleanField(label="Show in the public decision log", required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        from commissioning.governance.models import Meeting

        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = selectors.bodies_for_decisions(user)
        self.fields["meeting"].queryset = Meeting.objects.active().select_related("body").order_by("-held_on")
        self.fields["record"].choices = [("", "No linked record"), *selectors.linkable_records()]


class ActionForm(GovukFormMixin, VersionMixin):
    reference = forms.CharField(max_length=30, error_messages={"required": "Enter the action reference"})
    title = forms.CharField(max_length=255, error_messages={"required": "Enter the action"})
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    owner_body = forms.ModelChoiceField(
        label="Owned by", queryset=Body.objects.none(), error_messages={"required": "Choose the sub group"}
    )
    owner = forms.ModelChoiceField(
        label="Lead person", queryset=get_user_model().objects.none(), required=False
    )
    due_on = date_field("Due date")
    status = forms.ChoiceField(choices=ActionStatus.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_body"].queryset = Body.objects.active().order_by("name")
        self.fields["owner"].queryset = people()


class ProgressForm(GovukFormMixin, VersionMixin):
    written_on = date_field("Date of the update")
    status = forms.ChoiceField(choices=ActionStatus.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label="Progress",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the progress made"},
    )
