"""Response headers that Django's SecurityMiddleware does not set: CSP with a per-request nonce."""

import secrets

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
