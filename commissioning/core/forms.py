from crispy_forms_gds.helper import FormHelper
from django import forms

from commissioning.core import uploads


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


SPREADSHEET_MAX_BYTES = 5 * 1024 * 1024


class SpreadsheetImportForm(GovukFormMixin, forms.Form):
    """A register's import: a real CSV file (UTF-8) or Excel workbook of at most 5 MB, never a program."""

    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV file (UTF-8) or an Excel workbook (.xlsx), with the columns listed below.",
        error_messages={"required": "Choose a CSV or Excel file to upload", "empty": "The file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The file must be a CSV file or an Excel workbook (.xlsx)")
        if upload.size > SPREADSHEET_MAX_BYTES:
            raise forms.ValidationError("The file must be smaller than 5 MB")
        # Its content too: a real workbook, or UTF-8 text; never a program, whatever it is called.
        uploads.check_file(upload, types=(uploads.CSV, uploads.XLSX), max_bytes=SPREADSHEET_MAX_BYTES)
        return upload
