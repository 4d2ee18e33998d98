"""The area pages: who may see and change them, search and filters, CSV, details, other names, neighbour
sets, the home area and history."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.needs.areas.importers import neighbours_import
from commissioning.needs.areas.services import home_area_set, neighbour_set_save
from commissioning.needs.models import AreaAlias, NeedsSettings, NeighbourSet
from commissioning.needs.tests.areas.conftest import NEIGHBOURS_FILE, shared_file
from commissioning.needs.tests.factories import AreaFactory

LIST = reverse("needs:area-list")
SETTINGS = reverse("needs:area-settings")


def detail(code):
    return reverse("needs:area-detail", args=[code])


def page_text(response) -> str:
    return response.content.decode()


@pytest.fixture
def with_neighbours(areas):
    neighbours_import(content=shared_file(NEIGHBOURS_FILE).read_bytes(), file_name="neighbours.csv")
    return areas


# Permissions ------------------------------------------------------------------------------------------------


def all_pages(code="E08000009", alias_pk=1):
    return [
        LIST,
        SETTINGS,
        detail(code),
        reverse("needs:area-history", args=[code]),
        reverse("needs:area-alias-add", args=[code]),
        reverse("needs:area-alias-remove", args=[code, alias_pk]),
        reverse("needs:area-neighbours", args=[code]),
        reverse("needs:area-neighbours-history", args=[code]),
    ]


def test_a_provider_user_is_refused_every_page(with_neighbours, provider_user, client_for):
    client = client_for(provider_user)
    for url in all_pages():
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "x", "home_area": "E08000009"}).status_code == 403, url
    assert not AreaAlias.objects.filter(name="x").exists()
    assert not NeedsSettings.objects.exists()


def test_signed_out_people_are_sent_to_sign_in(areas, client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert "sign-in" in response["Location"]


def test_a_commissioner_can_see_but_not_change(with_neighbours, commissioner, client_for):
    client = client_for(commissioner)
    assert client.get(LIST).status_code == 200
    response = client.get(detail("E06000047"))
    assert response.status_code == 200
    assert "Add another name" not in page_text(response)
    assert "Change the statistical neighbours" not in page_text(response)
    alias = AreaAlias.objects.get(name="Durham")
    for url in (
        reverse("needs:area-alias-add", args=["E06000047"]),
        reverse("needs:area-alias-remove", args=["E06000047", alias.pk]),
        reverse("needs:area-neighbours", args=["E06000047"]),
        SETTINGS,
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, {"name": "Co Durham"}).status_code == 403
    assert AreaAlias.objects.filter(area__code="E06000047").count() == 1


def test_a_partnership_manager_can_change_areas_but_not_the_home_area(
    with_neighbours, partnership_manager, client_for
):
    client = client_for(partnership_manager)
    assert client.get(reverse("needs:area-alias-add", args=["E08000009"])).status_code == 200
    assert client.get(reverse("needs:area-neighbours", args=["E08000009"])).status_code == 200
    assert client.get(SETTINGS).status_code == 403
    assert client.post(SETTINGS, {"home_area": "E08000009"}).status_code == 403
    assert "Set the home area" not in page_text(client.get(LIST))


# The list ---------------------------------------------------------------------------------------------------


def test_the_list_shows_areas_and_the_home_area(areas, administrator, client_for):
    client = client_for(administrator)
    response = client.get(LIST)
    text = page_text(response)
    assert "No home area has been set yet" in text
    assert "Set the home area" in text
    assert response.context["page_obj"].paginator.count == 175
    home_area_set(actor=administrator, area=areas["E08000009"])
    text = page_text(client.get(LIST + "?q=trafford"))
    assert 'Home area: <a class="govuk-link" href="/needs/areas/E08000009/">Trafford</a> (E08000009)' in text
    assert "Change the home area" in text


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("q=Trafford", {"E08000009"}),
        ("q=e08000009", {"E08000009"}),
        ("q=358", {"E08000009"}),
        ("q=825", {"E10000002", "E06000060"}),
        ("q=Bedford+Borough", {"E06000055"}),
        ("q=Kingston+upon+Hull", {"E06000010"}),
        ("q=City+of+Bristol", {"E06000023"}),
        ("q=Northamptonshire&status=former", {"E10000021"}),
        ("q=Northamptonshire&status=current", {"E06000061", "E06000062"}),
        (
            "status=former",
            {
                "E06000028",
                "E06000029",
                "E06000048",
                "E08000020",
                "E10000002",
                "E10000006",
                "E10000009",
                "E10000021",
                "E10000023",
                "E10000027",
            },
        ),
        ("type=country", {"E92000001"}),
        ("region=E12000001&q=Gateshead", {"E08000020", "E08000037"}),
    ],
)
def test_search_and_filters(areas, commissioner, client_for, query, codes):
    response = client_for(commissioner).get(f"{LIST}?{query}")
    assert {area.code for area in response.context["page_obj"].paginator.object_list} == codes


def test_filters_count_and_sort(areas, commissioner, client_for):
    client = client_for(commissioner)
    assert client.get(f"{LIST}?type=region").context["page_obj"].paginator.count == 11
    london = client.get(f"{LIST}?region=E12000007&status=current").context["page_obj"].paginator.count
    assert london == 33 + 2
    by_code = client.get(f"{LIST}?type=local_authority&sort=code").context["object_list"]
    assert [a.code for a in by_code][:2] == ["E06000001", "E06000002"]
    by_name = client.get(f"{LIST}?type=local_authority").context["object_list"]
    assert by_name[0].name == "Barking and Dagenham"


def test_pagination_keeps_the_filters(areas, commissioner, client_for):
    response = client_for(commissioner).get(f"{LIST}?type=local_authority&page=2")
    assert response.context["page_obj"].number == 2
    assert 'href="?type=local_authority&amp;page=3"' in page_text(response)


def test_no_match_has_a_clear_empty_state(areas, commissioner, client_for):
    text = page_text(client_for(commissioner).get(f"{LIST}?q=Gotham"))
    assert "No areas match" in text
    assert "clear the filters" in text


def test_with_no_areas_loaded(db, commissioner, client_for):
    assert "load_areas" in page_text(client_for(commissioner).get(LIST))


def test_the_csv_download_has_the_filtered_rows(areas, commissioner, client_for):
    response = client_for(commissioner).get(f"{LIST}?q=Northamptonshire&format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Name",
        "ONS code",
        "DfE code",
        "Type",
        "Kind of authority",
        "Parent",
        "Parent code",
        "Start date",
        "End date",
        "Other names",
    ]
    assert rows[1:] == [
        [
            "North Northamptonshire",
            "E06000061",
            "940",
            "Local authority",
            "Unitary authority",
            "East Midlands",
            "E12000004",
            "2021-04-01",
            "",
            "",
        ],
        [
            "Northamptonshire",
            "E10000021",
            "928",
            "Local authority",
            "County council",
            "East Midlands",
            "E12000004",
            "",
            "2021-04-01",
            "",
        ],
        [
            "West Northamptonshire",
            "E06000062",
            "941",
            "Local authority",
            "Unitary authority",
            "East Midlands",
            "E12000004",
            "2021-04-01",
            "",
            "",
        ],
    ]


def test_the_list_queries_do_not_grow_with_rows(areas, commissioner, client_for):
    client = client_for(commissioner)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(f"{LIST}?type=region")
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    with CaptureQueriesContext(connection) as csv_export:
        client.get(f"{LIST}?format=csv")
    assert len(few) == len(many)
    assert len(csv_export) <= len(many)


# Details and history ---------------------------------------------------------------------------------------


def test_an_authority_with_its_codes_neighbours_and_who_lists_it(with_neighbours, administrator, client_for):
    home_area_set(actor=administrator, area=with_neighbours["E08000009"])
    response = client_for(administrator).get(detail("E08000009"))
    text = page_text(response)
    assert "Metropolitan district · E08000009" in text
    assert "Home area</strong>" in text
    assert "358" in text
    assert [n.area.name for n in response.context["neighbour_set"].neighbours.all()][:3] == [
        "Hertfordshire",
        "Stockport",
        "Buckinghamshire",
    ]
    listed_by = {n.neighbour_set.area.name: n.rank for n in response.context["listed_by"]}
    assert listed_by["Stockport"] >= 1
    assert "Authorities that count Trafford as a neighbour" in text
    assert "Change the statistical neighbours" in text


def test_a_former_authority_with_its_successors(areas, commissioner, client_for):
    text = page_text(client_for(commissioner).get(detail("E10000021")))
    assert "Former: ended on 1 April 2021" in text
    assert "North Northamptonshire</a> (E06000061)" in text
    assert "West Northamptonshire</a> (E06000062)" in text
    assert "Statistical neighbours" not in text
    successor = page_text(client_for(commissioner).get(detail("E06000061")))
    assert "Northamptonshire</a> (E10000021), until 1 April 2021" in successor
    assert "has no statistical neighbours yet" in successor


def test_a_region_lists_its_authorities(areas, commissioner, client_for):
    text = page_text(client_for(commissioner).get(detail("E12000002")))
    assert "Areas in North West" in text
    assert ">Trafford</a> (E08000009)" in text
    assert "North West Region" in text


def test_an_unknown_area_is_not_found(areas, commissioner, client_for):
    assert client_for(commissioner).get(detail("E06000999")).status_code == 404


def test_the_detail_page_queries_do_not_grow_with_neighbours(with_neighbours, commissioner, client_for):
    client = client_for(commissioner)
    client.get(detail("E06000053"))
    with CaptureQueriesContext(connection) as authority:
        client.get(detail("E08000009"))
    with CaptureQueriesContext(connection) as other:
        client.get(detail("E10000015"))
    assert len(authority) == len(other)


def test_history_pages(with_neighbours, administrator, client_for):
    client = client_for(administrator)
    client.post(
        reverse("needs:area-alias-add", args=["E08000009"]), {"name": "Trafford Council", "source": "ONS"}
    )
    text = page_text(client.get(reverse("needs:area-history", args=["E08000009"])))
    assert "Other name added: Trafford Council (used by ONS)" in text
    text = page_text(client.get(reverse("needs:area-neighbours-history", args=["E08000009"])))
    assert "Imported from neighbours.csv: 1. Hertfordshire; 2. Stockport" in text
    assert client.get(reverse("needs:area-neighbours-history", args=["E10000021"])).status_code == 404


# Other names ------------------------------------------------------------------------------------------------


def test_add_another_name(areas, partnership_manager, client_for):
    client = client_for(partnership_manager)
    url = reverse("needs:area-alias-add", args=["E08000009"])
    assert "Add another name for Trafford" in page_text(client.get(url))
    response = client.post(url, {"name": "Trafford MBC", "source": "Ofsted"})
    assert response.status_code == 302
    assert response["Location"] == detail("E08000009")
    alias = AreaAlias.objects.get(name="Trafford MBC")
    assert (alias.area.code, alias.source) == ("E08000009", "Ofsted")


def test_add_another_name_with_errors_keeps_what_was_typed(areas, partnership_manager, client_for):
    client = client_for(partnership_manager)
    url = reverse("needs:area-alias-add", args=["E08000009"])
    response = client.post(url, {"name": "Stockport", "source": "A typo"})
    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text
    assert "is the name of another area, Stockport (E08000007)" in text
    assert 'value="A typo"' in text
    assert client.post(url, {"name": ""}).context["form"].errors["name"] == ["Enter the other name"]
    assert not AreaAlias.objects.filter(area__code="E08000009").exists()


def test_remove_another_name_after_confirming(areas, partnership_manager, client_for):
    client = client_for(partnership_manager)
    alias = AreaAlias.objects.get(name="Durham")
    url = reverse("needs:area-alias-remove", args=["E06000047", alias.pk])
    text = page_text(client.get(url))
    assert "Remove “Durham” as another name for County Durham?" in text
    assert "govuk-button--warning" in text
    response = client.post(url)
    assert response["Location"] == detail("E06000047")
    assert not AreaAlias.objects.filter(pk=alias.pk).exists()
    assert client.get(url).status_code == 404


def test_an_alias_of_another_area_cannot_be_removed_through_this_one(areas, partnership_manager, client_for):
    alias = AreaAlias.objects.get(name="Durham")
    url = reverse("needs:area-alias-remove", args=["E08000009", alias.pk])
    assert client_for(partnership_manager).post(url).status_code == 404
    assert AreaAlias.objects.filter(pk=alias.pk).exists()


# Neighbour sets ---------------------------------------------------------------------------------------------


def test_the_neighbour_form_starts_with_the_current_set(with_neighbours, partnership_manager, client_for):
    response = client_for(partnership_manager).get(reverse("needs:area-neighbours", args=["E08000009"]))
    form = response.context["form"]
    assert form.initial["neighbour_1"] == "E10000015"
    assert form.initial["neighbour_10"] == "E08000029"
    assert form.initial["version"] == 1
    assert "E08000009" not in dict(form.fields["neighbour_1"].choices)
    assert "E10000021" not in dict(form.fields["neighbour_1"].choices)


def test_save_neighbours(areas, partnership_manager, client_for):
    url = reverse("needs:area-neighbours", args=["E08000009"])
    response = client_for(partnership_manager).post(
        url, {"neighbour_1": "E08000007", "neighbour_3": "E10000015", "source": "Local choice", "version": ""}
    )
    assert response["Location"] == detail("E08000009")
    neighbour_set = NeighbourSet.objects.get(area__code="E08000009")
    assert [n.area.code for n in neighbour_set.neighbours.order_by("rank")] == ["E08000007", "E10000015"]
    assert neighbour_set.source == "Local choice"


def test_save_neighbours_with_a_duplicate_shows_the_error_by_the_place(
    areas, partnership_manager, client_for
):
    url = reverse("needs:area-neighbours", args=["E08000009"])
    response = client_for(partnership_manager).post(
        url, {"neighbour_1": "E08000007", "neighbour_2": "E08000007"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["neighbour_2"] == ["Stockport is already in place 1."]
    assert 'href="#id_neighbour_2"' in page_text(response)
    assert not NeighbourSet.objects.exists()


def test_save_neighbours_refuses_itself_and_unknown_codes(areas, partnership_manager, client_for):
    url = reverse("needs:area-neighbours", args=["E08000009"])
    response = client_for(partnership_manager).post(
        url, {"neighbour_1": "E08000009", "neighbour_2": "E10000021"}
    )
    errors = response.context["form"].errors
    assert errors["neighbour_1"] == ["Choose a current local authority from the list"]
    assert errors["neighbour_2"] == ["Choose a current local authority from the list"]
    assert not NeighbourSet.objects.exists()


def test_save_neighbours_refuses_a_stale_edit(areas, partnership_manager, client_for):
    url = reverse("needs:area-neighbours", args=["E08000009"])
    neighbour_set_save(actor=partnership_manager, area=areas["E08000009"], neighbours=[areas["E08000007"]])
    neighbour_set_save(
        actor=partnership_manager,
        area=areas["E08000009"],
        neighbours=[areas["E08000006"]],
        expected_version=1,
    )
    response = client_for(partnership_manager).post(url, {"neighbour_1": "E08000001", "version": "1"})
    assert "Someone else changed this record" in page_text(response)
    assert [n.area.code for n in NeighbourSet.objects.get().neighbours.all()] == ["E08000006"]


def test_former_areas_and_regions_have_no_neighbour_form(areas, partnership_manager, client_for):
    client = client_for(partnership_manager)
    for code in ("E10000021", "E12000002"):
        url = reverse("needs:area-neighbours", args=[code])
        assert client.get(url).status_code == 404
        assert client.post(url, {"neighbour_1": "E08000007"}).status_code == 404
    assert not NeighbourSet.objects.exists()


# The home area ----------------------------------------------------------------------------------------------


def test_an_administrator_sets_the_home_area(areas, administrator, client_for):
    client = client_for(administrator)
    text = page_text(client.get(SETTINGS))
    assert "No home area has been set yet." in text
    response = client.post(SETTINGS, {"home_area": "E08000009"})
    assert response["Location"] == LIST
    assert NeedsSettings.objects.get().home_area.code == "E08000009"
    text = page_text(client.get(SETTINGS))
    assert "The home area is Trafford (E08000009)." in text
    assert "Home area set to Trafford (E08000009)" in text


def test_the_home_area_must_be_chosen_from_current_authorities(areas, administrator, client_for):
    client = client_for(administrator)
    for value, message in (
        ("", "Choose the partnership's local authority"),
        ("E10000021", "Choose a current local authority from the list"),
    ):
        response = client.post(SETTINGS, {"home_area": value})
        assert response.status_code == 200
        assert response.context["form"].errors["home_area"] == [message]
        assert "There is a problem" in page_text(response)
    assert not NeedsSettings.objects.exists()


def test_a_locality_is_not_offered_as_home_area(areas, administrator, client_for):
    AreaFactory(code="E05015253", name="Old Trafford", area_type="locality", authority_kind="")
    response = client_for(administrator).get(SETTINGS)
    assert "E05015253" not in dict(response.context["form"].fields["home_area"].choices)
