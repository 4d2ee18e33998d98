from datetime import date, timedelta

import pytest
from django.utils import timezone

from commissioning.cycle.decommissioning import services
from commissioning.cycle.models import Decommissioning
from commissioning.organisations.models import OrganisationType, Sector
from commissioning.organisations.tests.factories import OrganisationFactory

AGREEMENT_DETAILS = {
    "evidence": "The 2025/26 review: a third of referrals never started.",
    "stakeholder_involvement": "Focus groups with parents; the provider's trustees.",
    "impact_assessment": "About 240 families, most with children under 11.",
    "transition_plan": "Each family has a named worker before the service ends.",
}


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def charity(db):
    return OrganisationFactory(
        name="Harbourside Family Trust",
        organisation_type=OrganisationType.VOLUNTARY_COMMUNITY_FAITH,
        sector=Sector.VOLUNTARY_COMMUNITY_FAITH,
    )


@pytest.fixture
def company(db):
    return OrganisationFactory(
        name="Northfield Care Ltd", organisation_type=OrganisationType.COMPANY, sector=Sector.PRIVATE
    )


@pytest.fixture
def proposal_data(commissioner, company):
    return {
        "service_name": "Family support outreach service",
        "provider": company,
        "lead": commissioner,
        "rationale": "The redesign brings family support into locality teams.",
        "people_affected": 240,
    }


@pytest.fixture
def proposed(commissioner, activity, proposal_data) -> Decommissioning:
    return services.decommissioning_create(actor=commissioner, activity=activity, data=proposal_data)


@pytest.fixture
def complete_data(proposal_data) -> dict:
    """Everything every status needs; the dates are long enough that nothing warns, and the end has passed."""
    return (
        proposal_data
        | AGREEMENT_DETAILS
        | {
            "consultation_start": date(2025, 1, 6),
            "consultation_end": date(2025, 6, 30),
            "notice_date": date(2025, 7, 1),
            "end_date": date(2025, 12, 31),
        }
    )


def in_status(record: Decommissioning, status: str, **fields) -> Decommissioning:
    """Put a record straight into a status (test set-up only; the services move it one step at a time)."""
    Decommissioning.objects.filter(pk=record.pk).update(status=status, **fields)
    record.refresh_from_db()
    return record


@pytest.fixture
def complete(commissioner, activity, complete_data) -> Decommissioning:
    return services.decommissioning_create(actor=commissioner, activity=activity, data=complete_data)


def days(n: int) -> timedelta:
    return timedelta(days=n)
