from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone

from commissioning.cycle.decommissioning.compliance import warnings_for
from commissioning.cycle.models import ActivityBudget, ActivityReview, Decommissioning, DecommissioningStatus


def test_demo_budget_review_and_decommissioning_load_once(db):
    call_command("load_frameworks")
    call_command("load_demo_data")
    call_command("load_demo_data")
    budget = ActivityBudget.objects.get()
    assert budget.activity.title == "Early help family support redesign"
    assert budget.amount == Decimal("1250000.00")
    assert (budget.period, budget.agreed_by) == (
        "2026/27 to 2028/29",
        "Children and Young People's Partnership Board",
    )
    review = ActivityReview.objects.get()
    assert review.activity.title == "Early help family support review"
    assert review.recommendation == "change"
    record = Decommissioning.objects.get()
    assert record.activity == budget.activity
    assert record.status == DecommissioningStatus.AGREED
    assert str(record.provider) == "Brightpath Family Support CIC"
    assert [w.code for w in warnings_for(record, timezone.localdate())] == ["notice"]
