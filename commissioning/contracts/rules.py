"""Who may see and change the contracts register. Contracts managers, commissioning and monitoring officers and
administrators change it; finance officers record payments; every partnership role reads it; a provider user sees
only its own organisation's agreements."""

import rules

from commissioning.organisations import roles
from commissioning.organisations.models import Role
from commissioning.organisations.rules import has_partnership_role, is_administrator


@rules.predicate
def manages_contracts(user):
    return roles.has_any_role(user, Role.CONTRACTS_MANAGER, Role.MONITORING_OFFICER)


@rules.predicate
def is_finance_officer(user):
    return roles.has_any_role(user, Role.FINANCE_OFFICER)


@rules.predicate
def is_provider_user(user):
    return roles.has_any_role(user, Role.PROVIDER_USER)


@rules.predicate
def provides(user, agreement):
    return agreement is not None and agreement.provider_id in roles.organisation_ids_of(user)


can_change = is_administrator | manages_contracts

# The register: partnership roles, and provider users for their own organisation's agreements.
rules.add_perm("contracts.view_agreements", has_partnership_role | is_provider_user)
rules.add_perm("contracts.view_agreement", has_partnership_role | provides)
rules.add_perm("contracts.change_agreements", can_change)
rules.add_perm("contracts.record_payments", can_change | is_finance_officer)
rules.add_perm("contracts.view_compliance", has_partnership_role)
