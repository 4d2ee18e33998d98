from datetime import date, timedelta

from commissioning.governance import reminders, services
from commissioning.reminders.tests.personal import assert_each_persons_items_are_theirs


def test_minutes_due_within_three_weeks_go_to_clerk_and_chair(manager, seated_group, board_member):
    services.body_update(
        actor=manager, body=seated_group, data={"clerk": manager}, expected_version=seated_group.version
    )
    held = date(2026, 11, 2)
    meeting = services.meeting_create(actor=manager, body=seated_group, data={"held_on": held})
    due = held + timedelta(weeks=3)
    assert not [
        i for i in reminders.due_items(today=held + timedelta(days=1)) if i.kind == "Board minutes due"
    ]
    [item] = [i for i in reminders.due_items(today=due - timedelta(days=2)) if i.kind == "Board minutes due"]
    assert item.due == due and set(item.recipient_ids) == {manager.pk, board_member.pk}
    assert item.key == f"governance.minutes:{meeting.pk}:due:{due.isoformat()}"
    services.minutes_record(
        actor=manager, meeting=meeting, minutes="Agreed.", expected_version=meeting.version
    )
    assert not [i for i in reminders.due_items(today=due) if i.kind == "Board minutes due"]


def test_actions_due_or_overdue_go_to_the_lead_or_the_sub_group_chair(
    manager, seated_group, board_member, commissioner
):
    today = date(2026, 11, 23)
    led = services.action_create(
        actor=manager,
        data={
            "reference": "AP-1",
            "title": "Led",
            "owner_body": seated_group,
            "owner": commissioner,
            "due_on": today - timedelta(days=1),
        },
    )
    services.action_create(
        actor=manager,
        data={
            "reference": "AP-2",
            "title": "Group's",
            "owner_body": seated_group,
            "due_on": today + timedelta(days=10),
        },
    )
    services.action_create(
        actor=manager,
        data={
            "reference": "AP-3",
            "title": "Later",
            "owner_body": seated_group,
            "due_on": today + timedelta(days=60),
        },
    )
    services.action_create(
        actor=manager,
        data={
            "reference": "AP-4",
            "title": "Done",
            "owner_body": seated_group,
            "due_on": today,
            "status": "done",
        },
    )
    items = {i.title.split()[0]: i for i in reminders.due_items(today=today) if "Action plan" in i.kind}
    assert set(items) == {"AP-1", "AP-2"}
    assert items["AP-1"].kind == "Action plan action overdue" and items["AP-1"].recipient_ids == (
        commissioner.pk,
    )
    assert items["AP-2"].kind == "Action plan action due" and items["AP-2"].recipient_ids == (
        board_member.pk,
    )
    assert led.get_absolute_url() == items["AP-1"].url


def test_each_person_gets_only_the_minutes_and_actions_that_name_them(
    manager,
    board,
    seated_group,
    sub_group,
    board_member,
    other_board_member,
    commissioner,
    panel_member,
    council,
):
    services.body_update(
        actor=manager, body=seated_group, data={"clerk": manager}, expected_version=seated_group.version
    )
    services.body_update(
        actor=manager, body=sub_group, data={"clerk": commissioner}, expected_version=sub_group.version
    )
    services.member_add(
        actor=manager,
        body=board,
        data={
            "role_title": "Chair",
            "organisation": council,
            "position": "chair",
            "user": other_board_member,
        },
    )
    for body in (seated_group, board, sub_group):
        services.meeting_create(actor=manager, body=body, data={"held_on": date(2026, 11, 2)})
    today = date(2026, 11, 21)
    for reference, body, owner, due_on in (
        ("AP-1", seated_group, commissioner, today - timedelta(days=1)),
        ("AP-2", seated_group, None, today + timedelta(days=10)),
        ("AP-3", board, None, today),
        ("AP-4", sub_group, None, today),  # no chair and no lead: nobody to remind
        ("AP-5", board, board_member, today + timedelta(days=60)),
    ):
        services.action_create(
            actor=manager,
            data={
                "reference": reference,
                "title": reference,
                "owner_body": body,
                "owner": owner,
                "due_on": due_on,
            },
        )
    found = assert_each_persons_items_are_theirs(
        reminders,
        today=today,
        users=[manager, board_member, other_board_member, commissioner, panel_member],
    )
    assert {name: len(rows) for name, rows in found.items()} == {
        "partnership": 1,  # clerk of the Commissioning Group
        "board": 2,  # chair of the Commissioning Group: its minutes and its action without a lead
        "board2": 2,  # chair of the board: its minutes and its action without a lead
        "commissioner": 2,  # clerk of the sub group, and lead of AP-1
        "panel": 0,
    }
