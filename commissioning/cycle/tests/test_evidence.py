import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commissioning.cycle import services
from commissioning.cycle.models import StepEvidence
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def step_of(activity, number=1):
    return activity.steps.get(number=number)


def test_text_link_and_record_evidence(commissioner, activity):
    step = step_of(activity)
    services.evidence_add(actor=commissioner, step=step, kind="text", title="Workshop", text="Held 2 June")
    services.evidence_add(
        actor=commissioner, step=step, kind="link", title="JSNA", url="https://example.org/jsna"
    )
    record = services.evidence_add(
        actor=commissioner,
        step=step,
        kind="record",
        title="Criterion",
        record_path="/frameworks/islington-commissioning-standards/items/3.3/",
    )
    assert record.record_path == "/frameworks/islington-commissioning-standards/items/3.3/"
    assert step.evidence.count() == 3


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"kind": "text", "title": "x", "text": ""}, "text", "Enter the evidence"),
        ({"kind": "link", "title": "x", "url": ""}, "url", "Enter the web address"),
        (
            {"kind": "record", "title": "x", "record_path": "https://elsewhere.example/"},
            "record_path",
            "starting with /",
        ),
        (
            {"kind": "record", "title": "x", "record_path": "/no/such/page/"},
            "record_path",
            "no page at that address",
        ),
        (
            {"kind": "record", "title": "x", "record_path": "/api/v1/frameworks/"},
            "record_path",
            "not the API",
        ),
        ({"kind": "file", "title": "x"}, "file", "Choose a file"),
        ({"kind": "text", "title": " ", "text": "y"}, "title", "Enter what this evidence is"),
    ],
)
def test_each_kind_needs_its_content(commissioner, activity, kwargs, field, message):
    with pytest.raises(ValidationError) as excinfo:
        services.evidence_add(actor=commissioner, step=step_of(activity), **kwargs)
    assert message in " ".join(excinfo.value.message_dict[field])
    assert not StepEvidence.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.exe", b"MZ\x90\x00", "must be one of"),
        ("report.pdf", b"MZ\x90\x00rest", "looks like a program"),
        ("script.txt", b"#!/bin/sh\nrm -rf /\n", "looks like a program"),
        ("fake.pdf", b"<html>not a pdf</html>", "not a real PDF"),
        ("data.csv", b"\xff\xfe\x00bad", "plain text"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_unsafe_or_wrong_files_are_refused(commissioner, activity, name, content, message, tmp_path):
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as excinfo:
        services.evidence_add(
            actor=commissioner, step=step_of(activity), kind="file", title="x", upload=upload
        )
    assert message in " ".join(excinfo.value.message_dict["file"])
    assert not StepEvidence.objects.exists()
    assert not list(tmp_path.rglob("*"))


def test_file_size_limit(settings, commissioner, activity):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 100
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * 200)
    with pytest.raises(ValidationError, match="smaller than"):
        services.evidence_add(
            actor=commissioner, step=step_of(activity), kind="file", title="x", upload=upload
        )


def test_file_is_stored_under_a_random_name_and_downloaded_only_as_attachment(
    client_for,
    commissioner,
    activity,
    tmp_path,
):
    client = client_for(commissioner)
    response = client.post(
        reverse("cycle:evidence-add", args=[activity.pk, 1]),
        {"kind": "file", "title": "Needs analysis", "file": SimpleUploadedFile("needs analysis.pdf", PDF)},
    )
    assert response.status_code == 302
    evidence = StepEvidence.objects.get()
    assert evidence.file_name == "needs analysis.pdf" and evidence.content_type == "application/pdf"
    assert "needs" not in evidence.file.name
    download = client.get(reverse("cycle:evidence-file", args=[activity.pk, 1, evidence.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF

    provider = client_for(person_with_role(Role.PROVIDER_USER))
    assert provider.get(reverse("cycle:evidence-file", args=[activity.pk, 1, evidence.pk])).status_code == 403


def test_evidence_form_errors_and_removal(client_for, commissioner, activity):
    client = client_for(commissioner)
    page = client.post(
        reverse("cycle:evidence-add", args=[activity.pk, 2]), {"kind": "link", "title": "JSNA"}
    )
    assert "Enter the web address" in page.content.decode()
    evidence = services.evidence_add(
        actor=commissioner, step=step_of(activity, 2), kind="text", title="Focus group", text="Young carers"
    )
    step_page = client.get(reverse("cycle:step", args=[activity.pk, 2])).content.decode()
    assert "Focus group" in step_page and "Young carers" in step_page
    assert step_page.count("Add evidence</span>") == 1
    client.post(reverse("cycle:evidence-remove", args=[activity.pk, 2, evidence.pk]), {"reason": "Duplicate"})
    evidence.refresh_from_db()
    assert evidence.is_archived
    assert "Focus group" not in client.get(reverse("cycle:step", args=[activity.pk, 2])).content.decode()
    history = client.get(reverse("cycle:history", args=[activity.pk])).content.decode()
    assert "Evidence removed from step 2: Focus group (Duplicate)" in history


@pytest.mark.parametrize("name", ["cycle:evidence-add", "cycle:step-due-date", "cycle:step-status"])
def test_a_step_form_is_refused_to_someone_who_may_not_change_the_activity_whatever_they_post(
    client_for, activity, name
):
    reader = client_for(person_with_role(Role.BOARD_MEMBER, activity.lead_organisation))
    step_page = reader.get(reverse("cycle:step", args=[activity.pk, 1]))
    assert (
        step_page.status_code == 200 and not step_page.context["can_change"]
    )  # may read the step, not change it
    assert "Add evidence" not in step_page.content.decode()
    for posted in ({}, {"kind": "text", "title": "Workshop", "text": "Held 2 June"}):
        assert reader.post(reverse(name, args=[activity.pk, 1]), posted).status_code == 403
    assert not StepEvidence.objects.exists()
