"""Reads for maturity assessments: the matrix's words, lists, and a subject's assessments over time."""

from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from django.db.models import Prefetch, QuerySet

from commissioning.assurance.maturity.models import (
    MATRIX_SLUG,
    Approach,
    Dimension,
    MaturityAssessment,
    MaturityRating,
)
from commissioning.cycle.models import CommissioningActivity
from commissioning.frameworks.models import FrameworkItem
from commissioning.frameworks.services import DATA_DIRECTORY


@lru_cache(maxsize=1)
def _matrix_from_file() -> dict[str, str]:
    data = yaml.safe_load((DATA_DIRECTORY / f"{MATRIX_SLUG}.yaml").read_text(encoding="utf-8"))
    texts = {}
    for item in data["items"]:
        texts[item["ref"]] = item.get("text", "")
        for child in item.get("children", []):
            texts[child["ref"]] = child.get("text", "")
    return texts


def matrix_texts() -> dict[str, str]:
    """Each approach's and cell's description by ref: the library's (with any local variation) once the
    frameworks are loaded, else the framework file the library is loaded from."""
    rows = FrameworkItem.objects.filter(framework__slug=MATRIX_SLUG).values_list("ref", "text", "local_text")
    texts = {ref: local or text for ref, text, local in rows}
    return texts or dict(_matrix_from_file())


def cell_ref(dimension: str, approach: str) -> str:
    return f"{approach}-{dimension}"


@dataclass
class MatrixRow:
    dimension: str
    label: str
    cells: list[dict] = field(default_factory=list)


def matrix() -> list[MatrixRow]:
    texts = matrix_texts()
    return [
        MatrixRow(
            dimension=value,
            label=label,
            cells=[
                {"approach": a, "label": a_label, "text": texts.get(cell_ref(value, a), "")}
                for a, a_label in Approach.choices
            ],
        )
        for value, label in Dimension.choices
    ]


def approach_descriptions() -> list[dict]:
    texts = matrix_texts()
    return [{"approach": a, "label": label, "text": texts.get(a, "")} for a, label in Approach.choices]


def _with_ratings(queryset: QuerySet[MaturityAssessment]) -> QuerySet[MaturityAssessment]:
    return queryset.select_related("activity", "assessor").prefetch_related(
        Prefetch("ratings", queryset=MaturityRating.objects.order_by("pk"))
    )


def assessment_list(
    *, subject: str = "", search: str = "", include_archived: bool = False, ordering: str = "newest"
) -> QuerySet[MaturityAssessment]:
    queryset = MaturityAssessment.objects.all() if include_archived else MaturityAssessment.objects.active()
    if subject == "partnership":
        queryset = queryset.filter(activity__isnull=True)
    elif subject.startswith("activity-") and subject[9:].isdigit():
        queryset = queryset.filter(activity_id=int(subject[9:]))
    if search:
        queryset = queryset.filter(summary__icontains=search) | queryset.filter(
            activity__title__icontains=search
        )
    order = {
        "newest": ["-assessed_on", "-pk"],
        "oldest": ["assessed_on", "pk"],
        "subject": ["activity__title", "-assessed_on"],
    }
    return _with_ratings(queryset).order_by(*order.get(ordering, order["newest"]))


def assessment_detail(pk: int) -> MaturityAssessment:
    return _with_ratings(MaturityAssessment.objects.all()).get(pk=pk)


def subject_options() -> list[tuple[str, str]]:
    """The partnership and every activity that has been assessed."""
    activities = CommissioningActivity.objects.filter(
        pk__in=MaturityAssessment.objects.active().filter(activity__isnull=False).values("activity_id")
    ).order_by("title")
    return [("partnership", "The whole partnership"), *[(f"activity-{a.pk}", a.title) for a in activities]]


def ratings_by_dimension(assessment: MaturityAssessment) -> dict[str, MaturityRating]:
    return {rating.dimension: rating for rating in assessment.ratings.all()}


@dataclass
class ComparisonRow:
    dimension: str
    label: str
    cells: list[MaturityRating | None]
    movement: int | None  # levels moved from the first to the latest assessment rated
    movement_text: str


def comparison(subject: str) -> tuple[list[MaturityAssessment], list[ComparisonRow]]:
    """A subject's assessments oldest first, and for each dimension its approach in each and the movement."""
    assessments = list(assessment_list(subject=subject, ordering="oldest")) if subject else []
    rows = []
    for value, label in Dimension.choices:
        cells = [ratings_by_dimension(a).get(value) for a in assessments]
        rated = [c for c in cells if c is not None]
        movement, text = None, "Assessed once" if len(rated) == 1 else "Not assessed"
        if len(rated) >= 2:
            first, last = rated[0], rated[-1]
            movement = last.level - first.level
            if movement > 0:
                text = f"Up {movement} (from {first.get_approach_display().lower()} to {last.get_approach_display().lower()})"
            elif movement < 0:
                text = f"Down {-movement} (from {first.get_approach_display().lower()} to {last.get_approach_display().lower()})"
            else:
                text = f"No change ({last.get_approach_display().lower()})"
        rows.append(ComparisonRow(value, label, cells, movement, text))
    return assessments, rows
