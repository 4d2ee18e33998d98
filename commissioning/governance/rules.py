"""Who may see and change boards, meetings, decisions and the action plan. The partnership commissioning
manager (and administrators) manage bodies, meetings, the action plan and board packs; board members read
everything here and record decisions of the bodies they sit on; other partnership roles read. Providers and
panel members see nothing here except the public decision log."""

import rules

from commissioning.organisations import roles
from commissioning.organisations.models import Role
from commissioning.organisations.rules import has_partnership_role, is_administrator


@rules.predicate
def is_partnership_manager(user):
    return roles.has_any_role(user, Role.PARTNERSHIP_MANAGER)


@rules.predicate
def is_board_member(user):
    return roles.has_any_role(user, Role.BOARD_MEMBER)


@rules.predicate
def sits_on(user, body):
    if body is None or not getattr(user, "is_authenticated", False):
        return False
    return body.members.filter(user=user, archived_at__isnull=True).exists()


manages_governance = is_administrator | is_partnership_manager

rules.add_perm("governance.view_governance", has_partnership_role)
rules.add_perm("governance.manage_governance", manages_governance)
# Recording a decision: for the list page, whether the person may record any; for a body, that body.
rules.add_perm("governance.record_decisions", manages_governance | is_board_member)
rules.add_perm("governance.record_decision_for", manages_governance | (is_board_member & sits_on))
rules.add_perm("governance.update_actions", manages_governance | is_board_member)
