"""The register's status counts and provider filter are kept in the table cache until a check, requirement,
enrolment or agreement is written (committed transactions, as in production)."""

import pytest

from commissioning.assurance.quality import selectors
from commissioning.assurance.quality.models import CheckStatus, ProviderCheck
from commissioning.assurance.quality.tests.test_selectors import TODAY, register  # noqa: F401 - the fixture
from commissioning.conftest import queries_of
from commissioning.monitoring.tests.factories import AgreementFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]


def test_status_counts_are_served_again_until_a_check_changes(register):  # noqa: F811
    def counts():
        return selectors.register_status_counts(today=TODAY)

    before = counts()
    counts()
    assert queries_of(counts) == 0
    check = (
        ProviderCheck.objects.active()
        .filter(status=CheckStatus.VERIFIED, expires_on__gt=TODAY)
        .order_by("pk")
        .first()
    )
    ProviderCheck.objects.filter(pk=check.pk).update(status=CheckStatus.AWAITING)
    after = counts()
    assert after[CheckStatus.AWAITING] == before[CheckStatus.AWAITING] + 1
    assert sum(after.values()) == sum(before.values())


def test_the_provider_filter_follows_new_live_agreements(register):  # noqa: F811
    selectors.provider_choices(), selectors.provider_choices()
    assert queries_of(selectors.provider_choices) == 0
    agreement = AgreementFactory(status="live")
    assert (agreement.provider_id, agreement.provider.name) in selectors.provider_choices()


def test_the_registers_length_follows_new_live_agreements_and_filters(register):  # noqa: F811
    def length(**filters):
        return len(selectors.register_rows(today=TODAY, **filters))

    before = length()
    length()
    assert queries_of(length) == 1  # the requirements; the providers' count comes from the cache
    requirements = len(selectors.requirement_list())
    AgreementFactory(status="live")
    assert length() == before + requirements
    searched = selectors.providers_in_scope().first()
    assert (
        length(search=searched.name)
        == requirements * selectors.providers_in_scope().filter(name__icontains=searched.name).count()
    )
    assert length(provider_id=searched.pk) == requirements


def test_the_provider_filters_options_follow_new_live_agreements_and_the_choice(register):  # noqa: F811
    selectors.provider_options(None), selectors.provider_options(None)
    assert queries_of(lambda: selectors.provider_options(None)) == 0
    agreement = AgreementFactory(status="live")

    options = selectors.provider_options(None)
    assert f'<option value="{agreement.provider_id}">' in options and " selected" not in options
    chosen = selectors.provider_options(agreement.provider_id)
    assert f'<option value="{agreement.provider_id}" selected>' in chosen
    assert chosen.count(" selected") == 1
