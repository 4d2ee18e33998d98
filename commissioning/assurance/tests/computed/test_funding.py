import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from commissioning.assurance.computed.base import Outcome
from commissioning.assurance.computed.funding import pooled_budget_agreements
from commissioning.assurance.tests.computed import builders as b
from commissioning.funding.models import Allocation, PooledBudget
from commissioning.organisations.tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def _budget(
    name, *, signed=True, scheme="Director approves up to £100,000.", first_year=2025, area="early_help"
):
    budget = PooledBudget.objects.create(
        name=name,
        arrangement="pooled_s75",
        host=PartnerFactory(),
        first_year=first_year,
        last_year=first_year + 2,
        agreement_signed_on=dt.date(2025, 3, 1) if signed else None,
        scheme_of_delegation=scheme,
    )
    if signed:
        budget.agreement_file.save("s75.pdf", ContentFile(b"%PDF-1.7"), save=True)
    Allocation.objects.create(
        budget=budget, financial_year=first_year, activity=b.activity(area=area), amount=Decimal("1000")
    )
    return budget


def test_pooled_budget_agreements():
    good = _budget("Early help pool")
    _budget("Aligned youth budget", signed=False, scheme="")
    _budget("SEND pool", area="send")
    _budget("Later pool", first_year=2027)

    result = pooled_budget_agreements(b.SCOPE)

    assert (result.outcome, result.counted, result.passing) == (Outcome.PARTLY_MET, 2, 1)
    assert result.records[1].url == reverse("funding:budget", args=[good.pk])
    assert result.records[0].reason == "No signature date; no signed agreement held; no scheme of delegation"
    assert pooled_budget_agreements(b.ALL_AREAS).counted == 3


def test_pooled_budgets_not_enough():
    assert pooled_budget_agreements(b.SCOPE).outcome == Outcome.NOT_ENOUGH
