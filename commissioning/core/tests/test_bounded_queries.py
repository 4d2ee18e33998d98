"""Queries per request do not grow with the rows: every page and API endpoint without arguments (every list,
register, dashboard and export), and the record pages of the busiest records, are requested on a partnership
seeded small and again seeded three times larger, and each must make no more queries the second time."""

from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from bench.scale import seed
from bench.scale.base import Scale
from bench.scenarios import busiest

# Both sizes have every kind of record in every state (an evaluation under way, late payments…), so a page whose
# queries differ between them makes more queries for more rows, not for a kind of record that appeared.
SMALL, LARGE = 0.15, 0.45
# Who asks: the first of these whom the page lets in (partnership staff first, then providers and panel members).
ROLES = [
    "commissioner", "monitoring-officer", "contracts-manager", "procurement-manager", "finance-officer",
    "partnership-manager", "board-member", "administrator", "provider-user", "panel-member",
]  # fmt: skip
# Pages whose queries still grow, each with why; docs/performance.md lists them under what remains.
KNOWN_GROWTH = {
    "api:ocds-release-package": "streamed: one batch of queries per 200 releases, so memory stays flat",
}
SKIP = {
    "accounts:sign-out",  # signs the user out
    "api:docs",  # a static page that loads the schema in the browser
    "api:schema",  # the OpenAPI document: no rows
}


@dataclass(frozen=True)
class Request:
    name: str
    url: str


def _routes(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            )
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (
                (f"{namespace}:{pattern.name}" if namespace else pattern.name),
                prefix + str(pattern.pattern),
            )


def _without_arguments() -> list[Request]:
    requests = []
    for name, route in _routes(get_resolver().url_patterns):
        if "<" in route or "(?P" in route or name in SKIP or route.startswith(("admin/", "bench/")):
            continue
        url = "/" + route.replace("^", "").replace("$", "").replace("\\", "")
        requests.append(Request(name, url))
    return sorted(set(requests), key=lambda r: r.url)


def _records() -> list[Request]:
    """The busiest record of each kind with pages of its own, at this size."""
    from commissioning.services.models import Service

    b = busiest()
    agreement, activity, procurement, meeting = b["agreement"], b["activity"], b["procurement"], b["meeting"]
    provider, indicator = b["provider"], b["indicator"]
    service = Service.objects.order_by("pk").first()
    return [
        Request("contracts:detail", f"/contracts/{agreement.pk}/"),
        Request("contracts:history", f"/contracts/{agreement.pk}/history/"),
        Request("monitoring:agreement", f"/monitoring/agreements/{agreement.pk}/"),
        Request("cycle:detail", f"/activities/{activity.pk}/"),
        Request("procurement:detail", f"/procurement/{procurement.pk}/"),
        Request("procurement:ranking", f"/procurement/{procurement.pk}/ranking/"),
        Request("procurement:scoring", f"/procurement/{procurement.pk}/scoring/"),
        Request("procurement:evaluation", f"/procurement/{procurement.pk}/evaluation/"),
        Request("governance:meeting-detail", f"/governance/meetings/{meeting.pk}/"),
        Request("quality:provider", f"/assurance/provider-checks/providers/{provider.pk}/"),
        Request("needs:indicator-detail", f"/needs/indicators/{indicator.code}/"),
        Request("services:detail", f"/services/{service.pk}/"),
        Request("api:agreement-detail", f"/api/v1/agreements/{agreement.pk}/"),
    ]


def _clients() -> dict[str, Client]:
    from commissioning.accounts.models import User

    clients = {}
    for role in ROLES:
        client = Client()
        client.force_login(User.objects.get(username=f"scale-{role}-001"))
        clients[role] = client
    return clients


def _count(client: Client, url: str) -> int | None:
    """Queries for the second request (the first fills caches); None when the page is not for this user."""
    if client.get(url).status_code != 200:
        return None
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    return len(captured.captured_queries)


def _measure(requests: list[Request], roles: dict[str, str] | None = None) -> dict[str, tuple[str, int]]:
    clients = _clients()
    measured = {}
    for request in requests:
        if roles is not None and request.name not in roles:
            continue
        for role in [roles[request.name]] if roles is not None else ROLES:
            count = _count(clients[role], request.url)
            if count is not None:
                measured[request.name] = (role, count)
                break
    return measured


@pytest.fixture
def reference_data(db):
    call_command("load_frameworks", verbosity=0)
    call_command("load_areas", verbosity=0)


def test_queries_do_not_grow_with_the_rows(reference_data):
    pages = _without_arguments()
    with transaction.atomic():
        small_scale = seed(factor=SMALL, report=lambda line: None)
        small = _measure(pages + _records())
        transaction.set_rollback(True)
    large_scale = seed(factor=LARGE, report=lambda line: None)
    large = _measure(pages + _records(), roles={name: role for name, (role, _) in small.items()})

    assert large_scale.counts["contracts.Agreement"] >= 3 * small_scale.counts["contracts.Agreement"]
    # Enough pages were reached for the test to mean something: the registers, the dashboards and the API lists.
    for name in ("contracts:list", "core:home", "monitoring:home", "api:agreement-list", "services:list"):
        assert name in small, f"{name} was not reached by any role"
    assert len(small) > 100
    # A record page of the busiest record may refuse the same role at the other size (not on that panel): not growth.
    grown = {
        name: f"{small[name][1]} → {large[name][1]} queries as {role}"
        for name, (role, _) in small.items()
        if name in large and large[name][1] > small[name][1] and name not in KNOWN_GROWTH
    }
    assert not grown, "Queries grew with the rows:\n" + "\n".join(
        f"  {k}: {v}" for k, v in sorted(grown.items())
    )


def test_the_sizes_differ_enough_to_show_growth():
    assert Scale(factor=LARGE).n(500) == 3 * Scale(factor=SMALL).n(500)
    assert Scale(factor=LARGE).n(150) > 2 * Scale(factor=SMALL).n(150)
