import shutil

import pytest

from commissioning.cycle import services as cycle_services
from commissioning.cycle.strategy import services as strategy_services
from commissioning.frameworks.models import FrameworkItem
from commissioning.frameworks.services import DATA_DIRECTORY, library_load
from commissioning.needs.analysis import services as analysis_services
from commissioning.needs.models import AnalysisStatus, NeedsAnalysis
from commissioning.needs.tests.factories import (
    AreaFactory,
    EnglandFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    set_home_area,
)
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role
from commissioning.procurement.specifications import services

HEADINGS = [
    "Service name",
    "Statement of purpose",
    "Overview",
    "Service Objectives",
    "Description of service",
    "Service activities",
    "Service outcomes",
    "Location",
    "Cost",
    "Performance measures",
    "Performance monitoring",
    "Outline terms and conditions and length of contract",
]


# The frameworks these tests read: the template and its guidance, the cycle's steps, and the outcomes.
FRAMEWORK_FILES = [
    "wolverhampton-service-specification-template.yaml",
    "wolverhampton-strategy-steps.yaml",
    "dcsf-nine-step-cycle.yaml",
    "every-child-matters-outcomes.yaml",
    "national-indicators.yaml",
]


@pytest.fixture
def library(db, tmp_path):
    for name in FRAMEWORK_FILES:
        shutil.copy(DATA_DIRECTORY / name, tmp_path / name)
    library_load(directory=tmp_path)


@pytest.fixture
def activity(library, commissioner, council):
    return cycle_services.activity_create(
        actor=commissioner,
        data={
            "title": "Family support redesign",
            "kind": "service_redesign",
            "purpose": "Help families earlier.",
            "service_area": "family_support",
            "lead_commissioner": commissioner,
            "lead_organisation": council,
            "level": "strategic",
            "tiers": ["targeted"],
            "integration_approach": "joint",
            "cycle_year": 2026,
        },
    )


@pytest.fixture
def procurement_manager(council):
    return person_with_role(Role.PROCUREMENT_MANAGER, council, username="procurement")


@pytest.fixture
def board_member(council):
    return person_with_role(Role.BOARD_MEMBER, council, username="board")


@pytest.fixture
def specification(activity, commissioner):
    return services.specification_start(actor=commissioner, activity=activity, title="Family support service")


def full_sections(prefix: str = "") -> dict[str, str]:
    return {f"H{n}": f"{prefix}Text for heading {n}." for n in range(1, 13)}


@pytest.fixture
def written(specification, commissioner):
    """The specification with every section written, as version 2."""
    services.specification_save(
        actor=commissioner,
        specification=specification,
        sections=full_sections(),
        kpis=[],
        change_note="Every section written",
        expected_version=None,
    )
    specification.refresh_from_db()
    return specification


APPROVAL = {"approved_by_body": "Commissioning Board", "decision_reference": "CB 2026/4"}


@pytest.fixture
def approved(written, commissioner):
    import datetime as dt

    services.specification_approve(
        actor=commissioner,
        specification=written,
        data=APPROVAL | {"approved_on": dt.date(2026, 1, 20)},
        expected_version=None,
    )
    written.refresh_from_db()
    return written


@pytest.fixture
def home():
    area = AreaFactory(code="E08000009", name="Trafford")
    set_home_area(area)
    return area


@pytest.fixture
def priorities(activity, commissioner, home):
    """A strategy priority, and a final needs analysis with a priority whose indicators have figures."""
    ecm = list(FrameworkItem.objects.filter(framework__slug="every-child-matters-outcomes").order_by("ref"))
    strategy = strategy_services.strategy_create(
        actor=commissioner,
        activity=activity,
        data={
            "title": "Family support plan",
            "summary": "Help earlier.",
            "needs_assessment": "",
            "resources": "",
        },
        outcomes=ecm[:2],
    )
    strategy_services.priority_add(
        actor=commissioner,
        strategy=strategy,
        data={"title": "One front door", "description": "A single referral route."},
        outcomes=[ecm[1]],
    )
    poverty = IndicatorFactory(
        code="children-in-low-income", title="Children in relative low income families", unit="percentage"
    )
    poverty.polarity = "lower_is_better"
    poverty.save()
    neet = IndicatorFactory(code="neet-16-17", title="16 and 17 year olds not in education or training")
    england = EnglandFactory()
    IndicatorValueFactory(indicator=poverty, area=home, period="2022/23", value=18.2)
    IndicatorValueFactory(indicator=poverty, area=home, period="2023/24", value=19.4)
    IndicatorValueFactory(indicator=poverty, area=england, period="2023/24", value=22.1)
    analysis = analysis_services.analysis_create(
        actor=commissioner,
        data={
            "title": "Family support needs analysis",
            "topic": "Family support",
            "area": home,
            "activity": activity,
        },
    )
    priority = analysis_services.priority_create(
        actor=commissioner,
        analysis=analysis,
        data={
            "title": "Reduce the effects of child poverty",
            "evidence": "Rising.",
            "baseline_indicator": poverty,
        },
        indicators=[poverty, neet],
    )
    NeedsAnalysis.objects.filter(pk=analysis.pk).update(status=AnalysisStatus.FINAL)
    return {
        "strategy": strategy,
        "analysis": analysis,
        "priority": priority,
        "poverty": poverty,
        "neet": neet,
    }
