from django.template import Context, Template
from django.utils.html import escape


def render(choices, selected):
    template = Template("{% load options %}{% select_options choices selected %}")
    return template.render(Context({"choices": choices, "selected": selected}))


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
