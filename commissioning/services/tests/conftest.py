import pytest

from commissioning.needs.analysis import services as analysis_services
from commissioning.needs.areas.services import home_area_set
from commissioning.needs.tests.factories import AreaFactory
from commissioning.organisations.models import Sector
from commissioning.organisations.tests.factories import OrganisationFactory, PartnerFactory
from commissioning.services.tests.factories import ecm_outcomes, locality


@pytest.fixture
def home(db):
    area = AreaFactory(code="E08000009", name="Trafford")
    home_area_set(actor=None, area=area)
    return area


@pytest.fixture
def north(home):
    return locality("North", "E05000001", home)


@pytest.fixture
def south(home):
    return locality("South", "E05000002", home)


@pytest.fixture
def outcomes(db):
    return ecm_outcomes()


@pytest.fixture
def analysis(commissioner, home):
    return analysis_services.analysis_create(
        actor=commissioner,
        data={"title": "Family support needs analysis", "topic": "Family support", "area": home},
    )


@pytest.fixture
def priorities(analysis, commissioner):
    """Three priorities, by their short names: early (help earlier), poverty and carers (young carers)."""
    titles = {
        "early": "Help families earlier",
        "poverty": "Reduce the effects of child poverty",
        "carers": "Support young carers",
    }
    return {
        key: analysis_services.priority_create(
            actor=commissioner, analysis=analysis, data={"title": title, "evidence": "From the analysis."}
        )
        for key, title in titles.items()
    }


@pytest.fixture
def voluntary(db):
    return OrganisationFactory(name="Harbour Youth Trust", charity_number="1999002")


@pytest.fixture
def private(db):
    return OrganisationFactory(
        name="Meadowbank Homes Ltd",
        organisation_type="company",
        sector=Sector.PRIVATE,
        companies_house_number="99000102",
    )


@pytest.fixture
def council_provider(council):
    council.is_provider = True
    council.save()
    return council


@pytest.fixture
def icb(db):
    return PartnerFactory(name="Testshire Integrated Care Board", organisation_type="integrated_care_board")
