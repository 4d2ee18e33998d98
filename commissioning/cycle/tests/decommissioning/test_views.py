from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from commissioning.cycle.decommissioning import selectors, services
from commissioning.cycle.models import Decommissioning, DecommissioningStatus, EqualityImpactAssessment
from commissioning.cycle.tests.decommissioning.conftest import AGREEMENT_DETAILS
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import PartnerFactory, person_with_role

S = DecommissioningStatus


def url(name, activity, record=None):
    args = [activity.pk] if record is None else [activity.pk, record.pk]
    return reverse(f"cycle:decommissioning:{name}", args=args)


def date_fields(name, day) -> dict:
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def post_data(commissioner, provider=None, **changes) -> dict:
    data = {
        "service_name": "Family support outreach service",
        "provider": provider.pk if provider else "",
        "lead": commissioner.pk,
        "rationale": "The redesign brings family support into locality teams.",
        "evidence": "",
        "stakeholder_involvement": "",
        "impact_assessment": "",
        "people_affected": "240",
        "transition_plan": "",
        **date_fields("consultation_start", None),
        **date_fields("consultation_end", None),
        **date_fields("notice_date", None),
        **date_fields("end_date", None),
    }
    return data | changes


def test_list_shows_each_record_with_its_warnings_and_the_sources(
    client_for, commissioner, activity, proposed
):
    client = client_for(commissioner)
    html = client.get(url("list", activity)).content.decode()
    assert "Family support outreach service" in html
    assert "1 warning" in html  # no transition plan, with 240 families using the service
    assert "Compact standard C6" in html
    assert "/frameworks/staffordshire-self-assessment/items/6.10/" in html
    assert "/frameworks/gateshead-commissioning-principles/items/P14/" in html
    csv = client.get(url("list", activity), {"format": "csv"}).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Service,Provider,Status,Lead")
    assert "No transition plan is recorded" in csv


def test_list_empty_state_and_bounded_queries(client_for, commissioner, activity, proposal_data):
    client = client_for(commissioner)
    assert (
        "No service is being decommissioned under this activity."
        in client.get(url("list", activity)).content.decode()
    )
    services.decommissioning_create(actor=commissioner, activity=activity, data=proposal_data)
    with CaptureQueriesContext(connection) as few:
        client.get(url("list", activity))
    for n in range(4):
        services.decommissioning_create(
            actor=commissioner, activity=activity, data=proposal_data | {"service_name": f"Service {n}"}
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url("list", activity))
    assert len(many) == len(few)


def test_propose_with_errors_keeps_the_input_and_saves_nothing(client_for, commissioner, activity, company):
    client = client_for(commissioner)
    page = client.get(url("create", activity)).content.decode()
    assert "Propose decommissioning a service" in page
    assert "Northfield Care Ltd" in page
    response = client.post(
        url("create", activity),
        post_data(
            commissioner,
            company,
            rationale="",
            people_affected="-3",
            **date_fields("consultation_start", date(2026, 6, 1)),
        ),
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter why the service is being decommissioned" in html
    assert "Enter how many children and families use the service, as 0 or more" in html
    assert 'value="Family support outreach service"' in html
    response = client.post(
        url("create", activity),
        post_data(commissioner, company, **date_fields("consultation_start", date(2026, 6, 1))),
    )
    assert "Enter the date the consultation ends" in response.content.decode()
    response = client.post(
        url("create", activity),
        post_data(
            commissioner,
            company,
            **date_fields("notice_date", date(2026, 6, 2)),
            **date_fields("end_date", date(2026, 6, 1)),
        ),
    )
    assert "The service must end on or after the day notice is given" in response.content.decode()
    assert not Decommissioning.objects.exists()


def test_propose_saves_and_shows_the_warnings_after_saving(client_for, commissioner, activity, charity):
    client = client_for(commissioner)
    response = client.post(url("create", activity), post_data(commissioner, charity), follow=True)
    record = Decommissioning.objects.get()
    assert response.redirect_chain[-1][0] == record.get_absolute_url()
    assert record.status == S.PROPOSED
    html = response.content.decode()
    assert "The proposal to decommission Family support outreach service has been saved." in html
    assert "Check the 2 warnings on this page." in html
    assert "Harbourside Family Trust is a voluntary, community or social enterprise organisation" in html
    assert "No transition plan is recorded" in html
    assert "Source: <a" in html


def test_detail_without_warnings_and_with_the_equality_assessment_status(
    client_for, commissioner, activity, complete
):
    client = client_for(commissioner)
    html = client.get(complete.get_absolute_url()).content.decode()
    assert 'id="warnings"' not in html
    assert "No equality impact assessment is recorded for this activity" in html
    EqualityImpactAssessment.objects.create(
        activity=activity, lead=commissioner, scope="Families using early help.", status="consulted"
    )
    html = client.get(complete.get_absolute_url()).content.decode()
    assert "Consulted (full assessment)" in html


def test_the_equality_link_only_when_its_page_exists(activity, monkeypatch):
    def missing(*args, **kwargs):
        raise NoReverseMatch("no such page")

    monkeypatch.setattr(selectors, "reverse", missing)
    assert selectors.equality_assessment(activity)["url"] == ""
    monkeypatch.setattr(selectors, "reverse", lambda name, args: f"/activities/{args[0]}/equality/")
    assert selectors.equality_assessment(activity)["url"] == f"/activities/{activity.pk}/equality/"


def test_change_details_with_errors_stale_version_and_success(
    client_for, commissioner, activity, proposed, company
):
    client = client_for(commissioner)
    page = client.get(url("change", activity, proposed)).content.decode()
    assert "The redesign brings family support into locality teams." in page
    data = post_data(commissioner, company, version="1", **AGREEMENT_DETAILS)
    bad = data | date_fields("consultation_end", date(2026, 6, 1))
    assert (
        "Enter the date the consultation starts"
        in client.post(url("change", activity, proposed), bad).content.decode()
    )
    response = client.post(url("change", activity, proposed), data)
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.transition_plan == AGREEMENT_DETAILS["transition_plan"]
    stale = client.post(url("change", activity, proposed), data | {"evidence": "Other"})
    assert "Someone else changed this record" in stale.content.decode()
    proposed.refresh_from_db()
    assert proposed.evidence == AGREEMENT_DETAILS["evidence"]


def test_refused_status_change_lists_every_unmet_condition(client_for, commissioner, activity, proposed):
    client = client_for(commissioner)
    page = client.get(url("status", activity, proposed)).content.decode()
    assert "To mark it agreed" in page
    assert 'value="notice_given"' not in page
    response = client.post(
        url("status", activity, proposed), {"status": "agreed", "reason": "", "version": "1"}
    )
    html = response.content.decode()
    assert "There is a problem" in html
    for message in (
        "Record the evidence behind the decision.",
        "Record how children, families, providers and partners were involved.",
        "Record the impact on the children and families who use the service.",
        "Record the transition plan: how the children and families affected will be supported through the change.",
    ):
        assert message in html
    proposed.refresh_from_db()
    assert proposed.status == S.PROPOSED
    response = client.post(url("status", activity, proposed), {"status": "completed", "version": "1"})
    assert "Select a valid choice" in response.content.decode()
    response = client.post(
        url("status", activity, proposed), {"status": "withdrawn", "reason": "", "version": "1"}
    )
    assert "Give the reason the decommissioning is withdrawn." in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.status == S.PROPOSED


def test_status_change_moves_along_and_the_final_status_offers_no_more(
    client_for, commissioner, activity, complete
):
    client = client_for(commissioner)
    response = client.post(url("status", activity, complete), {"status": "agreed", "version": "1"})
    assert response.url == complete.get_absolute_url()
    complete.refresh_from_db()
    assert complete.status == S.AGREED
    client.post(
        url("status", activity, complete), {"status": "withdrawn", "reason": "Funding found", "version": "2"}
    )
    complete.refresh_from_db()
    assert complete.status == S.WITHDRAWN
    html = client.get(complete.get_absolute_url()).content.decode()
    assert "Withdrawn: Funding found" in html
    assert "Change status" not in html
    response = client.get(url("status", activity, complete))
    assert response.url == complete.get_absolute_url()


def test_archive_restore_and_history(client_for, commissioner, activity, proposed):
    client = client_for(commissioner)
    assert (
        "Are you sure you want to archive" in client.get(url("archive", activity, proposed)).content.decode()
    )
    response = client.post(url("archive", activity, proposed), {"reason": "Proposed twice"})
    assert response.url == proposed.get_absolute_url()
    proposed.refresh_from_db()
    assert proposed.is_archived
    assert "No service is being decommissioned" in client.get(url("list", activity)).content.decode()
    detail = client.get(proposed.get_absolute_url()).content.decode()
    assert "Proposed twice" in detail
    assert "Change details" not in detail
    client.post(url("restore", activity, proposed), {"reason": ""})
    proposed.refresh_from_db()
    assert not proposed.is_archived
    history = client.get(url("history", activity, proposed)).content.decode()
    assert "Proposed twice" in history


def test_a_record_of_another_activity_is_not_found(client_for, administrator, activity, proposed, council):
    from commissioning.cycle.tests.factories import ActivityFactory

    other = ActivityFactory(lead_organisation=council)
    assert client_for(administrator).get(url("detail", other, proposed)).status_code == 404


@pytest.mark.parametrize("role", [Role.PROVIDER_USER, Role.PANEL_MEMBER])
def test_providers_and_panel_members_see_nothing(client_for, commissioner, activity, proposed, role, company):
    client = client_for(person_with_role(role))
    for name in ("detail", "change", "status", "archive", "history"):
        assert client.get(url(name, activity, proposed)).status_code == 403
    assert client.get(url("list", activity)).status_code == 403
    assert client.post(url("create", activity), post_data(commissioner, company)).status_code == 403
    assert Decommissioning.objects.count() == 1


def test_the_provider_of_the_service_cannot_see_it(
    client_for, commissioner, activity, company, proposal_data
):
    provider_user = person_with_role(Role.PROVIDER_USER, company)
    record = services.decommissioning_create(actor=commissioner, activity=activity, data=proposal_data)
    assert client_for(provider_user).get(record.get_absolute_url()).status_code == 403


def test_commissioner_not_involved_can_read_but_not_change(
    client_for, commissioner, activity, proposed, company
):
    client = client_for(person_with_role(Role.COMMISSIONER, PartnerFactory(name="Elsewhere Council")))
    html = client.get(proposed.get_absolute_url()).content.decode()
    assert "Family support outreach service" in html
    assert "Change details" not in html
    assert "Propose decommissioning a service</a>" not in client.get(url("list", activity)).content.decode()
    assert client.get(url("create", activity)).status_code == 403
    assert client.post(url("create", activity), post_data(commissioner, company)).status_code == 403
    assert (
        client.post(url("status", activity, proposed), {"status": "withdrawn", "reason": "x"}).status_code
        == 403
    )
    assert client.post(url("archive", activity, proposed), {"reason": "x"}).status_code == 403
    proposed.refresh_from_db()
    assert (proposed.status, proposed.is_archived) == (S.PROPOSED, False)


def test_administrator_can_propose_and_agree(client_for, administrator, commissioner, activity, company):
    client = client_for(administrator)
    response = client.post(url("create", activity), post_data(commissioner, company, **AGREEMENT_DETAILS))
    assert response.status_code == 302
    record = Decommissioning.objects.get()
    client.post(url("status", activity, record), {"status": "agreed", "version": "1"})
    record.refresh_from_db()
    assert record.status == S.AGREED


def test_writes_to_an_archived_activity_are_refused(
    client_for, administrator, commissioner, activity, proposed, company
):
    activity.archived_at = activity.created_at
    activity.save()
    client = client_for(administrator)
    response = client.post(url("create", activity), post_data(commissioner, company))
    assert "The activity is archived; restore it before proposing" in response.content.decode()
    response = client.post(
        url("status", activity, proposed), {"status": "withdrawn", "reason": "x", "version": "1"}
    )
    assert (
        "The activity is archived: restore it before changing its decommissioning."
        in response.content.decode()
    )
    assert Decommissioning.objects.count() == 1
    proposed.refresh_from_db()
    assert proposed.status == S.PROPOSED


def test_review_prefills_a_new_proposal(client_for, commissioner, activity):
    from commissioning.cycle.resources.services import review_create

    review = review_create(
        actor=commissioner,
        activity=activity,
        data={
            "reviewed_on": timezone.localdate() - timedelta(days=2),
            "method": "Monitoring returns.",
            "findings": "The service did not reach the families who needed it.",
            "recommendation": "decommission",
        },
    )
    html = client_for(commissioner).get(url("create", activity), {"review": review.pk}).content.decode()
    assert "recommended decommissioning" in html
    assert "The service did not reach the families who needed it." in html
    assert "Review method: Monitoring returns." in html
