import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import Http404

from commissioning.core.downloads import stored_file_download
from commissioning.funding.models import PooledBudget


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def field_file(name):
    return FieldFile(instance=PooledBudget(), field=PooledBudget._meta.get_field("agreement_file"), name=name)


def test_a_stored_file_is_a_download_the_browser_will_not_run():
    name = default_storage.save("budgets/agreement.html", ContentFile(b"<script>alert(1)</script>"))
    response = stored_file_download(field_file(name), filename="agreement.html")
    assert response["Content-Disposition"] == 'attachment; filename="agreement.html"'
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == b"<script>alert(1)</script>"


def test_the_recorded_content_type_is_kept():
    name = default_storage.save("budgets/s75.pdf", ContentFile(b"%PDF-1.7"))
    response = stored_file_download(field_file(name), filename="s75.pdf", content_type="application/pdf")
    assert response["Content-Type"] == "application/pdf"


def test_no_file_is_not_found_with_the_reason_given():
    with pytest.raises(Http404, match="No agreement uploaded"):
        stored_file_download(field_file(""), filename="x.pdf", missing="No agreement uploaded")


def test_a_file_gone_from_storage_is_not_found_and_logged(caplog):
    with (
        caplog.at_level(logging.ERROR, logger="commissioning.core.downloads"),
        pytest.raises(Http404, match="missing from storage"),
    ):
        stored_file_download(field_file("budgets/gone.pdf"), filename="gone.pdf")
    assert "budgets/gone.pdf" in caplog.text
