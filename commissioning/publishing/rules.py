"""Who may see the open data page and download the exports: people who work for the partnership."""

import rules

from commissioning.organisations.rules import has_partnership_role

rules.add_perm("publishing.view_publishing", has_partnership_role)
