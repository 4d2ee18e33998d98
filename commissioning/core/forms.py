from crispy_forms_gds.helper import FormHelper
from django import forms


class GovukFormMixin:
    """Render with crispy-forms-gds inside our own <form> (see templates/includes/form_page.html)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class ArchiveForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why are you archiving this record?",
        help_text="This is kept in the record's history. Archived records can be restored.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you are archiving this record"},
    )


class ConfirmForm(GovukFormMixin, forms.Form):
    """A confirmation step with no fields."""
