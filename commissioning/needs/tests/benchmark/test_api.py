"""The indicators, indicator values and benchmark API on the hand-worked dataset of data.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commissioning.needs.tests.benchmark.data import period
from commissioning.needs.tests.factories import AreaFactory, IndicatorValueFactory, set_home_area
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role

approx = pytest.approx
BENCHMARK = "/api/v1/indicators/ks2-expected/benchmark/"


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def api(commissioner):
    return token_client(commissioner)


def test_indicator_list_search_and_detail(api, dataset):
    body = api.get("/api/v1/indicators/").json()
    assert body["count"] == 3
    assert [item["code"] for item in body["results"]] == ["cla-rate", "ks2-expected", "wellbeing-score"]
    body = api.get("/api/v1/indicators/", {"search": "expected standard"}).json()
    assert [item["code"] for item in body["results"]] == ["ks2-expected"]
    detail = api.get("/api/v1/indicators/cla-rate/").json()
    assert detail["unit"] == "rate_per_10000"
    assert detail["unit_label"] == "Rate per 10,000"
    assert detail["polarity"] == "lower_is_better"
    assert detail["benchmark_url"] == "http://testserver/api/v1/indicators/cla-rate/benchmark/"


def test_unknown_indicator_is_a_404_problem(api, dataset):
    response = api.get("/api/v1/indicators/nope/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "There is no indicator with the code nope."
    assert api.get("/api/v1/indicators/nope/benchmark/").status_code == 404


def test_indicator_values_filtered_and_paginated(api, dataset):
    params = {"indicator": "ks2-expected", "area": "E06000901", "period": "2023/24"}
    body = api.get("/api/v1/indicator-values/", params).json()
    assert body["count"] == 2  # everyone, and Sex:Female
    everyone, female = body["results"]
    assert everyone["value"] == 50.0
    assert (everyone["numerator"], everyone["denominator"]) == (500, 1000)
    assert (everyone["area"], everyone["area_name"], everyone["indicator"]) == (
        "E06000901",
        "Testshire",
        "ks2-expected",
    )
    assert (female["breakdown"], female["category"], female["value"]) == ("Sex", "Female", 52.0)
    only_female = api.get("/api/v1/indicator-values/", {**params, "breakdown": "Sex:Female"}).json()
    assert only_female["count"] == 1
    assert api.get("/api/v1/indicator-values/", {**params, "breakdown": "all"}).json()["count"] == 1
    everything = api.get("/api/v1/indicator-values/", {"indicator": "ks2-expected", "page_size": 20}).json()
    assert everything["count"] == 5 * 15 + 2  # 15 areas over 5 years, and the two figures for girls
    assert len(everything["results"]) == 20
    assert everything["next"].endswith("page=2&page_size=20")


def test_indicator_values_show_suppression(api, dataset):
    body = api.get(
        "/api/v1/indicator-values/", {"indicator": "ks2-expected", "area": "E06000919", "period": "2023/24"}
    ).json()
    assert body["results"][0]["value"] is None
    assert body["results"][0]["suppression"] == "c"
    assert body["results"][0]["suppression_label"] == "Suppressed to protect confidentiality"


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"indicator": "nope"}, "indicator", "There is no indicator with the code nope."),
        ({"area": "E06999999"}, "area", "There is no area with the ONS code E06999999."),
        (
            {"indicator": "ks2-expected", "period": "2030/31"},
            "period",
            "Pupils meeting the expected standard has no values for 2030/31. "
            "Periods with values: 2019/20, 2020/21, 2021/22, 2022/23, 2023/24.",
        ),
        (
            {"breakdown": "Female"},
            "breakdown",
            "Write the group as NAME:CATEGORY, for example Sex:Female.",
        ),
    ],
)
def test_indicator_values_bad_filters_are_400_problems(api, dataset, params, field, message):
    response = api.get("/api/v1/indicator-values/", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == {field: [message]}


def test_benchmark_figures(api, dataset):
    response = api.get(BENCHMARK, {"area": "E06000901", "period": "2023/24"})
    assert response.status_code == 200
    body = response.json()
    assert (body["indicator"], body["unit"], body["polarity"]) == (
        "ks2-expected",
        "percentage",
        "higher_is_better",
    )
    assert body["area"] == {"code": "E06000901", "name": "Testshire", "area_type": "local_authority"}
    assert (body["period"], body["breakdown"]) == ("2023/24", "")
    assert body["value"] == 50.0
    assert (body["lower_ci"], body["upper_ci"]) == approx((46.906960, 53.093040), abs=1e-6)
    assert (body["ci_source"], body["ci_method"]) == ("computed", "Wilson score")
    assert (body["england_value"], body["england_lower_ci"], body["england_upper_ci"]) == (62.0, 61.9, 62.1)
    assert body["region"] == {"code": "E12000002", "name": "North West", "area_type": "region"}
    assert body["region_value"] == 55.0
    assert body["neighbour_average"] == approx(507 / 9)
    assert (body["neighbour_count"], body["neighbour_set_size"]) == (9, 10)
    assert (body["neighbour_rank"], body["ranked_count"]) == (8, 10)
    assert (body["quartile"], body["quartile_of"]) == (3, 11)
    assert body["significance_vs_england"] == "worse"
    assert body["significance_text"] == "Significantly worse than England"
    assert len(body["neighbours"]) == 11
    testshire = next(row for row in body["neighbours"] if row["is_selected"])
    assert (testshire["area_code"], testshire["rank"], testshire["closeness"]) == ("E06000901", 8, None)
    tenthby = body["neighbours"][-1]
    assert (tenthby["area_name"], tenthby["value"], tenthby["suppression"]) == ("Tenthby", None, "c")
    assert tenthby["significance_vs_england"] == "not_compared"
    assert [row["period"] for row in body["series"]] == body["periods"]
    assert [row["value"] for row in body["series"]] == [40.0, 42.5, 45.0, 47.5, 50.0]
    assert [row["england_value"] for row in body["series"]] == [60.0, 60.5, 61.0, 61.5, 62.0]
    assert body["series"][0]["neighbour_average"] == approx(52.1)
    trend = body["trend"]
    assert (trend["direction"], trend["change"], trend["significant"]) == ("increasing", "improving", True)
    assert trend["slope"] == approx(2.5)
    assert trend["method"] == "Chi-squared test for trend"
    assert trend["label"] == "Increasing and getting better"


def test_benchmark_defaults_to_home_area_and_latest_period(api, dataset):
    body = api.get(BENCHMARK).json()
    assert (body["area"]["code"], body["period"]) == ("E06000901", "2023/24")


def test_benchmark_of_a_breakdown_and_a_rate(api, dataset):
    body = api.get(BENCHMARK, {"breakdown": "Sex:Female"}).json()
    assert (body["breakdown"], body["value"], body["england_value"]) == ("Sex:Female", 52.0, 63.0)
    assert body["neighbour_average"] is None
    assert (
        body["neighbour_average_note"]
        == "Only 0 of 10 neighbours have a figure; an average needs at least 5."
    )
    assert body["trend"]["direction"] == "not_assessed"
    assert body["trend"]["slope"] is None
    rate = api.get("/api/v1/indicators/cla-rate/benchmark/").json()
    assert (rate["lower_ci"], rate["upper_ci"]) == approx((65.2149, 101.7848), abs=1e-4)
    assert rate["significance_vs_england"] == "similar"
    score = api.get("/api/v1/indicators/wellbeing-score/benchmark/").json()
    assert score["significance_vs_england"] == "not_compared"
    assert score["note"] == "No interval was published, and none is computed for a score."


@pytest.mark.parametrize(
    ("params", "status", "detail"),
    [
        ({"area": "E06999999"}, 404, "There is no area with the ONS code E06999999."),
        (
            {"period": "1999/00"},
            404,
            "Pupils meeting the expected standard has no values for 1999/00. "
            "Periods with values: 2019/20, 2020/21, 2021/22, 2022/23, 2023/24.",
        ),
        (
            {"breakdown": "Sex:Other"},
            404,
            "Pupils meeting the expected standard has no values for this breakdown.",
        ),
    ],
)
def test_benchmark_unknown_area_period_breakdown_are_404_problems(api, dataset, params, status, detail):
    response = api.get(BENCHMARK, params)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == detail


def test_benchmark_malformed_breakdown_and_missing_area_are_400(api, dataset):
    response = api.get(BENCHMARK, {"breakdown": "Female"})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "breakdown": ["Write the group as NAME:CATEGORY, for example Sex:Female."]
    }
    set_home_area(None)
    response = api.get(BENCHMARK)
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "area": ["Give the area's ONS code (area=E08000009): no home area is set."]
    }


def test_provider_and_anonymous_are_refused(dataset, provider_user):
    client = token_client(provider_user)
    for url in (
        "/api/v1/indicators/",
        "/api/v1/indicator-values/",
        BENCHMARK,
        "/api/v1/indicators/cla-rate/",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert response["Content-Type"] == "application/problem+json"
        assert APIClient().get(url).status_code == 401


def test_partnership_roles_can_read(dataset, council):
    for role in (Role.ADMINISTRATOR, Role.PARTNERSHIP_MANAGER, Role.COMMISSIONER):
        user = person_with_role(role, council)
        assert token_client(user).get(BENCHMARK).status_code == 200, role


def _benchmark_queries(api) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.get(BENCHMARK).status_code == 200
    return len(queries)


def test_benchmark_queries_do_not_grow(api, dataset):
    api.get(BENCHMARK)  # the token and the user are looked up on every request; warm nothing else
    before = _benchmark_queries(api)
    for year in range(2005, 2019):
        for area in [dataset.home, dataset.england, dataset.region, *dataset.neighbours]:
            IndicatorValueFactory(indicator=dataset.ks2, area=area, period=period(year), value=30.0)
    for number in range(60):
        area = AreaFactory(code=f"E08{number + 500:06d}")
        IndicatorValueFactory(indicator=dataset.ks2, area=area, period="2023/24", value=float(number))
    assert _benchmark_queries(api) == before
    assert before <= 12


def test_values_list_queries_do_not_grow(api, dataset):
    def count():
        with CaptureQueriesContext(connection) as queries:
            api.get("/api/v1/indicator-values/", {"indicator": "ks2-expected", "page_size": 100})
        return len(queries)

    before = count()
    for number in range(20):
        IndicatorValueFactory(indicator=dataset.ks2, area=AreaFactory(code=f"E08{number + 700:06d}"))
    assert count() == before


def test_groups_and_gap(api, groups_dataset):
    body = api.get("/api/v1/indicators/gld/groups/", {"group": "FSM:Eligible", "comparator": "rest"}).json()
    assert body["indicator"] == "gld"
    assert body["area"]["code"] == "E06000901"
    assert [table["name"] for table in body["breakdowns"]] == ["FSM", "Sex"]
    eligible = body["breakdowns"][0]["categories"][1]
    assert eligible["label"] == "Eligible"
    assert [item["value"] for item in eligible["values"]] == [40.0, 45.0, 50.0, 55.0]
    assert eligible["trend"]["label"] == "Increasing and getting better"
    gap = body["gap"]
    assert (gap["group"], gap["comparator"], gap["status"]) == (
        "Eligible",
        "Everyone except Eligible",
        "narrowing",
    )
    assert gap["slope"] == approx(3.75)
    assert [row["gap"] for row in gap["rows"]] == [-25.0, -21.25, -17.5, -13.75]
    assert (gap["rows"][0]["gap_lower_ci"], gap["rows"][0]["gap_upper_ci"]) == approx(
        (-32.2920, -17.3065), abs=1e-4
    )
    assert api.get("/api/v1/indicators/gld/groups/").json()["gap"] is None


def test_groups_errors(api, groups_dataset):
    response = api.get("/api/v1/indicators/gld/groups/", {"group": "FSM:Unknown"})
    assert response.status_code == 404
    assert response.json()["detail"] == "Testshire has no figures for the group FSM:Unknown."
    response = api.get("/api/v1/indicators/gld/groups/", {"group": "Eligible"})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "group": ["Write the group as NAME:CATEGORY, for example Sex:Female."]
    }
