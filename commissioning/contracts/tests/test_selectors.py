from datetime import date
from decimal import Decimal

import pytest

from commissioning.contracts import selectors, services
from commissioning.contracts.tests.conftest import TODAY


def pay(agreement, actor, *, received, paid, amount="100", disputed=False, reference="INV"):
    return services.payment_record(
        actor=actor,
        agreement=agreement,
        data={
            "due_on": received,
            "amount": Decimal(amount),
            "invoice_reference": reference,
            "invoice_received_on": received,
            "paid_on": paid,
            "disputed": disputed,
        },
    )


def test_payments_compliance_on_a_small_dataset(
    agreement, other_agreement, finance_officer, contracts_manager
):
    # Period ending September 2026: 1 April to 30 September 2026.
    pay(
        agreement, finance_officer, received=date(2026, 4, 1), paid=date(2026, 4, 11), amount="1000"
    )  # 10 days
    pay(
        agreement, finance_officer, received=date(2026, 5, 1), paid=date(2026, 5, 31), amount="1000"
    )  # 30 days
    pay(
        other_agreement, finance_officer, received=date(2026, 6, 1), paid=date(2026, 7, 16), amount="500"
    )  # 45
    pay(
        other_agreement, finance_officer, received=date(2026, 7, 1), paid=date(2026, 9, 9), amount="250"
    )  # 70
    # Not counted: paid outside the period, disputed, or on an archived agreement.
    pay(agreement, finance_officer, received=date(2026, 9, 20), paid=date(2026, 10, 1))
    pay(agreement, finance_officer, received=date(2026, 3, 1), paid=date(2026, 3, 31))
    pay(agreement, finance_officer, received=date(2026, 5, 1), paid=date(2026, 9, 1), disputed=True)

    figures = selectors.payments_compliance(user=contracts_manager, period="2026-09")
    assert (figures.starts_on, figures.ends_on) == (date(2026, 4, 1), date(2026, 9, 30))
    assert figures.invoices == 4
    assert figures.amount_paid == Decimal("2750")
    # (10 + 30 + 45 + 70) / 4 = 38.75, shown to one place.
    assert figures.average_days == Decimal("38.8")
    assert (figures.within_30, figures.days_31_to_60, figures.over_60) == (2, 1, 1)
    assert figures.within_30_percent == Decimal("50.0")
    assert figures.days_31_to_60_percent == Decimal("25.0")
    assert figures.over_60_percent == Decimal("25.0")

    services.agreement_archive(actor=contracts_manager, agreement=other_agreement, reason="Entered twice")
    assert selectors.payments_compliance(user=contracts_manager, period="2026-09").invoices == 2


def test_march_period_and_bad_periods():
    assert selectors.period_bounds("2026-03") == (date(2025, 10, 1), date(2026, 3, 31))
    for bad in ("2026-06", "2026", "september", ""):
        with pytest.raises(selectors.PeriodError):
            selectors.period_bounds(bad)
    assert selectors.latest_periods(TODAY, 3) == ["2027-03", "2026-09", "2026-03"]


def test_empty_period_has_no_average(contracts_manager):
    figures = selectors.payments_compliance(user=contracts_manager, period="2026-03")
    assert figures.invoices == 0 and figures.average_days is None and figures.within_30_percent is None


def test_alerts(contracts_manager, agreement_data):
    ending = services.agreement_create(
        actor=contracts_manager,
        data=agreement_data(reference="A-1", ends_on=date(2027, 3, 31), latest_end_on=date(2028, 3, 31)),
    )
    later = services.agreement_create(
        actor=contracts_manager, data=agreement_data(reference="A-2", ends_on=date(2028, 3, 31))
    )
    past = services.agreement_create(
        actor=contracts_manager, data=agreement_data(reference="A-3", ends_on=date(2026, 10, 31))
    )
    draft = services.agreement_create(
        actor=contracts_manager,
        data=agreement_data(reference="A-4", ends_on=date(2027, 1, 31), status="draft"),
    )
    result = selectors.alerts(user=contracts_manager, today=TODAY)
    assert result.ending == [ending]
    assert result.extension_due == [ending]
    # Notice by 31 December 2026 (end 31 March 2027 less 3 months): within the next 3 months.
    assert result.notice == [ending]
    assert result.past_end == [past]
    assert later not in result.ending and draft not in result.ending
    assert ending.is_expiring(TODAY) and not later.is_expiring(TODAY)

    services.extension_decide(
        actor=contracts_manager,
        agreement=ending,
        outcome="not_extend",
        new_end_on=None,
        reasons="Retender",
        decided_on=TODAY,
    )
    assert selectors.alerts(user=contracts_manager, today=TODAY).extension_due == []


def test_late_payments_listed(agreement, finance_officer, contracts_manager):
    late = pay(agreement, finance_officer, received=date(2026, 9, 1), paid=date(2026, 10, 15))
    pay(agreement, finance_officer, received=date(2026, 9, 1), paid=date(2026, 9, 20))
    unpaid = services.payment_record(
        actor=finance_officer, agreement=agreement, data={"due_on": date(2026, 10, 1), "amount": Decimal("5")}
    )
    assert set(selectors.late_payments(user=contracts_manager, today=TODAY)) == {late, unpaid}


def test_provider_sees_only_its_own(agreement, other_agreement, provider_user):
    assert list(selectors.agreements_visible_to(provider_user)) == [agreement]
    with pytest.raises(agreement.DoesNotExist):
        selectors.agreement_detail(user=provider_user, pk=other_agreement.pk)


def test_list_filters(agreement, other_agreement, contracts_manager, other_provider_org):
    def refs(**filters):
        return [a.reference for a in selectors.agreement_list(user=contracts_manager, today=TODAY, **filters)]

    assert refs(search="youth") == ["CON-2026-002"]
    assert refs(provider_id=other_provider_org.pk) == ["CON-2026-002"]
    assert refs(agreement_type="grant_funding") == []
    assert refs(expiring_within=6) == []
    assert refs(ordering="title") == ["CON-2026-001", "CON-2026-002"]
