"""Demo: three Brackenshire commissioning activities at different points of the cycle."""

from commissioning.cycle.models import CommissioningActivity, StepStatus
from commissioning.cycle.services import activity_create, evidence_add, self_assessment_save, step_set_status
from commissioning.frameworks.models import FrameworkItem
from commissioning.organisations.demo import COUNCIL, ICB

ACTIVITIES = [
    {
        "title": "Early help family support review",
        "kind": "service_redesign",
        "purpose": "Review of family support services ahead of their redesign.",
        "service_area": "family_support",
        "level": "strategic",
        "tiers": ["universal", "targeted"],
        "integration_approach": "parallel",
        "cycle_year": 2025,
        "status": "completed",
        "partners": [ICB],
        "outcomes": ["ECM2"],
        "steps": {n: StepStatus.COMPLETE for n in range(1, 10)},
        "answers": {
            1: {
                "1.1": (
                    "yes",
                    "Outcomes reviewed against the Children and Young People's Plan 2023 to 2026.",
                ),
                "1.2": ("no", ""),
                "1.3": ("partly", "Broken down by age and locality only."),
                "1.10": ("partly", "Compared with five statistical neighbours."),
            },
        },
    },
    {
        "title": "Early help family support redesign",
        "previous": "Early help family support review",
        "kind": "service_redesign",
        "purpose": "Redesign family support so that families get help at the earliest opportunity, "
        "through locality teams around the family, and fewer need statutory services.",
        "service_area": "family_support",
        "level": "strategic",
        "tiers": ["universal", "targeted"],
        "integration_approach": "joint",
        "cycle_year": 2026,
        "status": "active",
        "partners": [ICB],
        "outcomes": ["ECM2", "ECM3", "NI 68"],
        "steps": {
            1: StepStatus.COMPLETE,
            2: StepStatus.COMPLETE,
            3: StepStatus.COMPLETE,
            4: StepStatus.IN_PROGRESS,
        },
        "answers": {
            1: {
                "1.1": (
                    "yes",
                    "Early help outcomes for 2023 to 2026 reviewed against the Children and Young People's Plan.",
                ),
                "1.2": ("yes", "Three years of data from the early help module, by quarter."),
                "1.3": (
                    "partly",
                    "Broken down by age, gender, ethnicity and locality; not yet by disability.",
                ),
                "1.10": ("yes", "Compared with the ten statistical neighbours and England."),
            },
        },
        "evidence": [
            (
                1,
                "text",
                "Outcomes reviewed against the Children and Young People's Plan",
                "Early help outcomes for 2023 to 2026 reviewed at the Commissioning Group on 12 May 2026.",
            ),
            (
                2,
                "record",
                "Islington criterion 3.3: commissioning plans based on good quality needs analysis",
                "/frameworks/islington-commissioning-standards/items/3.3/",
            ),
            (
                3,
                "text",
                "Views of families and practitioners",
                "Four focus groups with parents and young carers, and a practitioner survey (212 responses).",
            ),
        ],
    },
    {
        "title": "SEND short breaks grant round",
        "kind": "grant_round",
        "purpose": "Grants to voluntary and community organisations for short breaks for disabled children "
        "and their families.",
        "service_area": "send",
        "level": "operational_local",
        "tiers": ["targeted", "specialist"],
        "integration_approach": "parallel",
        "cycle_year": 2026,
        "status": "active",
        "partners": [],
        "outcomes": ["ECM1", "ECM3"],
        "steps": {1: StepStatus.IN_PROGRESS},
    },
    {
        "title": "Children's emotional wellbeing and mental health strategy",
        "kind": "strategy",
        "purpose": "A joint strategy with the integrated care board for children's emotional wellbeing and "
        "mental health, from universal support in schools to specialist services.",
        "service_area": "mental_health",
        "level": "strategic",
        "tiers": ["universal", "targeted", "specialist"],
        "integration_approach": "integrated",
        "cycle_year": 2025,
        "status": "active",
        "partners": [ICB],
        "outcomes": ["ECM1", "NI 51"],
        "steps": {n: StepStatus.COMPLETE for n in range(1, 9)} | {9: StepStatus.IN_PROGRESS},
    },
]


def load(context) -> None:
    organisations = context.records["organisations"]
    users = context.records["users"]
    outcomes = {
        item.ref: item
        for item in FrameworkItem.objects.filter(
            framework__slug__in=["every-child-matters-outcomes", "national-indicators"]
        )
    }
    for spec in ACTIVITIES:
        if CommissioningActivity.objects.filter(title=spec["title"]).exists():
            continue
        data = {
            k: v
            for k, v in spec.items()
            if k not in ("partners", "outcomes", "steps", "evidence", "answers", "previous")
        }
        if spec.get("previous"):
            data["previous"] = CommissioningActivity.objects.get(title=spec["previous"])
        data |= {"lead_commissioner": users["commissioner"], "lead_organisation": organisations[COUNCIL]}
        activity = activity_create(
            actor=users["commissioner"],
            data=data,
            partners=[organisations[name] for name in spec["partners"]],
            outcomes=[outcomes[ref] for ref in spec["outcomes"] if ref in outcomes],
        )
        for number, status in spec["steps"].items():
            step = activity.steps.get(number=number)
            if status == StepStatus.COMPLETE:
                step = step_set_status(
                    actor=users["commissioner"], step=step, status="in_progress", expected_version=None
                )
            step_set_status(actor=users["commissioner"], step=step, status=status, expected_version=None)
        for number, answers in spec.get("answers", {}).items():
            self_assessment_save(
                actor=users["commissioner"], activity=activity, step_number=number, answers=answers
            )
        for number, kind, title, content in spec.get("evidence", []):
            evidence_add(
                actor=users["commissioner"],
                step=activity.steps.get(number=number),
                kind=kind,
                title=title,
                text=content if kind == "text" else "",
                record_path=content if kind == "record" else "",
            )
