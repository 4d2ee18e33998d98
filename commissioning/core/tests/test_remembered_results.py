"""What a list page's remembered results are kept under (`RememberedResultsMixin.results_key`): everything they
depend on besides the tables. The pages' own tests show them served again and shown afresh after a write."""

from datetime import date
from functools import partial

import pytest
from django.apps import apps
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from commissioning.conftest import named_url_patterns, page_text, queries_of, scale_client
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
    return {
        name
        for name, pattern in named_url_patterns()
        if issubclass(getattr(pattern.callback, "view_class", object), RememberedResultsMixin)
    }


def test_every_page_remembering_its_results_is_checked_below():
    assert _remembering_views() == set(PAGES) | set(TESTED_ELSEWHERE)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("empty_cache")
def test_each_page_serves_its_results_again_until_their_rows_are_written(small_partnership):
    for name, (role, model_label, column, *record) in PAGES.items():
        client = scale_client(role)
        kwargs = {}
        if record:
            model, argument = (*record, "pk")[:2]
            kwargs = {argument: getattr(apps.get_model(model).objects.order_by("pk").first(), argument)}
        page = partial(page_text, client, reverse(name, kwargs=kwargs), "</main>")
        first = queries_of(page)  # learns which tables the results read
        page()  # stores them
        assert queries_of(page) < first, f"{name} did not serve its results again"
        renamed = f"Renamed in the test for {name}"
        assert renamed not in page()
        names = Concat(Value(f"{renamed} "), Cast("pk", CharField()))  # some names must be unique
        apps.get_model(model_label).objects.update(**{column: names})
        assert renamed in page(), f"{name} did not show its rows afresh after they were written"
