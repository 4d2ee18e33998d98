"""Every API error as RFC 9457 problem details (application/problem+json) with a message a person can act on."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"

_TITLES = {
    400: "The request has a problem",
    401: "Authentication needed",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    415: "Unsupported media type",
    429: "Too many requests",
}


def _problem(status_code: int, detail: str, errors=None, code: str = "") -> dict:
    body = {
        "type": f"https://commissioning-hub.invalid/problems/{code or status_code}",
        "title": _TITLES.get(status_code, "Error"),
        "status": status_code,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return body


def problem_details_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=errors)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = "Some of the data sent is not valid. See errors for each field."
        body = _problem(response.status_code, detail, errors=response.data, code="validation")
    elif isinstance(exc, exceptions.NotAuthenticated):
        body = _problem(
            401,
            "Send a token in the Authorization header (Authorization: Token <key>) or sign in.",
            code="not-authenticated",
        )
    else:
        data = response.data
        detail = data.get("detail", str(exc)) if isinstance(data, dict) else str(data)
        body = _problem(response.status_code, str(detail), code=getattr(exc, "default_code", ""))
    problem = Response(body, status=response.status_code, headers=dict(response.headers))
    problem.content_type = PROBLEM_CONTENT_TYPE
    return problem


@csrf_exempt
def api_not_found(request, exception=None):
    # Exempt: it reads nothing and changes nothing, and a POST to a wrong address should hear 404, not a CSRF
    # failure page (the API's own views are exempt too: tokens and DRF's session check guard them).
    response = JsonResponse(
        _problem(404, f"No API endpoint at {request.path}."), status=status.HTTP_404_NOT_FOUND
    )
    response["Content-Type"] = PROBLEM_CONTENT_TYPE
    return response


def gate_refused_response(exc) -> Response:
    """400 with every unmet condition of a gate, so a client can show them all at once."""
    body = _problem(
        400,
        f"You cannot {exc.transition_label} yet: {len(exc.unmet)} condition(s) are not met.",
        errors={"status": [item.message for item in exc.unmet]},
        code="gate-refused",
    )
    body["unmet_conditions"] = [{"condition": item.condition, "message": item.message} for item in exc.unmet]
    response = Response(body, status=status.HTTP_400_BAD_REQUEST)
    response.content_type = PROBLEM_CONTENT_TYPE
    return response
