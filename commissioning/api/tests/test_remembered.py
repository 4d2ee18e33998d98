"""API lists whose pages are kept in the table cache (`RememberedListMixin`): served again with fewer queries, and
afresh once their rows are written; the key keeps apart what differs between requests."""

from functools import partial

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from bench.scale import seed
from commissioning.api.remembered import RememberedListMixin
from commissioning.conftest import queries_of

# Every remembered list: who asks, and a column of its records to rename.
LISTS = {
    "api:agreement-list": ("contracts-manager", "contracts.Agreement", "title"),
    "api:monitoring-return-list": ("monitoring-officer", "monitoring.ProviderReturn", "narrative"),
    "api:service-list": ("commissioner", "services.Service", "name"),
    "api:procurement-list": ("procurement-manager", "procurement.Procurement", "title"),
    "api:indicator-value-list": ("commissioner", "needs.IndicatorValue", "category"),
}

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]


def _remembering_lists(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _remembering_lists(pattern.url_patterns, inner)
        else:
            viewset = getattr(pattern.callback, "cls", None)
            listing = "list" in (getattr(pattern.callback, "actions", None) or {}).values()
            suffixed = "(?P<format>" in str(pattern.pattern)
            if viewset and issubclass(viewset, RememberedListMixin) and listing and not suffixed:
                yield f"{namespace}{pattern.name}"


@pytest.fixture
def partnership(db):
    call_command("load_frameworks", verbosity=0)
    call_command("load_areas", verbosity=0)
    seed(factor=0.05, report=lambda line: None)


def _client(role: str) -> Client:
    from commissioning.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=f"scale-{role}-001"))
    return client


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_remembered_list_is_checked_below():
    assert set(_remembering_lists(get_resolver().url_patterns)) == set(LISTS)


def test_each_list_is_served_again_until_its_records_are_written(partnership):
    for name, (role, model_label, column) in LISTS.items():
        page = partial(_page, _client(role), reverse(name))

        first = queries_of(page)  # learns which tables the page reads
        page()  # stores it
        assert queries_of(page) < first, f"{name} was not served again"
        renamed = f"Renamed in the test for {name}"
        assert renamed not in page()
        apps.get_model(model_label).objects.update(
            **{column: Concat(Value(f"{renamed} "), Cast("pk", CharField()))}
        )
        assert renamed in page(), f"{name} did not show its records afresh after they were written"


def test_pages_links_follow_the_address_and_bad_parameters_are_refused_every_time(partnership):
    client = _client("commissioner")
    url = reverse("api:service-list") + "?page_size=2"
    for _ in range(3):
        assert client.get(url, HTTP_HOST="testserver").json()["next"].startswith("http://testserver/")
    assert client.get(url, HTTP_HOST="localhost").json()["next"].startswith("http://localhost/")
    agreements = _client("contracts-manager")
    for _ in range(3):
        response = agreements.get(reverse("api:agreement-list") + "?type=lease")
        assert response.status_code == 400 and "Use one of" in response.content.decode()
    assert len(client.get(url).json()["results"]) == 2
    assert len(client.get(url.replace("2", "3")).json()["results"]) == 3
