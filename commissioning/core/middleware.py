"""Response headers that Django's SecurityMiddleware does not set: CSP with a per-request nonce."""

import secrets

from django.core.exceptions import BadRequest
from django.http import JsonResponse

# Pages served by third-party apps that need inline script (the self-hosted API docs).
_RELAXED_PREFIXES = ("/api/v1/docs/", "/admin/")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if request.path.startswith(_RELAXED_PREFIXES):
            script_src = "'self' 'unsafe-inline'"
            style_src = "'self' 'unsafe-inline'"
        else:
            script_src = f"'self' 'nonce-{request.csp_nonce}'"
            style_src = "'self'"
        response.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; "
            f"script-src {script_src}; style-src {style_src}; "
            "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'",
        )
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


# The API's problem details (commissioning/api/errors.py) for this one refusal.
NUL_PROBLEM = {
    "type": "https://commissioning-hub.invalid/problems/400",
    "title": "The request has a problem",
    "status": 400,
    "detail": "The address or a query parameter holds a NUL character, which no value may hold.",
}


class RefuseNulCharactersMiddleware:
    """A NUL character in the address or a query parameter is refused with 400 before anything reads it.

    No address or filter of the service holds one, and PostgreSQL refuses NUL in text, so a search for one
    would end as a server error. (Form fields and API bodies are refused by Django's and DRF's own validators.)
    API addresses get RFC 9457 problem details, like every API error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in name or any("\x00" in value for value in values) for name, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(NUL_PROBLEM, status=400, content_type="application/problem+json")
            raise BadRequest("The address holds a NUL character.")
        return self.get_response(request)
