"""What a list page's remembered results are kept under (`RememberedResultsMixin.results_key`): everything they
depend on besides the tables. The pages' own tests show them served again and shown afresh after a write."""

from datetime import date
from functools import partial

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.test import Client, RequestFactory
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from django.views.generic import TemplateView

from bench.scale import seed
from commissioning.conftest import queries_of
from commissioning.core.views import RememberedResultsMixin
from commissioning.organisations.models import Membership, Role
from commissioning.organisations.roles import forget_roles
from commissioning.organisations.tests.factories import person_with_role


class _Register(RememberedResultsMixin, TemplateView):
    results_template = "includes/pagination.html"


class _RegisterByDay(_Register):
    results_by_day = True


def _key(view_class, user, query=""):
    request = RequestFactory().get("/register/" + query)
    request.user = user
    view = view_class()
    view.setup(request)
    return view.results_key()


def test_the_same_filters_in_any_order_are_the_same_results(commissioner):
    assert _key(_Register, commissioner, "?status=live&q=family") == _key(
        _Register, commissioner, "?q=family&status=live"
    )
    assert _key(_Register, commissioner, "?q=family") != _key(_Register, commissioner, "?q=Family")
    assert _key(_Register, commissioner, "?q=family&page=2") != _key(_Register, commissioner, "?q=family")
    assert _key(_Register, commissioner, "?area=a&area=b") != _key(_Register, commissioner, "?area=a")


def test_each_person_and_each_change_of_their_roles_has_results_of_its_own(commissioner, council):
    other = person_with_role(Role.COMMISSIONER, council)
    assert _key(_Register, commissioner) != _key(_Register, other)
    before = _key(_Register, commissioner)
    Membership.objects.create(user=commissioner, organisation=council, role=Role.CONTRACTS_MANAGER)
    forget_roles(commissioner)
    assert _key(_Register, commissioner) != before


def test_each_view_has_results_of_its_own(commissioner):
    assert _key(_Register, commissioner) != _key(_RegisterByDay, commissioner)


@pytest.mark.django_db
def test_results_judged_on_the_day_are_kept_for_the_day(commissioner, monkeypatch):
    day = {"today": date(2026, 12, 7)}
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day["today"])
    first = (_key(_Register, commissioner), _key(_RegisterByDay, commissioner))
    day["today"] = date(2026, 12, 8)
    assert _key(_Register, commissioner) == first[0]
    assert _key(_RegisterByDay, commissioner) != first[1]


# Every page whose results are remembered: who asks, a column of the page's rows to rename and, for a record page,
# the record's model and the field its address names it by (its first record is asked for; by pk unless said). Each row shown has the renamed text after the write, however
# the write is made (here an UPDATE of every row).
PAGES = {
    "contracts:list": ("contracts-manager", "contracts.Agreement", "title"),
    "contracts:detail": ("contracts-manager", "contracts.Agreement", "description", "contracts.Agreement"),
    "contracts:alerts": ("contracts-manager", "contracts.Agreement", "title"),
    "contracts:compliance": ("contracts-manager", "contracts.Payment", "invoice_reference"),
    "monitoring:home": ("monitoring-officer", "contracts.Agreement", "title"),
    "monitoring:returns": ("provider-user", "contracts.Agreement", "title"),
    "cycle:list": ("commissioner", "cycle.CommissioningActivity", "title"),
    "cycle:detail": ("commissioner", "cycle.CommissioningActivity", "purpose", "cycle.CommissioningActivity"),
    "procurement:list": ("procurement-manager", "procurement.Procurement", "title"),
    "procurement:portal-home": ("provider-user", "procurement.Procurement", "title"),
    "procurement:detail": (
        "procurement-manager",
        "procurement.Procurement",
        "local_method",
        "procurement.Procurement",
    ),
    "services:list": ("commissioner", "services.Service", "name"),
    "organisations:list": ("administrator", "organisations.Organisation", "name"),
    "needs:indicators": ("commissioner", "needs.Indicator", "title"),
    "needs:indicator-detail": ("commissioner", "needs.Indicator", "definition", "needs.Indicator", "code"),
    "quality:home": ("partnership-manager", "quality.Requirement", "title"),
    "governance:actions": ("partnership-manager", "governance.Action", "title"),
    "governance:decisions": ("partnership-manager", "governance.Body", "name"),
    "governance:home": ("partnership-manager", "governance.Body", "name"),
    "assurance:home": ("partnership-manager", "assurance.Programme", "title"),
}


# Pages whose remembered results need records the scale data does not give every time, tested with their app.
TESTED_ELSEWHERE = {
    "reminders:due": "reminders/tests/test_cached_due_list.py: a person's own due items",
    "needs:benchmark": "needs/tests/benchmark/test_cached_benchmark.py: an area with neighbours and figures",
    "procurement:ranking": "procurement/tests/test_evaluation_views.py: a moderated tender",
}


def _remembering_views() -> set[str]:
    names = set()
    for name, pattern in _named_patterns(get_resolver().url_patterns):
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is not None and issubclass(view_class, RememberedResultsMixin):
            names.add(name)
    return names


def _named_patterns(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _named_patterns(
                pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
        elif pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_page_remembering_its_results_is_checked_below():
    assert _remembering_views() == set(PAGES) | set(TESTED_ELSEWHERE)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("empty_cache")
def test_each_page_serves_its_results_again_until_their_rows_are_written():
    from commissioning.accounts.models import User

    call_command("load_frameworks", verbosity=0)
    call_command("load_areas", verbosity=0)
    seed(factor=0.05, report=lambda line: None)
    for name, (role, model_label, column, *record) in PAGES.items():
        client = Client()
        client.force_login(User.objects.get(username=f"scale-{role}-001"))
        kwargs = {}
        if record:
            model, argument = (*record, "pk")[:2]
            kwargs = {argument: getattr(apps.get_model(model).objects.order_by("pk").first(), argument)}
        page = partial(_page, client, reverse(name, kwargs=kwargs))
        first = queries_of(page)  # learns which tables the results read
        page()  # stores them
        assert queries_of(page) < first, f"{name} did not serve its results again"
        renamed = f"Renamed in the test for {name}"
        assert renamed not in page()
        names = Concat(Value(f"{renamed} "), Cast("pk", CharField()))  # some names must be unique
        apps.get_model(model_label).objects.update(**{column: names})
        assert renamed in page(), f"{name} did not show its rows afresh after they were written"
