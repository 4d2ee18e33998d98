from django import forms

from commissioning.core.forms import GovukFormMixin


class RunAgainForm(GovukFormMixin, forms.Form):
    """A confirmation only: the run to repeat is the one in the address."""
