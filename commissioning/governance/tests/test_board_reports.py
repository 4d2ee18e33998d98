from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone

from commissioning.contracts.models import Agreement
from commissioning.core.board_reports import board_report_for
from commissioning.cycle.tests.factories import ActivityFactory
from commissioning.governance.models import Body
from commissioning.monitoring.tests.factories import AgreementFactory, KpiFactory


def _render(report) -> str:
    return render_to_string(report.template_name, {"level": 4, **report.context})


def test_activity_summary_lists_steps_and_strategy(db):
    from commissioning.cycle.models import ActivityStep, Strategy

    activity = ActivityFactory(title="Early help redesign")
    ActivityStep.objects.create(activity=activity, number=1, status="complete", due_date=date(2026, 6, 30))
    ActivityStep.objects.create(activity=activity, number=2, status="in_progress", due_date=date(2020, 6, 30))
    Strategy.objects.create(
        activity=activity, title="Early help strategy", slug="early-help", summary="Help early."
    )
    report = board_report_for(activity)
    assert report.title == "Activity summary: Early help redesign"
    html = _render(report)
    assert "1 of 2 steps complete" in html and "(overdue)" in html and "Early help strategy" in html
    strategy_report = board_report_for(Strategy.objects.get())
    assert "Help early." in _render(strategy_report)


def test_agreement_performance_shows_kpis(db):
    agreement = AgreementFactory(reference="CON-1", title="Family support")
    KpiFactory(agreement=agreement, name="Families supported", target=Decimal("100"))
    report = board_report_for(Agreement.objects.get(pk=agreement.pk))
    html = _render(report)
    assert report.title == "Performance: CON-1 Family support"
    assert "Families supported" in html and "no rated return yet" in html


def test_procurement_award_summary_before_award(db, commissioner):
    from commissioning.cycle.models import GateRule, GateTransition
    from commissioning.procurement.tests.conftest import plan

    GateRule.objects.filter(transition=GateTransition.START_PROCUREMENT).update(enabled=False)
    procurement = plan(commissioner, ActivityFactory())
    report = board_report_for(procurement)
    assert report.title == f"Award summary: {procurement}"
    html = _render(report)
    assert "No award has been made yet." in html and "Bids received: 0" in html


def test_records_without_a_provider_give_none(db):
    body = Body.objects.create(name="Board", body_type="board")
    assert board_report_for(body) is None
    assert timezone.localdate()
