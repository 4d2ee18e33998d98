"""Who may see and change provider quality checks. Every partnership role reads the register; commissioners and
monitoring officers verify; administrators and partnership managers edit the requirements; a provider user sees
and updates only its own organisation's checks."""

import rules

from commissioning.organisations import roles
from commissioning.organisations.models import Role
from commissioning.organisations.rules import has_partnership_role, is_administrator


def provider_ids_of(user) -> set[int]:
    return {org_id for org_id, role in roles.role_pairs(user) if role == Role.PROVIDER_USER}


@rules.predicate
def is_provider_user(user):
    return bool(user and user.is_authenticated and provider_ids_of(user))


@rules.predicate
def is_verifier(user):
    return roles.has_any_role(user, Role.COMMISSIONER, Role.MONITORING_OFFICER)


@rules.predicate
def is_commissioner(user):
    return roles.has_any_role(user, Role.COMMISSIONER)


@rules.predicate
def is_partnership_manager(user):
    return roles.has_any_role(user, Role.PARTNERSHIP_MANAGER)


@rules.predicate
def provides_for(user, organisation):
    return organisation is not None and organisation.pk in provider_ids_of(user)


rules.add_perm("quality.view_register", has_partnership_role)
rules.add_perm("quality.use_portal", is_provider_user)
rules.add_perm("quality.view_provider", has_partnership_role | provides_for)
rules.add_perm("quality.submit_check", provides_for)
rules.add_perm("quality.verify_checks", is_administrator | is_verifier)
rules.add_perm("quality.add_providers", is_administrator | is_commissioner)
rules.add_perm("quality.manage_requirements", is_administrator | is_partnership_manager)
