"""Who may do what in procurement. Reading a bid's content is decided by the sealing rule in
`bidding.selectors`, not here: no role, not even administrator, reads a bid before the deadline."""

import rules

from commissioning.organisations import roles
from commissioning.organisations.models import Role
from commissioning.organisations.rules import has_partnership_role, is_administrator


@rules.predicate
def runs_procurements(user):
    return roles.has_any_role(user, Role.PROCUREMENT_MANAGER, Role.COMMISSIONER, Role.ADMINISTRATOR)


@rules.predicate
def is_procurement_manager(user):
    return roles.has_any_role(user, Role.PROCUREMENT_MANAGER)


@rules.predicate
def leads(user, procurement):
    return procurement is not None and procurement.lead_id == user.pk


@rules.predicate
def is_provider_user(user):
    return roles.has_any_role(user, Role.PROVIDER_USER)


@rules.predicate
def sits_on_panel(user, procurement):
    return procurement is not None and procurement.panel.filter(user=user, removed_at__isnull=True).exists()


@rules.predicate
def sits_on_any_panel(user):
    return user.is_authenticated and user.panel_places.filter(removed_at__isnull=True).exists()


rules.add_perm("procurement.view_route_advice", has_partnership_role)
rules.add_perm("procurement.manage_rules", is_administrator)
rules.add_perm("procurement.view_procurements", has_partnership_role)
rules.add_perm("procurement.add_procurement", runs_procurements)
rules.add_perm("procurement.change_procurement", leads | is_procurement_manager | is_administrator)
rules.add_perm("procurement.moderate", leads | is_procurement_manager)
rules.add_perm("procurement.evaluate", sits_on_panel)
rules.add_perm("procurement.view_panels", sits_on_any_panel)
rules.add_perm("procurement.use_portal", is_provider_user)
