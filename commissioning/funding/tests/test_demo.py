from decimal import Decimal

from django.core.management import call_command

from commissioning.funding import selectors
from commissioning.funding.demo import COMPLEX_NEEDS, EARLY_HELP, PLAN_TITLE
from commissioning.funding.models import Allocation, DevelopmentPlan, FundingStream, PooledBudget


def test_demo_funding_loads_once(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_frameworks")
    call_command("load_demo_data")
    counts = (FundingStream.objects.count(), PooledBudget.objects.count(), Allocation.objects.count())
    call_command("load_demo_data")
    assert (FundingStream.objects.count(), PooledBudget.objects.count(), Allocation.objects.count()) == counts
    assert set(FundingStream.objects.values_list("financial_year", flat=True)) == {2025, 2026, 2027}
    pooled = selectors.budget_detail(PooledBudget.objects.get(name=COMPLEX_NEEDS).pk)
    assert pooled.is_signed and pooled.arrangement == "pooled_s75"
    first = pooled.figures.years[0]
    assert (first.pooled, first.allocated) == (Decimal("2000000.00"), Decimal("2080000.00"))
    warning = pooled.figures.warnings[0]
    assert (
        warning["kind"] == selectors.OVER_ALLOCATED
        and "joint commissioning board agreed" in warning["message"]
    )
    aligned = selectors.budget_detail(PooledBudget.objects.get(name=EARLY_HELP).pk)
    kinds = {w["kind"] for w in aligned.figures.warnings}
    assert kinds == {selectors.UNSIGNED, selectors.MISSING_CONTRIBUTION}
    plan = DevelopmentPlan.objects.get(title=PLAN_TITLE)
    assert plan.training.count() == 3 and plan.actions.count() == 3
