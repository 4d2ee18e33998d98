"""Who may ask for route advice (anyone in the partnership) and who changes the rules (administrators)."""

import rules

from commissioning.organisations.rules import has_partnership_role, is_administrator

rules.add_perm("procurement.view_route_advice", has_partnership_role)
rules.add_perm("procurement.manage_rules", is_administrator)
