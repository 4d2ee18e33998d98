"""What the home page shows each person: their roles and where to start."""

from django.utils import timezone

from commissioning.cycle.selectors import activities_led_by
from commissioning.frameworks.selectors import library_summary
from commissioning.organisations import roles
from commissioning.organisations.models import ROLE_DESCRIPTIONS, Organisation, Role
from commissioning.reminders.selectors import due_list_for


def dashboard_for(user) -> dict:
    memberships = [
        {"organisation_id": org_id, "role": Role(role).label, "description": ROLE_DESCRIPTIONS[Role(role)]}
        for org_id, role in sorted(roles.role_pairs(user))
    ]
    names = dict(
        Organisation.objects.filter(pk__in=[m["organisation_id"] for m in memberships]).values_list(
            "pk", "name"
        )
    )
    for membership in memberships:
        membership["organisation"] = names.get(membership["organisation_id"], "")
    my_activities = (
        list(activities_led_by(user, timezone.localdate())[:10])
        if user.has_perm("cycle.view_activity_list")
        else []
    )
    due_soon = (
        due_list_for(user, today=timezone.localdate()) if user.has_perm("reminders.view_due_items") else None
    )
    return {
        "due_soon": due_soon,
        "my_activities": my_activities,
        "memberships": memberships,
        "library": library_summary() if user.has_perm("frameworks.view_library") else None,
        "can_manage_people": user.has_perm("organisations.manage_people"),
        "can_manage_organisations": user.has_perm("organisations.manage_organisations"),
    }
