"""The activities a person may save the gap analysis's findings on are kept in the table cache for their access:
served again without checking the rules for each activity, and afresh once an activity is written (committed
transactions, as in production)."""

import pytest

from commissioning.conftest import queries_of
from commissioning.cycle.tests.factories import ActivityFactory
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role
from commissioning.services.analysis.selectors import activities_for_evidence

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]


def test_choices_follow_the_activities_and_the_person(commissioner, council):
    led = ActivityFactory(title="Family hubs", lead_organisation=council, lead_commissioner=commissioner)
    elsewhere = ActivityFactory(title="Youth justice review")
    assert activities_for_evidence(commissioner) == [(led.pk, "Family hubs (2026/27)")]
    activities_for_evidence(commissioner)
    assert queries_of(lambda: activities_for_evidence(commissioner)) == 0

    second = ActivityFactory(title="Short breaks", lead_organisation=council, lead_commissioner=commissioner)
    assert {pk for pk, _ in activities_for_evidence(commissioner)} == {led.pk, second.pk}

    colleague = person_with_role(Role.COMMISSIONER, elsewhere.lead_organisation)
    assert [pk for pk, _ in activities_for_evidence(colleague)] == [elsewhere.pk]
