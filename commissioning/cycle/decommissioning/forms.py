from django import forms
from django.db.models import Q

from commissioning.accounts.models import User
from commissioning.core.forms import GovukFormMixin
from commissioning.cycle.decommissioning import policy
from commissioning.cycle.models import DecommissioningStatus
from commissioning.cycle.resources.forms import GovukDateField
from commissioning.organisations.models import Organisation, Role


def _lead_choices(current=None):
    """People who can lead commissioning, and the current lead even if they could not be chosen now."""
    can_lead = Q(
        is_active=True,
        memberships__role__in=[Role.COMMISSIONER, Role.PARTNERSHIP_MANAGER, Role.ADMINISTRATOR],
        memberships__archived_at__isnull=True,
    )
    if current is not None:
        can_lead |= Q(pk=current.pk)
    return User.objects.filter(pk__in=User.objects.filter(can_lead).values("pk")).order_by(
        "first_name", "last_name", "username"
    )


def _provider_choices(current=None):
    """Organisations that provide services, and the current provider even if it is now archived."""
    is_provider = Q(is_provider=True, archived_at__isnull=True)
    if current is not None:
        is_provider |= Q(pk=current.pk)
    return Organisation.objects.filter(is_provider).order_by("name")


class DecommissioningForm(GovukFormMixin, forms.Form):
    service_name = forms.CharField(
        label="Service",
        max_length=255,
        help_text="The service that will stop or change.",
        error_messages={"required": "Enter the name of the service that will stop or change"},
    )
    provider = forms.ModelChoiceField(
        label="Provider (optional)",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Choose the provider",
        help_text="Who provides the service now.",
    )
    lead = forms.ModelChoiceField(
        label="Lead",
        queryset=User.objects.none(),
        empty_label="Choose who leads it",
        error_messages={"required": "Choose who leads the decommissioning"},
    )
    rationale = forms.CharField(
        label="Why is the service being decommissioned?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the service is being decommissioned"},
    )
    evidence = forms.CharField(
        label="Evidence behind the decision",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed before it is agreed. For example, the review, monitoring returns, the needs analysis.",
    )
    stakeholder_involvement = forms.CharField(
        label="How children, families, providers and partners were involved",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed before it is agreed.",
    )
    impact_assessment = forms.CharField(
        label="Impact on the children and families who use it",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed before it is agreed. Read it with the activity's equality impact assessment.",
    )
    people_affected = forms.IntegerField(
        label="How many children and families use the service now (optional)",
        required=False,
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "invalid": "Enter how many children and families use the service, as a whole number",
            "min_value": "Enter how many children and families use the service, as 0 or more",
        },
    )
    transition_plan = forms.CharField(
        label="Transition plan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="How the children and families affected will be supported through the change. Needed before "
        "it is agreed.",
    )
    consultation_start = GovukDateField(
        label="Consultation with the voluntary sector: start date (optional)",
        help_text=f"The Staffordshire Compact asks for at least {policy.CONSULTATION_DAYS} days. "
        "For example, 1 6 2026",
        what="the date the consultation starts",
        example="1 6 2026",
        required=False,
    )
    consultation_end = GovukDateField(
        label="Consultation with the voluntary sector: end date (optional)",
        help_text="For example, 31 8 2026",
        what="the date the consultation ends",
        example="31 8 2026",
        required=False,
    )
    notice_date = GovukDateField(
        label="Date notice is given to the provider (optional until notice is given)",
        help_text=f"Compact standard C6 asks for at least {policy.NOTICE_MONTHS} months' notice. "
        "For example, 1 9 2026",
        what="the date notice is given",
        example="1 9 2026",
        required=False,
    )
    end_date = GovukDateField(
        label="Date the service ends (optional until notice is given)",
        help_text="For example, 31 12 2026",
        what="the date the service ends",
        example="31 12 2026",
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, current_provider=None, current_lead=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = _provider_choices(current_provider)
        self.fields["lead"].queryset = _lead_choices(current_lead)
        self.fields["lead"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class DecommissioningStatusForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="New status",
        choices=DecommissioningStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the new status"},
    )
    reason = forms.CharField(
        label="If you are withdrawing it, why?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This is kept in the record's history.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, offered=(), **kwargs):
        super().__init__(*args, **kwargs)
        if offered:
            self.fields["status"].choices = [
                (value, label) for value, label in DecommissioningStatus.choices if value in offered
            ]
