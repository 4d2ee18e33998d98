"""Demo: an approved specification (version 2) for the single point of access of the emotional wellbeing and
mental health strategy, and a draft for the early help redesign with outcomes and measures taken from the
activity. Written through the services; safe to run again."""

from datetime import date

from django.utils import timezone

from commissioning.needs.models import Indicator
from commissioning.procurement.specifications import selectors, services
from commissioning.procurement.specifications.models import KpiFrequency, Specification

WELLBEING = "Children's emotional wellbeing and mental health strategy"
REDESIGN = "Early help family support redesign"
ACCESS_TITLE = "Single point of access for children's emotional wellbeing and mental health"
FAMILY_TITLE = "Early help family support service"

ACCESS_SECTIONS = {
    "H1": "Single point of access for children's emotional wellbeing and mental health",
    "H2": "To give every child, young person and family one place to ask for help with emotional wellbeing and "
    "mental health, and to make sure they get the right help quickly, without being passed between services.",
    "H3": "The partnership and the integrated care board commission the service jointly, under the emotional "
    "wellbeing and mental health strategy 2025 to 2028, from a pooled budget.",
    "H4": "Respond to every request for help within two working days.\nOffer support while children wait for "
    "specialist services.\nReduce the share of referrals closed without help.",
    "H5": "A team of mental health practitioners, family workers and a consultant psychologist who screen every "
    "request, agree the right help with the family, and arrange it with schools, the voluntary sector and "
    "specialist services.",
    "H6": "Telephone, online and face-to-face access for children, families and professionals; screening and "
    "triage; brief interventions; onward referral with a named worker until help starts; advice to schools.",
    "H7": "- Children and young people get help earlier and closer to home (be healthy).\n- Fewer children reach "
    "crisis (stay safe).\n- Children stay in school and learning while they get help (enjoy and achieve).",
    "H8": "A central base with sessions in each locality's family hub, and online.",
    "H9": "£420,000 a year from the pooled budget, for three years.",
    "H10": "The key performance indicators below, reported each quarter.",
    "H11": "Quarterly monitoring returns and a meeting with the commissioners; an annual review with children and "
    "families; the Children and Young People's Partnership Board sees the results each year.",
    "H12": "A contract of three years from 1 April 2026, with an option to extend by up to two years. Six months' "
    "notice on either side.",
}
ACCESS_KPIS = [
    (
        "Requests for help answered within two working days",
        "At least 95%",
        KpiFrequency.QUARTERLY,
        "Provider return",
    ),
    ("Referrals closed without help or advice", "Under 10%", KpiFrequency.QUARTERLY, "Provider return"),
]
ACCESS_APPROVAL = {
    "approved_by_body": "Children and Young People's Partnership Board",
    "decision_reference": "CYPPB 2025/52",
    "approved_on": date(2025, 12, 9),
}


def _indicator(words: str) -> Indicator | None:
    return Indicator.objects.active().filter(title__icontains=words).order_by("title").first()


def _row(indicator, measure, target, frequency, source) -> dict:
    return {
        "indicator": indicator,
        "measure": measure,
        "target": target,
        "frequency": frequency,
        "source": source,
    }


def _access(activity, actor) -> None:
    if Specification.objects.filter(activity=activity, title=ACCESS_TITLE).exists():
        return
    specification = services.specification_start(actor=actor, activity=activity, title=ACCESS_TITLE)
    kpis = [_row(None, *row) for row in ACCESS_KPIS]
    health = _indicator("health assessment")
    if health is not None:
        kpis.append(
            _row(
                health,
                health.title,
                "At least 95%",
                KpiFrequency.ANNUALLY,
                health.source or "Published figures",
            )
        )
    services.specification_save(
        actor=actor,
        specification=specification,
        sections=ACCESS_SECTIONS,
        kpis=kpis,
        change_note="Written with the joint commissioning group",
        expected_version=None,
    )
    approval = ACCESS_APPROVAL | {"approved_on": min(ACCESS_APPROVAL["approved_on"], timezone.localdate())}
    services.specification_approve(
        actor=actor, specification=specification, data=approval, expected_version=None
    )


def _family(activity, actor) -> None:
    if Specification.objects.filter(activity=activity, title=FAMILY_TITLE).exists():
        return
    specification = services.specification_start(actor=actor, activity=activity, title=FAMILY_TITLE)
    if not selectors.activity_suggestions(activity).is_empty:
        services.specification_prefill(
            actor=actor, specification=specification, mode="", expected_version=None
        )
    specification.refresh_from_db()
    latest = selectors.version_of(specification)
    kpis = [{k: getattr(kpi, k) for k in services.KPI_FIELDS} for kpi in latest.kpis.all()]
    held = {row["indicator"].pk for row in kpis if row["indicator"] is not None}
    for words in ("relative low income", "looked after"):
        indicator = _indicator(words)
        if indicator is not None and indicator.pk not in held:
            kpis.append(_row(indicator, indicator.title, "", KpiFrequency.ANNUALLY, indicator.source))
    services.specification_save(
        actor=actor,
        specification=specification,
        sections={
            "H1": FAMILY_TITLE,
            "H2": "One early help offer for families, with one referral route and support that starts within two "
            "weeks.",
            "H8": "Three locality teams, working from the family hubs.",
        },
        kpis=kpis,
        change_note="Service name, purpose, location and the indicators of the needs analysis",
        expected_version=None,
    )


def load(context) -> None:
    try:
        selectors.template_items()
    except selectors.TemplateNotLoaded:
        return
    activities = context.records.get("activities", {})
    actor = context.records["users"]["commissioner"]
    wellbeing = activities.get(WELLBEING)
    if wellbeing is not None and not wellbeing.is_archived:
        _access(wellbeing, actor)
    redesign = activities.get(REDESIGN)
    if redesign is not None and not redesign.is_archived:
        _family(redesign, actor)
