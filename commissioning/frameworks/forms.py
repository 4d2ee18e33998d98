from django import forms

from commissioning.core.forms import GovukFormMixin


class LocalVariationForm(GovukFormMixin, forms.Form):
    local_text = forms.CharField(
        label="How the partnership applies this item",
        help_text="Leave blank to remove the local variation. The source document's text is never changed.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    local_note = forms.CharField(
        label="Why the partnership differs from the source",
        help_text="For example, a change in the law or a decision of the Commissioning Board.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
