"""Forms for involvement, consultations, the reward and recognition policy and panels. The services hold the
rules; the forms read the input and say clearly what is wrong with it."""

from django import forms
from django.contrib.auth import get_user_model

from commissioning.core.forms import GovukFormMixin
from commissioning.cycle.resources.forms import GovukDateField, MoneyField
from commissioning.engagement.models import Group, Method, Panel, SupportType
from commissioning.engagement.policy import SOURCE, minimum_days
from commissioning.organisations.models import Membership, Role

NUMBER_ATTRS = {"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-4"}


def _money(label, required=False):
    return MoneyField(
        label=label,
        required=required,
        help_text="In pounds, for example 45 or 45.50",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "spellcheck": "false", "inputmode": "decimal"}
        ),
    )


def count_field(group: Group) -> forms.IntegerField:
    noun = group.label.lower()
    return forms.IntegerField(
        label=f"{group.label} (number)",
        required=False,
        min_value=0,
        max_value=100000,
        widget=forms.TextInput(attrs=NUMBER_ATTRS),
        error_messages={
            "invalid": f"Enter the number of {noun} as a whole number, like 6",
            "min_value": f"The number of {noun} cannot be negative",
            "max_value": f"The number of {noun} is too large",
        },
    )


class InvolvementForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="Name for this involvement",
        max_length=200,
        help_text="For example, Young carers on the tender panel",
        error_messages={"required": "Enter a name for this involvement"},
    )
    step = forms.TypedChoiceField(
        label="Step of the commissioning cycle",
        coerce=int,
        choices=[],
        error_messages={"required": "Choose the step they took part in"},
    )
    method = forms.ChoiceField(
        label="How they took part",
        choices=Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how they took part"},
    )
    took_place_on = GovukDateField(
        label="When it took place", help_text="For example, 14 5 2026", what="the date it took place"
    )
    panel = forms.ModelChoiceField(
        label="Panel (optional)",
        queryset=Panel.objects.none(),
        required=False,
        empty_label="No panel",
        help_text="Members of the panel see this record, and the feedback, in their own simple view.",
    )
    in_decision = forms.BooleanField(
        label="They took part in making a decision, not only giving views",
        required=False,
        help_text="For example, scoring tenders, a vote at a board or agreeing a specification.",
    )
    summary = forms.CharField(
        label="What they did and said",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="No names or personal details of children.",
        error_messages={"required": "Enter what they did and said"},
    )
    support_types = forms.ModelMultipleChoiceField(
        label="Support given (reward and recognition policy)",
        queryset=SupportType.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    support_cost = _money("Cost of the support (optional)")
    training = forms.CharField(
        label="Training and accreditation (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    accredited = forms.BooleanField(label="The training led to an accreditation", required=False)
    feedback = forms.CharField(
        label="You said, we did (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you told them back about the difference they made.",
    )
    feedback_given_on = GovukDateField(
        label="Date the feedback was given (optional)",
        required=False,
        help_text="For example, 2 7 2026",
        what="the date the feedback was given",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [("", "Choose a step")] + [
            (step.number, f"Step {step.number}") for step in activity.steps.all()
        ]
        self.fields["panel"].queryset = Panel.objects.active()
        self.fields["support_types"].queryset = SupportType.objects.active()
        self.fields["support_types"].label_from_instance = lambda s: f"{s.name} ({s.rate_label})"
        for group in Group:
            self.fields[f"count_{group.value}"] = count_field(group)
        order = ["title", "step", "method", "took_place_on"] + [f"count_{g.value}" for g in Group]
        self.order_fields(order)

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(f"count_{g.value}") for g in Group):
            self.add_error(
                f"count_{Group.values[0]}", "Enter how many people took part in at least one group"
            )
        if bool((data.get("feedback") or "").strip()) != bool(data.get("feedback_given_on")):
            if data.get("feedback_given_on"):
                self.add_error("feedback", "Enter the feedback you gave, or leave the date out")
            elif "feedback_given_on" not in self.errors:
                self.add_error("feedback_given_on", "Enter the date the feedback was given")
        return data

    def counts(self) -> dict[str, int]:
        return {g.value: self.cleaned_data.get(f"count_{g.value}") or 0 for g in Group}

    def service_data(self) -> dict:
        data = {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("version", "step", "support_types") and not k.startswith("count_")
        }
        data["support_cost"] = data.get("support_cost") or 0
        return data

    @staticmethod
    def initial_from(involvement) -> dict:
        initial = {
            field: getattr(involvement, field)
            for field in (
                "title",
                "method",
                "took_place_on",
                "panel",
                "in_decision",
                "summary",
                "support_cost",
                "training",
                "accredited",
                "feedback",
                "feedback_given_on",
                "version",
            )
        }
        initial["step"] = involvement.step.number
        initial["support_types"] = list(involvement.support_types.all())
        for line in involvement.counts.all():
            initial[f"count_{line.group}"] = line.number
        return initial


class FeedbackForm(GovukFormMixin, forms.Form):
    feedback = forms.CharField(
        label="You said, we did",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What you told the people who took part about what changed because of them.",
        error_messages={"required": "Enter what you told them back"},
    )
    feedback_given_on = GovukDateField(
        label="Date the feedback was given",
        help_text="For example, 2 7 2026",
        what="the date the feedback was given",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def owner_choices():
    user_ids = (
        Membership.objects.active()
        .filter(
            role__in=[
                Role.COMMISSIONER,
                Role.PARTNERSHIP_MANAGER,
                Role.PROCUREMENT_MANAGER,
                Role.MONITORING_OFFICER,
            ]
        )
        .values_list("user_id", flat=True)
    )
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True)


class ConsultationForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title"})
    activity = forms.ModelChoiceField(
        label="Commissioning activity (optional)",
        queryset=None,
        required=False,
        empty_label="Not part of an activity",
    )
    owner = forms.ModelChoiceField(
        label="Who runs it", queryset=None, error_messages={"required": "Choose who runs the consultation"}
    )
    purpose = forms.CharField(
        label="Purpose",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What it is about and what could change.",
        error_messages={"required": "Enter the purpose of the consultation"},
    )
    audience = forms.CharField(
        label="Who is being asked",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter who is being asked"},
    )
    includes_voluntary_sector = forms.BooleanField(
        label="Voluntary and community organisations are asked", required=False
    )
    open_to_young_people = forms.BooleanField(
        label="Young people on panels can answer it in their own simple view", required=False
    )
    question = forms.CharField(
        label="Short question for young people (if open to them)",
        max_length=300,
        required=False,
        help_text="One question in plain words, for example: What would make the short breaks better for you?",
    )
    starts_on = GovukDateField(label="Start date", help_text="For example, 1 9 2026", what="the start date")
    ends_on = GovukDateField(label="End date", help_text="For example, 30 11 2026", what="the end date")
    channels = forms.CharField(
        label="How people can respond (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    responses_summary = forms.CharField(
        label="Summary of responses (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    what_changed = forms.CharField(
        label="What changed as a result (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    published_summary = forms.CharField(
        label="Published summary (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown to the public once you give a publication date.",
    )
    published_on = GovukDateField(
        label="Date the summary was published (optional)",
        required=False,
        help_text="For example, 15 1 2027",
        what="the date the summary was published",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        from commissioning.cycle.models import CommissioningActivity

        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = CommissioningActivity.objects.active()
        self.fields["owner"].queryset = owner_choices()
        self.fields[
            "ends_on"
        ].help_text = f"For example, 30 11 2026. With the voluntary sector, allow at least {minimum_days()} days. {SOURCE}"

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end date must be on or after the start date")
        return data

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class SupportTypeForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Support", max_length=120, error_messages={"required": "Enter the name of the support"}
    )
    description = forms.CharField(
        label="What is offered (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    rate = MoneyField(
        label="Rate, in pounds",
        help_text="0 where the support is provided rather than paid, for example a venue",
        error_messages={"required": "Enter the rate in pounds, or 0"},
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "spellcheck": "false", "inputmode": "decimal"}
        ),
    )
    unit = forms.CharField(
        label="Per (optional)", max_length=60, required=False, help_text="For example, per hour"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PanelForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Name", max_length=160, error_messages={"required": "Enter the panel's name"}
    )
    description = forms.CharField(
        label="Who it is for (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    members = forms.ModelMultipleChoiceField(
        label="Members",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="People who sign in as panel members.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user_ids = (
            Membership.objects.active().filter(role=Role.PANEL_MEMBER).values_list("user_id", flat=True)
        )
        self.fields["members"].queryset = get_user_model().objects.filter(pk__in=user_ids, is_active=True)


class ResponseForm(forms.Form):
    """The young person's short answer. Rendered by hand in the simplified view, with big targets."""

    text = forms.CharField(
        max_length=5000,
        error_messages={
            "required": "Write your answer",
            "max_length": "Your answer must be 5,000 characters or fewer",
        },
    )
    give_name = forms.BooleanField(required=False)
