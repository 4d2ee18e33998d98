"""Demo: the Brackenshire partnership's quality-assurance programme for 2026/27 across several service areas. A
completed Islington audit of early help (ratings, evidence, sources and actions, some done), one in progress,
one overdue, planned ones later in the year, last year's completed audit of early help for the trend, the
voluntary sector forum's comments on two standards, and the standards' review dates. Does nothing without the
framework library, and nothing again once the 2026/27 programme exists."""

from datetime import date, timedelta

from django.utils import timezone

from commissioning.assurance import selectors, services
from commissioning.assurance.models import Programme, Rating, SourceRole
from commissioning.frameworks.models import Framework

YEAR = 2026
ISLINGTON = "islington-commissioning-standards"
BEDFORDSHIRE = "central-bedfordshire-commissioning-standards"
FORUM = "Brackenshire Voluntary Action"

# Ratings that differ from "met" in this year's early help audit, with the evidence and the action.
EARLY_HELP_FINDINGS = {
    "3.7": (
        Rating.PARTLY_MET,
        "Vacancies on the early help partnership group were sent to the faith forum but not to the refugee "
        "network.",
        "Circulate partnership vacancies to the refugee network and the BME forums as well as the faith forum",
    ),
    "5.9": (
        Rating.NOT_MET,
        "No lessons-learned meeting was held after the family support tender, and no evaluation report went to "
        "the Commissioning Board or the forum's executive.",
        "Hold a lessons-learned meeting after each tender and report it to the board and the forum's executive",
    ),
    "6.7": (
        Rating.PARTLY_MET,
        "Young people on the tender panel were trained, but were not told what difference their scores made.",
        "Write to the young people on the panel with the outcome and what their scores changed",
    ),
    "7.6": (
        Rating.NOT_MET,
        "No training on bidding was offered to small organisations this year.",
        "Run two bid-writing sessions for small voluntary organisations before the next tender",
    ),
    "8.6": (
        Rating.PARTLY_MET,
        "Two of the five contract monitoring meetings had minutes sent after more than 3 weeks.",
        "Send monitoring meeting minutes within 3 weeks, with a reminder set at the meeting",
    ),
}
NOT_APPLICABLE = {"5.10": "No new payment schedules in the period."}
# Last year's audit: these were not met, the rest met.
LAST_YEAR_NOT_MET = ["3.7", "3.8", "5.9", "6.2", "6.7", "7.5", "7.6", "8.6"]

DONE_ACTIONS = ["3.7", "6.7"]

COMMENTS = [
    (
        "6",
        date(2026, 6, 18),
        "Members welcome the standard but ask that young people are paid for their time on panels in line with the "
        "reward and recognition policy, not only reimbursed expenses.",
        "Agreed: the reward and recognition policy now applies to tender panels; criterion 6.5 is checked "
        "against it in each audit.",
    ),
    (
        "7",
        date(2026, 9, 24),
        "Criteria 7.1 to 7.3 are missing from the published standards. The forum offers to draft them with the "
        "partnership at the next review.",
        "",
    ),
]


def _users(context) -> dict:
    return context.records.get("users", {})


def _confirmer(role: str, users: dict):
    return {
        SourceRole.COMMISSIONER: users.get("commissioner"),
        SourceRole.PROCUREMENT_MANAGER: users.get("procurement"),
        SourceRole.COMMISSIONING_OFFICER: users.get("monitoring"),
        SourceRole.CONTRACTS_MANAGER: users.get("contracts"),
        SourceRole.PARTNERSHIP_MANAGER: users.get("partnership"),
    }.get(role)


def _early_help_link() -> str:
    from commissioning.cycle.models import CommissioningActivity

    activity = (
        CommissioningActivity.objects.filter(service_area__in=["early_help", "family_support"])
        .order_by("-cycle_year", "pk")
        .first()
    )
    return activity.get_absolute_url() if activity else ""


def _rate(audit, actor, users, findings: dict, default_evidence: str, link: str) -> None:
    for assessment in selectors.assessments_of(audit):
        ref = assessment.item.ref
        role = selectors.suggested_source_role(assessment.item)
        if ref in NOT_APPLICABLE:
            rating, evidence = Rating.NOT_APPLICABLE, NOT_APPLICABLE[ref]
        elif ref in findings:
            rating, evidence = findings[ref][0], findings[ref][1]
        else:
            rating, evidence = Rating.MET, default_evidence
        services.assessment_save(
            actor=actor,
            assessment=assessment,
            data={
                "rating": rating,
                "evidence": evidence,
                "evidence_links": link if rating == Rating.MET else "",
                "source_role": role,
                "confirmed_by": _confirmer(role, users),
            },
            expected_version=assessment.version,
        )


def _add_actions(audit, actor, users, findings: dict, today: date) -> dict:
    actions = {}
    owner = users.get("commissioner") or actor
    for assessment in selectors.assessments_of(audit):
        ref = assessment.item.ref
        if ref in findings:
            actions[ref] = services.action_add(
                actor=actor,
                assessment=assessment,
                data={"description": findings[ref][2], "owner": owner, "due_on": today + timedelta(days=45)},
            )
    return actions


def _complete(audit, actor, conclusion: str):
    audit.refresh_from_db()
    return services.audit_complete(
        actor=actor, audit=audit, conclusion=conclusion, expected_version=audit.version
    )


def _last_year(manager, users, islington, link, today) -> None:
    if Programme.objects.active().filter(financial_year=YEAR - 1).exists():
        return
    programme = services.programme_create(
        actor=manager,
        data={
            "financial_year": YEAR - 1,
            "agreed_on": date(YEAR - 1, 3, 19),
            "notes": "The first rolling programme.",
        },
    )
    audit = services.audit_plan(
        actor=manager,
        programme=programme,
        data={"framework": islington, "service_area": "early_help", "quarter": 2, "auditor": manager},
    )
    audit = services.audit_start(actor=manager, audit=audit, expected_version=audit.version)
    findings = {
        ref: (Rating.NOT_MET, "Not evidenced at the audit.", f"Evidence criterion {ref} at the next audit")
        for ref in LAST_YEAR_NOT_MET
    }
    _rate(audit, manager, users, findings, "Confirmed from the early help strategy and its papers.", link)
    actions = _add_actions(audit, manager, users, findings, today)
    _complete(
        audit, manager, "Early help met most standards; involvement and procurement follow-up were weak."
    )
    for action in actions.values():
        services.action_update(
            actor=manager,
            action=action,
            data={
                "status": "done",
                "completed_on": today,
                "completion_note": "Covered in this year's audit.",
            },
            expected_version=action.version,
        )


def load(context) -> None:
    users = _users(context)
    manager = users.get("partnership") or context.actor
    islington = Framework.objects.filter(slug=ISLINGTON).first()
    bedfordshire = Framework.objects.filter(slug=BEDFORDSHIRE).first()
    if manager is None or islington is None or bedfordshire is None:
        return  # the framework library or the demo people are not loaded
    if Programme.objects.filter(financial_year=YEAR).exists():
        return
    today = timezone.localdate()
    link = _early_help_link()
    _last_year(manager, users, islington, link, today)

    programme = services.programme_create(
        actor=manager,
        data={
            "financial_year": YEAR,
            "agreed_on": date(YEAR, 3, 18),
            "notes": "Agreed by the Commissioning Board with the voluntary sector forum's representative present. "
            "Each major service area is audited against the Islington standards once a year; youth justice is "
            "audited against the Central Bedfordshire standards.",
        },
    )
    plan = [
        (islington, "early_help", 2, manager),
        (islington, "mental_health", 1, users.get("commissioner") or manager),
        (islington, "send", 3, manager),
        (islington, "looked_after", 4, manager),
        (bedfordshire, "youth_justice", 4, users.get("commissioner") or manager),
    ]
    audits = {
        area: services.audit_plan(
            actor=manager,
            programme=programme,
            data={"framework": framework, "service_area": area, "quarter": quarter, "auditor": auditor},
        )
        for framework, area, quarter, auditor in plan
    }

    early_help = services.audit_start(
        actor=manager, audit=audits["early_help"], expected_version=audits["early_help"].version
    )
    _rate(
        early_help,
        manager,
        users,
        EARLY_HELP_FINDINGS,
        "Confirmed from the early help strategy 2026–29, its equality impact assessment and the board papers.",
        link,
    )
    actions = _add_actions(early_help, manager, users, EARLY_HELP_FINDINGS, today)
    _complete(
        early_help,
        manager,
        "Early help commissioning meets most of the standards and has improved since last year. Follow-up after "
        "tenders, support for small organisations and prompt monitoring minutes need action.",
    )
    for ref in DONE_ACTIONS:
        action = actions[ref]
        services.action_update(
            actor=users.get("commissioner") or manager,
            action=action,
            data={
                "status": "done",
                "completed_on": today,
                "completion_note": "Done and confirmed by the forum.",
            },
            expected_version=action.version,
        )

    send = services.audit_start(actor=manager, audit=audits["send"], expected_version=audits["send"].version)
    for assessment in selectors.assessments_of(send)[:6]:
        role = selectors.suggested_source_role(assessment.item)
        services.assessment_save(
            actor=manager,
            assessment=assessment,
            data={
                "rating": Rating.MET,
                "evidence": "Confirmed from the SEND sufficiency strategy.",
                "source_role": role,
                "confirmed_by": _confirmer(role, users),
            },
            expected_version=assessment.version,
        )
    # Mental health (quarter 1) is left planned: it is overdue.

    organisations = context.records.get("organisations", {})
    forum = organisations.get(FORUM)
    if forum is not None:
        for ref, received_on, comment, response in COMMENTS:
            services.comment_add(
                actor=manager,
                item=islington.items.get(ref=ref),
                data={
                    "organisation": forum,
                    "received_on": received_on,
                    "comment": comment,
                    "response": response,
                },
            )
    services.review_save(
        actor=manager,
        framework=islington,
        data={
            "last_reviewed_on": date(YEAR - 1, 9, 16),
            "next_review_on": date(YEAR + 1, 9, 16),
            "notes": "Reviewed with the voluntary sector forum's executive group.",
        },
        expected_version=None,
    )
    services.review_save(
        actor=manager,
        framework=bedfordshire,
        data={
            "next_review_on": date(YEAR + 1, 3, 31),
            "notes": "First review with the sector to be arranged.",
        },
        expected_version=None,
    )
