from django.core.management import call_command
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.contracts import selectors
from commissioning.contracts.models import Agreement


def test_demo_agreements_load_once_and_show_alerts_and_late_payments(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_frameworks")
    call_command("load_demo_data")
    count = Agreement.objects.count()
    call_command("load_demo_data")
    assert Agreement.objects.count() == count >= 5
    today = timezone.localdate()
    manager = User.objects.get(username="contracts")
    alerts = selectors.alerts(user=manager, today=today)
    assert "CON-2023-004" in [a.reference for a in alerts.ending.rows]
    assert alerts.late_payments.count == len(alerts.late_payments.rows) > 0
    small = Agreement.objects.get(reference="GFA-2026-003")
    assert small.simplified_terms and small.whole_life_value < 30000
    grant = Agreement.objects.get(reference="GFA-2026-009")
    assert grant.procurement.reference == "BRK-2026-009" and grant.agreement_type == "grant_funding"
    period = selectors.latest_periods(today)[1]
    figures = selectors.payments_compliance(user=manager, period=period)
    assert figures.invoices > 0 and figures.average_days is not None
    provider = User.objects.get(username="provider")
    assert {a.provider.name for a in selectors.agreements_visible_to(provider)} == {
        "Brightpath Family Support CIC"
    }
