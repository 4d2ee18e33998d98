"""API lists whose pages are kept in the table cache (`RememberedListMixin`): served again with fewer queries, and
afresh once their rows are written; the key keeps apart what differs between requests."""

from functools import partial

import pytest
from django.apps import apps
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse

from commissioning.api.remembered import RememberedListMixin
from commissioning.conftest import named_url_patterns, page_text, queries_of, scale_client

# Every remembered list: who asks, and a column of its records to rename.
LISTS = {
    "api:agreement-list": ("contracts-manager", "contracts.Agreement", "title"),
    "api:monitoring-return-list": ("monitoring-officer", "monitoring.ProviderReturn", "narrative"),
    "api:service-list": ("commissioner", "services.Service", "name"),
    "api:procurement-list": ("procurement-manager", "procurement.Procurement", "title"),
    "api:indicator-value-list": ("commissioner", "needs.IndicatorValue", "category"),
}

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]


def _remembering_lists() -> set[str]:
    """The list endpoints of viewsets that remember their pages (not their `.json` twins)."""
    return {
        name
        for name, pattern in named_url_patterns()
        if issubclass(getattr(pattern.callback, "cls", object), RememberedListMixin)
        and "list" in (getattr(pattern.callback, "actions", None) or {}).values()
        and "(?P<format>" not in str(pattern.pattern)
    }


def test_every_remembered_list_is_checked_below():
    assert _remembering_lists() == set(LISTS)


def test_each_list_is_served_again_until_its_records_are_written(small_partnership):
    for name, (role, model_label, column) in LISTS.items():
        page = partial(page_text, scale_client(role), reverse(name), '"results":')

        first = queries_of(page)  # learns which tables the page reads
        page()  # stores it
        assert queries_of(page) < first, f"{name} was not served again"
        renamed = f"Renamed in the test for {name}"
        assert renamed not in page()
        apps.get_model(model_label).objects.update(
            **{column: Concat(Value(f"{renamed} "), Cast("pk", CharField()))}
        )
        assert renamed in page(), f"{name} did not show its records afresh after they were written"


def test_pages_links_follow_the_address_and_bad_parameters_are_refused_every_time(small_partnership):
    client = scale_client("commissioner")
    url = reverse("api:service-list") + "?page_size=2"
    for _ in range(3):
        assert client.get(url, HTTP_HOST="testserver").json()["next"].startswith("http://testserver/")
    assert client.get(url, HTTP_HOST="localhost").json()["next"].startswith("http://localhost/")
    agreements = scale_client("contracts-manager")
    for _ in range(3):
        response = agreements.get(reverse("api:agreement-list") + "?type=lease")
        assert response.status_code == 400 and "Use one of" in response.content.decode()
    assert len(client.get(url).json()["results"]) == 2
    assert len(client.get(url.replace("2", "3")).json()["results"]) == 3
