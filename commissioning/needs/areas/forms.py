from django import forms

from commissioning.core.forms import GovukFormMixin
from commissioning.needs.areas.readers import MAX_NEIGHBOURS


class AliasForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Other name",
        max_length=200,
        help_text="As a data file writes it, for example “Bristol, City of” or “Durham”.",
        error_messages={"required": "Enter the other name", "max_length": "Enter 200 characters or fewer"},
    )
    source = forms.CharField(
        label="Used by (optional)",
        max_length=100,
        required=False,
        help_text="Who uses this name, for example DfE, ONS or OHID Fingertips.",
        error_messages={"max_length": "Enter 100 characters or fewer"},
    )


class ConfirmForm(GovukFormMixin, forms.Form):
    """A confirmation with nothing to fill in."""


def _place_label(place: int) -> str:
    return "Neighbour 1 (closest)" if place == 1 else f"Neighbour {place}"


class NeighbourSetForm(GovukFormMixin, forms.Form):
    """Up to ten neighbours, closest first; the choices are the codes of current authorities."""

    source = forms.CharField(
        label="Where the set comes from (optional)",
        max_length=255,
        required=False,
        help_text="For example “DfE children's services statistical neighbours, 2025” or a local decision.",
        error_messages={"max_length": "Enter 255 characters or fewer"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, authorities: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "None"), *authorities]
        for place in range(1, MAX_NEIGHBOURS + 1):
            self.fields[f"neighbour_{place}"] = forms.ChoiceField(
                label=_place_label(place),
                choices=choices,
                required=False,
                error_messages={"invalid_choice": "Choose a current local authority from the list"},
            )
        self.order_fields([f"neighbour_{place}" for place in range(1, MAX_NEIGHBOURS + 1)] + ["source"])

    def neighbour_codes(self) -> list[str]:
        return [self.cleaned_data.get(f"neighbour_{place}") or "" for place in range(1, MAX_NEIGHBOURS + 1)]


class HomeAreaForm(GovukFormMixin, forms.Form):
    home_area = forms.ChoiceField(
        label="Home area",
        help_text="The partnership's own children's services authority. Indicators are benchmarked for it "
        "against its statistical neighbours, its region and England.",
        error_messages={
            "required": "Choose the partnership's local authority",
            "invalid_choice": "Choose a current local authority from the list",
        },
    )

    def __init__(self, *args, authorities: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_area"].choices = [("", "Choose an authority"), *authorities]
