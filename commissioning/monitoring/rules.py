"""Who may see and change contract monitoring. Monitoring officers, contracts managers and administrators
change it; every partnership role reads it; a provider user sees and submits only its own organisation's
returns."""

import rules

from commissioning.organisations import roles
from commissioning.organisations.models import Role
from commissioning.organisations.rules import has_partnership_role, is_administrator


@rules.predicate
def is_monitoring_staff(user):
    return roles.has_any_role(user, Role.MONITORING_OFFICER, Role.CONTRACTS_MANAGER)


@rules.predicate
def is_provider_user(user):
    return bool(user and user.is_authenticated and Role.PROVIDER_USER in roles.roles_of(user))


def provider_ids_of(user) -> set[int]:
    """The organisations a user may submit returns for: those where they hold the provider user role."""
    return {org_id for org_id, role in roles.role_pairs(user) if role == Role.PROVIDER_USER}


@rules.predicate
def provides_agreement(user, agreement):
    return agreement is not None and agreement.provider_id in provider_ids_of(user)


rules.add_perm("monitoring.view_monitoring", has_partnership_role)
rules.add_perm("monitoring.change_monitoring", is_administrator | is_monitoring_staff)
rules.add_perm("monitoring.use_returns_portal", is_provider_user)
rules.add_perm("monitoring.submit_return", provides_agreement)
rules.add_perm("monitoring.manage_bands", is_administrator)
