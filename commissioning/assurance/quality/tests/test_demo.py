from django.utils import timezone

from commissioning.assurance.quality import demo, reminders, selectors
from commissioning.assurance.quality.models import CheckStatus, ProviderCheck
from commissioning.core.demo import DemoContext
from commissioning.organisations.demo import load as load_organisations


def test_demo_checks_in_every_status_once(db):
    context = DemoContext()
    load_organisations(context)
    demo.load(context)
    demo.load(context)  # safe to run again
    today = timezone.localdate()
    brightpath = context.records["organisations"]["Brightpath Family Support CIC"]
    statuses = {row.status for row in selectors.provider_rows(provider=brightpath, today=today)}
    assert statuses == set(CheckStatus.values)
    assert ProviderCheck.objects.count() == 10
    kinds = {item.kind for item in reminders.due_items(today=today)}
    assert kinds == {"Quality evidence expiring", "Quality evidence expired"}
