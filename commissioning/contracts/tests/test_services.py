from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commissioning.contracts import services
from commissioning.contracts.models import Agreement, AgreementStatus, Payment, ScheduleBasis
from commissioning.core.exceptions import ConflictError
from commissioning.core.models import TimelineEvent


def test_create_records_the_agreement_and_its_timeline(agreement, contracts_manager):
    assert agreement.reference == "CON-2026-001"
    event = TimelineEvent.objects.get(object_id=str(agreement.pk), verb="created")
    assert event.actor == contracts_manager


def test_reference_is_normalised_and_unique(contracts_manager, agreement_data, agreement):
    with pytest.raises(ValidationError) as exc:
        services.agreement_create(actor=contracts_manager, data=agreement_data(reference=" con-2026-001 "))
    assert "reference" in exc.value.message_dict


def test_simplified_terms_refused_at_or_over_30000(contracts_manager, agreement_data):
    with pytest.raises(ValidationError) as exc:
        services.agreement_create(
            actor=contracts_manager,
            data=agreement_data(
                simplified_terms=True, whole_life_value=Decimal("30000"), annual_value=Decimal("10000")
            ),
        )
    message = exc.value.message_dict["simplified_terms"][0]
    assert "Islington standard 4.6" in message and "£30,000.00" in message


def test_simplified_terms_allowed_under_30000(contracts_manager, agreement_data):
    agreement = services.agreement_create(
        actor=contracts_manager,
        data=agreement_data(
            simplified_terms=True, whole_life_value=Decimal("29999.99"), annual_value=Decimal("9999")
        ),
    )
    assert agreement.simplified_terms


def test_dates_in_order_and_extension_after_end(contracts_manager, agreement_data):
    with pytest.raises(ValidationError) as exc:
        services.agreement_create(
            actor=contracts_manager,
            data=agreement_data(ends_on=date(2026, 3, 1), latest_end_on=date(2026, 2, 1)),
        )
    assert set(exc.value.message_dict) >= {"ends_on", "latest_end_on"}


def test_stale_update_refused(agreement, contracts_manager):
    services.agreement_update(
        actor=contracts_manager, agreement=agreement, data={"title": "New"}, expected_version=1
    )
    with pytest.raises(ConflictError):
        services.agreement_update(
            actor=contracts_manager, agreement=agreement, data={"title": "Other"}, expected_version=1
        )
    assert Agreement.objects.get(pk=agreement.pk).title == "New"


def test_archive_needs_reason_and_restore(agreement, contracts_manager):
    with pytest.raises(ValidationError):
        services.agreement_archive(actor=contracts_manager, agreement=agreement, reason=" ")
    archived = services.agreement_archive(actor=contracts_manager, agreement=agreement, reason="Duplicate")
    assert archived.is_archived
    with pytest.raises(ValidationError):
        services.agreement_update(
            actor=contracts_manager, agreement=agreement, data={"title": "X"}, expected_version=None
        )
    assert not services.agreement_restore(actor=contracts_manager, agreement=agreement).is_archived


def test_fifteenth_working_day_skips_weekends_and_bank_holidays():
    # May 2026: 1st is a Friday, 4th and 25th are bank holidays.
    assert services.fifteenth_working_day(2026, 5) == date(2026, 5, 22)
    assert services.fifteenth_working_day(2026, 4) == date(2026, 4, 23)  # Good Friday 3rd, Easter Monday 6th


def test_schedule_generates_instalments_to_the_end(agreement, contracts_manager):
    services.schedule_set(
        actor=contracts_manager,
        agreement=agreement,
        basis=ScheduleBasis.QUARTERLY_IN_ADVANCE,
        amount=Decimal("25000"),
        first_due_on=date(2026, 4, 1),
    )
    dues = list(agreement.payments.values_list("due_on", flat=True))
    assert len(dues) == 12
    assert dues[0] == date(2026, 4, 1) and dues[-1] == date(2029, 1, 1)


def test_new_schedule_keeps_paid_instalments_and_archives_the_rest(agreement, contracts_manager):
    services.schedule_set(
        actor=contracts_manager,
        agreement=agreement,
        basis="annually",
        amount=Decimal("100000"),
        first_due_on=date(2026, 4, 1),
    )
    first = agreement.payments.get(due_on=date(2026, 4, 1))
    services.payment_update(
        actor=contracts_manager,
        payment=first,
        data={
            "invoice_reference": "INV-1",
            "invoice_received_on": date(2026, 4, 2),
            "paid_on": date(2026, 4, 20),
        },
        expected_version=1,
    )
    services.schedule_set(
        actor=contracts_manager,
        agreement=agreement,
        basis="annually",
        amount=Decimal("90000"),
        first_due_on=date(2026, 4, 1),
    )
    active = agreement.payments.active()
    assert active.count() == 3
    assert active.get(due_on=date(2026, 4, 1)).amount == Decimal("100000")
    assert active.get(due_on=date(2027, 4, 1)).amount == Decimal("90000")
    assert Payment.objects.archived().filter(agreement=agreement).count() == 2


def test_schedule_first_due_after_end_refused(agreement, contracts_manager):
    with pytest.raises(ValidationError) as exc:
        services.schedule_set(
            actor=contracts_manager,
            agreement=agreement,
            basis="annually",
            amount=Decimal("1"),
            first_due_on=date(2030, 1, 1),
        )
    assert "first_due_on" in exc.value.message_dict


def test_payment_late_when_paid_after_30_days_from_invoice(agreement, finance_officer):
    payment = services.payment_record(
        actor=finance_officer,
        agreement=agreement,
        data={
            "due_on": date(2026, 5, 1),
            "amount": Decimal("500"),
            "invoice_reference": "INV-9",
            "invoice_received_on": date(2026, 5, 1),
            "paid_on": date(2026, 6, 1),
        },
    )
    assert payment.pay_by == date(2026, 5, 31)
    assert payment.is_late(date(2026, 6, 2))
    payment.paid_on = date(2026, 5, 31)
    assert not payment.is_late(date(2026, 6, 2))
    payment.paid_on, payment.disputed = None, True
    assert not payment.is_late(date(2026, 12, 1))


def test_payment_bad_paths(agreement, finance_officer):
    with pytest.raises(ValidationError) as exc:
        services.payment_record(
            actor=finance_officer,
            agreement=agreement,
            data={"due_on": date(2026, 5, 1), "amount": Decimal("5"), "paid_on": date(2026, 5, 2)},
        )
    assert "invoice_received_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.payment_record(
            actor=finance_officer,
            agreement=agreement,
            data={
                "due_on": date(2026, 5, 1),
                "amount": Decimal("5"),
                "invoice_reference": "A",
                "invoice_received_on": date(2026, 5, 3),
                "paid_on": date(2026, 5, 2),
            },
        )
    assert "paid_on" in exc.value.message_dict


def test_stale_payment_update_refused(agreement, finance_officer):
    payment = services.payment_record(
        actor=finance_officer, agreement=agreement, data={"due_on": date(2026, 5, 1), "amount": Decimal("5")}
    )
    services.payment_update(
        actor=finance_officer, payment=payment, data={"amount": Decimal("6")}, expected_version=1
    )
    with pytest.raises(ConflictError):
        services.payment_update(
            actor=finance_officer, payment=payment, data={"amount": Decimal("7")}, expected_version=1
        )


def test_extension_within_latest_end(agreement, contracts_manager):
    services.agreement_update(
        actor=contracts_manager,
        agreement=agreement,
        data={"latest_end_on": date(2031, 3, 31)},
        expected_version=None,
    )
    with pytest.raises(ValidationError) as exc:
        services.extension_decide(
            actor=contracts_manager,
            agreement=agreement,
            outcome="extend",
            new_end_on=date(2031, 4, 1),
            reasons="Good value",
            decided_on=date(2028, 9, 1),
        )
    assert "31 March 2031" in exc.value.message_dict["new_end_on"][0]
    services.extension_decide(
        actor=contracts_manager,
        agreement=agreement,
        outcome="extend",
        new_end_on=date(2030, 3, 31),
        reasons="Good value",
        decided_on=date(2028, 9, 1),
    )
    agreement.refresh_from_db()
    assert agreement.ends_on == date(2030, 3, 31)
    assert agreement.extension_decisions.get().previous_end_on == date(2029, 3, 31)


def test_extension_without_option_and_reasons_refused(agreement, contracts_manager):
    with pytest.raises(ValidationError) as exc:
        services.extension_decide(
            actor=contracts_manager,
            agreement=agreement,
            outcome="extend",
            new_end_on=date(2030, 1, 1),
            reasons="",
            decided_on=date(2028, 1, 1),
        )
    assert set(exc.value.message_dict) == {"new_end_on", "reasons"}
    decision = services.extension_decide(
        actor=contracts_manager,
        agreement=agreement,
        outcome="not_extend",
        new_end_on=None,
        reasons="Recommission",
        decided_on=date(2028, 1, 1),
    )
    assert decision.outcome == "not_extend"
    agreement.refresh_from_db()
    assert agreement.ends_on == date(2029, 3, 31)


def test_variation_changes_value_and_is_audited(agreement, contracts_manager):
    services.variation_record(
        actor=contracts_manager,
        agreement=agreement,
        data={
            "description": "Add a Saturday session",
            "value_change": Decimal("15000"),
            "reason": "Demand",
            "approved_by": "Contracts board",
            "approved_on": date(2026, 9, 1),
        },
    )
    agreement.refresh_from_db()
    assert agreement.whole_life_value == Decimal("315000.00")
    assert TimelineEvent.objects.filter(object_id=str(agreement.pk), summary__contains="Saturday").exists()
    with pytest.raises(ValidationError) as exc:
        services.variation_record(
            actor=contracts_manager, agreement=agreement, data={"value_change": Decimal("-400000")}
        )
    assert set(exc.value.message_dict) >= {
        "description",
        "reason",
        "approved_by",
        "approved_on",
        "value_change",
    }


def test_terminate_and_close_ended(agreement, other_agreement, contracts_manager):
    with pytest.raises(ValidationError):
        services.agreement_terminate(
            actor=contracts_manager, agreement=agreement, terminated_on=None, reason=""
        )
    services.agreement_terminate(
        actor=contracts_manager,
        agreement=agreement,
        terminated_on=date(2027, 1, 31),
        reason="Provider closed",
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.TERMINATED and agreement.ended_reason == "Provider closed"
    with pytest.raises(ValidationError):
        services.agreement_terminate(
            actor=contracts_manager, agreement=agreement, terminated_on=date(2027, 2, 1), reason="Again"
        )
    ended = services.agreements_close_ended(actor=None, today=date(2029, 4, 1))
    assert [a.pk for a in ended] == [other_agreement.pk]
    other_agreement.refresh_from_db()
    assert other_agreement.status == AgreementStatus.ENDED


@pytest.mark.parametrize(
    "status, ends_on, message",
    [
        ("terminated", date(2029, 3, 31), "Record the termination instead"),
        ("ended", date(2099, 3, 31), "to end it before then, record a termination"),
    ],
)
def test_ending_early_goes_through_a_termination(agreement, contracts_manager, status, ends_on, message):
    Agreement.objects.filter(pk=agreement.pk).update(ends_on=ends_on)
    with pytest.raises(ValidationError, match=message):
        services.agreement_update(
            actor=contracts_manager, agreement=agreement, data={"status": status}, expected_version=None
        )
    assert Agreement.objects.get(pk=agreement.pk).status == "live"


def test_an_agreement_past_its_end_can_be_marked_ended(agreement, contracts_manager):
    Agreement.objects.filter(pk=agreement.pk).update(starts_on=date(2020, 4, 1), ends_on=date(2023, 3, 31))
    updated = services.agreement_update(
        actor=contracts_manager, agreement=agreement, data={"status": "ended"}, expected_version=None
    )
    assert updated.status == "ended"
