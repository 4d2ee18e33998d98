"""Who may see and change the service register, the gap analysis and the market analysis. Providers and panel
members see none of it."""

import rules

from commissioning.organisations import roles
from commissioning.organisations.models import Role
from commissioning.organisations.rules import has_partnership_role, is_administrator, is_partnership_manager


@rules.predicate
def is_commissioner(user):
    return roles.has_any_role(user, Role.COMMISSIONER)


rules.add_perm("services.view_services", has_partnership_role)
rules.add_perm("services.change_services", is_administrator | is_commissioner | is_partnership_manager)
rules.add_perm("services.view_market", has_partnership_role)
rules.add_perm("services.change_market", is_administrator | is_commissioner | is_partnership_manager)
