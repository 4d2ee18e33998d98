from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commissioning.monitoring import services
from commissioning.monitoring.models import (
    FrequencyBand,
    MonitoringPlan,
    ProviderReturn,
    ReturnReminder,
    ReturnStatus,
)
from commissioning.monitoring.tests.conftest import return_data
from commissioning.monitoring.tests.factories import AgreementFactory, KpiFactory
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role

AFTER = date(2026, 7, 5)


@pytest.fixture
def ended_period(plan, agreement):
    """A period that has ended by the real date of the test run."""
    return agreement.return_periods.filter(ends_on__lt=timezone.localdate()).order_by(
        "starts_on"
    ).first() or (agreement.return_periods.order_by("starts_on").first())


def _post_return(client, period, kpis, **overrides):
    data = {
        f"kpi_{kpis[0].pk}": "104",
        f"kpi_{kpis[1].pk}": "9",
        "narrative": "A steady quarter.",
        "service_users": "40",
        "char_gender_0": "22",
        "char_gender_1": "18",
        "complaints": "0",
        "safeguarding_incidents": "0",
    }
    data.update(overrides)
    return client.post(reverse("monitoring:return-submit", args=[period.pk]), data)


def test_overview_lists_live_agreements_with_flags_in_bounded_queries(client_for, officer, plan, agreement):
    for _ in range(5):
        other = AgreementFactory()
        KpiFactory(agreement=other)
    client = client_for(officer)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("monitoring:home"))
    assert response.status_code == 200
    assert agreement.reference in response.content.decode()
    assert len(ctx.captured_queries) < 15
    response = client.get(reverse("monitoring:home"), {"q": agreement.reference, "format": "csv"})
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Reference,Title,Provider")
    assert len(lines) == 2 and agreement.reference in lines[1]
    response = client.get(reverse("monitoring:home"), {"flag": "no_plan"})
    assert agreement.reference not in response.content.decode()


def test_agreement_page_shows_plan_kpis_and_periods(client_for, officer, plan, agreement, kpis):
    response = client_for(officer).get(reverse("monitoring:agreement", args=[agreement.pk]))
    body = response.content.decode()
    assert "Quarterly returns from 1 April 2026" in body
    assert "Families supported" in body and "Days to first visit" in body
    assert "Add a KPI" in body
    assert "1 Apr 2026 to 30 Jun 2026" in body


def test_partnership_roles_read_but_do_not_change(client_for, board_member, plan, agreement):
    client = client_for(board_member)
    body = client.get(reverse("monitoring:agreement", args=[agreement.pk])).content.decode()
    assert "Add a KPI" not in body
    assert client.get(reverse("monitoring:kpi-create", args=[agreement.pk])).status_code == 403
    assert client.get(reverse("monitoring:plan", args=[agreement.pk])).status_code == 403


def test_provider_cannot_see_the_officer_pages(client_for, provider_user, agreement):
    client = client_for(provider_user)
    assert client.get(reverse("monitoring:home")).status_code == 403
    assert client.get(reverse("monitoring:agreement", args=[agreement.pk])).status_code == 403


def test_officer_adds_a_kpi_with_errors_first(client_for, officer, agreement):
    client = client_for(officer)
    url = reverse("monitoring:kpi-create", args=[agreement.pk])
    response = client.post(
        url,
        {
            "name": "Families",
            "kind": "output",
            "unit": "families",
            "target": "lots",
            "polarity": "higher",
            "tolerance": "10",
        },
    )
    assert "Enter the target as a number" in response.content.decode()
    response = client.post(
        url,
        {
            "name": "Families",
            "kind": "output",
            "unit": "families",
            "target": "120",
            "polarity": "higher",
            "tolerance": "10",
        },
    )
    assert response.status_code == 302
    assert agreement.kpis.get().target == 120


def test_provider_submits_and_sees_only_its_own_periods(
    client_for, provider_user, other_provider_org, ended_period, kpis
):
    client = client_for(provider_user)
    response = client.get(reverse("monitoring:returns"))
    assert response.status_code == 200
    other = AgreementFactory(provider=other_provider_org)
    KpiFactory(agreement=other)
    officer = person_with_role(Role.MONITORING_OFFICER, other.commissioner, username="o2")
    services.plan_save(
        actor=officer,
        agreement=other,
        data={"frequency": "quarterly", "first_period_starts_on": date(2026, 4, 1), "due_days": 28},
    )
    foreign = other.return_periods.first()
    assert client.get(reverse("monitoring:period", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("monitoring:return-submit", args=[foreign.pk])).status_code == 404
    assert _post_return(client, foreign, kpis).status_code == 404
    if ended_period.ends_on >= timezone.localdate():
        pytest.skip("no period has ended yet on the test date")
    response = _post_return(client, ended_period, kpis, service_users="10")
    assert "more than the 10 service users" in response.content.decode()
    assert not ProviderReturn.objects.exists()
    response = _post_return(client, ended_period, kpis)
    assert response.status_code == 302
    assert ProviderReturn.objects.get().status == ReturnStatus.SUBMITTED
    # a second submission is refused
    response = _post_return(client, ended_period, kpis)
    assert "already been submitted" in response.content.decode()
    assert ProviderReturn.objects.count() == 1


def test_officer_queries_and_accepts_through_the_pages(
    client_for, officer, provider_user, first_period, kpis
):
    services.return_submit(actor=provider_user, period=first_period, data=return_data(kpis), today=AFTER)
    client = client_for(officer)
    page = client.get(reverse("monitoring:period", args=[first_period.pk])).content.decode()
    assert "Accept the return" in page and "Query the return" in page
    url = reverse("monitoring:return-query", args=[first_period.pk])
    assert "Enter what the provider must explain" in client.post(url, {"query": ""}).content.decode()
    client.post(url, {"query": "Please explain the drop."})
    assert ProviderReturn.objects.get().status == ReturnStatus.QUERIED
    provider_page = client_for(provider_user).get(reverse("monitoring:period", args=[first_period.pk]))
    assert "Please explain the drop." in provider_page.content.decode()


def test_provider_cannot_accept(client_for, provider_user, first_period, kpis):
    services.return_submit(actor=provider_user, period=first_period, data=return_data(kpis), today=AFTER)
    response = client_for(provider_user).post(reverse("monitoring:return-accept", args=[first_period.pk]))
    assert response.status_code == 403
    assert ProviderReturn.objects.get().status == ReturnStatus.SUBMITTED


def test_meeting_and_history_pages(client_for, officer, agreement):
    client = client_for(officer)
    meeting = services.meeting_save(
        actor=officer,
        agreement=agreement,
        data={"held_on": date(2026, 5, 1), "attendees": "Officer", "minutes": ""},
    )
    body = client.get(reverse("monitoring:meeting", args=[meeting.pk])).content.decode()
    assert "not sent within 3 weeks" in body
    response = client.post(
        reverse("monitoring:action-create", args=[meeting.pk]),
        {
            "description": "Send the volunteer rota",
            "owner": "Provider manager",
            "due_on_0": "1",
            "due_on_1": "6",
            "due_on_2": "2026",
        },
    )
    assert response.status_code == 302
    action = meeting.actions.get()
    client.post(reverse("monitoring:action-status", args=[action.pk]), {"status": "done"})
    action.refresh_from_db()
    assert action.status == "done"
    history = client.get(reverse("monitoring:agreement-history", args=[agreement.pk])).content.decode()
    assert "History" in history


def test_reminders_are_sent_once_a_day_to_the_provider(plan, first_period, provider_user):
    provider_user.email = "returns@provider.example"
    provider_user.save()
    call_command("send_return_reminders", "--date", "2026-07-25")
    assert len(mail.outbox) == 1
    assert "due on 28 July 2026" in mail.outbox[0].subject
    assert mail.outbox[0].to == ["returns@provider.example"]
    call_command("send_return_reminders", "--date", "2026-07-25")
    assert len(mail.outbox) == 1  # the same day: not again
    call_command("send_return_reminders", "--date", "2026-07-29")
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("Overdue")
    assert ReturnReminder.objects.count() == 2


def test_no_reminder_once_the_return_is_in(plan, first_period, provider_user, kpis):
    provider_user.email = "returns@provider.example"
    provider_user.save()
    services.return_submit(actor=provider_user, period=first_period, data=return_data(kpis), today=AFTER)
    call_command("send_return_reminders", "--date", "2026-07-29")
    assert mail.outbox == []


def test_administrator_edits_the_value_bands(client_for, administrator, officer):
    assert client_for(officer).get(reverse("monitoring:bands")).status_code == 403
    client = client_for(administrator)
    assert "Return frequency by value" in client.get(reverse("monitoring:home")).content.decode()
    response = client.post(
        reverse("monitoring:band-create"), {"from_value": "1000000", "frequency": "quarterly"}
    )
    assert response.status_code == 302
    band = FrequencyBand.objects.get(from_value=1000000)
    response = client.post(
        reverse("monitoring:band-create"), {"from_value": "1000000", "frequency": "annual"}
    )
    assert "There is already a band from £1,000,000" in response.content.decode()
    client.post(reverse("monitoring:band-remove", args=[band.pk]))
    assert not FrequencyBand.objects.filter(pk=band.pk).exists()
    lowest, _ = FrequencyBand.objects.get_or_create(from_value=0, defaults={"frequency": "annual"})
    client.post(reverse("monitoring:band-remove", args=[lowest.pk]))
    assert FrequencyBand.objects.filter(pk=lowest.pk).exists()


def _day(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_officer_records_visits_feedback_plans_reviews_and_assessments(client_for, officer, provider_org):
    big = AgreementFactory(provider=provider_org, whole_life_value=6_000_000)
    kpi = KpiFactory(agreement=big, name="Placements stable for a year")
    client = client_for(officer)
    today = timezone.localdate()
    url = lambda name: reverse(f"monitoring:{name}", args=[big.pk])  # noqa: E731
    future = today + timedelta(days=5)
    response = client.post(
        url("visit-create"),
        {
            **_day("visited_on", future),
            "announced": "no",
            "visited_by": "Monitoring officer",
            "observations": "Calm.",
        },
    )
    assert "must be today or in the past" in response.content.decode()
    assert (
        client.post(
            url("visit-create"),
            {
                **_day("visited_on", today),
                "announced": "no",
                "visited_by": "Monitoring officer",
                "observations": "Calm.",
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            url("feedback-create"),
            {
                **_day("gathered_on", today),
                "independent": "yes",
                "method": "Young inspectors",
                "summary": "Positive.",
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            url("improvement-create"),
            {"issues": "Below target", "actions": "Recruit", **_day("deadline", future), "status": "open"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            url("review-create"),
            {**_day("reviewed_on", today), "findings": "Sound", "recommendation": "continue"},
        ).status_code
        == 302
    )
    response = client.post(
        url("assessment-create"),
        {"kpi": kpi.pk, **_day("assessed_on", today), **_day("period_end", today), "rating": "other"},
    )
    assert "Say what the &#x27;Other&#x27; rating means" in response.content.decode()
    assert (
        client.post(
            url("assessment-create"),
            {"kpi": kpi.pk, **_day("assessed_on", today), **_day("period_end", today), "rating": "good"},
        ).status_code
        == 302
    )
    body = client.get(url("agreement")).content.decode()
    assert "Unannounced visit on" in body
    assert "Independent feedback of" in body
    assert "None in the last 12 months" not in body
    assert "Fewer than three KPIs" in body
    assert "1 not yet published" in body
    assert "Annual review of" in body


def test_records_are_archived_with_a_reason(client_for, officer, board_member, agreement):
    visit = services.visit_create(
        actor=officer,
        agreement=agreement,
        data={
            "visited_on": date(2026, 5, 1),
            "announced": True,
            "visited_by": "Officer",
            "observations": "Busy.",
        },
    )
    url = reverse("monitoring:record-archive", args=["visits", visit.pk])
    assert client_for(board_member).get(url).status_code == 403
    client = client_for(officer)
    assert "Enter a reason" in client.post(url, {"reason": ""}).content.decode()
    assert client.post(url, {"reason": "Recorded on the wrong agreement"}).status_code == 302
    visit.refresh_from_db()
    assert visit.is_archived and visit.archived_reason == "Recorded on the wrong agreement"
    assert "Busy." not in client.get(reverse("monitoring:agreement", args=[agreement.pk])).content.decode()
    assert client.get(reverse("monitoring:record-archive", args=["nonsense", visit.pk])).status_code == 404


def test_plan_page_defaults_from_the_bands_and_saves(client_for, officer, agreement, kpis):
    client = client_for(officer)
    url = reverse("monitoring:plan", args=[agreement.pk])
    assert client.get(url).context["form"].initial["frequency"] == "six_monthly"  # £120,000 a year
    response = client.post(
        url, {"frequency": "annual", **_day("first_period_starts_on", date(2020, 1, 1)), "due_days": "28"}
    )
    assert "The first period must start within the agreement" in response.content.decode()
    response = client.post(
        url, {"frequency": "annual", **_day("first_period_starts_on", date(2026, 4, 1)), "due_days": "0"}
    )
    assert "at least 1 day" in response.content.decode()
    assert (
        client.post(
            url, {"frequency": "annual", **_day("first_period_starts_on", date(2026, 4, 1)), "due_days": "30"}
        ).status_code
        == 302
    )
    assert agreement.return_periods.count() == 3
    # a stale version is refused rather than overwriting someone else's change
    plan = MonitoringPlan.objects.get(agreement=agreement)
    response = client.post(
        url,
        {
            "frequency": "quarterly",
            **_day("first_period_starts_on", date(2026, 4, 1)),
            "due_days": "30",
            "version": str(plan.version + 5),
        },
    )
    assert "Someone else changed this record" in response.content.decode()
    plan.refresh_from_db()
    assert plan.frequency == "annual"


def test_improvement_plan_and_meeting_are_changed(client_for, officer, agreement):
    client = client_for(officer)
    plan = services.improvement_plan_save(
        actor=officer,
        agreement=agreement,
        data={
            "issues": "Below target",
            "actions": "Recruit",
            "deadline": timezone.localdate() + timedelta(days=30),
            "status": "open",
        },
    )
    url = reverse("monitoring:improvement-update", args=[agreement.pk, plan.pk])
    response = client.post(
        url,
        {
            "issues": "Below target",
            "actions": "Recruit",
            **_day("deadline", plan.deadline),
            "status": "completed",
            "version": plan.version,
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "completed" and plan.version == 2
    meeting = services.meeting_save(
        actor=officer,
        agreement=agreement,
        data={"held_on": date(2026, 5, 1), "attendees": "Officer", "minutes": ""},
    )
    response = client.post(
        reverse("monitoring:meeting-update", args=[meeting.pk]),
        {
            **_day("held_on", date(2026, 5, 1)),
            "attendees": "Officer",
            "minutes": "Agreed actions.",
            **_day("minutes_sent_on", date(2026, 5, 10)),
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_sent_on == date(2026, 5, 10)
    assert (
        "not sent within 3 weeks"
        not in client.get(reverse("monitoring:meeting", args=[meeting.pk])).content.decode()
    )


def test_provider_list_filters_and_exports_its_own_periods(client_for, provider_user, plan, agreement, kpis):
    client = client_for(provider_user)
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(reverse("monitoring:returns")).content.decode()
    assert len(ctx.captured_queries) <= 15
    assert "1 Apr 2026 to 30 Jun 2026" in body
    assert 'Submit<span class="govuk-visually-hidden"> the return for 1 Apr 2026 to 30 Jun 2026' in body
    response = client.get(reverse("monitoring:returns"), {"q": "no such agreement"})
    assert "No return periods yet" in response.content.decode()
    csv = (
        client.get(reverse("monitoring:returns"), {"format": "csv"}).content.decode("utf-8-sig").splitlines()
    )
    assert csv[0] == "Agreement,Title,Period start,Period end,Due,Status"
    assert csv[1].startswith(f"{agreement.reference},") and csv[1].endswith("Not submitted")


def test_unknown_records_are_not_found(client_for, officer, provider_user):
    assert client_for(officer).get(reverse("monitoring:period", args=[999999])).status_code == 404
    assert client_for(officer).get(reverse("monitoring:agreement", args=[999999])).status_code == 404
    assert (
        client_for(provider_user).get(reverse("monitoring:return-submit", args=[999999])).status_code == 404
    )


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def _busy(agreement, kpis, provider_user, officer, periods: slice) -> None:
    """Returns for the agreement's periods (in order of start), each with every KPI's actual, some accepted."""
    for number, period in enumerate(agreement.return_periods.order_by("starts_on")[periods]):
        submitted = services.return_submit(
            actor=provider_user,
            period=period,
            data=return_data(kpis),
            today=period.ends_on + timedelta(days=1),
        )
        if number % 2:
            services.return_accept(actor=officer, provider_return=submitted)


def test_overview_makes_the_same_queries_with_few_or_many_agreements_and_returns(
    client_for, officer, plan, agreement, kpis, provider_user
):
    client = client_for(officer)
    _busy(agreement, kpis, provider_user, officer, periods=slice(0, 1))
    few, _ = _queries(client, reverse("monitoring:home"))
    _busy(agreement, kpis, provider_user, officer, periods=slice(1, 4))
    for _ in range(30):
        KpiFactory(agreement=AgreementFactory())
    many, page = _queries(client, reverse("monitoring:home"))
    assert agreement.reference in page and "Page 2" in page
    assert many == few


def test_agreement_page_makes_the_same_queries_with_few_or_many_returns_and_kpis(
    client_for, officer, plan, agreement, kpis, provider_user
):
    client = client_for(officer)
    url = reverse("monitoring:agreement", args=[agreement.pk])
    _busy(agreement, kpis, provider_user, officer, periods=slice(0, 1))
    few, _ = _queries(client, url)
    _busy(agreement, kpis, provider_user, officer, periods=slice(1, 8))
    KpiFactory(agreement=agreement, name="Referrals from schools")
    many, page = _queries(client, url)
    assert "Referrals from schools" in page
    assert many == few


def test_agreement_page_rates_each_actual_in_the_trend_table(
    client_for, officer, provider_user, first_period, kpis
):
    services.return_submit(
        actor=provider_user,
        period=first_period,
        data=return_data(kpis, actuals={kpis[0].pk: "80", kpis[1].pk: "9"}),
        today=AFTER,
    )
    page = (
        client_for(officer)
        .get(reverse("monitoring:agreement", args=[first_period.agreement_id]))
        .content.decode()
    )

    trend = page[page.index('<table class="govuk-table" id="trend">') :]
    trend = trend[: trend.index("</table>")]
    families = trend[trend.index("Families supported") :].split("</tr>")[0]
    assert (
        '<td class="govuk-table__cell govuk-table__cell--numeric">80 <strong class="govuk-tag govuk-tag--red">Red</strong></td>'
        in families
    )
    assert families.count("<td") == first_period.agreement.return_periods.count()
    assert families.count(">–</td>") == families.count("<td") - 1
    days = trend[trend.index("Days to first visit") :].split("</tr>")[0]
    assert '9 <strong class="govuk-tag govuk-tag--green">Green</strong>' in days
    periods = page[page.index('<table class="govuk-table" id="periods">') :].split("</table>")[0]
    assert periods.count('<strong class="govuk-tag govuk-tag--red">Red</strong>') == 1
    assert (
        periods.count('<span class="govuk-hint govuk-!-margin-0">None yet</span>') == periods.count("<tr") - 2
    )
