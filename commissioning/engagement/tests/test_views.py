from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.engagement import services
from commissioning.engagement.models import Consultation, ConsultationResponse, Involvement
from commissioning.engagement.tests.conftest import consult, involve


def test_list_filters_by_group_method_step_and_area(client_for, commissioner, activity):
    involve(commissioner, activity, title="Parents co-design", counts={"parents": 3})
    involve(
        commissioner,
        activity,
        step=7,
        title="Young carers on the tender panel",
        counts={"young_carers": 4},
        method="tender_panel",
    )
    client = client_for(commissioner)
    page = client.get(reverse("engagement:list"), {"group": "young_carers"}).content.decode()
    assert "Young carers on the tender panel" in page and "Parents co-design" not in page
    page = client.get(reverse("engagement:list"), {"method": "co_design", "step": "3"}).content.decode()
    assert "Parents co-design" in page and "tender panel</a>" not in page
    page = client.get(reverse("engagement:list"), {"service_area": "send"}).content.decode()
    assert "No involvement matches" in page


def test_list_queries_do_not_grow_with_rows(
    client_for, commissioner, activity, django_assert_max_num_queries
):
    client = client_for(commissioner)
    for n in range(3):
        involve(commissioner, activity, title=f"Record {n}", counts={"parents": 2, "vcs": 1})
    with django_assert_max_num_queries(14):
        client.get(reverse("engagement:list"))
    for n in range(10):
        involve(commissioner, activity, title=f"More {n}", counts={"parents": 2, "young_carers": 1})
    with django_assert_max_num_queries(14):
        response = client.get(reverse("engagement:list"))
    assert response.content.decode().count("More ") >= 10


def test_csv_export_has_numbers_by_group(client_for, commissioner, activity):
    involve(commissioner, activity, counts={"parents": 3, "young_carers": 2})
    response = client_for(commissioner).get(reverse("engagement:list"), {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert "Young carers" in header and "Parents and carers" in header
    values = dict(zip(header.split(","), row.split(","), strict=False))
    assert values["Young carers"] == "2" and values["Parents and carers"] == "3" and values["Step"] == "3"


def test_activity_page_shows_each_step(client_for, commissioner, activity):
    involve(commissioner, activity, step=6, title="Board decides")
    page = client_for(commissioner).get(reverse("engagement:activity", args=[activity.pk])).content.decode()
    assert page.count("No involvement recorded in this step") == 8 and "Board decides" in page
    assert activity.get_absolute_url() in page


def test_record_involvement_through_the_form(client_for, commissioner, activity):
    client = client_for(commissioner)
    url = reverse("engagement:involvement-create", args=[activity.pk])
    bad = client.post(
        url,
        {
            "title": "Panel",
            "step": "7",
            "method": "tender_panel",
            "took_place_on_0": "6",
            "took_place_on_1": "10",
            "took_place_on_2": "2026",
            "summary": "Scored",
            "count_young_carers": "four",
        },
    )
    assert "Enter the number of young carers as a whole number" in bad.content.decode()
    assert "govuk-error-summary" in bad.content.decode() and not Involvement.objects.exists()
    good = client.post(
        url,
        {
            "title": "Panel",
            "step": "7",
            "method": "tender_panel",
            "took_place_on_0": "6",
            "took_place_on_1": "10",
            "took_place_on_2": "2026",
            "summary": "Scored",
            "count_young_carers": "4",
            "in_decision": "on",
        },
    )
    record = Involvement.objects.get()
    assert (
        good.status_code == 302
        and record.in_decision
        and record.step.number == 7
        and record.recorded_by == commissioner
    )


@pytest.mark.parametrize("fixture", ["provider_user", "panel_member"])
def test_providers_and_panel_members_cannot_see_staff_pages(
    request, client_for, commissioner, activity, fixture
):
    record = involve(commissioner, activity)
    consultation = consult(commissioner)
    client = client_for(request.getfixturevalue(fixture))
    for url in [
        reverse("engagement:list"),
        reverse("engagement:activity", args=[activity.pk]),
        reverse("engagement:involvement", args=[record.pk]),
        reverse("engagement:consultations"),
        reverse("engagement:consultation", args=[consultation.pk]),
        reverse("engagement:support-types"),
    ]:
        assert client.get(url).status_code == 403, url


def test_board_member_reads_but_cannot_record(client_for, council, activity, commissioner):
    from commissioning.organisations.models import Role
    from commissioning.organisations.tests.factories import person_with_role

    board = client_for(person_with_role(Role.BOARD_MEMBER, council, username="board"))
    assert board.get(reverse("engagement:list")).status_code == 200
    assert board.get(reverse("engagement:involvement-create", args=[activity.pk])).status_code == 403
    assert board.get(reverse("engagement:support-type-create")).status_code == 403


def test_panel_member_sees_only_their_panels_records(
    client_for, commissioner, activity, panel, other_panel, panel_member
):
    ours = involve(commissioner, activity, title="Young carers on the tender panel", panel=panel)
    theirs = involve(commissioner, activity, title="Parents' forum on the board", panel=other_panel)
    no_panel = involve(commissioner, activity, title="Practitioners workshop", counts={"practitioners": 5})
    client = client_for(panel_member)
    page = client.get(reverse("engagement:panel-involvement")).content.decode()
    assert (
        "Young carers on the tender panel" in page
        and "Parents&#x27; forum" not in page
        and "Practitioners" not in page
    )
    assert client.get(reverse("engagement:panel-involvement-detail", args=[ours.pk])).status_code == 200
    assert client.get(reverse("engagement:panel-involvement-detail", args=[theirs.pk])).status_code == 403
    assert client.get(reverse("engagement:panel-involvement-detail", args=[no_panel.pk])).status_code == 403


def test_panel_member_sees_feedback_to_their_panel_only(
    client_for, commissioner, activity, panel, other_panel, panel_member
):
    involve(
        commissioner,
        activity,
        title="Ours",
        panel=panel,
        feedback="You said buses, we did buses.",
        feedback_given_on=date(2026, 6, 1),
    )
    involve(
        commissioner,
        activity,
        title="Theirs",
        panel=other_panel,
        feedback="Not for you.",
        feedback_given_on=date(2026, 6, 1),
    )
    page = client_for(panel_member).get(reverse("engagement:panel-feedback")).content.decode()
    assert "we did buses" in page and "Not for you" not in page


def test_staff_cannot_use_the_panel_view(client_for, commissioner):
    assert client_for(commissioner).get(reverse("engagement:panel-home")).status_code == 403


def test_panel_member_answers_an_open_question_anonymously(client_for, commissioner, panel_member):
    today = timezone.localdate()
    open_one = consult(
        commissioner,
        open_to_young_people=True,
        question="What would make it better?",
        starts_on=today - timedelta(days=5),
        ends_on=today + timedelta(days=30),
    )
    staff_only = consult(
        commissioner,
        title="Staff only",
        starts_on=today - timedelta(days=5),
        ends_on=today + timedelta(days=30),
    )
    client = client_for(panel_member)
    listing = client.get(reverse("engagement:panel-consultations")).content.decode()
    assert "What would make it better?" in listing and "Staff only" not in listing
    assert client.get(reverse("engagement:panel-consultation", args=[staff_only.pk])).status_code == 404
    empty = client.post(reverse("engagement:panel-consultation", args=[open_one.pk]), {"text": ""})
    assert "Write your answer" in empty.content.decode()
    response = client.post(
        reverse("engagement:panel-consultation", args=[open_one.pk]), {"text": "More clubs"}
    )
    assert response.status_code == 302
    answer = ConsultationResponse.objects.get()
    assert answer.text == "More clubs" and answer.respondent is None


def test_consultation_page_warns_under_90_days(client_for, commissioner):
    short = consult(commissioner, includes_voluntary_sector=True, ends_on=date(2026, 5, 31))
    page = client_for(commissioner).get(reverse("engagement:consultation", args=[short.pk])).content.decode()
    assert "runs for 61 days, less than the 90 days of the Compact" in page


def test_consultation_form_states_the_rule_and_warns_after_saving(client_for, commissioner):
    client = client_for(commissioner)
    url = reverse("engagement:consultation-create")
    assert "allow at least 90 days" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "title": "Quick one",
            "owner": commissioner.pk,
            "purpose": "p",
            "audience": "VCS",
            "includes_voluntary_sector": "on",
            "starts_on_0": "1",
            "starts_on_1": "4",
            "starts_on_2": "2026",
            "ends_on_0": "30",
            "ends_on_1": "4",
            "ends_on_2": "2026",
        },
        follow=True,
    )
    assert "runs for 30 days" in response.content.decode()
    assert Consultation.objects.get().length_days == 30


def test_public_page_lists_only_published_summaries(client, commissioner):
    published = consult(
        commissioner,
        title="Published one",
        responses_summary="Many",
        what_changed="Two lots",
        published_summary="You said smaller lots.",
        published_on=date(2026, 8, 1),
    )
    consult(commissioner, title="Draft one")
    page = client.get(reverse("public_consultations:list")).content.decode()
    assert "Published one" in page and "Draft one" not in page
    detail = client.get(reverse("public_consultations:detail", args=[published.pk])).content.decode()
    assert "Two lots" in detail and str(commissioner) not in detail


def test_archiving_asks_for_confirmation(client_for, commissioner, activity):
    record = involve(commissioner, activity)
    client = client_for(commissioner)
    url = reverse("engagement:involvement-archive", args=[record.pk])
    assert "Are you sure" in client.get(url).content.decode()
    client.post(url, {"reason": "Duplicate"})
    record.refresh_from_db()
    assert record.is_archived
    assert "Record 0" not in client.get(reverse("engagement:list")).content.decode()


def test_policy_page_and_support_editing(client_for, manager):
    client = client_for(manager)
    client.post(
        reverse("engagement:support-type-create"), {"name": "Childcare", "rate": "12.50", "unit": "per hour"}
    )
    page = client.get(reverse("engagement:support-types")).content.decode()
    assert "Childcare" in page and "£12.50 per hour" in page
    bad = client.post(reverse("engagement:support-type-create"), {"name": "Childcare", "rate": "1"})
    assert "already has support with this name" in bad.content.decode()


def test_history_page(client_for, commissioner, activity):
    record = involve(commissioner, activity)
    services.involvement_feedback(
        actor=commissioner, involvement=record, feedback="Done", given_on=date(2026, 6, 1), expected_version=1
    )
    page = (
        client_for(commissioner)
        .get(reverse("engagement:involvement-history", args=[record.pk]))
        .content.decode()
    )
    assert "Feedback given on" in page and "1 Jun 2026" in page and "Created" in page


def test_change_form_shows_the_warning_for_a_short_consultation(client_for, commissioner):
    short = consult(commissioner, includes_voluntary_sector=True, ends_on=date(2026, 5, 31))
    page = (
        client_for(commissioner)
        .get(reverse("engagement:consultation-update", args=[short.pk]))
        .content.decode()
    )
    assert 'id="length-warning"' in page and "runs for 61 days" in page
    long = consult(commissioner, title="Long", includes_voluntary_sector=True, ends_on=date(2026, 8, 31))
    page = (
        client_for(commissioner)
        .get(reverse("engagement:consultation-update", args=[long.pk]))
        .content.decode()
    )
    assert 'id="length-warning"' not in page


def test_form_with_errors_still_warns(client_for, commissioner):
    response = client_for(commissioner).post(
        reverse("engagement:consultation-create"),
        {
            "title": "",
            "owner": commissioner.pk,
            "purpose": "p",
            "audience": "VCS",
            "includes_voluntary_sector": "on",
            "starts_on_0": "1",
            "starts_on_1": "4",
            "starts_on_2": "2026",
            "ends_on_0": "10",
            "ends_on_1": "4",
            "ends_on_2": "2026",
        },
    )
    page = response.content.decode()
    assert "Enter a title" in page and "runs for 10 days" in page and not Consultation.objects.exists()


def test_consultation_list_queries_do_not_grow(client_for, commissioner, django_assert_max_num_queries):
    client = client_for(commissioner)
    consult(commissioner, title="First")
    with django_assert_max_num_queries(12):
        client.get(reverse("engagement:consultations"))
    for n in range(8):
        consult(commissioner, title=f"More {n}", includes_voluntary_sector=True)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("engagement:consultations")).content.decode()
    assert page.count("More ") >= 8


def test_panel_member_cannot_answer_a_closed_question(client_for, commissioner, panel_member):
    closed = consult(commissioner, open_to_young_people=True, question="Too late?")
    response = client_for(panel_member).post(
        reverse("engagement:panel-consultation", args=[closed.pk]), {"text": "x"}
    )
    assert response.status_code == 404 and not ConsultationResponse.objects.exists()


def test_choosing_an_activity_opens_its_involvement_page(client_for, commissioner, activity):
    client = client_for(commissioner)
    assert activity.title in client.get(reverse("engagement:list")).content.decode()
    response = client.get(reverse("engagement:activity-choose"), {"activity": activity.pk})
    assert response.url == reverse("engagement:activity", args=[activity.pk])
    assert client.get(reverse("engagement:activity-choose"), {"activity": "999"}).url == reverse(
        "engagement:list"
    )


def test_archived_support_can_be_restored(client_for, manager):
    from commissioning.engagement.models import SupportType

    support = services.support_type_save(
        actor=manager, data={"name": "Childcare", "rate": "12.50", "unit": "per hour"}
    )
    services.support_type_archive(actor=manager, support_type=support, reason="Policy changed")
    client = client_for(manager)
    assert "Archived support (1)" in client.get(reverse("engagement:support-types")).content.decode()
    client.post(reverse("engagement:support-type-restore", args=[support.pk]), {"reason": ""})
    assert not SupportType.objects.get(pk=support.pk).is_archived


def test_removed_panel_member_no_longer_sees_the_record(
    client_for, commissioner, activity, manager, panel, panel_member
):
    record = involve(commissioner, activity, title="Ours", panel=panel)
    client = client_for(panel_member)
    assert client.get(reverse("engagement:panel-involvement-detail", args=[record.pk])).status_code == 200
    services.panel_save(
        actor=manager, data={"name": panel.name}, members=[], panel=panel, expected_version=panel.version
    )
    assert client.get(reverse("engagement:panel-involvement-detail", args=[record.pk])).status_code == 403
    assert "Ours" not in client.get(reverse("engagement:panel-involvement")).content.decode()
