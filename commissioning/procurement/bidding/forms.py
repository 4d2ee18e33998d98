"""Forms of the provider portal (registration, clarification questions, bids) and of the officers' side."""

from decimal import Decimal, InvalidOperation

from django import forms

from commissioning.core.forms import GovukFormMixin
from commissioning.organisations.models import OrganisationType, Sector
from commissioning.procurement.bidding.services import DOCUMENT_TYPES, MAX_DOCUMENT_BYTES
from commissioning.procurement.models import Procurement, QuestionStage

ACCEPT = ",".join(sorted(DOCUMENT_TYPES))


class RegistrationForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Organisation's name",
        max_length=255,
        help_text="Its full name, as registered.",
        error_messages={"required": "Enter your organisation's name"},
    )
    organisation_type = forms.ChoiceField(
        label="Type of organisation",
        choices=[(value, label) for value, label in OrganisationType.choices],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of organisation"},
    )
    sector = forms.ChoiceField(
        choices=[(value, label) for value, label in Sector.choices if value != Sector.STATUTORY]
        + [(Sector.STATUTORY, Sector.STATUTORY.label)],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your organisation's sector"},
    )
    companies_house_number = forms.CharField(
        label="Companies House number",
        required=False,
        max_length=8,
        help_text="8 characters, like 01234567 or SC123456. Give this, your charity number, or both.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    charity_number = forms.CharField(
        label="Charity number",
        required=False,
        max_length=12,
        help_text="As registered, like 1123456, SC012345 or NIC100001.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    first_name = forms.CharField(
        label="Your first name",
        max_length=150,
        error_messages={"required": "Enter your first name"},
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
    )
    last_name = forms.CharField(
        label="Your last name",
        max_length=150,
        error_messages={"required": "Enter your last name"},
        widget=forms.TextInput(attrs={"autocomplete": "family-name", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Your email address",
        help_text="You sign in with it.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Choose a password",
        help_text="At least 12 characters; not a common password, not only numbers, not like your name.",
        strip=False,
        error_messages={"required": "Choose a password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


# A field people never see (the template hides it from everyone); automated sign-ups fill it in.
HONEYPOT = "fax_number"


class ClarificationForm(GovukFormMixin, forms.Form):
    question = forms.CharField(
        label="Your question",
        help_text="The question and its answer are published to every bidder without saying who asked.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Enter your question"},
    )


class ClarificationAnswerForm(GovukFormMixin, forms.Form):
    published_question = forms.CharField(
        label="The question as it will be published",
        help_text="Remove anything that says or suggests who asked.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the question as it will be published, without the asker's name"},
    )
    answer = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), error_messages={"required": "Enter the answer"}
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class BidForm(GovukFormMixin, forms.Form):
    """The price, one answer per question (with its word limit), and documents."""

    price = forms.CharField(
        label="Your price, in pounds",
        help_text="The whole-life price without VAT, like 850000 or 850000.50.",
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "class": "govuk-input--width-10", "spellcheck": "false"}
        ),
    )
    documents = MultipleFileField(
        label="Documents (optional)",
        required=False,
        help_text=(
            f"PDF, Word, Excel, OpenDocument, text or CSV files, each up to {MAX_DOCUMENT_BYTES // (1024 * 1024)} "
            "MB. You can choose several."
        ),
    )

    def __init__(self, *args, procurement: Procurement, **kwargs):
        super().__init__(*args, **kwargs)
        self.procurement = procurement
        self.price_required = bool(procurement.price_weight)
        if self.price_required:
            self.fields["price"].required = True
            self.fields["price"].error_messages["required"] = "Enter your price"
        else:
            self.fields["price"].label = "Your price, in pounds (optional)"
        self.questions = list(
            procurement.questions.active().filter(stage__in=[QuestionStage.SELECTION, QuestionStage.AWARD])
        )
        for question in self.questions:
            limit = f" Up to {question.word_limit} words." if question.word_limit else ""
            self.fields[f"answer_{question.pk}"] = forms.CharField(
                label=f"{question.number}: {question.text}",
                help_text=(question.guidance + limit).strip(),
                widget=forms.Textarea(attrs={"rows": 8}),
                error_messages={"required": f"Answer question {question.number}"},
            )
        # The documents go last.
        self.fields["documents"] = self.fields.pop("documents")

    def clean_price(self):
        raw = (self.cleaned_data.get("price") or "").strip().replace(",", "").lstrip("£")
        if not raw:
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation as exc:
            raise forms.ValidationError("Enter your price as a number of pounds, like 850000.50") from exc
        if not value.is_finite() or value < 0:
            raise forms.ValidationError("The price must be £0 or more")
        if value.as_tuple().exponent < -2:
            raise forms.ValidationError("Enter the price in pounds and pence, with at most 2 decimal places")
        if value >= Decimal("1000000000000"):
            raise forms.ValidationError("The price is too large")
        return value

    def answers(self) -> dict[int, str]:
        return {
            question.pk: self.cleaned_data.get(f"answer_{question.pk}", "") for question in self.questions
        }
