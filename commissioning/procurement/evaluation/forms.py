"""Forms of the evaluation pages. Dates use the GOV.UK date input; money is typed as text (inputmode decimal)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from commissioning.core.forms import GovukFormMixin
from commissioning.cycle.resources.forms import GovukDateField
from commissioning.organisations.models import Role
from commissioning.procurement.models import AwardDecision, GrantAgreement, PanelMember

DATE_HELP = "For example, 27 3 2026"


def date_field(label, *, required=True, help_text=DATE_HELP):
    """A GOV.UK date input (day, month, year)."""
    return GovukDateField(
        what=f"the {label[0].lower()}{label[1:]}", label=label, required=required, help_text=help_text
    )


def money_field(label, *, required=True, help_text=""):
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "required": f"Enter the {label.lower().replace(' (£)', '')}",
            "invalid": "Enter an amount in pounds, like 25000 or 25000.50",
            "min_value": "The amount cannot be negative",
            "max_decimal_places": "Enter the amount with at most 2 decimal places",
            "max_digits": "The amount is too large",
        },
    )


def panel_candidates():
    """People who may sit on a panel: anyone with an active role other than only a provider's."""
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__archived_at__isnull=True)
        .filter(~Q(memberships__role=Role.PROVIDER_USER) | Q(memberships__role=Role.PANEL_MEMBER))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name() or user.username
        return f"{name} ({user.email})" if user.email else name


class PanelMemberForm(GovukFormMixin, forms.ModelForm):
    user = PersonChoiceField(
        label="Person",
        queryset=get_user_model().objects.none(),
        error_messages={"required": "Choose the person joining the panel"},
    )
    training_completed_on = date_field("Training completed on", required=False)

    class Meta:
        model = PanelMember
        fields = [
            "user",
            "panel_role",
            "evaluates_price",
            "training_completed_on",
            "training_notes",
            "support_needs",
        ]
        widgets = {
            "panel_role": forms.RadioSelect,
            "training_notes": forms.Textarea(attrs={"rows": 3}),
            "support_needs": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"evaluates_price": "Checks the price schedule only (does not score answers)"}
        error_messages = {"panel_role": {"required": "Choose their role on the panel"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = panel_candidates()
        self.fields[
            "support_needs"
        ].help_text = (
            "For a young person or parent or carer: travel, timing, a supporter, accessible formats, payment."
        )


class TrainingForm(GovukFormMixin, forms.Form):
    training_completed_on = date_field("Training completed on", required=False)
    training_notes = forms.CharField(
        label="Training and support given", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    support_needs = forms.CharField(
        label="Support needs", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DeclarationForm(GovukFormMixin, forms.Form):
    has_conflict = forms.TypedChoiceField(
        label="Do you have a link to any organisation that has bid, or anything to gain from who wins?",
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=(
            "For example: you work or volunteer for one of them, a family member or close friend does, or "
            "you would get money or a job if they won."
        ),
        error_messages={"required": "Select yes if you have a link to a bidder or anything to gain"},
    )
    interests = forms.CharField(
        label="If yes, tell us what the link is",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label="I will tell the panel lead straight away if this changes",
        error_messages={"required": "Confirm you will tell the panel lead if this changes"},
    )


class ModerationForm(GovukFormMixin, forms.Form):
    score = forms.TypedChoiceField(label="Consensus score", coerce=int, widget=forms.RadioSelect)
    reasons = forms.CharField(
        label="Reasons for the change",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the consensus differs from any evaluator's score.",
    )
    feedback = forms.CharField(
        label="Feedback for the bidder",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The strengths and weaknesses of the answer, as the bidder will read them.",
        error_messages={"required": "Enter the feedback the bidder will be given for this answer"},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].choices = choices
        self.fields["score"].error_messages["required"] = "Choose the consensus score"


class ExcludeForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is the bid excluded?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example the mandatory or discretionary exclusion ground, or the condition not met.",
        error_messages={"required": "Enter why the bid is excluded"},
    )


class AwardForm(GovukFormMixin, forms.ModelForm):
    bid = forms.ChoiceField(label="Bidder", widget=forms.RadioSelect)
    amount = money_field(
        "Amount awarded (£)", required=False, help_text="For a grant: may be less than asked for."
    )
    decided_on = date_field("Date of the decision")

    class Meta:
        model = AwardDecision
        fields = ["amount", "decided_on", "approved_by", "approval_reference", "reasons"]
        widgets = {"reasons": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "approved_by": {"required": "Enter who approved the award"},
            "reasons": {"required": "Enter why this bid is the most advantageous"},
        }

    def __init__(self, *args, bids, grant_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bid"].choices = bids
        self.fields["bid"].error_messages["required"] = "Choose the bidder awarded"
        if grant_round:
            self.fields["amount"].required = True
            self.fields["amount"].error_messages["required"] = "Enter the amount of the grant awarded"
        else:
            del self.fields["amount"]


class AwardNoticeForm(GovukFormMixin, forms.Form):
    published_on = date_field("Contract award notice published on")


class ContractForm(GovukFormMixin, forms.Form):
    entered_on = date_field("Contract entered into on")


class LessonsForm(GovukFormMixin, forms.Form):
    lessons_learned_on = date_field("Date of the lessons-learned meeting", required=False)
    lessons_learned = forms.CharField(
        label="Lessons learned", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    panel_feedback = forms.CharField(
        label="Feedback from panel members",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Including what young people and parents or carers said about taking part.",
    )


class GrantAgreementForm(GovukFormMixin, forms.ModelForm):
    amount = money_field("Amount of the grant (£)", help_text="Not more than the amount awarded.")
    starts_on = date_field("Starts on")
    ends_on = date_field("Ends on")
    signed_on = date_field(
        "Signed on", required=False, help_text="Leave empty until both parties have signed."
    )

    class Meta:
        model = GrantAgreement
        fields = [
            "amount",
            "starts_on",
            "ends_on",
            "payment_schedule",
            "outputs_and_outcomes",
            "monitoring",
            "conditions",
            "signed_on",
        ]
        widgets = {
            "payment_schedule": forms.Textarea(attrs={"rows": 3}),
            "outputs_and_outcomes": forms.Textarea(attrs={"rows": 4}),
            "monitoring": forms.Textarea(attrs={"rows": 3}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "payment_schedule": {"required": "Enter when and how the grant is paid"},
            "outputs_and_outcomes": {"required": "Enter the outputs and outcomes the grant delivers"},
            "monitoring": {"required": "Enter how the grant is monitored"},
        }
