"""Computed evidence beside each criterion: what the records say, live while an audit is open and as a snapshot
once it is completed. Works with no checks registered: a criterion then simply has no computed evidence."""

import logging
from dataclasses import asdict

from commissioning.assurance.computed import checks_for
from commissioning.assurance.computed.base import Outcome, Scope

logger = logging.getLogger(__name__)


def audit_scope(audit) -> Scope:
    return Scope(service_area=audit.service_area, start=audit.period_start, end=audit.period_end)


def _as_dict(evidence) -> dict:
    data = asdict(evidence)
    data["outcome_label"] = evidence.outcome_label
    data["error"] = ""
    return data


def live_evidence(framework_slug: str, ref: str, scope: Scope) -> list[dict]:
    """Each registered check's answer for the criterion, as plain data. A check that fails is reported as
    failed (and logged) rather than taking the audit page down with it."""
    results = []
    for check in checks_for(framework_slug, ref):
        try:
            results.append(_as_dict(check.function(scope)))
        except Exception:  # a faulty check must not hide the rest of the audit
            logger.exception("Computed check %s failed", check.code)
            results.append(
                {
                    "check": check.code,
                    "rule": check.title,
                    "period": scope.describe_period(),
                    "outcome": Outcome.NOT_ENOUGH.value,
                    "outcome_label": "The check could not be run",
                    "summary": "The check failed while reading the records. The error has been logged.",
                    "counted": 0,
                    "passing": 0,
                    "records": [],
                    "error": "failed",
                }
            )
    return results


def evidence_for_assessment(assessment, scope: Scope) -> list[dict]:
    """The snapshot for a completed audit, else the live answer."""
    if assessment.audit.is_completed:
        return assessment.computed_snapshot or []
    return live_evidence(assessment.audit.framework.slug, assessment.item.ref, scope)
