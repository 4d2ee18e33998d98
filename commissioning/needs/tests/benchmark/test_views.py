"""The benchmark and groups pages on the hand-worked datasets of data.py."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.needs.tests.benchmark.data import period
from commissioning.needs.tests.factories import (
    AreaFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    set_home_area,
)
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import PartnerFactory, person_with_role


def benchmark_url(code="ks2-expected"):
    return reverse("needs:benchmark", args=[code])


def groups_url(code="gld"):
    return reverse("needs:indicator-groups", args=[code])


def rows_of(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_benchmark_page_for_the_home_area_and_latest_period(client_for, commissioner, dataset):
    response = client_for(commissioner).get(benchmark_url())
    assert response.status_code == 200
    assert response.context["result"].period == "2023/24"
    headline = response.context["headline"]
    assert headline["value"] == "50.0%"
    assert headline["interval"] == "46.9% to 53.1%"
    assert headline["interval_source"] == "Wilson score, from 500 out of 1,000"
    assert headline["england"] == "62.0%"
    assert headline["region"] == "55.0%"
    assert headline["neighbour_average"] == "56.3%"
    assert headline["rank"] == "8th"
    assert headline["quartile"] == 3
    assert headline["significance_label"] == "Worse"
    assert headline["trend_label"] == "Increasing and getting better"
    assert headline["trend_detail"].startswith(
        "+2.50 percentage points a year (95% confidence interval 1.52 to 3.48; p < 0.001)"
    )
    html = response.content.decode()
    for text in (
        "Benchmark for Testshire, 2023/24",
        "Significantly worse than England",
        "8th of 10",
        "Quartile 3 of 4",
        "the mean of the 9 of 10 neighbours with a figure",
        "Suppressed (c)",
        "Suppressed (&quot;c&quot;) to protect confidentiality.",
        "Home area",
        "North West (region)",
        "Increasing and getting better",
    ):
        assert text in html, text


def test_neighbours_table_rows(client_for, commissioner, dataset):
    response = client_for(commissioner).get(benchmark_url())
    rows = response.context["table_rows"]
    assert [row["name"] for row in rows][:3] == ["Neighbour 9", "Neighbour 8", "Neighbour 7"]
    testshire = rows[7]
    assert (testshire["rank"], testshire["name"], testshire["is_selected"], testshire["is_home"]) == (
        8,
        "Testshire",
        True,
        True,
    )
    assert (testshire["value"], testshire["interval"], testshire["significance_label"]) == (
        "50.0%",
        "46.9% to 53.1%",
        "Worse",
    )
    neighbour_9 = rows[0]
    assert (neighbour_9["value"], neighbour_9["interval"], neighbour_9["significance_label"]) == (
        "70.0%",
        "",
        "Not compared",
    )
    assert neighbour_9["note"] == "No interval: the numerator and denominator were not published."
    comparators = response.context["comparator_rows"]
    assert [(row["name"], row["value"]) for row in comparators] == [
        ("England", "62.0%"),
        ("North West (region)", "55.0%"),
    ]


def test_neighbours_csv(client_for, commissioner, dataset):
    response = client_for(commissioner).get(benchmark_url(), {"format": "csv", "table": "neighbours"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="ks2-expected-e06000901-202324-neighbours.csv"'
    )
    rows = rows_of(response)
    assert rows[0][:7] == [
        "Rank (1 = best)",
        "Area code",
        "Area",
        "Statistical neighbour (1 = closest)",
        "Value",
        "Lower 95% limit",
        "Upper 95% limit",
    ]
    testshire = next(row for row in rows if row[2] == "Testshire")
    assert testshire[:9] == [
        "8",
        "E06000901",
        "Testshire",
        "",
        "50.0",
        "46.907",
        "53.093",
        "Wilson score, from 500 out of 1,000",
        "Worse",
    ]
    tenthby = next(row for row in rows if row[2] == "Tenthby")
    assert tenthby[:5] == ["", "E06000919", "Tenthby", "10", ""]
    assert tenthby[9:] == ["c", 'Suppressed ("c") to protect confidentiality.']
    assert rows[-2][2:7] == ["England", "", "62.0", "61.9", "62.1"]
    assert rows[-1][2] == "North West (region)"
    assert len(rows) == 1 + 11 + 2


def test_series_csv(client_for, commissioner, dataset):
    response = client_for(commissioner).get(
        benchmark_url(), {"format": "csv", "table": "series", "period": "2019/20"}
    )
    rows = rows_of(response)
    assert rows[0] == [
        "Period",
        "Testshire",
        "Lower 95% limit",
        "Upper 95% limit",
        "Compared with England",
        "England",
        "Region",
        "Statistical neighbours' average",
        "Neighbours with a figure",
        "Note",
    ]
    assert rows[1] == ["2019/20", "40.0", "37.0075", "43.0691", "Worse", "60.0", "51.0", "52.1", "10", ""]
    assert rows[5][0] == "2023/24"
    assert rows[5][7:9] == ["56.3333", "9"]


def test_a_chosen_area_period_and_group(client_for, commissioner, dataset):
    client = client_for(commissioner)
    response = client.get(benchmark_url(), {"area": "E06000919", "period": "2022/23"})
    assert response.status_code == 200
    assert response.context["headline"]["value"] == "49.0%"  # 50 − 1
    html = response.content.decode()
    assert "Benchmark for Tenthby, 2022/23" in html
    assert "Selected area" in html
    response = client.get(benchmark_url(), {"breakdown": "Sex:Female"})
    headline = response.context["headline"]
    assert (headline["value"], headline["england"]) == ("52.0%", "63.0%")
    assert "Only 0 of 10 neighbours have a figure; an average needs at least 5." in response.content.decode()
    assert "Fewer than 3 periods have a value." in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"area": "E06999999"}, "There is no area with the ONS code E06999999."),
        ({"period": "1999/00"}, "Pupils meeting the expected standard has no values for 1999/00."),
        ({"breakdown": "Female"}, "Write the group as NAME:CATEGORY, for example Sex:Female."),
        (
            {"breakdown": "Sex:Other"},
            "Pupils meeting the expected standard has no values for this breakdown.",
        ),
    ],
)
def test_bad_choices_show_the_error_summary(client_for, commissioner, dataset, params, message):
    response = client_for(commissioner).get(benchmark_url(), params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert response.context["result"] is None
    assert html.count("govuk-form-group--error") == 1


def test_without_a_home_area_an_area_must_be_chosen(client_for, commissioner, dataset):
    set_home_area(None)
    response = client_for(commissioner).get(benchmark_url())
    assert response.status_code == 400
    assert "Choose an area: no home area is set" in response.content.decode()
    assert client_for(commissioner).get(benchmark_url(), {"area": "E06000901"}).status_code == 200


def test_an_indicator_without_values_and_an_unknown_one(client_for, commissioner, dataset):
    IndicatorFactory(code="no-values", title="Not yet imported")
    client = client_for(commissioner)
    response = client.get(benchmark_url("no-values"))
    assert response.status_code == 200
    assert "Not yet imported has no values yet." in response.content.decode()
    assert client.get(benchmark_url("missing")).status_code == 404


def test_permissions(client, client_for, dataset, provider_user, council):
    response = client.get(benchmark_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
    assert client_for(provider_user).get(benchmark_url()).status_code == 403
    assert client_for(provider_user).get(groups_url("ks2-expected")).status_code == 403
    other_council = PartnerFactory(name="Another County Council")
    for role, organisation in ((Role.ADMINISTRATOR, council), (Role.COMMISSIONER, other_council)):
        user = person_with_role(role, organisation)
        assert client_for(user).get(benchmark_url()).status_code == 200


def test_page_queries_do_not_grow(client_for, commissioner, dataset):
    client = client_for(commissioner)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(benchmark_url()).status_code == 200
        return len(queries)

    before = count()
    for year in range(2005, 2019):
        for area in [dataset.home, dataset.england, dataset.region, *dataset.neighbours]:
            IndicatorValueFactory(indicator=dataset.ks2, area=area, period=period(year), value=30.0)
    for number in range(30):
        IndicatorValueFactory(
            indicator=dataset.ks2, area=AreaFactory(code=f"E08{number + 500:06d}"), value=1.0
        )
    assert count() == before


def test_groups_page_with_a_gap(client_for, commissioner, groups_dataset):
    response = client_for(commissioner).get(groups_url(), {"group": "FSM:Eligible", "comparator": "rest"})
    assert response.status_code == 200
    gap = response.context["gap"]
    assert gap["status_words"] == "The gap is narrowing"
    assert [row["gap"] for row in gap["rows"]] == ["−25.0", "−21.2", "−17.5", "−13.8"]
    assert gap["rows"][0]["gap_interval"] == "−32.3 to −17.3"
    assert gap["detail"].startswith("The gap changes by +3.75 percentage points a year")
    html = response.content.decode()
    for text in (
        "Groups and gaps in Testshire",
        "Gap: Eligible compared with Everyone except Eligible",
        "By FSM",
        "By Sex",
    ):
        assert text in html, text
    tables = response.context["tables"]
    assert tables[0]["columns"] == ["Everyone", "Eligible", "Not eligible"]
    assert tables[0]["rows"][0]["cells"][1] == {
        "value": "40.0%",
        "interval": "33.5% to 46.9%",
        "csv_value": "40.0",
        "csv_lower": "33.4606",
        "csv_upper": "46.9163",
    }


def test_groups_csv_downloads(client_for, commissioner, groups_dataset):
    client = client_for(commissioner)
    gap = rows_of(
        client.get(
            groups_url(), {"group": "FSM:Eligible", "comparator": "england", "format": "csv", "table": "gap"}
        )
    )
    assert gap[0] == [
        "Period",
        "Eligible",
        "England, Eligible",
        "Gap",
        "Gap: lower 95% limit",
        "Gap: upper 95% limit",
        "Note",
    ]
    assert gap[1][:4] == ["2021/22", "40.0", "60.0", "-20.0"]
    sex = rows_of(client.get(groups_url(), {"format": "csv", "name": "Sex"}))
    assert sex[0][:4] == ["Period", "Everyone", "Everyone: lower 95% limit", "Everyone: upper 95% limit"]
    assert sex[0][4] == "Female"
    assert sex[4][0] == "2024/25"
    assert sex[4][4] == "64.0"


def test_groups_page_errors_and_empty_state(client_for, commissioner, groups_dataset):
    client = client_for(commissioner)
    response = client.get(groups_url(), {"group": "FSM:Unknown"})
    assert response.status_code == 400
    assert "Testshire has no figures for the group FSM:Unknown." in response.content.decode()
    response = client.get(groups_url(), {"group": "Eligible"})
    assert response.status_code == 400
    assert "Write the group as NAME:CATEGORY, for example Sex:Female." in response.content.decode()
    response = client.get(groups_url(), {"group": "FSM:Eligible", "comparator": "nonsense"})
    assert response.status_code == 400
    assert "Choose what to compare the group with." in response.content.decode()
    response = client.get(groups_url(), {"area": "E09000999"})
    assert response.status_code == 200
    assert "Otherborough has no figures by group for Good level of development." in response.content.decode()


def test_csv_cells_keep_numbers_and_neutralise_formulas():
    from commissioning.needs.benchmark.downloads import safe_cell

    assert [
        safe_cell(value) for value in ("-20.0", "46.907", "1e-05", None, "=SUM(A1)", "-x", "@a", "Worse")
    ] == [
        "-20.0",
        "46.907",
        "1e-05",
        "",
        "'=SUM(A1)",
        "'-x",
        "'@a",
        "Worse",
    ]
