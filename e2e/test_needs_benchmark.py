"""Benchmarking an indicator in the browser, with axe on each page: the benchmark of the home area, another
area and period chosen in the form, an unknown period with its error summary, and groups with a gap."""

import pytest
from playwright.sync_api import expect

from commissioning.needs.tests.benchmark.data import add_groups, build_dataset
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import PartnerFactory, person_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, username):
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username or email address").fill(username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def test_benchmark_and_groups_pages_pass_axe(live_server, page, axe):
    add_groups(build_dataset())
    person_with_role(Role.COMMISSIONER, PartnerFactory(), username="needs-analyst")
    base = live_server.url
    sign_in(page, base, "needs-analyst")

    page.goto(f"{base}/needs/indicators/ks2-expected/benchmark/")
    page.get_by_role("heading", name="Benchmark for Testshire, 2023/24", level=1).wait_for()
    expect(page.locator("#headline")).to_contain_text("46.9% to 53.1%")
    expect(page.locator("#significance")).to_have_text("Significantly worse than England")
    expect(page.locator("#neighbours")).to_contain_text("Suppressed (c)")
    expect(page.locator("#series")).to_contain_text("2019/20")
    axe.check()

    page.get_by_label("Area").select_option(label="Neighbour 1")
    page.get_by_label("Period").select_option("2020/21")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("heading", name="Benchmark for Neighbour 1, 2020/21", level=1).wait_for()
    expect(page.locator("#headline")).to_contain_text("40.0%")
    axe.check()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download this table (CSV)").click()
    assert download.value.suggested_filename == "ks2-expected-e06000910-202021-neighbours.csv"

    page.goto(f"{base}/needs/indicators/ks2-expected/benchmark/?period=1999/00")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("has no values for 1999/00")
    axe.check()

    page.goto(f"{base}/needs/indicators/gld/groups/")
    page.get_by_role("heading", name="Groups and gaps in Testshire", level=1).wait_for()
    page.get_by_label("Gap for the group").select_option(label="FSM: Eligible")
    page.get_by_label("Compared with").select_option("rest")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#gap-status")).to_contain_text("The gap is narrowing")
    axe.check()
