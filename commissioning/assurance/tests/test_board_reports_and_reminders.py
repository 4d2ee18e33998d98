from datetime import date, timedelta

from django.template.loader import render_to_string
from django.utils import timezone

from commissioning.assurance import board_reports, reminders, services
from commissioning.core.board_reports import board_report_for
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role
from commissioning.reminders.tests.personal import assert_each_persons_items_are_theirs


def test_board_report_for_an_audit_and_the_programme(manager, started, programme):
    report = board_report_for(started)
    assert report.title.startswith("Audit report: Early help, Islington Commissioning Standards")
    html = render_to_string(report.template_name, report.context)
    assert "<h3>Standard 1: Commissioning approach</h3>" in html
    assert "Missing from the source document" in html
    summary = board_reports.board_report(programme)
    assert summary.title == "Quality assurance annual summary 2026/27"
    html = render_to_string(summary.template_name, summary.context)
    assert "Ratings by standard" in html and "<h3" in html
    assert board_reports.board_report(manager) is None


def test_audits_due_and_overdue_go_to_the_auditor(audit, manager):
    items = list(reminders.due_items(today=date(2026, 9, 10)))
    assert [(i.kind, i.recipient_ids) for i in items] == [("Audit due", (manager.pk,))]
    assert items[0].key == f"assurance.audit:{audit.pk}:due:2026-09-30"
    late = list(reminders.due_items(today=date(2026, 10, 2)))
    assert late[0].kind == "Audit overdue" and late[0].is_overdue(date(2026, 10, 2))
    assert list(reminders.due_items(today=date(2026, 6, 1))) == []


def test_actions_go_to_their_owner_and_reviews_to_the_managers(started, manager, commissioner, islington):
    today = timezone.localdate()
    assessment = started.assessments.first()
    action = services.action_add(
        actor=manager,
        assessment=assessment,
        data={"description": "Publish it", "owner": commissioner, "due_on": today + timedelta(days=5)},
    )
    services.review_save(
        actor=manager,
        framework=islington,
        data={"next_review_on": today + timedelta(days=10)},
        expected_version=None,
    )
    items = {i.kind: i for i in reminders.due_items(today=today)}
    assert items["Audit action due"].recipient_ids == (commissioner.pk,)
    assert items["Audit action due"].url == action.get_absolute_url()
    assert items["Standards review due"].recipient_ids == (manager.pk,)
    services.action_update(
        actor=commissioner,
        action=action,
        data={"status": "done", "completed_on": today},
        expected_version=action.version,
    )
    kinds = {i.kind for i in reminders.due_items(today=today)}
    assert "Audit action due" not in kinds


def test_each_person_gets_only_the_audits_actions_and_reviews_that_name_them(
    started,
    manager,
    commissioner,
    board_member,
    panel_member,
    provider_user,
    islington,
    bedfordshire,
    council,
):
    today = timezone.localdate()
    services.audit_plan(
        actor=manager,
        programme=started.programme,
        data={"framework": bedfordshire, "service_area": "early_help", "quarter": 1, "auditor": commissioner},
    )
    assessment = started.assessments.first()
    for owner, days in ((commissioner, 5), (board_member, 1), (board_member, 40)):
        services.action_add(
            actor=manager,
            assessment=assessment,
            data={"description": "Publish it", "owner": owner, "due_on": today + timedelta(days=days)},
        )
    services.review_save(
        actor=manager,
        framework=islington,
        data={"next_review_on": today + timedelta(days=10)},
        expected_version=None,
    )
    second_manager = person_with_role(Role.PARTNERSHIP_MANAGER, council, username="partnership2")
    departed = person_with_role(Role.PARTNERSHIP_MANAGER, council, username="departed", is_active=False)
    found = assert_each_persons_items_are_theirs(
        reminders,
        today=today + timedelta(days=3),
        users=[manager, commissioner, board_member, second_manager, departed, panel_member, provider_user],
    )
    assert {name: len(rows) for name, rows in found.items()} == {
        "partnership": 2,  # the audit they carry out and the standards review
        "commissioner": 2,  # their audit and their action
        "board": 1,  # the overdue action, not the one due in 40 days
        "partnership2": 1,
        "departed": 0,
        "panel": 0,
        "provider": 0,
    }
