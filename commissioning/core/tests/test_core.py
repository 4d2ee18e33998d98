from django.urls import reverse

from commissioning.core.views import _csv_safe


def test_security_headers_and_nonce(client, db):
    response = client.get(reverse("accounts:sign-in"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_styled_not_found_page(client_for, commissioner):
    response = client_for(commissioner).get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "govuk-header" in response.content.decode()


def test_footer_pages_are_public(client, db):
    for name, heading in [
        ("core:accessibility", "Accessibility statement"),
        ("core:privacy", "Privacy notice"),
        ("core:cookies", "Cookies"),
    ]:
        response = client.get(reverse(name))
        assert heading in response.content.decode()


def test_home_lists_roles(client_for, commissioner):
    html = client_for(commissioner).get(reverse("core:home")).content.decode()
    assert "Leads commissioning activities through the cycle" in html
    assert "Testshire County Council" in html


def test_csv_cells_cannot_start_formulas():
    assert _csv_safe("=SUM(A1)") == "'=SUM(A1)"
    assert _csv_safe("@cmd") == "'@cmd"
    assert _csv_safe("Plain") == "Plain"
    assert _csv_safe(None) == ""


def test_forbidden_page_is_styled_and_explains(client_for, commissioner):
    response = client_for(commissioner).get(reverse("organisations:people"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot see this page" in html and "govuk-header" in html


def test_server_error_page_needs_no_context(rf):
    from commissioning.core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
