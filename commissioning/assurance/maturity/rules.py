"""Who may see and change maturity assessments: every partnership role reads them; partnership managers,
commissioners and administrators make and change them. Providers do not see them."""

import rules

from commissioning.organisations import roles
from commissioning.organisations.models import Role
from commissioning.organisations.rules import has_partnership_role, is_administrator


@rules.predicate
def is_maturity_editor(user):
    return roles.has_any_role(user, Role.PARTNERSHIP_MANAGER, Role.COMMISSIONER)


rules.add_perm("maturity.view_maturity", has_partnership_role)
rules.add_perm("maturity.change_maturity", is_administrator | is_maturity_editor)
