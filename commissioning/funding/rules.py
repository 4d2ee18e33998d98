"""Who may see and change funding. Finance officers and administrators change streams and budgets;
commissioners (and partnership managers) record workforce and market development plans; every partnership
role may read. Providers and panel members see none of it."""

import rules

from commissioning.organisations import roles
from commissioning.organisations.models import Role
from commissioning.organisations.rules import has_partnership_role, is_administrator, is_partnership_manager


@rules.predicate
def is_finance_officer(user):
    return roles.has_any_role(user, Role.FINANCE_OFFICER)


@rules.predicate
def is_commissioner(user):
    return roles.has_any_role(user, Role.COMMISSIONER)


rules.add_perm("funding.view_funding", has_partnership_role)
rules.add_perm("funding.change_funding", is_administrator | is_finance_officer)
rules.add_perm("funding.change_plans", is_administrator | is_commissioner | is_partnership_manager)
