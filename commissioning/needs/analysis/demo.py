"""Demo: a needs analysis for the early help redesign, with two priorities and a report card."""

from commissioning.frameworks.models import FrameworkItem
from commissioning.needs.analysis import services
from commissioning.needs.models import Indicator, NeedsAnalysis

TITLE = "Family support needs analysis 2026"


def _indicator(words: str):
    return Indicator.objects.active().filter(title__icontains=words).order_by("title").first()


def load(context) -> None:
    if NeedsAnalysis.objects.filter(title=TITLE).exists():
        return
    home = context.records.get("home_area")
    activity = context.records.get("activities", {}).get("Early help family support redesign")
    if home is None:
        return
    actor = context.records["users"]["commissioner"]
    poverty = _indicator("relative low income")
    looked_after = _indicator("looked after")
    analysis = services.analysis_create(
        actor=actor,
        data={
            "title": TITLE,
            "topic": "Family support and early help",
            "activity": activity,
            "area": home,
            "sources": {
                "jsna": "",
                "cypp": "",
                "national_indicators": "",
                "user_views": "",
                "staff_views": "",
            },
            "findings": "Child poverty has risen since 2017/18 and is highest in the north locality. Most families "
            "who reach statutory services had asked for help earlier and were not offered it.",
            "vulnerable_groups": "Young carers; children in low income families; children of parents with poor "
            "mental health.",
            "unmet_needs": "No family support in the north locality after 5pm; long waits for parenting "
            "programmes; little support for fathers.",
            "forecast_indicator": poverty,
            "forecast_years": 3,
        },
        indicators=[i for i in (poverty, looked_after) if i is not None],
    )
    outcomes = {
        item.ref: item
        for item in FrameworkItem.objects.filter(framework__slug="every-child-matters-outcomes")
    }
    services.priority_create(
        actor=actor,
        analysis=analysis,
        data={
            "title": "Help families earlier, in their locality",
            "evidence": "Two in three families referred to children's social care had asked for help before.",
            "baseline_indicator": looked_after,
            "story_behind_baseline": "Help is offered late, when problems have grown.",
            "partners": "Schools, health visiting, the voluntary sector, the integrated care board.",
            "what_works": "Locality teams around the family; a single front door.",
            "actions": "Redesign family support around three locality teams by April 2027.",
        },
        outcomes=[outcomes[ref] for ref in ("ECM2", "ECM5") if ref in outcomes],
        indicators=[looked_after] if looked_after else [],
    )
    services.priority_create(
        actor=actor,
        analysis=analysis,
        data={
            "title": "Reduce the effects of child poverty",
            "evidence": "Relative low income among children has risen every year since 2020/21.",
            "baseline_indicator": poverty,
            "story_behind_baseline": "Rising costs; low take-up of free childcare places.",
            "partners": "Housing, Jobcentre Plus, the voluntary sector.",
            "what_works": "Income maximisation advice in family hubs.",
            "actions": "Welfare rights advice in every family hub.",
        },
        outcomes=[outcomes[ref] for ref in ("ECM5",) if ref in outcomes],
        indicators=[poverty] if poverty else [],
    )
