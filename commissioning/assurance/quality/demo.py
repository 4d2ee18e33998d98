"""Demo: Brackenshire providers' quality checks in every status, one expiring soon."""

from datetime import timedelta

from django.utils import timezone

from commissioning.assurance.quality import services
from commissioning.assurance.quality.models import ProviderCheck, ProviderEnrolment, Requirement
from commissioning.assurance.quality.seed import seed_requirements
from commissioning.contracts.models import add_months

# provider, its user, then (requirement code, what happens) for each check made
PLAN = {
    "Brightpath Family Support CIC": (
        "provider",
        [
            ("dbs-checks", "verified"),
            ("safeguarding-policy", "verified"),
            ("whistleblowing-policy", "awaiting"),
            ("equality-policy", "expiring"),
            ("complaints-policy", "rejected"),
            ("annual-report", "expired"),
        ],
    ),
    "Harbour Youth Trust": (
        "provider2",
        [
            ("dbs-checks", "awaiting"),
            ("safeguarding-policy", "verified"),
            ("supervision", "verified"),
            ("workforce-training", "rejected"),
        ],
    ),
}
EVIDENCE = {
    "dbs-checks": "All staff and volunteers working with children have enhanced DBS checks with barred list "
    "checks and are on the DBS Update Service; the register is checked monthly.",
    "safeguarding-policy": "Safeguarding policy and procedures in line with the local safeguarding children "
    "partnership; designated safeguarding lead and deputy named.",
    "whistleblowing-policy": "Whistleblowing policy adopted by the board, with the NSPCC whistleblowing "
    "helpline given for concerns outside the organisation.",
    "equality-policy": "Equality, diversity and inclusion policy with an annual action plan.",
    "complaints-policy": "Complaints leaflet for families.",
    "annual-report": "Annual report and accounts filed for the last financial year.",
    "supervision": "Monthly one-to-one supervision for every practitioner, recorded on the case system.",
    "workforce-training": "Training plan for the year.",
}
REASONS = {
    "complaints-policy": "The leaflet is not a policy: send the complaints policy itself, with how complaints "
    "are recorded and learnt from, and its review date.",
    "workforce-training": "Send the training record showing who has completed safeguarding training and when.",
}


def load(context) -> None:
    users = context.records.get("users", {})
    organisations = context.records.get("organisations", {})
    verifier = users.get("monitoring") or users.get("commissioner")
    seed_requirements(Requirement)  # present after migrating; again here for a database emptied since
    if verifier is None:
        return
    today = timezone.localdate()
    requirements = {r.code: r for r in Requirement.objects.active()}
    for provider_name, (username, plan) in PLAN.items():
        provider = organisations.get(provider_name)
        user = users.get(username)
        if provider is None or user is None or ProviderCheck.objects.filter(provider=provider).exists():
            continue
        for code, outcome in plan:
            _make(provider, user, verifier, requirements[code], outcome, today)
    meadowbank = organisations.get("Meadowbank Children's Homes Ltd")
    commissioner = users.get("commissioner")
    if meadowbank and commissioner and not ProviderEnrolment.objects.filter(organisation=meadowbank).exists():
        services.provider_enrol(
            actor=commissioner, organisation=meadowbank, note="Spot purchases of residential placements."
        )


def _make(provider, user, verifier, requirement, outcome, today):
    text = EVIDENCE[requirement.code]
    if outcome == "expired":
        # Last reviewed so long ago that the evidence lapsed last month, verified while it was current.
        reviewed = add_months(today, -requirement.validity_months - 1)
        check = services.check_submit(
            actor=user,
            provider=provider,
            requirement=requirement,
            evidence_text=text,
            last_reviewed_on=reviewed,
            today=reviewed + timedelta(days=7),
        )
        services.check_verify(
            actor=verifier, check=check, expected_version=check.version, today=reviewed + timedelta(days=14)
        )
        return
    expires_on = today + timedelta(days=20) if outcome == "expiring" else None
    reviewed = today - timedelta(days=60)
    check = services.check_submit(
        actor=user,
        provider=provider,
        requirement=requirement,
        evidence_text=text,
        adopted_on=reviewed - timedelta(days=400),
        last_reviewed_on=reviewed,
        expires_on=expires_on,
        today=today,
    )
    if outcome in ("verified", "expiring"):
        services.check_verify(actor=verifier, check=check, expected_version=check.version, today=today)
    elif outcome == "rejected":
        services.check_reject(
            actor=verifier, check=check, reason=REASONS[requirement.code], expected_version=check.version
        )
