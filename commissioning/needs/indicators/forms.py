from django import forms
from django.conf import settings

from commissioning.core import uploads
from commissioning.core.forms import GovukFormMixin
from commissioning.frameworks.models import FrameworkItem
from commissioning.needs.indicators.mappings import shipped_mappings
from commissioning.needs.indicators.selectors import OUTCOME_FRAMEWORK
from commissioning.needs.models import Indicator

OWN_MAPPING = "own"
NO_MAPPING = ""
MAX_MAPPING_BYTES = 1024 * 1024


def max_import_bytes() -> int:
    """The largest indicator file taken through the page (it is read whole); bigger files go through
    `manage.py import_indicators`."""
    return settings.INDICATOR_IMPORT_MAX_BYTES


class IndicatorForm(GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    outcomes = forms.ModelMultipleChoiceField(
        queryset=FrameworkItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Every Child Matters outcomes it measures",
    )
    import_names = forms.CharField(
        label="Names in tidy files (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line, as “indicator | measure”, so that tidy files holding this indicator import into it.",
    )

    class Meta:
        model = Indicator
        fields = ["code", "title", "definition", "unit", "polarity", "outcomes", "source", "frequency"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "code": {"required": "Enter a code for the indicator, like ni-117", "invalid": "Use only lower-case "
                     "letters, digits and hyphens in the code"},
            "title": {"required": "Enter the indicator's title"},
            "unit": {"required": "Choose the unit"},
        }  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcomes"].queryset = FrameworkItem.objects.filter(
            framework__slug=OUTCOME_FRAMEWORK
        ).order_by("sort_key")
        if self.instance.pk:
            self.initial["import_names"] = "\n".join(self.instance.import_names)

    def clean_import_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["import_names"].splitlines() if line.strip()]


class ImportUploadForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Indicator file (CSV, UTF-8)",
        help_text="A tidy file (area_code, area_name, period, indicator, measure, unit, value) or a DfE Explore "
        "Education Statistics file.",
        error_messages={"required": "Choose the file to import", "empty": "The file you chose is empty"},
    )
    mapping = forms.ChoiceField(label="Mapping (for a DfE file)", required=False)
    mapping_file = forms.FileField(
        label="Your own mapping (YAML)",
        required=False,
        help_text="Only when “My own mapping” is chosen above.",
    )
    accept_suppressed = forms.BooleanField(
        label="Store suppressed and missing values (x, c, z, low, NA) as suppressed, never as 0",
        required=False,
    )
    skip_unknown_areas = forms.BooleanField(
        label="Leave out rows for areas that are not held (for example districts), and list them",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mapping"].choices = [
            (NO_MAPPING, "None: a tidy file"),
            *[(m.name, m.description) for m in shipped_mappings()],
            (OWN_MAPPING, "My own mapping (upload below)"),
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("The file must be a CSV file (.csv)")
        limit = max_import_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file must be smaller than {uploads.size_label(limit)}: import a bigger file with "
                "manage.py import_indicators"
            )
        uploads.check_file(upload, types=(uploads.CSV, uploads.TXT), max_bytes=limit)
        return upload

    def clean_mapping_file(self):
        upload = self.cleaned_data.get("mapping_file")
        if upload and upload.name.lower().endswith((".yaml", ".yml")):
            uploads.check_file(upload, types=(uploads.YAML, uploads.YML), max_bytes=MAX_MAPPING_BYTES)
        return upload

    def clean(self):
        cleaned = super().clean()
        # A mapping file refused by clean_mapping_file already says why.
        chosen = cleaned.get("mapping_file") or "mapping_file" in self.errors
        if cleaned.get("mapping") == OWN_MAPPING and not chosen:
            self.add_error("mapping_file", "Choose your mapping file, or choose a shipped mapping")
        upload = cleaned.get("mapping_file")
        if upload and not upload.name.lower().endswith((".yaml", ".yml")):
            self.add_error("mapping_file", "The mapping must be a YAML file (.yaml)")
        return cleaned
