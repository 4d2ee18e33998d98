"""Who may see and record involvement and consultations.

Every partnership role reads involvement and consultations; commissioners, procurement and monitoring
officers and partnership managers record them; partnership managers and administrators keep the reward and
recognition policy and the panels. Panel members see only their simplified view: the involvement of the
panels they belong to, consultations open to young people, and the feedback given to their panels.
Providers see none of it."""

import rules

from commissioning.organisations import roles
from commissioning.organisations.models import Role
from commissioning.organisations.rules import has_partnership_role, is_administrator, is_partnership_manager

RECORDING_ROLES = (
    Role.COMMISSIONER,
    Role.PROCUREMENT_MANAGER,
    Role.MONITORING_OFFICER,
    Role.PARTNERSHIP_MANAGER,
)


@rules.predicate
def records_involvement(user):
    return roles.has_any_role(user, *RECORDING_ROLES)


@rules.predicate
def is_panel_member(user):
    return roles.has_any_role(user, Role.PANEL_MEMBER)


@rules.predicate
def panel_includes(user, involvement):
    if involvement is None or involvement.panel_id is None or involvement.is_archived:
        return False
    return involvement.panel.members.filter(pk=user.pk).exists() and not involvement.panel.is_archived


@rules.predicate
def open_to_young_people(user, consultation):
    return consultation is not None and consultation.open_to_young_people and not consultation.is_archived


rules.add_perm("engagement.view_involvement", has_partnership_role)
rules.add_perm("engagement.change_involvement", is_administrator | records_involvement)
rules.add_perm("engagement.manage_policy", is_administrator | is_partnership_manager)
rules.add_perm("engagement.use_panel_view", is_panel_member)
rules.add_perm("engagement.view_panel_involvement", is_panel_member & panel_includes)
rules.add_perm("engagement.respond_consultation", is_panel_member & open_to_young_people)
