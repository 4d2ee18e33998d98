import pytest
from django.db import OperationalError
from django.urls import reverse


@pytest.mark.django_db
def test_health_answers_without_signing_in_when_the_database_answers(client):
    response = client.get(reverse("core:health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert reverse("core:health") == "/healthz"


@pytest.mark.django_db
def test_health_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")

    monkeypatch.setattr("commissioning.core.health.connection.cursor", refuse)
    response = client.get(reverse("core:health"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable"}


@pytest.mark.django_db
def test_health_only_reads(client):
    assert client.post(reverse("core:health")).status_code == 405
