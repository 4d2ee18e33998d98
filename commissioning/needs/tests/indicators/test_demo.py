import pytest
from django.core.management import call_command

from commissioning.core.demo import DemoContext
from commissioning.needs.areas import demo as areas_demo
from commissioning.needs.indicators import demo
from commissioning.needs.models import ImportBatch, Indicator, IndicatorValue
from commissioning.needs.tests.indicators.conftest import shared_file


@pytest.fixture
def demo_loaded(db):
    call_command("load_frameworks", verbosity=0)
    context = DemoContext()
    areas_demo.load(context)
    demo.load(context)
    return context


def test_the_demo_imports_real_figures_for_trafford_into_the_catalogue(demo_loaded):
    assert ImportBatch.objects.count() == len(demo.DEMO_FILES)
    # The NEET file lands on the catalogue's NI 117, the Year 6 obesity file on NI 56.
    neet = IndicatorValue.objects.get(indicator__code="ni-117", area__code="E08000009", period="2024")
    assert neet.value == 2.1  # the file: Trafford, 2024, 2.1%
    assert IndicatorValue.objects.filter(indicator__code="ni-56", area__code="E08000009").exists()
    rate = IndicatorValue.objects.get(
        indicator__code="cla-rate-31-march", area__code="E08000009", period="2023"
    )
    assert (rate.value, rate.numerator) == (63.0, 350.0)
    assert Indicator.objects.filter(code__startswith="ni-").count() == 35


def test_the_demo_imports_once(demo_loaded):
    values = IndicatorValue.objects.count()
    demo.load(DemoContext())
    assert ImportBatch.objects.count() == len(demo.DEMO_FILES)
    assert IndicatorValue.objects.count() == values


@pytest.mark.parametrize("name", [name for name, _ in demo.DEMO_FILES])
def test_the_shipped_demo_files_are_the_published_files(name):
    assert (demo.DEMO_DIR / name).read_bytes() == shared_file(name).read_bytes()
