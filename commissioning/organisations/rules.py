"""Per-role and per-record permissions (django-rules). A provider sees only its own organisation."""

import rules

from commissioning.organisations import roles
from commissioning.organisations.models import Role


@rules.predicate
def is_administrator(user):
    return roles.is_administrator(user)


@rules.predicate
def has_partnership_role(user):
    return roles.has_partnership_role(user)


@rules.predicate
def is_member_of(user, organisation):
    return organisation is not None and organisation.pk in roles.organisation_ids_of(user)


@rules.predicate
def has_any_membership(user):
    return user.is_superuser or bool(roles.role_pairs(user))


@rules.predicate
def is_partnership_manager(user):
    return roles.has_any_role(user, Role.PARTNERSHIP_MANAGER)


rules.add_perm("organisations.view_organisation_list", has_any_membership)
rules.add_perm("organisations.view_organisation", has_partnership_role | is_member_of)
rules.add_perm("organisations.manage_organisations", is_administrator)
rules.add_perm("organisations.manage_people", is_administrator)
rules.add_perm("frameworks.view_library", has_any_membership)
rules.add_perm("frameworks.edit_library", is_administrator | is_partnership_manager)
