"""Only administrators see the background jobs and run a failed one again."""

import rules

from commissioning.organisations.rules import is_administrator

rules.add_perm("jobs.view_jobs", is_administrator)
rules.add_perm("jobs.run_again", is_administrator)
