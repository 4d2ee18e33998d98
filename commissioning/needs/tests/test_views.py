import pytest

from commissioning.needs.tests.factories import (
    AreaFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    set_home_area,
)

pytestmark = pytest.mark.django_db


def test_needs_home_shows_indicators_with_data_and_the_home_area(client_for, commissioner):
    home = AreaFactory(code="E08000009", name="Trafford")
    set_home_area(home)
    with_data = IndicatorFactory(title="Children looked after per 10,000")
    IndicatorFactory(title="No values yet")
    IndicatorValueFactory(indicator=with_data, area=home)
    page = client_for(commissioner).get("/needs/").content.decode()
    assert "Children looked after per 10,000" in page and "No values yet" not in page
    assert (
        "Trafford" in page
        and '2 indicators in the <a class="govuk-link" href="/needs/indicators/">indicators catalogue</a>'
        in page
    )
    assert f"/needs/indicators/{with_data.code}/benchmark/?area=E08000009" in page


def test_needs_home_without_a_home_area(client_for, commissioner):
    page = client_for(commissioner).get("/needs/").content.decode()
    assert "No home area is set" in page


def test_needs_is_in_the_navigation_for_the_partnership_only(client_for, commissioner, provider_user):
    assert 'href="/needs/"' in client_for(commissioner).get("/").content.decode()
    assert client_for(provider_user).get("/needs/").status_code == 403
