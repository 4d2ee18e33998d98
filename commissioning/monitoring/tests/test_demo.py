from datetime import date, timedelta

from django.utils import timezone

from commissioning.core.demo import DemoContext
from commissioning.monitoring import demo, selectors
from commissioning.monitoring.models import ImprovementPlan, Meeting, ProviderReturn, ReturnStatus
from commissioning.monitoring.rag import Rag
from commissioning.monitoring.tests.factories import AgreementFactory


def test_demo_does_nothing_without_agreements(officer):
    demo.load(DemoContext(actor=officer, records={"users": {"monitoring": officer}}))
    assert not ProviderReturn.objects.exists()


def test_demo_monitors_the_live_agreements_once(officer, provider_user, provider_org):
    today = timezone.localdate()
    start = date(today.year - 1, today.month, 1)
    agreement = AgreementFactory(provider=provider_org, starts_on=start, ends_on=start + timedelta(days=1000))
    context = DemoContext(
        actor=officer, records={"users": {"monitoring": officer, "provider": provider_user}}
    )
    demo.load(context)
    demo.load(context)  # safe to run again
    statuses = list(ProviderReturn.objects.values_list("status", flat=True))
    assert ReturnStatus.QUERIED in statuses and ReturnStatus.ACCEPTED in statuses
    assert len(statuses) == 4
    ratings = [row.rag for row in selectors.period_rows(agreement) if row.rag]
    assert Rag.RED in ratings
    assert selectors.agreement_flags(agreement)["late_minutes"] == list(Meeting.objects.all())
    assert ImprovementPlan.objects.count() == 1
    assert agreement.annual_reviews.count() == 1
