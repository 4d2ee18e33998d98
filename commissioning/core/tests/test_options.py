import pytest
from django.utils.html import escape

from commissioning.conftest import queries_of
from commissioning.core.options import remembered_options, select_options
from commissioning.organisations.models import Organisation
from commissioning.organisations.tests.factories import OrganisationFactory


def render(choices, selected):
    return select_options(choices, selected)


def test_options_are_escaped_as_django_escapes_and_the_chosen_one_selected():
    label = """Smith & Daughters <Care> "Ltd" 'CIC'"""
    html = render([(1, "Alder Trust"), (12, label)], 12)
    assert html == (
        f'<option value="1">Alder Trust</option><option value="12" selected>{escape(label)}</option>'
    )


def test_selected_is_compared_as_text_and_no_choice_selects_the_empty_option_only():
    assert (
        render([("7", "A"), (70, "B")], "70")
        == '<option value="7">A</option><option value="70" selected>B</option>'
    )
    assert (
        render([("", "Any"), (1, "A")], "")
        == '<option value="" selected>Any</option><option value="1">A</option>'
    )
    assert " selected" not in render([(1, "A")], None)


def test_a_value_cannot_break_out_of_its_attribute():
    html = render([('"><script>alert(1)</script>', "x")], None)
    assert "<script>" not in html and "&quot;&gt;&lt;script&gt;" in html


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("empty_cache")
def test_remembered_options_are_served_again_until_their_table_is_written():
    OrganisationFactory(name="Alder Trust")

    def choices():
        return list(Organisation.objects.order_by("name").values_list("pk", "name"))

    first = remembered_options("test.organisations", choices, None)
    remembered_options("test.organisations", choices, None)
    assert queries_of(lambda: remembered_options("test.organisations", choices, None)) == 0
    assert "Alder Trust" in first and " selected" not in first

    birch = OrganisationFactory(name="Birch Family Hub")
    chosen = remembered_options("test.organisations", choices, birch.pk)
    assert f'<option value="{birch.pk}" selected>Birch Family Hub</option>' in chosen
    assert "Birch Family Hub" in remembered_options("test.organisations", choices, None)
