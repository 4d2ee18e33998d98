from django.core.management import call_command

from commissioning.accounts.models import User
from commissioning.frameworks.models import FrameworkItem
from commissioning.organisations.demo import DEMO_USERS
from commissioning.organisations.models import Organisation, Role


def test_demo_data_loads_once_with_a_login_per_role(db, capsys):
    call_command("load_frameworks")
    call_command("load_demo_data")
    call_command("load_demo_data")
    assert User.objects.count() == len(DEMO_USERS)
    held = set(User.objects.values_list("memberships__role", flat=True))
    assert held == set(Role.values)
    assert Organisation.objects.filter(is_provider=True).count() >= 5
    varied = FrameworkItem.objects.get(framework__slug="gateshead-quality-standards", ref="1")
    assert "Disclosure and Barring Service" in varied.local_text and "CRB" in varied.text
    assert varied.local_amended_by.username == "admin"

    from commissioning.cycle.models import CommissioningActivity

    activities = CommissioningActivity.objects.all()
    assert activities.count() == 4
    strategy = activities.get(service_area="mental_health")
    assert strategy.steps.filter(status="complete").count() == 5
    assert strategy.strategy.is_published
    review = activities.get(cycle_year=2025, service_area="family_support")
    assert review.steps.get(number=9).status == "complete" and review.reviews.count() == 1
    assert strategy.outcomes.filter(ref="NI 51").exists()
    early_help = activities.get(service_area="family_support", cycle_year=2026)
    assert early_help.steps.get(number=2).evidence.get().record_path.startswith("/frameworks/")
    assert early_help.answers.filter(step_number=1).count() == 4
    assert early_help.previous.cycle_year == 2025
    assert early_help.equality_assessment.status == "consulted"
    assert early_help.budgets.get().amount == 1_250_000
    assert early_help.needs_analyses.get().priorities.count() == 2

    call_command("print_demo_logins")
    out = capsys.readouterr().out
    for username, *_ in DEMO_USERS:
        assert f"  {username} " in out


def test_services_demo_shows_a_gap_an_overlap_and_a_market(db):
    from commissioning.services.analysis.selectors import gap_analysis
    from commissioning.services.market.selectors import current_market
    from commissioning.services.models import MarketPositionStatement, Service

    call_command("load_frameworks")
    call_command("load_demo_data")
    call_command("load_demo_data")
    assert Service.objects.count() >= 25
    sectors = set(Service.objects.values_list("provider__sector", flat=True))
    assert {"statutory", "voluntary_community_faith", "private", "social_enterprise"} <= sectors
    areas = set(Service.objects.values_list("service_area", flat=True))
    assert {"early_help", "send", "mental_health", "looked_after", "youth_justice", "public_health"} <= areas
    result = gap_analysis(by="priority")
    findings = {row.label: row.finding for row in result["matrix"].rows}
    assert findings["Reduce the effects of child poverty"] == "gap"
    assert findings["Help families earlier, in their locality"] == "overlap"
    market = current_market()
    assert market.hhi is not None and market.single_provider_services
    statement = MarketPositionStatement.objects.get()
    assert "Herfindahl-Hirschman index" in statement.concentration and statement.intentions
    assert Service.objects.filter(activity__isnull=False).exists()
