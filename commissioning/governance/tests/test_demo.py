from django.core.management import call_command

from commissioning.governance.models import Action, Body, Decision, Meeting


def test_demo_boards_load_once_with_a_flagged_decision_and_a_pack(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_frameworks")
    call_command("load_demo_data")
    counts = [Body.objects.count(), Meeting.objects.count(), Decision.objects.count(), Action.objects.count()]
    call_command("load_demo_data")
    assert [
        Body.objects.count(),
        Meeting.objects.count(),
        Decision.objects.count(),
        Action.objects.count(),
    ] == counts
    assert counts[0] >= 7
    group = Body.objects.get(name="Commissioning Group")
    assert group.sub_bodies.count() == 2 and group.role.startswith("The Commissioning Group will ensure")
    assert Decision.objects.filter(within_authority=False).count() == 1
    past, upcoming = group.meetings.order_by("held_on")
    assert past.has_minutes and past.attendance.exists() and past.decisions.exists()
    assert upcoming.agenda_items.filter(kind="record").exists()
    assert Action.objects.filter(updates__isnull=False).exists()
