"""The catalogue pages and the upload, preview and confirm journey of an import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commissioning.needs.models import ImportBatch, Indicator, IndicatorValue, StagedImport, Unit
from commissioning.needs.tests.factories import IndicatorFactory, IndicatorValueFactory

HEADER = "area_code,area_name,period,indicator,measure,unit,value\n"
FILE = HEADER + (
    "E08000009,Trafford,2023/24,Pupils with good development,Percentage,Persons,71.5\n"
    "E92000001,England,2023/24,Pupils with good development,Percentage,Persons,67.7\n"
)


def upload(client, text: str, **fields):
    data = {"file": SimpleUploadedFile("figures.csv", text.encode(), content_type="text/csv"), "mapping": ""}
    data.update(fields)
    return client.post(reverse("needs:import-upload"), data)


def test_upload_preview_and_confirm_writes_the_figures(areas, client_for, commissioner):
    client = client_for(commissioner)
    response = upload(client, FILE)
    staged = StagedImport.objects.get()
    assert response.url == reverse("needs:import-preview", args=[staged.pk])
    assert not IndicatorValue.objects.exists()
    preview = client.get(response.url)
    html = preview.content.decode()
    assert "Check the import before it is written" in html
    assert "pupils-with-good-development-percentage" in html
    assert "Import 2 figures" in html
    confirmed = client.post(response.url)
    batch = ImportBatch.objects.get()
    assert confirmed.url == batch.get_absolute_url()
    assert batch.imported_by == commissioner
    assert IndicatorValue.objects.count() == 2
    assert not StagedImport.objects.exists()
    detail = client.get(batch.get_absolute_url()).content.decode()
    assert "2 new, 0 changed, 0 unchanged" in detail


def test_a_bad_file_shows_every_problem_and_keeps_nothing(areas, client_for, commissioner):
    client = client_for(commissioner)
    bad = (
        FILE.replace("71.5", "seventy")
        + "E06000999,Nowhere,2023/24,Pupils with good development,Percentage,P,1\n"
    )
    response = upload(client, bad)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The file cannot be imported: nothing has been written" in html
    assert "Row 2, column value: “seventy” is not a number" in html
    assert "Row 4, column area_code: No area has the code E06000999." in html
    assert not StagedImport.objects.exists()
    assert not Indicator.objects.exists()


def test_the_upload_form_checks_its_fields(areas, client_for, commissioner):
    client = client_for(commissioner)
    response = client.post(reverse("needs:import-upload"), {"mapping": "own"})
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Choose the file to import" in html
    assert "Choose your mapping file, or choose a shipped mapping" in html
    response = upload(client, FILE, file=SimpleUploadedFile("figures.xlsx", b"PK"))
    assert "The file must be a CSV file (.csv)" in response.content.decode()


def test_a_dfe_file_with_a_shipped_mapping_previews_its_indicators(areas, client_for, commissioner):
    text = (
        "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
        "old_la_code,la_name,new_la_code,population_count,population_estimate,number,rate_per_10000\n"
        "2023,Reporting year,Local authority,E92000001,England,E12000002,North West,358,Trafford,E08000009,"
        "Children looked after at 31 March each year,55334,350,63\n"
    )
    client = client_for(commissioner)
    response = upload(client, text, mapping="dfe-children-looked-after-rates")
    html = client.get(response.url).content.decode()
    assert "cla-rate-31-march" in html
    assert "dfe-children-looked-after-rates.yaml" in html
    assert "The mapping found no rows for “cla-starting-rate”" in html


def test_someone_else_cannot_open_your_preview(areas, client_for, commissioner, administrator):
    response = upload(client_for(commissioner), FILE)
    assert client_for(administrator).get(response.url).status_code == 404


def test_people_who_may_not_manage_indicators_cannot_import(areas, client_for, provider_user):
    assert client_for(provider_user).get(reverse("needs:import-upload")).status_code == 403
    assert client_for(provider_user).get(reverse("needs:indicators")).status_code == 403


@pytest.fixture
def catalogue(db):
    poverty = IndicatorFactory(
        code="child-poverty", title="Children in relative low income families", unit=Unit.PERCENTAGE
    )
    IndicatorFactory(code="cla-rate", title="Children looked after per 10,000", unit=Unit.RATE_PER_10000)
    IndicatorValueFactory(indicator=poverty, value=20.1)
    return poverty


def test_the_catalogue_lists_filters_and_downloads(catalogue, client_for, commissioner):
    client = client_for(commissioner)
    html = client.get(reverse("needs:indicators")).content.decode()
    assert "2 indicators" in html
    filtered = client.get(reverse("needs:indicators"), {"unit": "percentage"}).content.decode()
    assert "1 indicator<" in filtered and "Children looked after" not in filtered
    with_figures = client.get(reverse("needs:indicators"), {"figures": "no"}).content.decode()
    assert "Children looked after per 10,000" in with_figures and "relative low income" not in with_figures
    csv = client.get(reverse("needs:indicators"), {"format": "csv", "q": "poverty"}).content.decode(
        "utf-8-sig"
    )
    assert csv.splitlines()[1].startswith("child-poverty,Children in relative low income families")


def test_the_catalogue_shows_the_figures_held_sorted_by_them_or_not(catalogue, client_for, commissioner):
    IndicatorValueFactory(indicator=catalogue, value=19.4, period="2024/25")
    client = client_for(commissioner)
    for sort, expected in (
        ("title", [("child-poverty", 2), ("cla-rate", 0)]),
        ("code", [("child-poverty", 2), ("cla-rate", 0)]),
        ("values", [("child-poverty", 2), ("cla-rate", 0)]),
    ):
        page = client.get(reverse("needs:indicators"), {"sort": sort}).context["page_obj"]
        assert [(indicator.code, indicator.value_count) for indicator in page.object_list] == expected, sort
    csv = client.get(reverse("needs:indicators"), {"format": "csv"}).content.decode("utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in csv[1:]] == ["child-poverty", "cla-rate"]
    assert ",2," in csv[1] and ",0," in csv[2]


def test_the_catalogue_page_needs_a_bounded_number_of_queries(
    catalogue, client_for, commissioner, django_assert_max_num_queries
):
    client = client_for(commissioner)
    client.get(reverse("needs:indicators"))
    for index in range(20):
        IndicatorFactory(code=f"extra-{index}", title=f"Extra {index}")
    with django_assert_max_num_queries(13):
        response = client.get(reverse("needs:indicators"))
    assert "22 indicators" in response.content.decode()


def test_an_indicator_is_changed_with_its_history_kept(catalogue, client_for, commissioner):
    client = client_for(commissioner)
    url = reverse("needs:indicator-change", args=["child-poverty"])
    form = client.get(url).content.decode()
    assert "Names in tidy files" in form
    response = client.post(
        url,
        {
            "version": catalogue.version,
            "code": "child-poverty",
            "title": "Children in relative low income families (under 16s)",
            "unit": "percentage",
            "polarity": "lower_is_better",
            "frequency": "financial_year",
            "import_names": "Children in relative low income families (under 16s) | Percentage",
        },
    )
    assert response.url == catalogue.get_absolute_url()
    catalogue.refresh_from_db()
    assert catalogue.polarity == "lower_is_better"
    assert catalogue.import_names == ["Children in relative low income families (under 16s) | Percentage"]
    history = client.get(reverse("needs:indicator-history", args=["child-poverty"])).content.decode()
    assert "lower_is_better" in history or "Lower is better" in history


def test_a_stale_or_bad_change_is_refused(catalogue, client_for, commissioner):
    client = client_for(commissioner)
    url = reverse("needs:indicator-change", args=["child-poverty"])
    base = {
        "code": "child-poverty",
        "title": "T",
        "unit": "percentage",
        "polarity": "no_judgement",
        "frequency": "other",
    }
    stale = client.post(url, {**base, "version": catalogue.version - 1}).content.decode()
    assert "There is a problem" in stale
    renamed = client.post(url, {**base, "version": catalogue.version, "code": "poverty"}).content.decode()
    assert "The code cannot change once values are held" in renamed
    no_bar = client.post(
        url, {**base, "version": catalogue.version, "import_names": "Poverty"}
    ).content.decode()
    assert "Write “Poverty” as the indicator and the measure separated by “|”." in no_bar


def test_an_indicator_is_added_archived_and_restored(db, client_for, commissioner):
    client = client_for(commissioner)
    response = client.post(
        reverse("needs:indicator-add"),
        {
            "code": "young-carers",
            "title": "Young carers known",
            "unit": "count",
            "polarity": "no_judgement",
            "frequency": "other",
        },
    )
    indicator = Indicator.objects.get(code="young-carers")
    assert response.url == indicator.get_absolute_url()
    detail = client.get(indicator.get_absolute_url()).content.decode()
    assert "No figures have been imported for this indicator yet." in detail
    client.post(reverse("needs:indicator-archive", args=["young-carers"]), {"reason": "Duplicate of ni-117"})
    indicator.refresh_from_db()
    assert indicator.is_archived
    listed = client.get(reverse("needs:indicators")).content.decode()
    assert indicator.get_absolute_url() not in listed
    client.post(reverse("needs:indicator-restore", args=["young-carers"]), {"reason": ""})
    indicator.refresh_from_db()
    assert not indicator.is_archived


def test_the_add_form_shows_errors(db, client_for, commissioner):
    html = (
        client_for(commissioner).post(reverse("needs:indicator-add"), {"code": "Bad Code"}).content.decode()
    )
    assert "There is a problem" in html
    assert "Enter the indicator&#x27;s title" in html or "Enter the indicator's title" in html
