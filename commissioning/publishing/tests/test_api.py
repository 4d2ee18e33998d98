import json

import pytest

from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role
from commissioning.publishing import validation
from commissioning.publishing.tests import builders

pytestmark = pytest.mark.django_db
URL = "/api/v1/ocds/release-package/"


def test_release_package_is_the_valid_ocds_export(client_for):
    buyer = builders.council()
    builders.tender_with_award_and_agreement(buyer)
    builders.grant_round_with_funding_agreement(buyer)
    user = person_with_role(Role.PROCUREMENT_MANAGER, buyer)

    response = client_for(user).get(URL)

    assert response.status_code == 200
    assert response.streaming  # a release at a time, not the whole package in memory
    package = json.loads(b"".join(response.streaming_content))
    assert len(package["releases"]) == 2
    assert validation.validate_ocds(package).errors == []


def test_nothing_to_publish_is_explained(client_for):
    user = person_with_role(Role.COMMISSIONER)
    response = client_for(user).get(URL)
    assert response.status_code == 404
    assert "at least one release" in response.json()["detail"]


def test_providers_and_anonymous_are_refused(client, client_for):
    assert client.get(URL).status_code in (401, 403)
    provider = person_with_role(Role.PROVIDER_USER)
    assert client_for(provider).get(URL).status_code == 403
