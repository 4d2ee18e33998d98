"""Funding in the browser, with axe on each page: a finance officer sets up a pooled budget, records the
partners' contributions, allocates money, is stopped when an allocation goes beyond what is pooled, and then
allocates with an override and a reason that the budget page keeps showing."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from commissioning.funding.models import Allocation, PooledBudget
from e2e.test_accessibility import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BUDGET = "Youth justice prevention pool"


def test_finance_officer_pooled_budget_journey_passes_axe(live_server, page, axe, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_frameworks")
    call_command("load_demo_data")
    base = live_server.url
    sign_in(page, base, "finance")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Funding").click()
    page.get_by_role("heading", name="Funding", level=1).wait_for()
    axe.check()
    page.get_by_role("navigation", name="Funding sections").get_by_role(
        "link", name="Funding streams"
    ).click()
    expect(page.locator("#streams")).to_contain_text("High needs block")
    axe.check()
    page.get_by_role("link", name="High needs block").first.click()
    page.get_by_role("heading", name="High needs block", level=1).wait_for()
    axe.check()

    page.goto(f"{base}/funding/budgets/")
    expect(page.locator("#budgets")).to_contain_text("Early help aligned budget")
    expect(page.locator("#budgets")).to_contain_text("is not shown as signed")
    axe.check()
    page.get_by_role("link", name="Set up a budget").click()
    page.get_by_role("heading", name="Set up a pooled or aligned budget", level=1).wait_for()
    axe.check()
    page.get_by_label("Name", exact=True).fill(BUDGET)
    page.get_by_label("Pooled budget (section 75 agreement, NHS Act 2006)").check()
    page.get_by_label("Host partner").select_option(label="Brackenshire County Council")
    page.get_by_label("Budget holder's name").fill("Head of youth justice")
    page.get_by_label("First financial year").select_option("2026")
    page.get_by_label("Last financial year").select_option("2025")
    page.get_by_role("button", name="Set up budget").click()
    expect(page.get_by_role("alert")).to_contain_text("The last financial year cannot be before the first")
    expect(page.get_by_label("Name", exact=True)).to_have_value(BUDGET)
    axe.check()
    assert not PooledBudget.objects.filter(name=BUDGET).exists()
    page.get_by_label("Last financial year").select_option("2026")
    page.get_by_role("button", name="Set up budget").click()
    page.get_by_role("heading", name=BUDGET, level=1).wait_for()
    expect(page.locator("#warnings")).to_contain_text("The section 75 agreement is not shown as signed")
    axe.check()

    for partner, amount in (("Brackenshire County Council", "60000"), ("Brackenshire Police", "40000.50")):
        page.get_by_role("link", name="Add a contribution").click()
        page.get_by_label("Partner").select_option(label=partner)
        page.get_by_label("Financial year").select_option("2026")
        page.get_by_label("Amount (£)").fill(amount)
        page.get_by_role("button", name="Add contribution").click()
        expect(page.get_by_role("alert")).to_contain_text("has been recorded")
    expect(page.locator("#figures")).to_contain_text("£100,000.50")
    axe.check()

    page.get_by_role("link", name="Allocate money").click()
    page.get_by_role("heading", name=f"Allocate money from {BUDGET}").wait_for()
    axe.check()
    page.get_by_label("Financial year").select_option("2026")
    page.get_by_label("Or a service").select_option(label="Prevention and diversion mentoring (YJ-002)")
    page.get_by_label("Amount (£)").fill("120000")
    page.get_by_role("button", name="Allocate").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "This allocation of £120,000.00 would take 2026/27's allocations to £120,000.00, £19,999.50 more than "
        "the £100,000.50 pooled."
    )
    axe.check()
    assert not Allocation.objects.filter(budget__name=BUDGET).exists()
    page.get_by_label("Allocate beyond what is pooled for the year").check()
    page.get_by_label("Reason for allocating beyond what is pooled").fill(
        "The police and crime commissioner has agreed a top-up in the autumn"
    )
    page.get_by_role("button", name="Allocate").click()
    page.get_by_role("heading", name=BUDGET, level=1).wait_for()
    warnings = page.locator("#warnings")
    expect(warnings).to_contain_text("£19,999.50 more than the £100,000.50 pooled")
    expect(warnings).to_contain_text("The police and crime commissioner has agreed a top-up in the autumn")
    axe.check()
    assert Allocation.objects.get(budget__name=BUDGET).override_by.username == "finance"
    page.get_by_role("link", name="History").click()
    expect(page.locator("main")).to_contain_text("Override: allocations go £19,999.50 beyond")
    axe.check()

    page.goto(f"{base}/funding/plans/")
    page.get_by_role("link", name="Short breaks workforce and market development plan").click()
    page.get_by_role("heading", name="Short breaks workforce and market development plan", level=1).wait_for()
    axe.check()
