"""Everyone signed in may see their own due and overdue items (there is nobody else's list to see); the
navigation offers the page to staff of the partnership and providers, who are the people reminded."""

import rules

from commissioning.organisations import roles
from commissioning.organisations.models import Role


@rules.predicate
def is_reminded_staff(user):
    return bool(user and user.is_authenticated and roles.roles_of(user) - {Role.PANEL_MEMBER})


rules.add_perm("reminders.view_due_items", rules.is_authenticated)
rules.add_perm("reminders.show_in_navigation", is_reminded_staff)
