import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.funding import services
from commissioning.funding.models import Allocation, DevelopmentPlan, FundingStream, PooledBudget
from commissioning.funding.tests.conftest import budget_data, stream_data

pytestmark = pytest.mark.django_db


def day(name, value):
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


def stream_form(partner, **overrides):
    values = {
        "name": "Supporting Families",
        "partner": partner.pk,
        "source": "Supporting Families grant",
        "financial_year": "2026",
        "amount": "450000.00",
        "restrictions": "Payment by results.",
        **day("start_date", date(2026, 4, 1)),
        **day("end_date", date(2027, 3, 31)),
    }
    return values | overrides


def test_provider_users_see_nothing_of_funding(client_for, provider_user, dataset):
    client = client_for(provider_user)
    budget = dataset["budget"]
    for url in (
        "/funding/",
        "/funding/streams/",
        "/funding/budgets/",
        f"/funding/budgets/{budget.pk}/",
        "/funding/plans/",
    ):
        assert client.get(url).status_code == 403, url
    assert 'href="/funding/"' not in client.get("/").content.decode()


def test_board_member_reads_but_cannot_change(client_for, board_member, dataset):
    client = client_for(board_member)
    budget = dataset["budget"]
    page = client.get(f"/funding/budgets/{budget.pk}/")
    assert page.status_code == 200
    assert b"Add a contribution" not in page.content and b"Change details" not in page.content
    assert client.get("/funding/streams/add/").status_code == 403
    assert client.get(f"/funding/budgets/{budget.pk}/allocations/add/").status_code == 403
    response = client.post(
        f"/funding/budgets/{budget.pk}/allocations/add/", {"financial_year": "2026", "amount": "1"}
    )
    assert response.status_code == 403 and Allocation.objects.count() == 3
    assert client.get("/funding/plans/add/").status_code == 403


def test_commissioner_records_plans_but_not_money(client_for, commissioner, activity):
    client = client_for(commissioner)
    assert client.get("/funding/streams/add/").status_code == 403
    response = client.post(
        "/funding/plans/add/",
        {
            "activity": activity.pk,
            "title": "Short breaks workforce",
            "skills_gaps": "Behaviour support",
            "sectors": ["private"],
        },
    )
    plan = DevelopmentPlan.objects.get()
    assert response.status_code == 302 and response.url == f"/funding/plans/{plan.pk}/"
    assert plan.sectors == ["private"]


def test_finance_officer_adds_a_stream_after_fixing_errors(client_for, finance, council):
    client = client_for(finance)
    bad = client.post(
        "/funding/streams/add/",
        stream_form(council, amount="12.345", **day("end_date", date(2026, 1, 1))),
    )
    assert bad.status_code == 200
    content = bad.content.decode()
    assert "There is a problem" in content
    assert "Enter the amount with at most 2 decimal places (pounds and pence)" in content
    assert "The end date must be after the start date" in content
    assert 'inputmode="decimal"' in content and 'value="Supporting Families"' in content
    assert not FundingStream.objects.exists()
    negative = client.post("/funding/streams/add/", stream_form(council, amount="-1"))
    assert "The amount cannot be negative" in negative.content.decode()
    out_of_range = client.post("/funding/streams/add/", stream_form(council, financial_year="2101"))
    assert "Select a financial year between" in out_of_range.content.decode()
    good = client.post("/funding/streams/add/", stream_form(council))
    stream = FundingStream.objects.get()
    assert good.status_code == 302 and stream.amount == Decimal("450000.00")
    detail = client.get(stream.get_absolute_url()).content.decode()
    assert "Supporting Families grant" in detail and "£450,000.00" in detail


def test_stream_list_search_sort_csv_and_bounded_queries(client_for, finance, council, icb):
    for n in range(3):
        services.stream_create(
            actor=finance, data=stream_data(council, name=f"Stream {n}", amount=Decimal(n + 1))
        )
    client = client_for(finance)
    response = client.get("/funding/streams/", {"q": "stream 1"})
    assert [s.name for s in response.context["object_list"]] == ["Stream 1"]
    response = client.get("/funding/streams/", {"sort": "amount"})
    assert [s.name for s in response.context["object_list"]] == ["Stream 2", "Stream 1", "Stream 0"]
    export = client.get("/funding/streams/", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Name", "Partner", "Source", "Financial year", "Amount"] and len(rows) == 4
    with CaptureQueriesContext(connection) as few:
        client.get("/funding/streams/")
    for n in range(3, 10):
        services.stream_create(actor=finance, data=stream_data(icb, name=f"Stream {n}"))
    with CaptureQueriesContext(connection) as many:
        client.get("/funding/streams/")
    assert len(many) == len(few)


def test_budget_list_shows_warnings_and_queries_do_not_grow(client_for, finance, council, icb, dataset):
    client = client_for(finance)
    with CaptureQueriesContext(connection) as few:
        page = client.get("/funding/budgets/")
    content = page.content.decode()
    assert "Testshire Integrated Care Board has no contribution recorded for 2027/28" in content
    assert "£810,000.50" in content
    for n in range(4):
        services.budget_create(
            actor=finance, data=budget_data(icb, name=f"Aligned {n}", arrangement="aligned")
        )
    with CaptureQueriesContext(connection) as many:
        client.get("/funding/budgets/")
    assert len(many) == len(few)
    only = client.get("/funding/budgets/", {"arrangement": "pooled_s75"})
    assert [b.name for b in only.context["object_list"]] == ["Children's continuing care pool"]
    export = client.get("/funding/budgets/", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][6] == "Pooled" and len(rows) == 6


def test_budget_page_shows_figures_and_warnings(client_for, finance, dataset):
    content = client_for(finance).get(f"/funding/budgets/{dataset['budget'].pk}/").content.decode()
    for text in ("£500,000.00", "£470,000.25", "£380,000.10", "£29,999.75", "£90,000.15", "£240,000.25"):
        assert text in content, text
    assert "The section 75 agreement is not shown as signed" in content
    assert "£9,999.75 more" in content


def test_over_allocation_refused_then_overridden_in_the_browser_flow(client_for, finance, dataset, activity):
    client = client_for(finance)
    url = f"/funding/budgets/{dataset['budget'].pk}/allocations/add/"
    data = {
        "financial_year": "2026",
        "activity": activity.pk,
        "amount": "40000.00",
        "description": "Extra packages",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert (
        "This allocation of £40,000.00 would take 2026/27&#x27;s allocations to £510,000.25, £10,000.25 more than "
        "the £500,000.00 pooled." in refused.content.decode()
    )
    assert Allocation.objects.count() == 3
    no_reason = client.post(url, data | {"override": "on"})
    assert "Give the reason for allocating beyond what is pooled" in no_reason.content.decode()
    assert Allocation.objects.count() == 3
    accepted = client.post(url, data | {"override": "on", "override_reason": "Joint board agreed a top-up"})
    assert accepted.status_code == 302
    allocation = Allocation.objects.get(amount=Decimal("40000.00"))
    assert allocation.override_by == finance
    page = client.get(f"/funding/budgets/{dataset['budget'].pk}/").content.decode()
    assert "£10,000.25 more than the £500,000.00 pooled" in page and "Joint board agreed a top-up" in page
    history = client.get(f"/funding/budgets/{dataset['budget'].pk}/history/").content.decode()
    assert "Override: allocations go £10,000.25 beyond" in history


def test_contribution_duplicate_and_bad_money_in_the_form(client_for, finance, council, dataset):
    client = client_for(finance)
    url = f"/funding/budgets/{dataset['budget'].pk}/contributions/add/"
    duplicate = client.post(url, {"partner": council.pk, "financial_year": "2026", "amount": "5"})
    assert "contribution for 2026/27 is already recorded" in duplicate.content.decode()
    outside = client.post(url, {"partner": council.pk, "financial_year": "2030", "amount": "5"})
    assert "Select one of the years the budget covers (2026/27 to 2027/28)" in outside.content.decode()


def test_budget_created_with_an_agreement_upload(client_for, finance, council, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = client_for(finance)
    form = {
        "name": "Short breaks pool",
        "arrangement": "pooled_s75",
        "host": council.pk,
        "holder_user": finance.pk,
        "holder_role": "Head of finance",
        "first_year": "2026",
        "last_year": "2027",
        **day("agreement_signed_on", date(2026, 3, 2)),
        "scheme_of_delegation": "Up to £50,000 by the holder.",
    }
    bad = client.post("/funding/budgets/add/", form | {"agreement_file": SimpleUploadedFile("x.exe", b"MZ")})
    assert "The file must be one of" in bad.content.decode() and not PooledBudget.objects.exists()
    response = client.post(
        "/funding/budgets/add/", form | {"agreement_file": SimpleUploadedFile("s75.pdf", b"%PDF-1.7")}
    )
    budget = PooledBudget.objects.get()
    assert response.status_code == 302 and budget.is_signed
    download = client.get(f"/funding/budgets/{budget.pk}/agreement/")
    assert b"".join(download.streaming_content) == b"%PDF-1.7"
    assert 'filename="s75.pdf"' in download["Content-Disposition"]
    budget.agreement_file.storage.delete(budget.agreement_file.name)
    assert client.get(f"/funding/budgets/{budget.pk}/agreement/").status_code == 404


def test_archive_needs_a_reason(client_for, finance, dataset):
    client = client_for(finance)
    url = f"/funding/budgets/{dataset['budget'].pk}/archive/"
    assert "Enter a reason" in client.post(url, {"reason": ""}).content.decode()
    assert client.post(url, {"reason": "Agreement ended"}).status_code == 302
    assert PooledBudget.objects.get().is_archived


def test_navigation_shows_funding_to_partnership_roles(client_for, board_member):
    content = client_for(board_member).get("/funding/").content.decode()
    assert 'href="/funding/"' in content and "Pooled and aligned budgets" in content


def test_plan_page_training_and_actions(client_for, commissioner, activity):
    plan = services.plan_create(
        actor=commissioner, data={"activity": activity, "title": "Workforce plan", "sectors": []}
    )
    client = client_for(commissioner)
    response = client.post(
        f"/funding/plans/{plan.pk}/training/add/",
        {
            "what": "Trauma-informed practice",
            "for_whom": "Family workers",
            **day("planned_for", date(2026, 9, 1)),
            "cost": "1200.5",
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/funding/plans/{plan.pk}/actions/add/",
        {
            "action": "Provider forum",
            "owner": "Commissioning team",
            **day("due_on", date(2026, 10, 1)),
            "status": "in_progress",
        },
    )
    assert response.status_code == 302
    content = client.get(f"/funding/plans/{plan.pk}/").content.decode()
    assert "Trauma-informed practice" in content and "£1,200.50" in content and "In progress" in content
    filtered = client.get("/funding/plans/", {"activity": activity.pk})
    assert [p.title for p in filtered.context["object_list"]] == ["Workforce plan"]


def test_service_page_shows_its_funding_streams(client_for, finance, council, service, provider_user):
    stream = services.stream_create(actor=finance, data=stream_data(council))
    services.service_funding_add(actor=finance, stream=stream, service=service, annual_amount=Decimal("2500"))
    content = client_for(finance).get(f"/services/{service.pk}/").content.decode()
    assert "Funding streams" in content and f'href="/funding/streams/{stream.pk}/"' in content
    assert "£2,500.00" in content


def test_step_8_page_lists_the_activitys_plans(client_for, commissioner, council):
    from django.core.management import call_command

    from commissioning.cycle import services as cycle_services

    call_command("load_frameworks")
    activity = cycle_services.activity_create(
        actor=commissioner,
        data={
            "title": "Short breaks redesign",
            "kind": "service_redesign",
            "purpose": "Better short breaks.",
            "service_area": "send",
            "lead_commissioner": commissioner,
            "lead_organisation": council,
            "level": "strategic",
            "tiers": ["targeted"],
            "integration_approach": "joint",
            "cycle_year": 2026,
        },
    )
    plan = services.plan_create(
        actor=commissioner, data={"activity": activity, "title": "Short breaks workforce"}
    )
    client = client_for(commissioner)
    step_8 = client.get(f"/activities/{activity.pk}/steps/8/").content.decode()
    assert f'href="/funding/plans/{plan.pk}/"' in step_8
    assert f"/funding/plans/add/?activity={activity.pk}" in step_8
    assert "/funding/plans/" not in client.get(f"/activities/{activity.pk}/steps/7/").content.decode()
    response = client.post(f"/funding/plans/{plan.pk}/evidence/")
    assert response.status_code == 302
    step_8 = client.get(f"/activities/{activity.pk}/steps/8/").content.decode()
    assert "Workforce and market development plan: Short breaks workforce" in step_8


def test_lines_are_changed_and_removed_with_a_reason(client_for, finance, dataset):
    client = client_for(finance)
    budget = dataset["budget"]
    contribution = budget.contributions.get(financial_year=2027)
    changed = client.post(
        f"/funding/contributions/{contribution.pk}/change/",
        {"amount": "320000.00", "version": contribution.version},
    )
    assert changed.status_code == 302
    stale = client.post(f"/funding/contributions/{contribution.pk}/change/", {"amount": "1", "version": 1})
    assert "Someone else changed this record" in stale.content.decode()
    commitment = dataset["to_service"].commitments.get()
    assert (
        "Enter a reason"
        in client.post(f"/funding/commitments/{commitment.pk}/remove/", {"reason": ""}).content.decode()
    )
    assert (
        client.post(f"/funding/commitments/{commitment.pk}/remove/", {"reason": "Entered twice"}).status_code
        == 302
    )
    added = client.post(
        f"/funding/allocations/{dataset['to_service'].pk}/commitments/add/",
        {
            "amount": "1000.00",
            **day("committed_on", date(2026, 7, 1)),
            "description": "Transport",
            "reference": "PO-1",
        },
    )
    assert added.status_code == 302
    page = client.get(f"/funding/budgets/{budget.pk}/").content.decode()
    assert "£320,000.00" in page and "Transport" in page and "Short breaks contract" not in page
    history = client.get(f"/funding/budgets/{budget.pk}/history/").content.decode()
    assert "Removed commitment Short breaks contract: Entered twice" in history


def test_plan_list_queries_do_not_grow(client_for, commissioner, activity):
    client = client_for(commissioner)
    services.plan_create(actor=commissioner, data={"activity": activity, "title": "Plan 0"})
    with CaptureQueriesContext(connection) as few:
        client.get("/funding/plans/")
    for n in range(1, 6):
        plan = services.plan_create(actor=commissioner, data={"activity": activity, "title": f"Plan {n}"})
        services.training_add(
            actor=commissioner,
            plan=plan,
            data={"what": "x", "for_whom": "y", "planned_for": date(2026, 9, 1)},
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get("/funding/plans/")
    assert len(response.context["object_list"]) == 6 and len(many) == len(few)


def test_home_page_makes_the_same_queries_with_few_or_many_streams_and_budgets(
    client_for, finance, council, icb, dataset, activity, service
):
    client = client_for(finance)

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/funding/").content.decode()
        return len(captured), page

    services.stream_create(actor=finance, data=stream_data(council))
    few, _ = queries()
    for number in range(8):
        stream = services.stream_create(actor=finance, data=stream_data(icb, name=f"Grant {number}"))
        services.service_funding_add(
            actor=finance, stream=stream, service=service, annual_amount=Decimal("10")
        )
        budget = services.budget_create(actor=finance, data=budget_data(icb, name=f"Pool {number}"))
        services.contribution_add(
            actor=finance,
            budget=budget,
            data={"partner": icb, "financial_year": 2026, "amount": Decimal("5")},
        )
        services.allocation_add(
            actor=finance,
            budget=budget,
            data={"financial_year": 2026, "amount": Decimal("5"), "activity": activity},
        )
    many, page = queries()
    assert "9 streams recorded" in page and "9 budgets" in page
    assert many == few
