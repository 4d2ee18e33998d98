"""Demo: Brackenshire commissioning activities at different points of the cycle."""

import importlib

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
        "steps": {n: StepStatus.COMPLETE for n in range(1, 6)}
        | {
            n: (
                StepStatus.NOT_APPLICABLE,
                "A review only: the redesign it recommended is the 2026/27 activity.",
            )
            for n in (6, 7, 8)
        }
        | {9: StepStatus.COMPLETE},
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
        "steps": {n: StepStatus.COMPLETE for n in range(1, 6)} | {6: StepStatus.IN_PROGRESS},
    },
]


FEATURE_DEMOS = ("resources", "equality", "strategy", "decommissioning")


def _feature_demos():
    """Each feature of the cycle app may add `commissioning/cycle/<feature>/demo.py` with `load(context)`."""
    for feature in FEATURE_DEMOS:
        name = f"commissioning.cycle.{feature}.demo"
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


def load(context) -> None:
    organisations = context.records["organisations"]
    users = context.records["users"]
    outcomes = {
        item.ref: item
        for item in FrameworkItem.objects.filter(
            framework__slug__in=["every-child-matters-outcomes", "national-indicators"]
        )
    }
    created = []
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
        created.append((activity, spec["steps"]))
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
    context.records["activities"] = {
        activity.title: activity
        for activity in CommissioningActivity.objects.filter(title__in=[spec["title"] for spec in ACTIVITIES])
    }
    for module in _feature_demos():
        module.load(context)
    # Steps move last: completing some of them needs the budgets, reviews and strategies loaded above.
    for activity, steps in created:
        _move_steps(activity, steps, users["commissioner"])


def _move_steps(activity, steps, actor) -> None:
    for number, status in steps.items():
        status, reason = status if isinstance(status, tuple) else (status, "")
        step = activity.steps.get(number=number)
        if status == StepStatus.COMPLETE:
            step = step_set_status(actor=actor, step=step, status="in_progress", expected_version=None)
        step_set_status(actor=actor, step=step, status=status, reason=reason, expected_version=None)
