from django import forms

from commissioning.accounts.models import User
from commissioning.core.forms import GovukFormMixin
from commissioning.organisations.models import Organisation, Role


class OrganisationForm(GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    website = forms.URLField(
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address like https://www.example.org"},
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "organisation_type",
            "sector",
            "is_partner",
            "is_provider",
            "companies_house_number",
            "charity_number",
            "other_identifier_scheme",
            "other_identifier",
            "description",
            "address",
            "postcode",
            "website",
            "email",
            "telephone",
        ]
        labels = {
            "is_partner": "A member of the commissioning partnership",
            "is_provider": "Provides services to children and families",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "address": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "name": {
                "required": "Enter the organisation's name",
                "unique": "An organisation with this name exists",
            },
            "organisation_type": {"required": "Select the type of organisation"},
            "sector": {"required": "Select the sector"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class PersonCreateForm(GovukFormMixin, forms.Form):
    first_name = forms.CharField(max_length=150, error_messages={"required": "Enter the person's first name"})
    last_name = forms.CharField(max_length=150, error_messages={"required": "Enter the person's last name"})
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    username = forms.CharField(
        max_length=150,
        help_text="Letters, digits and @ . + - _ only. They can also sign in with their email address.",
        error_messages={"required": "Enter a username"},
    )
    job_title = forms.CharField(max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.active(),
        error_messages={"required": "Select the person's organisation"},
    )
    role = forms.ChoiceField(choices=Role.choices, error_messages={"required": "Select the person's role"})
    send_invitation = forms.BooleanField(
        required=False, initial=True, label="Email them a link to set their password and sign in"
    )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken. Choose another")
        return username

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Someone already has an account with this email address")
        return email


class PersonEditForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "job_title"]


class MembershipForm(GovukFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.active(), error_messages={"required": "Select an organisation"}
    )
    role = forms.ChoiceField(choices=Role.choices, error_messages={"required": "Select a role"})
