from datetime import date
from decimal import Decimal

import pytest

from commissioning.funding import selectors, services
from commissioning.funding.tests.conftest import budget_data, stream_data

pytestmark = pytest.mark.django_db

D = Decimal


def test_budget_figures_match_the_hand_worked_dataset(dataset):
    figures = selectors.budget_figures(dataset["budget"])
    first, second = figures.years
    assert (first.label, first.pooled, first.allocated, first.committed) == (
        "2026/27",
        D("500000.00"),
        D("470000.25"),
        D("380000.10"),
    )
    assert (first.unallocated, first.uncommitted) == (D("29999.75"), D("90000.15"))
    assert (second.label, second.pooled, second.allocated, second.committed) == (
        "2027/28",
        D("310000.50"),
        D("100000.00"),
        D("0"),
    )
    assert (second.unallocated, second.uncommitted) == (D("210000.50"), D("100000.00"))
    assert (figures.pooled, figures.allocated, figures.committed) == (
        D("810000.50"),
        D("570000.25"),
        D("380000.10"),
    )
    assert (figures.unallocated, figures.uncommitted) == (D("240000.25"), D("190000.15"))


def test_budget_warnings_of_the_dataset(dataset):
    warnings = selectors.budget_figures(dataset["budget"]).warnings
    by_kind = {w["kind"]: w for w in warnings}
    assert set(by_kind) == {selectors.UNSIGNED, selectors.MISSING_CONTRIBUTION, selectors.OVER_COMMITTED}
    assert by_kind[selectors.UNSIGNED]["message"] == (
        "The section 75 agreement is not shown as signed: no date of signing is recorded and no signed copy is "
        "uploaded."
    )
    missing = by_kind[selectors.MISSING_CONTRIBUTION]
    assert missing["year"] == 2027
    assert missing["message"].startswith(
        "Testshire Integrated Care Board has no contribution recorded for 2027/28."
    )
    assert selectors.MISSING_RULE in missing["message"]
    assert by_kind[selectors.OVER_COMMITTED]["message"] == (
        "2026/27: £130,000.00 is committed against the £120,000.25 allocated to Short breaks for disabled "
        "children (CC-001), £9,999.75 more."
    )


def test_over_allocation_warning_shows_the_override_and_its_reason(finance, dataset, activity):
    services.allocation_add(
        actor=finance,
        budget=dataset["budget"],
        data={"financial_year": 2026, "amount": D("40000.00"), "activity": activity},
        override=True,
        override_reason="Top-up agreed by the joint board",
    )
    figures = selectors.budget_figures(dataset["budget"])
    assert figures.years[0].allocated == D("510000.25") and figures.years[0].unallocated == D("-10000.25")
    warning = next(w for w in figures.warnings if w["kind"] == selectors.OVER_ALLOCATED)
    assert warning["message"].startswith(
        "2026/27: £510,000.25 is allocated, £10,000.25 more than the £500,000.00 pooled."
    )
    assert "Override for Continuing care redesign by Fran Finance on" in warning["message"]
    assert warning["message"].endswith(": Top-up agreed by the joint board")


def test_removed_lines_leave_the_figures(finance, dataset):
    contribution = dataset["budget"].contributions.get(financial_year=2027)
    services.contribution_archive(actor=finance, contribution=contribution, reason="Entered twice")
    services.allocation_archive(actor=finance, allocation=dataset["later"], reason="Not needed")
    second = selectors.budget_figures(dataset["budget"]).years[1]
    assert (second.pooled, second.allocated) == (D("0"), D("0"))


def test_a_signed_aligned_budget_has_no_agreement_warning(finance, council, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    budget = services.budget_create(
        actor=finance,
        data=budget_data(council, arrangement="aligned", agreement_signed_on=date(2026, 3, 1)),
        agreement_file=SimpleUploadedFile("agreement.pdf", b"%PDF-1.4", content_type="application/pdf"),
    )
    assert selectors.budget_figures(budget).warnings == []
    unsigned = services.budget_create(
        actor=finance, data=budget_data(council, name="Aligned", arrangement="aligned")
    )
    assert (
        selectors.budget_figures(unsigned)
        .warnings[0]["message"]
        .startswith("The agreement is not shown as signed")
    )


def test_budget_list_filters_and_queries_do_not_grow(
    finance, council, icb, dataset, django_assert_max_num_queries
):
    services.budget_create(
        actor=finance, data=budget_data(icb, name="Aligned mental health budget", arrangement="aligned")
    )
    assert [b.name for b in selectors.budget_list(user=finance)] == [
        "Aligned mental health budget",
        "Children's continuing care pool",
    ]
    assert [b.name for b in selectors.budget_list(user=finance, arrangement="aligned")] == [
        "Aligned mental health budget"
    ]
    assert [b.name for b in selectors.budget_list(user=finance, partner_id=icb.pk)] == [
        "Aligned mental health budget",
        "Children's continuing care pool",  # the ICB contributes
    ]
    assert [b.name for b in selectors.budget_list(user=finance, search="pool")] == [
        "Children's continuing care pool"
    ]
    with django_assert_max_num_queries(8):
        budgets = selectors.budget_list(user=finance)
        [b.figures.warnings for b in budgets]


def test_stream_list_filters(finance, council, icb, board_member, provider_user):
    services.stream_create(actor=finance, data=stream_data(council))
    services.stream_create(
        actor=finance,
        data=stream_data(
            council, financial_year=2027, start_date=date(2027, 4, 1), end_date=date(2028, 3, 31)
        ),
    )
    services.stream_create(
        actor=finance, data=stream_data(icb, name="Continuing care", source="ICB baseline", ring_fenced=False)
    )
    names = lambda **kw: [f"{s.name} {s.year_label}" for s in selectors.stream_list(user=finance, **kw)]  # noqa: E731
    assert names() == ["High needs block 2027/28", "High needs block 2026/27", "Continuing care 2026/27"]
    assert names(partner_id=icb.pk) == ["Continuing care 2026/27"]
    assert names(year=2027) == ["High needs block 2027/28"]
    assert names(search="baseline") == ["Continuing care 2026/27"]
    assert names(ring_fenced="no") == ["Continuing care 2026/27"]
    assert len(selectors.stream_list(user=board_member)) == 3
    assert list(selectors.stream_list(user=provider_user)) == []
    assert selectors.budget_list(user=provider_user) == []


def test_stream_ending_soon_warning(finance, council):
    stream = services.stream_create(actor=finance, data=stream_data(council))
    assert selectors.stream_warnings(stream, today=date(2026, 5, 1)) == []
    warning = selectors.stream_warnings(stream, today=date(2026, 11, 1))[0]
    assert warning["message"].startswith("High needs block ends on 31 March 2027, within 6 months.")


def test_streams_for_a_service(finance, council, service):
    stream = services.stream_create(actor=finance, data=stream_data(council))
    services.service_funding_add(actor=finance, stream=stream, service=service, annual_amount=D("1000"))
    assert [link.stream for link in selectors.streams_for_service(service)] == [stream]


def test_home_summary_counts_streams_and_picks_those_ending_soon_as_checking_each_stream_did(
    finance, council, icb, monkeypatch, dataset
):
    from django.utils import timezone

    from commissioning.funding.models import FundingStream

    today = date(2026, 8, 31)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today)
    ends = [
        date(2026, 8, 30),  # ended yesterday
        today,
        date(2026, 12, 1),
        date(2027, 2, 28),  # 31 August + 6 months: the last day of February
        date(2027, 3, 1),  # a day too late
        date(2028, 3, 31),
    ]
    for number, end in enumerate(ends):
        for partner in (council, icb):
            services.stream_create(
                actor=finance,
                data=stream_data(
                    partner,
                    name=f"Stream {number}",
                    financial_year=end.year - 1 if end.month < 4 else end.year,
                    start_date=date(2025, 4, 1),
                    end_date=end,
                ),
            )
    archived = FundingStream.objects.get(name="Stream 2", partner=icb)
    services.stream_archive(actor=finance, stream=archived, reason="Replaced by another grant.")
    every = list(selectors.stream_list(user=finance))
    summary = selectors.home_summary(finance)
    assert summary["stream_count"] == len(every) == 11
    expected = [stream.pk for stream in every if stream.ends_within(today)]
    assert [stream.pk for stream in summary["ending_soon"]] == expected and len(expected) == 5
    assert all(str(stream).startswith("Stream ") for stream in summary["ending_soon"])
    assert [b.name for b in summary["budgets_with_warnings"]] == [dataset["budget"].name]
