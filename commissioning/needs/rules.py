"""Who may see and change the needs assessment: areas, indicators and needs analyses. Providers see none."""

import rules

from commissioning.organisations import roles
from commissioning.organisations.models import Role
from commissioning.organisations.rules import has_partnership_role, is_administrator, is_partnership_manager


@rules.predicate
def is_commissioner(user):
    return roles.has_any_role(user, Role.COMMISSIONER)


rules.add_perm("needs.view_areas", has_partnership_role)
rules.add_perm("needs.manage_areas", is_administrator | is_partnership_manager)
rules.add_perm("needs.manage_settings", is_administrator)
rules.add_perm("needs.view_indicators", has_partnership_role)
rules.add_perm("needs.manage_indicators", is_administrator | is_partnership_manager | is_commissioner)
rules.add_perm("needs.view_analyses", has_partnership_role)
rules.add_perm("needs.change_analyses", is_administrator | is_commissioner | is_partnership_manager)
