import csv
import io
from decimal import Decimal

import openpyxl
import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.cycle import services as cycle_services
from commissioning.cycle.models import StepEvidence
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import OrganisationFactory, person_with_role
from commissioning.services import services
from commissioning.services.models import MarketPositionStatement, Service
from commissioning.services.tests.factories import ServiceFactory
from commissioning.services.tests.test_analysis import register  # noqa: F401 - the fixture
from commissioning.services.tests.test_import import csv_file, row

pytestmark = pytest.mark.django_db


def form_data(provider, **overrides):
    values = {
        "reference": "EH-010",
        "name": "Family hub south",
        "provider": provider.pk,
        "service_area": "family_support",
        "tier": "targeted",
        "level": "operational_local",
        "covers_whole_area": "on",
        "target_groups": ["young_carers"],
        "age_from": "0",
        "age_to": "18",
        "annual_cost": "50000.00",
        "secured_by": "grant",
        "status": "active",
    }
    return values | overrides


# The register --------------------------------------------------------------------------------------------


def test_list_filters_and_searches(client_for, commissioner, register, north):  # noqa: F811
    client = client_for(commissioner)

    def names(**params):
        response = client.get("/services/", params)
        assert response.status_code == 200
        return [s.reference for s in response.context["object_list"]]

    # By name: Family hub north, Parenting programme, Welfare rights advice, Young carers hub, Youth club.
    assert names() == ["S1", "S2", "S3", "S5", "S4"]  # the archived S6 is hidden
    assert set(names(archived="yes")) == {"S1", "S2", "S3", "S4", "S5", "S6"}
    assert names(status="planned") == ["S5"]
    assert names(tier="universal") == ["S2", "S4"]
    assert names(sector="private") == ["S2", "S5"]
    assert names(area="early_help") == ["S3", "S5"]
    assert names(q="youth club") == ["S4"]
    assert names(q="s3") == ["S3"]
    assert names(q="meadowbank") == ["S2", "S5"]
    assert names(locality=north.pk) == ["S1", "S2", "S5", "S4"]  # in North, or the whole area
    assert names(locality="whole") == ["S2", "S5", "S4"]
    assert names(sort="cost") == ["S5", "S1", "S2", "S4", "S3"]  # a cost not recorded comes last


def test_target_group_filter_matches_whole_codes(client_for, commissioner, voluntary):
    ServiceFactory(reference="A", target_groups=["sen"], provider=voluntary)
    ServiceFactory(reference="B", target_groups=["young_carers", "care_leavers"], provider=voluntary)
    client = client_for(commissioner)
    assert [s.reference for s in client.get("/services/?group=care_leavers").context["object_list"]] == ["B"]
    assert [s.reference for s in client.get("/services/?group=sen").context["object_list"]] == ["A"]


def test_csv_and_excel_exports(client_for, commissioner, register):  # noqa: F811
    client = client_for(commissioner)
    response = client.get("/services/?tier=targeted&format=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Reference", "Name", "Description"]
    assert [r[0] for r in rows[1:]] == ["S1", "S3", "S5"]
    assert rows[1][9] == "North" and rows[1][13] == "ECM2; ECM5"
    response = client.get("/services/?tier=targeted&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Services"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][0] == "S1" and values[1][18] == 60000
    assert sheet["S2"].number_format == "£#,##0.00"


def test_list_queries_do_not_grow_with_rows(client_for, commissioner, voluntary, north, priorities, outcomes):
    client = client_for(commissioner)

    def make(count, start):
        for n in range(count):
            ServiceFactory(
                reference=f"Q-{start + n}",
                provider=voluntary,
                covers_whole_area=False,
                localities=[north],
                priorities=[priorities["early"]],
                outcomes=[outcomes["ECM1"]],
            )

    make(2, 0)
    client.get("/services/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/services/")
    make(20, 100)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/services/")
    assert len(response.context["object_list"]) == 22
    assert len(many) == len(few)


def test_add_a_service_with_an_error_first(client_for, commissioner, voluntary):
    client = client_for(commissioner)
    response = client.post(
        "/services/add/", form_data(voluntary, age_from="12", age_to="4", annual_cost="12.345")
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "The to age must be the same as or more than the from age" in content
    assert "Enter the annual cost with at most 2 decimal places" in content
    assert 'value="Family hub south"' in content  # nothing typed is lost
    assert not Service.objects.exists()
    response = client.post("/services/add/", form_data(voluntary))
    service = Service.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/services/{service.pk}/"
    assert service.annual_cost == Decimal("50000.00") and service.secured_by == "grant"
    page = client.get(f"/services/{service.pk}/").content.decode()
    assert "Family hub south" in page and "£50,000.00" in page and "Young carers" in page


def test_service_error_lands_on_the_form(client_for, commissioner, voluntary):
    client = client_for(commissioner)
    response = client.post("/services/add/", form_data(voluntary, covers_whole_area=""))
    assert "Choose the localities it serves, or that it serves the whole area." in response.content.decode()


def test_stale_edit_is_refused(client_for, commissioner, voluntary):
    service = ServiceFactory(provider=voluntary, name="Old name")
    client = client_for(commissioner)
    page = client.get(f"/services/{service.pk}/change/")
    assert page.status_code == 200
    services.service_update(
        actor=commissioner,
        service=service,
        data={"name": "Someone else's name"},
        localities=[],
        outcomes=[],
        priorities=[],
        expected_version=1,
    )
    response = client.post(
        f"/services/{service.pk}/change/",
        form_data(voluntary, reference=service.reference, name="My name", version="1"),
    )
    assert "Someone else changed this record" in response.content.decode()
    assert Service.objects.get().name == "Someone else's name"


def test_archive_restore_and_history(client_for, commissioner, voluntary):
    service = ServiceFactory(provider=voluntary)
    client = client_for(commissioner)
    page = client.get(f"/services/{service.pk}/archive/")
    assert f"Are you sure you want to archive {service}?" in page.content.decode()
    assert (
        "Enter a reason" in client.post(f"/services/{service.pk}/archive/", {"reason": ""}).content.decode()
    )
    client.post(f"/services/{service.pk}/archive/", {"reason": "Contract ended"})
    assert Service.objects.get().is_archived
    client.post(f"/services/{service.pk}/restore/", {"reason": ""})
    assert not Service.objects.get().is_archived
    history = client.get(f"/services/{service.pk}/history/").content.decode()
    assert "Contract ended" in history and "Restored" in history


def test_provider_and_panel_see_nothing(client, provider_user, voluntary, council):
    service = ServiceFactory(provider=voluntary)
    statement = MarketPositionStatement.objects.create(title="Statement")
    panel = person_with_role(Role.PANEL_MEMBER, council)
    for user in (provider_user, panel):
        client.force_login(user)
        for url in (
            "/services/",
            f"/services/{service.pk}/",
            f"/services/{service.pk}/history/",
            "/services/gaps/",
            "/services/market/",
            f"/services/market/statements/{statement.pk}/",
            f"/services/market/statements/{statement.pk}/statement.pdf",
            "/services/import/",
        ):
            assert client.get(url).status_code == 403, url
        assert client.post("/services/add/", {}).status_code == 403
        assert "/services/" not in client.get("/").content.decode()


def test_board_member_reads_but_cannot_change(client, council, voluntary):
    board = person_with_role(Role.BOARD_MEMBER, council)
    service = ServiceFactory(provider=voluntary)
    client.force_login(board)
    assert client.get(f"/services/{service.pk}/").status_code == 200
    assert "Change details" not in client.get(f"/services/{service.pk}/").content.decode()
    assert client.get(f"/services/{service.pk}/change/").status_code == 403
    assert client.get("/services/import/").status_code == 403
    assert client.get("/services/market/statements/add/").status_code == 403


def test_unknown_service_is_404(client_for, commissioner):
    assert client_for(commissioner).get("/services/999/").status_code == 404


# Import --------------------------------------------------------------------------------------------------


def upload(content, name="services.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_import_page_previews_then_imports(
    client_for, commissioner, voluntary, council, north, south, priorities, outcomes
):
    client = client_for(commissioner)
    page = client.get("/services/import/").content.decode()
    assert "Download the import template (CSV)" in page and "Only one provider could deliver" in page
    template = client.get("/services/import/template.csv")
    assert template.content.decode("utf-8-sig").startswith("Reference,Name,Description,Provider,")
    response = client.post("/services/import/", {"file": upload(csv_file(row()))})
    preview = response.content.decode()
    assert "Check the import" in preview and "EH-001" in preview and "Add" in preview
    assert not Service.objects.exists()
    response = client.post("/services/import/confirm/")
    assert response.status_code == 302
    assert Service.objects.get().reference == "EH-001"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "Services: 1 added, 0 updated, 0 unchanged." in messages[0]


def test_import_page_lists_every_problem(
    client_for, commissioner, voluntary, council, north, south, priorities, outcomes
):
    client = client_for(commissioner)
    response = client.post(
        "/services/import/",
        {"file": upload(csv_file(row(Provider="Nobody"), row(Reference="B", Tier="Tier 9")))},
    )
    content = response.content.decode()
    assert "The file has 2 problems. Nothing has been imported." in content
    assert "No organisation is called or numbered “Nobody”" in content
    assert "“Tier 9” is not a tier the register knows" in content
    assert not Service.objects.exists()
    assert client.post("/services/import/confirm/").status_code == 302
    assert not Service.objects.exists()


def test_import_page_refuses_other_file_types(client_for, commissioner):
    response = client_for(commissioner).post("/services/import/", {"file": upload(b"x", name="services.pdf")})
    assert "The file must be a CSV file or an Excel workbook (.xlsx)" in response.content.decode()


# Gaps and overlaps ---------------------------------------------------------------------------------------


@pytest.fixture
def activity(commissioner, council):
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


def test_gap_page_shows_gaps_overlaps_spend_and_the_rule(client_for, commissioner, register):  # noqa: F811
    response = client_for(commissioner).get("/services/gaps/")
    content = response.content.decode()
    assert response.context["matrix"].gaps[0].label == "Support young carers"
    assert '<th scope="row" class="govuk-table__header">Support young carers' in content
    assert 'govuk-tag--red">Gap</strong>' in content and "Overlap: 3" in content
    assert "counts an equal share of its annual cost towards each" in content
    assert "£60,000.00" in content
    outcome = client_for(commissioner).get("/services/gaps/?by=outcome")
    assert outcome.context["things"] == "outcomes" and "Be healthy" in outcome.content.decode()


def test_gap_csv(client_for, commissioner, register):  # noqa: F811
    response = client_for(commissioner).get("/services/gaps/?by=priority&format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Priority", "Detail", "S1", "S2", "S3", "S4", "Services", "Finding", "Spend (£)"]
    early = next(r for r in rows if r[0] == "Help families earlier")
    assert early[2:6] == ["Yes", "Yes", "Yes", ""] and early[6:] == ["3", "Overlap: 3 services", "60000.00"]


def test_save_findings_as_evidence(client_for, commissioner, register, activity):  # noqa: F811
    client = client_for(commissioner)
    response = client.post(
        "/services/gaps/",
        {"by": "priority", "activity": activity.pk, "steps": ["4", "5"], "title": "Gap analysis"},
    )
    assert response.status_code == 302 and response["Location"] == f"/activities/{activity.pk}/steps/4/"
    evidence = StepEvidence.objects.filter(step__activity=activity).order_by("step__number")
    assert [e.step.number for e in evidence] == [4, 5]
    assert "Support young carers" in evidence[0].text
    response = client.post("/services/gaps/", {"by": "priority", "activity": activity.pk, "title": "Again"})
    assert "Choose step 4, step 5 or both" in response.content.decode()


def test_cannot_save_findings_on_someone_elses_activity(client, council, register, activity):  # noqa: F811
    other = person_with_role(Role.COMMISSIONER)  # in another partner organisation
    client.force_login(other)
    response = client.post(
        "/services/gaps/",
        {"by": "priority", "activity": activity.pk, "steps": ["4"], "title": "Gap analysis"},
    )
    assert (
        response.status_code == 200
        and "Select an activity you may add evidence to" in response.content.decode()
    )
    assert not StepEvidence.objects.exists()


# Market analysis and statements --------------------------------------------------------------------------


def test_market_page(client_for, commissioner, register):  # noqa: F811
    content = client_for(commissioner).get("/services/market/").content.decode()
    assert "5,800: Highly concentrated" in content
    assert "does not record the size of organisations" in content
    assert "Welfare rights advice" in content  # only one provider could deliver it
    assert "70.0%" in content


def test_statement_drafted_edited_with_history_and_pdf(client_for, commissioner, register):  # noqa: F811
    client = client_for(commissioner)
    response = client.post("/services/market/statements/add/", {"title": "Market position statement 2026/27"})
    statement = MarketPositionStatement.objects.get()
    assert response["Location"] == f"/services/market/statements/{statement.pk}/"
    assert "Herfindahl-Hirschman index is 5,800: highly concentrated" in statement.concentration
    assert "Support young carers" in statement.demand and "No running service addresses" in statement.demand
    assert "Voluntary, community and faith: £70,000.00 (70.0%)" in statement.spend
    assert statement.intentions == ""
    client.post(
        f"/services/market/statements/{statement.pk}/change/",
        {
            "title": statement.title,
            **{name: getattr(statement, name) for name in MarketPositionStatement.SECTIONS},
            "intentions": "Commission a young carers service from April 2027.",
            "version": "1",
        },
    )
    statement.refresh_from_db()
    assert statement.version == 2 and statement.intentions.startswith("Commission a young carers")
    stale = client.post(
        f"/services/market/statements/{statement.pk}/change/", {"title": "Lost", "version": "1"}
    ).content.decode()
    assert "Someone else changed this record" in stale
    history = client.get(f"/services/market/statements/{statement.pk}/history/").content.decode()
    assert "Created" in history and "Commission a young carers" in history
    response = client.get(f"/services/market/statements/{statement.pk}/statement.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"]) and root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Market position statement 2026/27"
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Commissioning intentions" in text and "Herfindahl-Hirschman index" in text


def test_statement_archive_and_restore(client_for, commissioner):
    statement = MarketPositionStatement.objects.create(title="Old statement")
    client = client_for(commissioner)
    client.post(f"/services/market/statements/{statement.pk}/archive/", {"reason": "Replaced"})
    assert MarketPositionStatement.objects.get().is_archived
    assert list(client.get("/services/market/").context["statements"]) == []
    client.post(f"/services/market/statements/{statement.pk}/restore/", {})
    assert not MarketPositionStatement.objects.get().is_archived


def test_add_page_offers_the_localities_when_there_are_some(client_for, commissioner, voluntary, north):
    client = client_for(commissioner)
    assert "North" in client.get("/services/add/").content.decode()
    client.post("/services/add/", form_data(voluntary, covers_whole_area="", localities=[north.pk]))
    assert list(Service.objects.get().localities.all()) == [north]


def test_without_localities_a_service_serves_the_whole_area(client_for, commissioner, home):
    form = client_for(commissioner).get("/services/add/").context["form"]
    assert "localities" not in form.fields
    assert "No localities are recorded" in form.fields["covers_whole_area"].help_text


# Pages whose queries must not grow with the register -------------------------------------------------------


def grow_register(count, start, *, north, priorities, outcomes):
    """`count` running services, each from its own provider, linked to a locality, priorities and outcomes."""
    for n in range(start, start + count):
        ServiceFactory(
            reference=f"N-{n:03d}",
            name=f"Grown service {n:03d}",
            provider=OrganisationFactory(name=f"Grown provider {n:03d}"),
            annual_cost=Decimal("1000.00") if n % 3 else None,
            covers_whole_area=n % 2 == 0,
            localities=[north],
            priorities=[priorities["early"], priorities["poverty"]],
            outcomes=[outcomes["ECM1"]],
            single_provider_only=n % 5 == 0,
        )


@pytest.mark.parametrize(
    "url",
    ["/services/gaps/", "/services/gaps/?by=outcome", "/services/market/", "/services/?format=csv"],
)
def test_page_queries_do_not_grow_with_services_and_providers(
    client_for, commissioner, url, north, priorities, outcomes
):
    client = client_for(commissioner)
    grow_register(3, 0, north=north, priorities=priorities, outcomes=outcomes)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200
        return len(captured)

    queries()
    few = queries()
    grow_register(40, 100, north=north, priorities=priorities, outcomes=outcomes)
    assert queries() == few


def test_gap_page_shows_a_page_of_the_matrix_and_every_figure(
    client_for, commissioner, north, priorities, outcomes
):
    grow_register(30, 0, north=north, priorities=priorities, outcomes=outcomes)
    client = client_for(commissioner)
    first = client.get("/services/gaps/")
    assert len(first.context["matrix_page"]["lines"]) == 25
    assert first.context["matrix"].service_count == 30
    content = first.content.decode()
    assert "Services 1 to 25 of 30" in content and 'href="?by=priority&amp;analysis=&amp;page=2"' in content
    assert "Overlap: 30" in content  # every service counted, not only the page's
    second = client.get("/services/gaps/?by=priority&page=2")
    assert [line["service"].reference for line in second.context["matrix_page"]["lines"]] == [
        f"N-{n:03d}" for n in range(25, 30)
    ]
    # A locality cell names a few of its services and counts the rest.
    north_row = first.context["localities"].rows[0]
    targeted = north_row.cells[1]
    assert targeted.count == 15 and len(targeted.services) == 5 and targeted.more == 10
    assert "and 10 more" in content


def test_market_page_lists_providers_a_page_at_a_time(client_for, commissioner, north, priorities, outcomes):
    grow_register(30, 0, north=north, priorities=priorities, outcomes=outcomes)
    client = client_for(commissioner)
    response = client.get("/services/market/")
    assert response.context["figures"].provider_count == 30
    assert len(response.context["provider_rows"]) == 25
    content = response.content.decode()
    assert "Providers by share of spend: 1 to 25 of 30" in content
    assert "and 20 more" in content  # the service area's provider names beyond the first ten
    assert len(client.get("/services/market/?page=2").context["provider_rows"]) == 5


def test_csv_export_is_streamed(client_for, commissioner, register):  # noqa: F811
    response = client_for(commissioner).get("/services/?format=csv&archived=yes")
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["S1", "S6", "S2", "S3", "S5", "S4"]
    s1 = rows[1]
    assert s1[3:6] == ["Harbour Youth Trust", "Voluntary, community and faith", ""]
    assert s1[9:11] == ["North", "Parents and carers"]
    assert s1[13:15] == ["ECM2; ECM5", "Help families earlier; Reduce the effects of child poverty"]
    assert rows[2][-1] == "Yes"  # S6 is archived
