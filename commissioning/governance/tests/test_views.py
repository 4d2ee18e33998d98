from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.governance import services
from commissioning.governance.models import Decision
from commissioning.governance.tests.conftest import decision_data


def _decisions(manager, body, count):
    for n in range(count):
        services.decision_record(
            actor=manager,
            body=body,
            data=decision_data(reference=f"CG-{n}", amount=Decimal("10")),
            record=None,
        )


@pytest.mark.parametrize(
    "url_name", ["governance:home", "governance:meetings", "governance:decisions", "governance:actions"]
)
def test_providers_and_panel_members_see_nothing(
    client_for, provider_user, panel_member, url_name, seated_group
):
    for user in (provider_user, panel_member):
        assert client_for(user).get(reverse(url_name)).status_code == 403


def test_other_partnership_roles_read_but_cannot_manage(client_for, commissioner, seated_group, meeting):
    client = client_for(commissioner)
    page = client.get(seated_group.get_absolute_url())
    assert page.status_code == 200 and "Director of Children" in page.content.decode()
    assert "Add a member" not in page.content.decode()
    assert client.get(reverse("governance:member-add", args=[seated_group.pk])).status_code == 403
    assert client.get(reverse("governance:decision-create")).status_code == 403
    assert client.get(reverse("governance:agenda-add", args=[meeting.pk])).status_code == 403


def test_manager_adds_a_member_with_a_limit_typed_as_text(client_for, manager, group, council):
    response = client_for(manager).post(
        reverse("governance:member-add", args=[group.pk]),
        {
            "role_title": "Chief Executive",
            "organisation": council.pk,
            "position": "member",
            "delegated_limit": "abc",
        },
    )
    assert "Enter an amount in pounds" in response.content.decode()
    assert not group.members.exists()
    response = client_for(manager).post(
        reverse("governance:member-add", args=[group.pk]),
        {
            "role_title": "Chief Executive",
            "organisation": council.pk,
            "position": "member",
            "delegated_limit": "75000",
        },
    )
    assert response.status_code == 302
    assert group.members.get().delegated_limit == Decimal("75000.00")


def test_board_member_records_a_decision_above_authority_only_with_acknowledgement(
    client_for, board_member, meeting
):
    client = client_for(board_member)
    form = {
        "reference": "CG-2026-010",
        "body": meeting.body.pk,
        "meeting": meeting.pk,
        "decided_on_0": "2",
        "decided_on_1": "11",
        "decided_on_2": "2026",
        "decision": "Extend the contract.",
        "amount": "300000",
        "published": "on",
    }
    response = client.post(reverse("governance:decision-create"), form)
    content = response.content.decode()
    assert response.status_code == 200
    assert "£300,000.00 is above the delegated authority" in content and "£250,000.00" in content
    assert not Decision.objects.exists()
    response = client.post(
        reverse("governance:decision-create"), {**form, "acknowledge_above_authority": "Ratified by Cabinet."}
    )
    decision = Decision.objects.get()
    assert response.status_code == 302 and not decision.within_authority
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "Above delegated authority" in page and "Ratified by Cabinet." in page


def test_public_log_needs_no_sign_in_shows_published_only_and_no_personal_data(client, manager, seated_group):
    services.decision_record(
        actor=manager, body=seated_group, data=decision_data(reference="PUB-1", amount=Decimal("5"))
    )
    services.decision_record(
        actor=manager, body=seated_group, data=decision_data(reference="HIDDEN-1", published=False)
    )
    archived = services.decision_record(
        actor=manager, body=seated_group, data=decision_data(reference="GONE-1")
    )
    services.decision_archive(actor=manager, decision=archived, reason="Recorded twice")
    page = client.get(reverse("public_decisions:list")).content.decode()
    assert "PUB-1" in page and "HIDDEN-1" not in page and "GONE-1" not in page
    assert manager.email not in page and manager.get_full_name() not in page
    assert client.get(reverse("public_decisions:detail", args=["HIDDEN-1"])).status_code == 404
    csv = client.get(reverse("public_decisions:list") + "?format=csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Reference,Date decided,Decided by,Decision,Amount")
    assert "PUB-1" in csv and "HIDDEN-1" not in csv and "Recorded by" not in csv
    search = client.get(reverse("public_decisions:list") + "?q=nothing-like-this").content.decode()
    assert "No published decisions match" in search


def test_decision_log_filters_above_authority_and_exports(client_for, manager, seated_group):
    services.decision_record(
        actor=manager, body=seated_group, data=decision_data(reference="IN-1", amount=Decimal("1"))
    )
    services.decision_record(
        actor=manager,
        body=seated_group,
        data=decision_data(reference="OVER-1", amount=Decimal("999999")),
        acknowledge_above_authority="Cabinet",
    )
    client = client_for(manager)
    page = client.get(reverse("governance:decisions") + "?authority=above").content.decode()
    assert "OVER-1" in page and "IN-1" not in page
    csv = client.get(reverse("governance:decisions") + "?format=csv").content.decode("utf-8-sig")
    assert "OVER-1" in csv and ",No," in csv


def test_list_pages_have_bounded_queries(
    client_for, manager, seated_group, sub_group, django_assert_max_num_queries
):
    client = client_for(manager)
    _decisions(manager, seated_group, 3)
    for n in range(3):
        services.action_create(
            actor=manager,
            data={"reference": f"AP-{n}", "title": "T", "owner_body": sub_group, "due_on": date(2026, 1, 1)},
        )
        services.meeting_create(actor=manager, body=seated_group, data={"held_on": date(2026, 1, n + 1)})
    urls = [
        reverse(n)
        for n in ("governance:home", "governance:meetings", "governance:decisions", "governance:actions")
    ]
    urls.append(reverse("public_decisions:list"))
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(20) as captured:
            assert client.get(url).status_code == 200
        counts[url] = len(captured)
    _decisions(manager, sub_group, 0)
    for n in range(3, 10):
        services.decision_record(actor=manager, body=seated_group, data=decision_data(reference=f"CG-{n}"))
        services.action_create(
            actor=manager,
            data={"reference": f"AP-{n}", "title": "T", "owner_body": sub_group, "due_on": date(2026, 1, 1)},
        )
        services.meeting_create(actor=manager, body=seated_group, data={"held_on": date(2026, 2, n)})
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            client.get(url)


def test_meeting_page_shows_agenda_attendance_and_pack_links(client_for, manager, meeting):
    member = meeting.body.members.first()
    services.attendance_record(actor=manager, meeting=meeting, statuses={member.pk: "apologies"})
    services.agenda_item_add(
        actor=manager, meeting=meeting, data={"title": "Dashboard", "kind": "performance"}
    )
    page = client_for(manager).get(meeting.get_absolute_url()).content.decode()
    assert "Dashboard" in page and "Apologies" in page
    assert reverse("governance:pack", args=[meeting.pk]) in page
    assert reverse("governance:pack-part", args=[meeting.pk, "item-1"]) in page


def test_archive_asks_for_confirmation(client_for, manager, seated_group):
    decision = services.decision_record(actor=manager, body=seated_group, data=decision_data())
    client = client_for(manager)
    url = reverse("governance:decision-archive", args=[decision.pk])
    assert "Are you sure" in client.get(url).content.decode()
    client.post(url, {"reason": "Duplicate"})
    decision.refresh_from_db()
    assert decision.is_archived


def test_action_is_archived_and_restored_and_both_are_in_its_history(client_for, manager, sub_group):
    action = services.action_create(
        actor=manager,
        data={
            "reference": "AP-5",
            "title": "Map budgets",
            "owner_body": sub_group,
            "due_on": date(2027, 1, 1),
        },
    )
    client = client_for(manager)
    client.post(reverse("governance:action-archive", args=[action.pk]), {"reason": "Merged into AP-2"})
    action.refresh_from_db()
    assert action.is_archived
    assert action.get_absolute_url() not in client.get(reverse("governance:actions")).content.decode()
    client.post(reverse("governance:action-restore", args=[action.pk]), {"reason": ""})
    action.refresh_from_db()
    assert not action.is_archived
    history = client.get(reverse("governance:action-history", args=[action.pk])).content.decode()
    assert "Merged into AP-2" in history and "Restored" in history


def test_progress_update_form_reports_a_missing_note(client_for, board_member, sub_group, manager):
    action = services.action_create(
        actor=manager,
        data={"reference": "AP-6", "title": "T", "owner_body": sub_group, "due_on": date(2027, 1, 1)},
    )
    response = client_for(board_member).post(
        reverse("governance:action-progress", args=[action.pk]),
        {
            "written_on_0": "1",
            "written_on_1": "11",
            "written_on_2": "2026",
            "status": "on_track",
            "note": "",
            "version": "1",
        },
    )
    assert "Enter the progress made" in response.content.decode()
    assert not action.updates.exists()


def test_only_the_manager_adds_the_framework_bodies(client_for, manager, commissioner):
    url = reverse("governance:bodies-from-framework")
    assert client_for(commissioner).post(url).status_code == 403
    response = client_for(manager).post(url, follow=True)
    assert "The governance framework is not in the framework library yet" in response.content.decode()


def test_action_plan_sorts_by_owning_group(client_for, manager, sub_group, board):
    services.action_create(
        actor=manager,
        data={"reference": "AP-1", "title": "First due", "owner_body": sub_group, "due_on": date(2026, 1, 1)},
    )
    services.action_create(
        actor=manager,
        data={"reference": "AP-2", "title": "Second due", "owner_body": board, "due_on": date(2026, 2, 1)},
    )
    client = client_for(manager)
    by_due = client.get(reverse("governance:actions")).content.decode()
    assert by_due.index("First due") < by_due.index("Second due")
    by_owner = client.get(reverse("governance:actions") + "?sort=owner").content.decode()
    assert by_owner.index("Second due") < by_owner.index(
        "First due"
    )  # Children's Trust Board before Pooled...


def test_action_plan_shows_each_actions_newest_update_on_the_page_and_in_the_csv(
    client_for, manager, sub_group
):
    action = services.action_create(
        actor=manager,
        data={
            "reference": "AP-9",
            "title": "Map short breaks",
            "owner_body": sub_group,
            "due_on": date(2026, 3, 1),
        },
    )
    for day, note in ((date(2026, 1, 5), "Scoping agreed."), (date(2026, 2, 9), "Draft map shared.")):
        action.refresh_from_db()
        services.action_progress(
            actor=manager,
            action=action,
            written_on=day,
            status="on_track",
            note=note,
            expected_version=action.version,
        )
    client = client_for(manager)

    page = client.get(reverse("governance:actions")).content.decode()
    assert "9 Feb 2026: Draft map shared." in page and "Scoping agreed." not in page
    rows = client.get(reverse("governance:actions") + "?format=csv").content.decode("utf-8-sig").splitlines()
    assert rows[1].endswith(",Draft map shared.")
