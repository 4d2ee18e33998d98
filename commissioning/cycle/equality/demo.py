"""Demo: a full equality impact assessment consulted on for the early help redesign, and a final screening for
the SEND short breaks grant round."""

from datetime import date

from commissioning.cycle.equality import services
from commissioning.cycle.models import EqualityGroup, EqualityImpactAssessment

REDESIGN_IMPACTS = {
    EqualityGroup.AGE: (
        "positive",
        "Help reaches families with children of every age, not only under-fives.",
    ),
    EqualityGroup.DISABILITY: (
        "negative",
        "Fewer buildings: two of the three locality bases are not step-free.",
        "Step-free meeting rooms in schools and libraries; home visits on request.",
        "Family support service manager",
    ),
    EqualityGroup.GENDER_REASSIGNMENT: (
        "neutral",
        "No differential impact found in the data or consultation.",
    ),
    EqualityGroup.MARRIAGE_CIVIL_PARTNERSHIP: ("neutral", "No differential impact found."),
    EqualityGroup.PREGNANCY_MATERNITY: (
        "positive",
        "Antenatal contact with health visiting is kept and joined up.",
    ),
    EqualityGroup.RACE: ("positive", "Interpreters booked through one route; outreach to new communities."),
    EqualityGroup.RELIGION_BELIEF: ("neutral", "No differential impact found."),
    EqualityGroup.SEX: ("positive", "A fathers' worker in each locality team."),
    EqualityGroup.SEXUAL_ORIENTATION: ("neutral", "No differential impact found."),
    EqualityGroup.LOOKED_AFTER: ("positive", "Foster families can use locality support."),
    EqualityGroup.YOUNG_CARERS: (
        "positive",
        "Young carers identified through schools are referred directly.",
    ),
    EqualityGroup.YOUNG_OFFENDERS: ("neutral", "Youth justice service unchanged."),
    EqualityGroup.SEN: ("positive", "Early help plans join up with SEN support in school."),
    EqualityGroup.SOCIO_ECONOMIC: ("positive", "Bases in the three most deprived wards."),
}


def load(context) -> None:
    activities = context.records.get("activities", {})
    actor = context.records["users"]["commissioner"]
    redesign = activities.get("Early help family support redesign")
    if redesign and not EqualityImpactAssessment.objects.filter(activity=redesign).exists():
        assessment = services.assessment_start(
            actor=actor,
            activity=redesign,
            data={
                "scale": "full",
                "lead": actor,
                "scope": "The redesign of family support into locality teams.",
            },
        )
        services.assessment_update(
            actor=actor,
            assessment=assessment,
            data={
                "evidence_summary": "Early help module data 2023 to 2026 by age, sex, ethnicity and disability; "
                "four focus groups; practitioner survey.",
                "consultation_start": date(2026, 6, 1),
                "consultation_end": date(2026, 8, 31),
                "consultation_summary": "Families, young carers, the parent carer forum and voluntary sector "
                "providers: 340 responses. Concerns about access to buildings.",
            },
            expected_version=None,
        )
        services.impacts_record(
            actor=actor,
            assessment=assessment,
            impacts={
                group.value: {
                    "impact": values[0],
                    "evidence": values[1],
                    "mitigation": values[2] if len(values) > 2 else "",
                    "mitigation_owner": values[3] if len(values) > 3 else "",
                    "mitigation_due": date(2027, 3, 31) if len(values) > 2 else None,
                }
                for group, values in REDESIGN_IMPACTS.items()
            },
        )
        services.assessment_move(
            actor=actor, assessment=assessment, status="consulted", today=date(2026, 9, 1)
        )
    grants = activities.get("SEND short breaks grant round")
    if grants and not EqualityImpactAssessment.objects.filter(activity=grants).exists():
        assessment = services.assessment_start(
            actor=actor,
            activity=grants,
            data={
                "scale": "screening",
                "lead": actor,
                "scope": "Grants for short breaks for disabled children.",
            },
        )
        services.impacts_record(
            actor=actor,
            assessment=assessment,
            impacts={
                group: {
                    "impact": "positive" if group in ("disability", "sen", "age") else "neutral",
                    "evidence": "",
                }
                for group in EqualityGroup.values
            },
        )
        services.assessment_update(
            actor=actor,
            assessment=assessment,
            data={
                "conclusion": "no_major_change",
                "conclusion_reasons": "The grants add short breaks for disabled children; no group is worse off.",
            },
            expected_version=None,
        )
        services.assessment_move(actor=actor, assessment=assessment, status="final")
