import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from commissioning.cycle.tests.factories import ActivityFactory
from commissioning.governance import pack, services
from commissioning.monitoring.tests.factories import AgreementFactory, KpiFactory


def _text(content: bytes) -> tuple[str, list[str]]:
    reader = PdfReader(io.BytesIO(content))
    pages = [page.extract_text() for page in reader.pages]
    return "\n".join(pages), pages


@pytest.fixture
def full_meeting(manager, meeting, sub_group):
    activity = ActivityFactory(title="Early help redesign")
    agreement = AgreementFactory(title="Family support service", reference="CON-2026-777")
    KpiFactory(agreement=agreement, name="Families supported")
    services.agenda_item_add(
        actor=manager,
        meeting=meeting,
        data={
            "title": "Early help redesign",
            "kind": "record",
            "purpose": "decision",
            "summary": "Approve the redesign.",
        },
        record=activity,
    )
    services.agenda_item_add(
        actor=manager, meeting=meeting, data={"title": "Family support", "kind": "record"}, record=agreement
    )
    services.agenda_item_add(
        actor=manager, meeting=meeting, data={"title": "Performance dashboard", "kind": "performance"}
    )
    action = services.action_create(
        actor=manager,
        data={
            "reference": "AP-07",
            "title": "Map pooled budgets",
            "owner_body": sub_group,
            "due_on": date(2026, 12, 1),
        },
    )
    services.action_progress(
        actor=manager,
        action=action,
        written_on=date(2026, 10, 20),
        status="on_track",
        note="Figures in from two partners.",
        expected_version=action.version,
    )
    return meeting


def test_board_pack_has_contents_with_page_numbers_reports_and_progress(full_meeting):
    content = pack.render_pack(full_meeting)
    text, pages = _text(content)
    reader = PdfReader(io.BytesIO(content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged
    assert "Contents" in pages[0]
    # The contents lists every part with the page it starts on, and the parts are on those pages.
    for title in ("Agenda", "Item 1: Early help redesign", "Decisions needed", "Action plan progress"):
        line = next(line for line in pages[0].splitlines() if title in line)
        page_number = int(line.rsplit("page", 1)[1].strip())
        assert title.split(":")[0] in pages[page_number - 1]
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert "Activity summary: Early help redesign" in text
    assert "Performance: CON-2026-777 Family support service" in text and "Families supported" in text
    assert "Live agreements by rating" in text
    assert "Approve the redesign." in text  # decisions needed
    assert "AP-07" in text and "Figures in from two partners." in text


def test_each_part_downloads_separately(client_for, manager, full_meeting):
    client = client_for(manager)
    response = client.get(reverse("governance:pack-part", args=[full_meeting.pk, "decisions"]))
    assert response["Content-Type"] == "application/pdf"
    text, _ = _text(response.content)
    assert "Decisions needed" in text and "Early help redesign" in text
    assert client.get(reverse("governance:pack-part", args=[full_meeting.pk, "nothing"])).status_code == 404


def test_board_members_download_packs_providers_cannot(client_for, board_member, provider_user, full_meeting):
    url = reverse("governance:pack", args=[full_meeting.pk])
    assert client_for(board_member).get(url)["Content-Type"] == "application/pdf"
    assert client_for(provider_user).get(url).status_code == 403


def test_pack_for_an_empty_agenda_says_so(meeting):
    text, _ = _text(pack.render_pack(meeting))
    assert "There is nothing on the agenda yet." in text
    assert "No items on this agenda are for decision." in text


def test_a_decision_does_not_appear_as_needed_when_the_item_is_for_information(manager, meeting):
    services.agenda_item_add(
        actor=manager, meeting=meeting, data={"title": "For noting", "purpose": "information"}
    )
    parts = {p.slug: p for p in pack.pack_parts(meeting)}
    assert parts["decisions"].context["items"] == []


def test_the_list_of_downloads_matches_the_parts_of_the_pack(full_meeting):
    from commissioning.governance import selectors

    built = [(p.slug, p.title) for p in pack.pack_parts(full_meeting)]
    assert pack.part_titles(selectors.agenda_of(full_meeting)) == built
