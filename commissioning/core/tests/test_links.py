"""`link` and the `{% url %}` tag built on it give exactly what Django's `reverse` gives."""

import pytest
from django.template import engines
from django.test import override_settings
from django.urls import NoReverseMatch, URLResolver, get_resolver, path, re_path, reverse, set_script_prefix

from commissioning.core import links
from commissioning.core.links import link, link_template
from commissioning.core.templatetags.links import LinkNode


def _view(request, **kwargs):  # pragma: no cover - never called: the patterns below are only reversed
    raise AssertionError


# A URL configuration of patterns that do not take every whole number alike (see the tests below).
urlpatterns = [
    path("items/<int:pk>/", _view, name="item"),
    re_path(r"^years/(?P<year>[0-9]{4})/$", _view, name="year"),
    path("pairs/<int:first>/and/<int:second>/", _view, name="pair"),
    re_path(r"^swapped/(?P<second>[0-9]+)/(?P<first>[0-9]+)/$", _view, name="swapped"),
    path("pages/<slug:slug>/", _view, name="page"),
]


def _named_patterns(patterns, namespace="", groups=()):
    for pattern in patterns:
        names = (*groups, *pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern.url_patterns, inner, names)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", tuple(name for name in names if name != "format")


def _outcome(make, name, **arguments) -> str:
    try:
        return make(name, **arguments)
    except NoReverseMatch:
        return "no match"  # as for a step's number, which is 1 to 9


@pytest.fixture(autouse=True)
def _fresh():
    links._learnt.clear()
    yield
    links._learnt.clear()


def test_every_url_of_the_product_taking_whole_numbers_is_linked_as_reverse_links_it():
    checked = 0
    for name, arguments in _named_patterns(get_resolver().url_patterns):
        try:
            reverse(name, kwargs={argument: 5 for argument in arguments})
        except NoReverseMatch:
            continue  # takes text, such as a framework's slug
        for values in (
            [0] * len(arguments),
            [42] * len(arguments),
            list(range(98765, 98765 + len(arguments))),
        ):
            kwargs = dict(zip(arguments, values, strict=True))
            assert _outcome(link, name, kwargs=kwargs) == _outcome(reverse, name, kwargs=kwargs), name
            assert _outcome(link, name, args=values) == _outcome(reverse, name, args=values), name
        checked += 1
    assert checked > 300
    learnt = [pieces for pieces in links._learnt.values() if pieces is not None]
    assert len(learnt) > 300  # they were joined from patterns, not handed to reverse


@override_settings(ROOT_URLCONF=__name__)
def test_a_pattern_that_does_not_take_every_number_is_left_to_reverse():
    assert link_template("year", ("year",), 1) is None
    assert link("year", kwargs={"year": 2026}) == "/years/2026/"
    with pytest.raises(NoReverseMatch):
        link("year", kwargs={"year": 26})


@override_settings(ROOT_URLCONF=__name__)
def test_arguments_go_where_the_pattern_puts_them():
    assert link("pair", args=[3, 4]) == "/pairs/3/and/4/"
    assert link("pair", kwargs={"second": 4, "first": 3}) == "/pairs/3/and/4/"
    assert link("swapped", kwargs={"first": 3, "second": 4}) == "/swapped/4/3/"


@override_settings(ROOT_URLCONF=__name__)
def test_text_negative_numbers_and_missing_arguments_are_reverses_business():
    assert link("page", args=["annual-report"]) == "/pages/annual-report/"
    assert link("item", args=["12"]) == "/items/12/"
    for args in ([-1], [True], [], [1, 2]):
        with pytest.raises(NoReverseMatch):
            link("item", args=args)
        with pytest.raises(NoReverseMatch):
            reverse("item", args=args)
    with pytest.raises(ValueError, match="mix"):
        link("pair", args=[3], kwargs={"second": 4})


@override_settings(ROOT_URLCONF=__name__)
def test_the_script_prefix_is_kept():
    assert link("item", args=[7]) == "/items/7/"
    set_script_prefix("/hub/")
    try:
        assert link("item", args=[7]) == reverse("item", args=[7]) == "/hub/items/7/"
    finally:
        set_script_prefix("/")
    assert link("item", args=[7]) == "/items/7/"


@override_settings(ROOT_URLCONF=__name__)
def test_the_url_tag_everywhere_is_the_linking_one():
    template = engines["django"].from_string(
        "<a href=\"{% url 'item' pk %}\">one</a> {% url 'pair' first=1 second=pk as pair %}{{ pair }} "
        "{% url 'page' slug %} {% url 'nowhere' as missing %}[{{ missing }}]"
    )
    assert isinstance(template.template.nodelist[1], LinkNode)
    assert template.render({"pk": 9, "slug": "a-b"}) == (
        '<a href="/items/9/">one</a> /pairs/1/and/9/ /pages/a-b/ []'
    )
    with pytest.raises(NoReverseMatch):
        engines["django"].from_string("{% url 'nowhere' %}").render({})
