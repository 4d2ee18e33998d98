from crispy_forms_gds.helper import FormHelper
from django import forms


class GovukFormMixin:
    """Render with crispy-forms-gds inside our own <form> (see templates/includes/form_page.html)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class ReasonForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This is kept in the record's history.",
        error_messages={"required": "Enter a reason"},
    )
