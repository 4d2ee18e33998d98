from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from commissioning.funding.models import (
    Allocation,
    FundingStream,
    PooledBudget,
    add_months,
    financial_year_of,
    year_label,
)
from commissioning.funding.tests.conftest import budget_data, stream_data

pytestmark = pytest.mark.django_db


def test_year_labels_and_financial_years():
    assert year_label(2026) == "2026/27"
    assert year_label(2099) == "2099/00"
    assert financial_year_of(date(2026, 4, 1)) == 2026
    assert financial_year_of(date(2027, 3, 31)) == 2026


def test_add_months_keeps_to_the_end_of_short_months():
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 10, 15), 6) == date(2027, 4, 15)


def test_stream_ends_within_six_months(council):
    stream = FundingStream(**stream_data(council, end_date=date(2027, 3, 31)))
    assert stream.ends_within(date(2026, 10, 1))  # 31 March is before 1 April
    assert stream.ends_within(date(2026, 9, 30)) is False  # six months on is 30 March
    assert stream.ends_within(date(2027, 4, 1)) is False  # already ended


def test_database_refuses_reversed_dates_and_negative_money(council):
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingStream.objects.create(**stream_data(council, end_date=date(2026, 4, 1)))
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingStream.objects.create(**stream_data(council, amount=Decimal("-1.00")))
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingStream.objects.create(**stream_data(council, financial_year=1999))


def test_database_refuses_an_allocation_to_two_things_or_none(council, activity, service):
    budget = PooledBudget.objects.create(**budget_data(council))
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(
            budget=budget, financial_year=2026, amount=1, activity=activity, service=service
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(budget=budget, financial_year=2026, amount=1)


def test_budget_years_and_holder(council, finance):
    budget = PooledBudget(**budget_data(council, first_year=2025, last_year=2027))
    assert budget.years == [2025, 2026, 2027]
    assert budget.years_label == "2025/26 to 2027/28"
    assert budget.holder_label == "Alex Example, Director of Children's Services"
    budget.holder_user, budget.holder_name = finance, ""
    assert budget.holder_label == "Fran Finance, Director of Children's Services"
    assert budget.is_signed is False
