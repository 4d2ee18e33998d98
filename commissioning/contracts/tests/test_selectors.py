import calendar
import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.utils import timezone

from commissioning.contracts import selectors, services
from commissioning.contracts.models import Agreement, AgreementStatus, ExtensionDecision, Payment, add_months
from commissioning.contracts.tests.conftest import TODAY
from commissioning.organisations.tests.factories import PartnerFactory


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
    assert result.ending.rows == [ending]
    assert result.extension_due.rows == [ending]
    # Notice by 31 December 2026 (end 31 March 2027 less 3 months): within the next 3 months.
    assert result.notice.rows == [ending]
    assert result.past_end.rows == [past]
    assert later not in result.ending.rows and draft not in result.ending.rows
    assert (result.ending.count, result.past_end.count, result.late_payments.count, result.count) == (
        1,
        1,
        0,
        4,
    )
    assert ending.is_expiring(TODAY) and not later.is_expiring(TODAY)

    services.extension_decide(
        actor=contracts_manager,
        agreement=ending,
        outcome="not_extend",
        new_end_on=None,
        reasons="Retender",
        decided_on=TODAY,
    )
    assert selectors.alerts(user=contracts_manager, today=TODAY).extension_due.rows == []
    assert not selectors.alert_group(user=contracts_manager, today=TODAY, group="extension_due").exists()


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


def test_search_finds_any_part_of_a_title_reference_description_or_providers_name_in_any_case(
    agreement, other_agreement, contracts_manager
):
    def refs(search):
        return [
            a.reference for a in selectors.agreement_list(user=contracts_manager, today=TODAY, search=search)
        ]

    assert refs("YOUTH CL") == ["CON-2026-002"]  # the title
    assert refs("2026-00") == ["CON-2026-001", "CON-2026-002"]  # the reference
    assert refs("gATE yOU") == ["CON-2026-002"]  # the provider's name, Northgate Youth Trust
    assert refs("ghtside fam") == ["CON-2026-001"]  # Brightside Family Support
    assert refs("Nobody by this name") == []
    services.agreement_update(
        actor=contracts_manager,
        agreement=agreement,
        data={"description": "Short breaks for disabled children"},
        expected_version=agreement.version,
    )
    assert refs("BREAKS FOR") == ["CON-2026-001"]  # the description ----------------------------------------


def python_alerts(agreements, today: date) -> dict[str, list]:
    """The alert groups worked out one agreement at a time, as the alerts were before the database chose them."""
    result = {group: [] for group in selectors.AGREEMENT_ALERTS}
    horizon = add_months(today, selectors.ENDING_WITHIN_MONTHS)
    notice_horizon = add_months(today, selectors.NOTICE_LOOKAHEAD_MONTHS)
    live = [a for a in agreements if a.status == AgreementStatus.LIVE and a.archived_at is None]
    for agreement in sorted(live, key=lambda a: (a.ends_on, a.reference)):
        if agreement.ends_on < today:
            result["past_end"].append(agreement.pk)
            continue
        if agreement.ends_on <= horizon:
            result["ending"].append(agreement.pk)
        decided = {d.previous_end_on for d in agreement.extension_decisions.all()}
        if (
            agreement.latest_end_on
            and agreement.latest_end_on > agreement.ends_on
            and agreement.ends_on not in decided
            and agreement.ends_on
            <= add_months(today, agreement.notice_months + selectors.ENDING_WITHIN_MONTHS)
        ):
            result["extension_due"].append(agreement.pk)
        if agreement.notice_deadline <= notice_horizon:
            result["notice"].append(agreement.pk)
    return result


def test_alert_groups_match_the_rules_day_for_day_at_month_ends(contracts_manager, council, provider_org):
    """End dates on the 1st, 15th and the last four days of every month for four years, with notice periods from
    none to a year, against todays at month ends (including 28 and 29 February) where adding months is clamped."""
    ends = [
        date(year, month, day)
        for year in range(2026, 2030)
        for month in range(1, 13)
        for day in (1, 15, 28, 29, 30, 31)
        if day <= calendar.monthrange(year, month)[1]
    ]
    rows = []
    for ends_on in ends:
        for notice_months in (0, 1, 3, 6, 12):
            number = len(rows)
            rows.append(
                Agreement(
                    reference=f"GRID-{number:05d}",
                    title="Family support",
                    agreement_type="contract",
                    provider=provider_org,
                    commissioner=council,
                    annual_value=Decimal("1000"),
                    whole_life_value=Decimal("3000"),
                    starts_on=date(2025, 1, 1),
                    ends_on=ends_on,
                    latest_end_on=(None, ends_on, add_months(ends_on, 12))[number % 3],
                    notice_months=notice_months,
                    status=AgreementStatus.DRAFT if number % 17 == 0 else AgreementStatus.LIVE,
                    payment_basis="fixed_price",
                )
            )
    agreements = Agreement.objects.bulk_create(rows)
    ExtensionDecision.objects.bulk_create(
        ExtensionDecision(
            agreement=agreement,
            outcome="not_extend",
            previous_end_on=agreement.ends_on,
            reasons="Retender",
            decided_on=date(2026, 1, 1),
        )
        for agreement in agreements[2::9]
    )
    agreements = list(Agreement.objects.prefetch_related("extension_decisions"))
    for today in (
        date(2026, 8, 31),
        date(2026, 11, 30),
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2028, 2, 29),
    ):
        expected = python_alerts(agreements, today)
        result = selectors.alerts(user=contracts_manager, today=today)
        for group in selectors.AGREEMENT_ALERTS:
            found = selectors.alert_group(user=contracts_manager, today=today, group=group)
            assert list(found.values_list("pk", flat=True)) == expected[group], (today, group)
            assert getattr(result, group).count == len(expected[group])
            assert [a.pk for a in getattr(result, group).rows] == expected[group][: selectors.ALERTS_SHOWN]
        assert all(expected[group] for group in selectors.AGREEMENT_ALERTS if group != "past_end")


def python_compliance(payments, starts_on: date, ends_on: date) -> dict:
    """The payments compliance figures worked out one payment at a time, as they were before the database
    counted them."""
    counted = sorted(
        (
            p
            for p in payments
            if p.archived_at is None
            and p.agreement.archived_at is None
            and not p.disputed
            and p.invoice_received_on
            and p.paid_on
            and starts_on <= p.paid_on <= ends_on
        ),
        key=lambda p: (p.paid_on, p.pk),
    )
    days = [p.days_to_pay for p in counted]
    return {
        "invoices": len(counted),
        "amount_paid": sum((p.amount for p in counted), Decimal("0")),
        "average_days": (Decimal(sum(days)) / Decimal(len(days))).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        if days
        else None,
        "within_30": sum(1 for d in days if d <= 30),
        "days_31_to_60": sum(1 for d in days if 30 < d <= 60),
        "over_60": sum(1 for d in days if d > 60),
        "payments": [p.pk for p in counted],
    }


def test_compliance_figures_match_the_payments_one_by_one(
    agreement, other_agreement, contracts_manager, council, agreement_data
):
    archived = services.agreement_create(
        actor=contracts_manager, data=agreement_data(reference="CON-ARCHIVED")
    )
    starts_on, ends_on = selectors.period_bounds("2026-09")
    edge_days = (0, 1, 29, 30, 31, 32, 59, 60, 61, 62, 120)
    rows = []
    for days in edge_days:  # paid on the 30th, 31st, 60th and 61st day and either side
        for received in (date(2026, 4, 1), date(2026, 6, 30), date(2026, 8, 31)):
            rows.append((received, received + timedelta(days=days), False))
    for paid_on in (starts_on - timedelta(days=1), starts_on, ends_on, ends_on + timedelta(days=1)):
        rows.append(
            (paid_on - timedelta(days=31), paid_on, False)
        )  # on and either side of the period's bounds
    rows += [
        (date(2026, 5, 1), date(2026, 6, 30), True),  # disputed: not counted
        (None, date(2026, 6, 1), False),  # paid without an invoice: not counted
        (date(2026, 5, 1), None, False),  # invoiced, unpaid and overdue: not counted
        (date(2026, 9, 20), None, False),  # invoiced and not yet due
    ]
    generator = random.Random(20260930)
    for _ in range(150):
        received = starts_on - timedelta(days=90) + timedelta(days=generator.randint(0, 270))
        paid_on = received + timedelta(days=generator.randint(0, 100)) if generator.random() < 0.9 else None
        rows.append((received if generator.random() < 0.95 else None, paid_on, generator.random() < 0.1))
    payments = []
    for number, (received, paid_on, disputed) in enumerate(rows):
        payments.append(
            Payment(
                agreement=(agreement, other_agreement, archived)[number % 3],
                due_on=(received or paid_on or starts_on),
                amount=Decimal(generator.randint(1, 2_000_000)) / 100 if number % 5 else Decimal("0.29"),
                invoice_reference=f"INV-{number}",
                invoice_received_on=received,
                paid_on=paid_on,
                disputed=disputed,
                archived_at=timezone.now() if number % 23 == 0 else None,
            )
        )
    Payment.objects.bulk_create(payments)
    services.agreement_archive(actor=contracts_manager, agreement=archived, reason="Entered twice")
    payments = list(Payment.objects.select_related("agreement"))

    for period in ("2026-09", "2026-03", "2027-03"):
        figures = selectors.payments_compliance(user=contracts_manager, period=period)
        expected = python_compliance(payments, figures.starts_on, figures.ends_on)
        assert {
            "invoices": figures.invoices,
            "amount_paid": figures.amount_paid,
            "average_days": figures.average_days,
            "within_30": figures.within_30,
            "days_31_to_60": figures.days_31_to_60,
            "over_60": figures.over_60,
            "payments": [p.pk for p in figures.payments],
        } == expected, period
        # The same figure, written the same way (in the CSV).
        assert str(figures.amount_paid) == str(expected["amount_paid"])
    figures = selectors.payments_compliance(user=contracts_manager, period="2026-09")
    assert figures.invoices > 50 and figures.within_30 and figures.days_31_to_60 and figures.over_60
    by_council = selectors.payments_compliance(
        user=contracts_manager, period="2026-09", commissioner_id=council.pk
    )
    assert (by_council.invoices, by_council.amount_paid) == (figures.invoices, figures.amount_paid)
    other_partner = PartnerFactory()
    assert (
        selectors.payments_compliance(
            user=contracts_manager, period="2026-09", commissioner_id=other_partner.pk
        ).invoices
        == 0
    )


def test_register_filter_choices_are_the_providers_and_officers_of_agreements(
    agreement, other_agreement, other_provider_org
):
    from commissioning.organisations.models import Role
    from commissioning.organisations.tests.factories import OrganisationFactory, person_with_role

    OrganisationFactory(name="Aardvark Care Ltd", is_provider=True)  # holds no agreement
    officer = person_with_role(Role.MONITORING_OFFICER, username="lee", first_name="Lee", last_name="Ward")
    plain = person_with_role(Role.MONITORING_OFFICER, username="sam.o", first_name="", last_name="")
    person_with_role(Role.MONITORING_OFFICER, username="unused", first_name="Ann", last_name="Able")
    Agreement.objects.filter(pk=agreement.pk).update(monitoring_officer=officer)
    Agreement.objects.filter(pk=other_agreement.pk).update(monitoring_officer=plain)

    providers = selectors.register_provider_choices()
    assert providers == sorted(
        [(agreement.provider_id, agreement.provider.name), (other_provider_org.pk, other_provider_org.name)],
        key=lambda choice: choice[1],
    )
    assert selectors.register_officer_choices() == [(plain.pk, "sam.o"), (officer.pk, "Lee Ward")]


TRIGRAM_INDEXES = (
    "contracts_agreement_title_upper_trgm",
    "contracts_agreement_reference_upper_trgm",
    "contracts_agreement_description_upper_trgm",
)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's (ADR 0006)")
def test_on_postgresql_a_search_reads_the_trigram_indexes(agreement, contracts_manager):
    queryset = selectors.agreement_list(user=contracts_manager, today=TODAY, search="breaks")
    with connection.cursor() as cursor:
        # Two rows: left to itself the planner reads the table, or walks it in order by an index of references.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = queryset.order_by().query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for index in TRIGRAM_INDEXES:
        assert f"Bitmap Index Scan on {index}" in plan, plan


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor == "postgresql", reason="what the migrations leave on SQLite")
def test_on_sqlite_the_search_migrations_leave_the_tables_as_they_were():
    with connection.cursor() as cursor:
        indexes = set(connection.introspection.get_constraints(cursor, "contracts_agreement"))
        organisation_indexes = set(
            connection.introspection.get_constraints(cursor, "organisations_organisation")
        )
    assert not indexes & set(TRIGRAM_INDEXES)
    assert indexes and organisation_indexes  # the tables and their other indexes are there
    assert "organisations_name_upper_trgm" not in organisation_indexes
