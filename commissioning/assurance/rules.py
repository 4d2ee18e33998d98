"""Who may see and run quality assurance. The partnership commissioning manager runs the programme and the
audits; an audit's auditor may work on that audit; an action's owner may report progress on it; every other
partnership role (board members included) reads the programme, the audits and the reports. Provider users
and panel members see nothing here."""

import rules

from commissioning.organisations import roles
from commissioning.organisations.models import Role
from commissioning.organisations.rules import has_partnership_role


@rules.predicate
def is_partnership_manager(user):
    return roles.has_any_role(user, Role.PARTNERSHIP_MANAGER)


@rules.predicate
def is_auditor(user, audit):
    return audit is not None and roles.has_partnership_role(user) and audit.auditor_id == user.pk


@rules.predicate
def owns_action(user, action):
    return action is not None and roles.has_partnership_role(user) and action.owner_id == user.pk


rules.add_perm("assurance.view_assurance", has_partnership_role)
rules.add_perm("assurance.manage_audits", is_partnership_manager)
rules.add_perm("assurance.change_audit", is_partnership_manager | is_auditor)
rules.add_perm("assurance.update_action", is_partnership_manager | owns_action)
rules.add_perm("assurance.manage_standards", is_partnership_manager)
