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
