"""Who may see and write service specifications. Commissioners, procurement managers and administrators write
them; everyone else in the partnership reads them; providers and panel members see none (drafts included)."""

import rules

from commissioning.organisations import roles
from commissioning.organisations.models import Role
from commissioning.organisations.rules import has_partnership_role, is_administrator


@rules.predicate
def writes_specifications(user):
    return roles.has_any_role(user, Role.COMMISSIONER, Role.PROCUREMENT_MANAGER)


rules.add_perm("specifications.view_specifications", has_partnership_role)
rules.add_perm(
    "specifications.change_specifications", has_partnership_role & (is_administrator | writes_specifications)
)
