from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.cycle import services
from commissioning.cycle.models import CommissioningActivity, StepStatus
from commissioning.cycle.tests.factories import ActivityFactory
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import PartnerFactory, person_with_role


def form_data(commissioner, council, **changes):
    return {
        "title": "Youth justice prevention",
        "kind": "tender",
        "purpose": "Fewer first-time entrants.",
        "service_area": "youth_justice",
        "lead_commissioner": commissioner.pk,
        "lead_organisation": council.pk,
        "level": "strategic",
        "tiers": ["targeted", "specialist"],
        "integration_approach": "parallel",
        "cycle_year": "2026",
        "status": "active",
        **changes,
    }


def test_commissioner_starts_an_activity(client_for, commissioner, council):
    response = client_for(commissioner).post(reverse("cycle:create"), form_data(commissioner, council))
    activity = CommissioningActivity.objects.get(title="Youth justice prevention")
    assert response.url == activity.get_absolute_url()
    assert activity.tiers == ["targeted", "specialist"]
    assert activity.steps.count() == 9


def test_bad_input_lists_each_problem_and_keeps_the_rest(client_for, commissioner, council):
    response = client_for(commissioner).post(
        reverse("cycle:create"), form_data(commissioner, council, title="", tiers=[], cycle_year="26")
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter a title for the activity" in html
    assert "Select at least one tier" in html
    assert "greater than or equal to 2000" in html
    assert "Fewer first-time entrants." in html
    assert not CommissioningActivity.objects.exists()


@pytest.mark.parametrize("role", [Role.PROVIDER_USER, Role.PANEL_MEMBER])
def test_providers_and_panel_members_see_no_activity(client_for, activity, role):
    client = client_for(person_with_role(role))
    assert client.get(reverse("cycle:list")).status_code == 403
    assert client.get(activity.get_absolute_url()).status_code == 403
    assert client.get(reverse("cycle:step", args=[activity.pk, 1])).status_code == 403


def test_commissioner_of_another_partner_can_read_but_not_change(client_for, activity):
    outsider = person_with_role(Role.COMMISSIONER, PartnerFactory(name="Elsewhere Council"))
    client = client_for(outsider)
    assert client.get(activity.get_absolute_url()).status_code == 200
    assert client.get(reverse("cycle:update", args=[activity.pk])).status_code == 403
    response = client.post(
        reverse("cycle:step-status", args=[activity.pk, 1]), {"status": "complete", "version": 1}
    )
    assert response.status_code == 403
    assert activity.steps.get(number=1).status == StepStatus.NOT_STARTED


def test_partner_commissioner_involved_can_change(client_for, activity):
    partner = PartnerFactory(name="Partner ICB")
    activity.partners.add(partner)
    client = client_for(person_with_role(Role.COMMISSIONER, partner))
    data = form_data(activity.lead_commissioner, activity.lead_organisation, title="Renamed by the partner")
    data |= {"partners": [partner.pk], "version": activity.version}
    response = client.post(reverse("cycle:update", args=[activity.pk]), data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Renamed by the partner"


def test_detail_shows_quadrants_with_statuses_and_overdue(client_for, commissioner, activity):
    services.step_set_status(
        actor=commissioner, step=activity.steps.get(number=1), status="complete", expected_version=1
    )
    response = client_for(commissioner).get(activity.get_absolute_url())
    cycle = response.context["cycle"]
    assert [q["quadrant"].label for q in cycle] == ["Assess", "Plan", "Do", "Review"]
    assert [e["step"].number for e in cycle[0]["steps"]] == [1, 2, 3]
    assert response.context["finished"] == 1
    html = response.content.decode()
    assert "Look at outcomes for children and young people" in html
    assert "1 of 9 steps finished" in html


def test_step_page_shows_guidance_and_the_self_assessment_questions(client_for, commissioner, activity):
    response = client_for(commissioner).get(reverse("cycle:step", args=[activity.pk, 1]))
    html = response.content.decode()
    assert "Questions to consider" in html
    assert "How do you compare with geographical &amp; statistical" in html
    assert len(response.context["questions"]) == 12


def test_step_status_form_needs_a_reason_for_not_applicable(client_for, commissioner, activity):
    client = client_for(commissioner)
    url = reverse("cycle:step-status", args=[activity.pk, 2])
    response = client.post(url, {"status": "not_applicable", "reason": "", "version": 1})
    assert "Enter why this step does not apply" in response.content.decode()
    assert activity.steps.get(number=2).status == StepStatus.NOT_STARTED
    client.post(url, {"status": "not_applicable", "reason": "A single package", "version": 1})
    assert activity.steps.get(number=2).status == StepStatus.NOT_APPLICABLE


def test_due_date_can_be_changed_with_a_govuk_date_input(client_for, commissioner, activity):
    client = client_for(commissioner)
    url = reverse("cycle:step-due-date", args=[activity.pk, 4])
    bad = client.post(url, {"due_date_0": "31", "due_date_1": "2", "due_date_2": "2027", "version": 1})
    assert "There is a problem" in bad.content.decode()
    client.post(url, {"due_date_0": "15", "due_date_1": "8", "due_date_2": "2026", "version": 1})
    assert activity.steps.get(number=4).due_date == date(2026, 8, 15)


def test_list_filters_csv_and_bounded_queries(client_for, commissioner, council, activity):
    client = client_for(commissioner)
    ActivityFactory(title="SEND short breaks", service_area="send", lead_organisation=council)
    names = lambda r: [a.title for a in r.context["object_list"]]  # noqa: E731
    assert names(client.get(reverse("cycle:list"), {"area": "send"})) == ["SEND short breaks"]
    assert names(client.get(reverse("cycle:list"), {"q": "support redesign"})) == ["Family support redesign"]
    assert names(client.get(reverse("cycle:list"), {"mine": "yes"})) == ["Family support redesign"]
    csv = client.get(reverse("cycle:list"), {"format": "csv"}).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Title,Type,Service area,Cycle year")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cycle:list"))
    ActivityFactory.create_batch(10, lead_organisation=council)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("cycle:list"))
    assert len(many) == len(few)


def test_archive_then_history(client_for, commissioner, activity):
    client = client_for(commissioner)
    client.post(reverse("cycle:archive", args=[activity.pk]), {"reason": "Replaced by a joint strategy"})
    activity.refresh_from_db()
    assert activity.is_archived
    history = client.get(reverse("cycle:history", args=[activity.pk])).content.decode()
    assert "Replaced by a joint strategy" in history


def test_programme_overview_counts_steps_by_quadrant_and_lists_overdue(client_for, commissioner, activity):
    from commissioning.cycle.selectors import programme_overview

    services.step_set_status(
        actor=commissioner, step=activity.steps.get(number=1), status="complete", expected_version=1
    )
    overview = programme_overview(user=commissioner, today=date(2026, 10, 1))
    assess, plan, do, review = overview["quadrants"]
    assert review["overdue"] == 0
    assert assess["totals"]["complete"] == 1 and assess["totals"]["not_started"] == 2
    assert assess["overdue"] == 2 and plan["overdue"] == 2 and do["overdue"] == 0
    assert do["now"] is True and assess["now"] is False
    assert [(s.activity_id, s.number) for s in overview["overdue"]] == [
        (activity.pk, n) for n in (2, 3, 4, 5)
    ]
    page = client_for(commissioner).get(reverse("cycle:list")).content.decode()
    assert "The programme by quadrant" in page


def test_programme_overview_is_empty_for_providers(activity):
    from commissioning.cycle.selectors import programme_overview

    overview = programme_overview(user=person_with_role(Role.PROVIDER_USER), today=date(2026, 10, 1))
    assert overview == {"quadrants": [], "overdue": [], "overdue_count": 0}


def test_home_lists_the_activities_i_lead(client_for, commissioner, activity):
    html = client_for(commissioner).get(reverse("core:home")).content.decode()
    assert "Activities you lead" in html and "Family support redesign" in html


def test_activity_page_summarises_its_records(client_for, commissioner, activity):
    import datetime as dt
    from decimal import Decimal

    from commissioning.cycle.models import ActivityBudget, ActivityReview

    for amount in (Decimal("1000000"), Decimal("250000.50")):
        ActivityBudget.objects.create(
            activity=activity,
            amount=amount,
            period="2026/27",
            agreed_by="Commissioning Executive",
            agreed_on=dt.date(2026, 6, 1),
            recorded_by=commissioner,
        )
    ActivityReview.objects.create(
        activity=activity,
        reviewed_on=dt.date(2026, 3, 1),
        method="Survey",
        findings="Findings",
        recommendation="recommission",
        reviewed_by=commissioner,
    )
    page = client_for(commissioner).get(f"/activities/{activity.pk}/").content.decode()
    assert "£1,250,000.50 in 2 agreed budgets" in page
    assert "1 review; the latest on 1 March 2026: recommission" in page
