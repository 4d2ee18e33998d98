"""Who may see and change commissioning activities. Providers and panel members see none."""

import rules

from commissioning.organisations import roles
from commissioning.organisations.models import Role
from commissioning.organisations.rules import has_partnership_role, is_administrator

LEADING_ROLES = (Role.COMMISSIONER, Role.PARTNERSHIP_MANAGER)


@rules.predicate
def can_lead_commissioning(user):
    return roles.has_any_role(user, *LEADING_ROLES)


@rules.predicate
def works_for_a_partner_in(user, activity):
    """The person holds a commissioning role in the lead organisation or a partner organisation of the activity."""
    if activity is None:
        return False
    leading_orgs = {org_id for org_id, role in roles.role_pairs(user) if role in LEADING_ROLES}
    involved = {activity.lead_organisation_id, *(p.pk for p in activity.partners.all())}
    return bool(leading_orgs & involved)


rules.add_perm("cycle.view_activity_list", has_partnership_role)
rules.add_perm("cycle.view_activity", has_partnership_role)
rules.add_perm("cycle.create_activity", is_administrator | can_lead_commissioning)
rules.add_perm("cycle.change_activity", is_administrator | works_for_a_partner_in)
rules.add_perm("cycle.view_gate_rules", has_partnership_role)
rules.add_perm("cycle.manage_gate_rules", is_administrator)
