import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.frameworks.models import Framework
from commissioning.procurement.specifications import selectors, services
from commissioning.procurement.specifications.models import Specification, SpecificationVersion
from commissioning.procurement.specifications.tests.conftest import HEADINGS

pytestmark = pytest.mark.django_db


def edit_data(specification, **overrides):
    version = selectors.version_of(specification)
    data = {f"section_{s.ref}": s.text for s in version.sections.all()}
    data |= {
        "version": specification.version,
        "change_note": "Changed",
        "kpis-TOTAL_FORMS": "2",
        "kpis-INITIAL_FORMS": "0",
        "kpis-MIN_NUM_FORMS": "0",
        "kpis-MAX_NUM_FORMS": "1000",
    }
    return data | overrides


# Permissions ------------------------------------------------------------------------------------------------


def test_a_provider_sees_nothing(client_for, provider_user, specification):
    client = client_for(provider_user)
    assert client.get(reverse("specifications:list")).status_code == 403
    assert client.get(reverse("specifications:detail", args=[specification.pk])).status_code == 403
    assert client.get(reverse("specifications:pdf", args=[specification.pk])).status_code == 403
    assert client.get(reverse("specifications:docx", args=[specification.pk])).status_code == 403


def test_a_partnership_reader_reads_but_cannot_write(client_for, board_member, specification):
    client = client_for(board_member)
    page = client.get(reverse("specifications:detail", args=[specification.pk]))
    assert page.status_code == 200
    assert "Family support service" in page.text
    assert "Change the specification" not in page.text
    assert "Record approval" not in page.text
    assert client.get(reverse("specifications:edit", args=[specification.pk])).status_code == 403
    assert client.post(reverse("specifications:edit", args=[specification.pk]), {}).status_code == 403
    assert client.get(reverse("specifications:start")).status_code == 403
    assert client.post(reverse("specifications:approve", args=[specification.pk]), {}).status_code == 403
    assert Specification.objects.get(pk=specification.pk).current_number == 1


def test_a_procurement_manager_writes(client_for, procurement_manager, specification):
    client = client_for(procurement_manager)
    response = client.post(
        reverse("specifications:edit", args=[specification.pk]),
        edit_data(specification, section_H1="Family support", change_note="Named it"),
    )
    assert response.status_code == 302
    assert (
        selectors.version_of(Specification.objects.get(pk=specification.pk)).created_by == procurement_manager
    )


def test_signed_out_people_are_sent_to_sign_in(client, specification):
    response = client.get(reverse("specifications:detail", args=[specification.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"] or "sign-in" in response["Location"]


# The list ---------------------------------------------------------------------------------------------------


def test_list_searches_filters_and_exports(client_for, commissioner, approved, activity):
    services.specification_start(actor=commissioner, activity=activity, title="Youth work service")
    client = client_for(commissioner)
    page = client.get(reverse("specifications:list"))
    assert "Family support service" in page.text and "Youth work service" in page.text
    page = client.get(reverse("specifications:list"), {"status": "approved"})
    assert "Family support service" in page.text and "Youth work service" not in page.text
    page = client.get(reverse("specifications:list"), {"q": "youth"})
    assert "Family support service" not in page.text and "Youth work service" in page.text
    response = client.get(reverse("specifications:list"), {"status": "draft", "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Title", "Commissioning activity", "Cycle year", "Status"]
    assert [row[0] for row in rows[1:]] == ["Youth work service"]


def test_list_queries_do_not_grow_with_the_rows(client_for, commissioner, activity):
    client = client_for(commissioner)
    services.specification_start(actor=commissioner, activity=activity, title="First")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("specifications:list"))
    for n in range(8):
        services.specification_start(actor=commissioner, activity=activity, title=f"More {n}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("specifications:list")).status_code == 200
    assert len(many) == len(few)
    assert len(many) <= 15


# Starting ---------------------------------------------------------------------------------------------------


def test_start_page_with_the_activity_chosen_creates_version_1(client_for, commissioner, activity):
    client = client_for(commissioner)
    page = client.get(reverse("specifications:start"), {"activity": activity.pk})
    assert "Service specification: Family support redesign" in page.text
    response = client.post(reverse("specifications:start"), {"activity": activity.pk, "title": "Family hubs"})
    specification = Specification.objects.get(title="Family hubs")
    assert response["Location"] == reverse("specifications:edit", args=[specification.pk])
    assert specification.current_number == 1


def test_start_errors_are_summarised(client_for, commissioner, activity):
    page = client_for(commissioner).post(
        reverse("specifications:start"), {"activity": activity.pk, "title": ""}
    )
    assert page.status_code == 200
    assert "There is a problem" in page.text
    assert 'href="#id_title"' in page.text
    assert not Specification.objects.exists()


def test_start_without_the_template_says_so(client_for, commissioner, activity):
    Framework.objects.filter(slug="wolverhampton-service-specification-template").delete()
    page = client_for(commissioner).get(reverse("specifications:start"))
    assert page.status_code == 200
    assert "not in the framework library" in page.text
    assert client_for(commissioner).post(
        reverse("specifications:start"), {"activity": activity.pk, "title": "X"}
    )
    assert not Specification.objects.exists()


# Editing ----------------------------------------------------------------------------------------------------


def test_edit_page_shows_each_heading_with_its_guidance(client_for, commissioner, specification):
    page = client_for(commissioner).get(reverse("specifications:edit", args=[specification.pk]))
    for heading in HEADINGS:
        assert heading in page.text
    assert 'aria-describedby="guidance-H7"' in page.text
    assert "What a service specification should contain" in page.text
    assert "Services should be mapped to outcomes" in page.text


def test_edit_page_shows_a_local_variation_as_guidance(client_for, commissioner, specification):
    item = Framework.objects.get(slug="wolverhampton-service-specification-template").items.get(ref="H9")
    item.local_text = "Give the whole-life cost and the yearly cost."
    item.save()
    page = client_for(commissioner).get(reverse("specifications:edit", args=[specification.pk]))
    assert "Give the whole-life cost and the yearly cost." in page.text


def test_saving_writes_a_new_version_with_kpis(client_for, commissioner, specification):
    data = edit_data(
        specification,
        section_H1="Family support",
        **{"kpis-0-measure": "Families helped", "kpis-0-target": "500", "kpis-0-frequency": "quarterly"},
    )
    response = client_for(commissioner).post(reverse("specifications:edit", args=[specification.pk]), data)
    assert response.status_code == 302
    version = selectors.version_of(Specification.objects.get(pk=specification.pk))
    assert version.number == 2
    assert [(k.measure, k.target, k.frequency) for k in version.kpis.all()] == [
        ("Families helped", "500", "quarterly")
    ]


def test_edit_errors_are_summarised_and_nothing_is_lost(client_for, commissioner, specification):
    data = edit_data(specification, section_H1="Typed text", change_note="", **{"kpis-0-target": "90%"})
    page = client_for(commissioner).post(reverse("specifications:edit", args=[specification.pk]), data)
    assert page.status_code == 200
    assert "There is a problem" in page.text
    assert "Enter what you changed" in page.text
    assert "Performance measure 1: Enter what is measured, or remove the row" in page.text
    assert 'href="#id_kpis-0-measure"' in page.text
    assert "Typed text" in page.text
    assert SpecificationVersion.objects.filter(specification=specification).count() == 1


def test_a_stale_edit_is_refused_with_a_message(client_for, commissioner, specification):
    data = edit_data(specification, section_H1="Mine")
    services.specification_save(
        actor=commissioner,
        specification=specification,
        sections={"H1": "Theirs"},
        kpis=[],
        change_note="x",
        expected_version=None,
    )
    page = client_for(commissioner).post(reverse("specifications:edit", args=[specification.pk]), data)
    assert "Someone else changed this record" in page.text
    assert (
        selectors.version_of(Specification.objects.get(pk=specification.pk)).sections.get(ref="H1").text
        == "Theirs"
    )


def test_editing_an_approved_specification_says_a_new_draft_starts(client_for, commissioner, approved):
    client = client_for(commissioner)
    assert "Start a new draft" in client.get(reverse("specifications:detail", args=[approved.pk])).text
    page = client.get(reverse("specifications:edit", args=[approved.pk]))
    assert "saving starts a new draft version" in page.text
    client.post(
        reverse("specifications:edit", args=[approved.pk]), edit_data(approved, section_H9="New cost")
    )
    detail = client.get(reverse("specifications:detail", args=[approved.pk]))
    assert "is the approved version until this draft is approved" in detail.text


# Prefill ----------------------------------------------------------------------------------------------------


def test_prefill_page_lists_the_priorities_and_indicators(
    client_for, commissioner, priorities, specification
):
    page = client_for(commissioner).get(reverse("specifications:prefill", args=[specification.pk]))
    assert "One front door" in page.text
    assert "Reduce the effects of child poverty" in page.text
    assert "19.4% (2023/24)" in page.text and "22.1% (2023/24)" in page.text
    assert "What should happen to what is already there?" not in page.text


def test_prefill_asks_before_touching_existing_content(client_for, commissioner, priorities, written):
    client = client_for(commissioner)
    page = client.get(reverse("specifications:prefill", args=[written.pk]))
    assert "What should happen to what is already there?" in page.text
    page = client.post(reverse("specifications:prefill", args=[written.pk]), {"version": written.version})
    assert "There is a problem" in page.text
    assert "Choose whether to add" in page.text
    assert Specification.objects.get(pk=written.pk).current_number == 2
    response = client.post(
        reverse("specifications:prefill", args=[written.pk]), {"version": written.version, "mode": "add"}
    )
    assert response.status_code == 302
    version = selectors.version_of(Specification.objects.get(pk=written.pk))
    assert version.sections.get(ref="H7").text.startswith("Text for heading 7.")


def test_prefill_without_priorities_explains(client_for, commissioner, specification):
    page = client_for(commissioner).get(reverse("specifications:prefill", args=[specification.pk]))
    assert "has no priorities yet" in page.text


# Approval ---------------------------------------------------------------------------------------------------


def test_approval_form_errors_and_success(client_for, commissioner, written):
    client = client_for(commissioner)
    url = reverse("specifications:approve", args=[written.pk])
    page = client.post(url, {"version": written.version, "approved_by_body": ""})
    assert "There is a problem" in page.text
    assert "Enter the board or body" in page.text
    response = client.post(
        url,
        {
            "version": written.version,
            "approved_by_body": "Commissioning Board",
            "decision_reference": "CB 7",
            "approved_on_0": "20",
            "approved_on_1": "1",
            "approved_on_2": "2026",
        },
    )
    assert response.status_code == 302
    detail = client.get(reverse("specifications:detail", args=[written.pk]))
    assert "Approved by Commissioning Board on 20 January 2026, decision CB 7" in detail.text


def test_approval_of_an_incomplete_specification_lists_what_is_missing(
    client_for, commissioner, specification
):
    page = client_for(commissioner).post(
        reverse("specifications:approve", args=[specification.pk]),
        {
            "version": specification.version,
            "approved_by_body": "Board",
            "approved_on_0": "1",
            "approved_on_1": "2",
            "approved_on_2": "2026",
        },
    )
    assert "Write every section before approval" in page.text
    assert Specification.objects.get(pk=specification.pk).approved_number is None


# Versions and comparing -------------------------------------------------------------------------------------


def test_versions_page_and_an_old_version(client_for, commissioner, approved):
    client = client_for(commissioner)
    page = client.get(reverse("specifications:versions", args=[approved.pk]))
    assert "Version 2" in page.text and "Version 1" in page.text
    assert "Every section written" in page.text
    old = client.get(reverse("specifications:version", args=[approved.pk, 1]))
    assert "Started from the Wolverhampton service specification template" in old.text
    assert client.get(reverse("specifications:version", args=[approved.pk, 9])).status_code == 404


def test_compare_shows_each_changed_section_word_by_word(client_for, commissioner, written):
    services.specification_save(
        actor=commissioner,
        specification=written,
        sections={"H9": "Text for heading nine, revised."},
        kpis=[{"measure": "Families helped", "target": "500"}],
        change_note="Cost",
        expected_version=None,
    )
    page = client_for(commissioner).get(
        reverse("specifications:compare", args=[written.pk]), {"from": 2, "to": 3}
    )
    assert "1 section changed, and the performance measures changed" in page.text
    assert (
        '<del class="app-diff__del"><span class="govuk-visually-hidden">[removed: </span>9.<span' in page.text
    )
    assert "[added: </span>nine, revised.<span" in page.text
    assert "Added: Families helped (target 500)" in page.text


def test_compare_with_bad_versions_says_what_to_do(client_for, commissioner, written):
    client = client_for(commissioner)
    url = reverse("specifications:compare", args=[written.pk])
    assert "Choose two different versions" in client.get(url, {"from": 2, "to": 2}).text
    assert "Choose versions between 1 and 2" in client.get(url, {"from": 1, "to": 7}).text
    assert "Choose two versions to compare" in client.get(url, {"from": "x"}).text


def test_history_tab_lists_the_versions_saved(client_for, commissioner, approved):
    page = client_for(commissioner).get(reverse("specifications:history", args=[approved.pk]))
    assert "Version 2 saved: Every section written" in page.text
    assert "Version 2 approved by Commissioning Board" in page.text


def test_archive_needs_a_reason_and_restore(client_for, commissioner, specification):
    client = client_for(commissioner)
    url = reverse("specifications:archive", args=[specification.pk])
    page = client.post(url, {"reason": ""})
    assert "There is a problem" in page.text
    client.post(url, {"reason": "Replaced by another"})
    assert Specification.objects.get(pk=specification.pk).is_archived
    assert client.get(reverse("specifications:edit", args=[specification.pk])).status_code == 302
    client.post(reverse("specifications:restore", args=[specification.pk]), {"reason": ""})
    assert not Specification.objects.get(pk=specification.pk).is_archived


# The activity page ------------------------------------------------------------------------------------------


def test_activity_page_links_to_the_specification(client_for, commissioner, approved, activity):
    page = client_for(commissioner).get(reverse("cycle:detail", args=[activity.pk]))
    assert 'id="service-specification"' in page.text
    assert approved.get_absolute_url() in page.text
    assert "(approved, version 2)" in page.text


def test_activity_page_offers_to_start_one(client_for, commissioner, activity):
    page = client_for(commissioner).get(reverse("cycle:detail", args=[activity.pk]))
    assert f"{reverse('specifications:start')}?activity={activity.pk}" in page.text


def test_a_kpi_row_can_be_removed(client_for, commissioner, specification):
    services.specification_save(
        actor=commissioner,
        specification=specification,
        sections={},
        kpis=[{"measure": "Keep me"}, {"measure": "Remove me"}],
        change_note="Two measures",
        expected_version=None,
    )
    specification.refresh_from_db()
    client = client_for(commissioner)
    page = client.get(reverse("specifications:edit", args=[specification.pk]))
    assert "Remove performance measure 2" in page.text
    data = edit_data(
        specification,
        change_note="One measure fewer",
        **{
            "kpis-TOTAL_FORMS": "4",
            "kpis-INITIAL_FORMS": "2",
            "kpis-0-measure": "Keep me",
            "kpis-1-measure": "Remove me",
            "kpis-1-DELETE": "on",
        },
    )
    assert client.post(reverse("specifications:edit", args=[specification.pk]), data).status_code == 302
    version = selectors.version_of(Specification.objects.get(pk=specification.pk))
    assert [k.measure for k in version.kpis.all()] == ["Keep me"]
    assert [k.measure for k in selectors.version_of(specification, 2).kpis.all()] == ["Keep me", "Remove me"]
