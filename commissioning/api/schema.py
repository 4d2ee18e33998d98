"""The error answers every operation can give, added to the OpenAPI schema after drf-spectacular builds it.

Every error is RFC 9457 problem details (`commissioning.api.errors`), so each operation documents, as
`application/problem+json`:

- 400 when it takes query parameters or a body (a value is not valid, or a business rule refuses it);
- 401 and 403 when it needs a signed-in person (no or a bad token; a role or record the person may not use,
  or a session request without its CSRF token);
- 404 when it names a record in its path (the record does not exist or is not the person's to see) or is
  paginated (a page past the end);
- 409 when its body carries the record's `version` (the record changed since it was read);
- 415 when it takes a body (a media type the API does not read);
- 429 for every operation (too many requests from one address).

A response an operation already documents (with `extend_schema`) is kept as it is.
"""

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_SCHEMA_NAME = "ProblemDetails"

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "An error as RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string", "description": "A URI naming the kind of problem."},
        "title": {"type": "string", "description": "A short summary of the kind of problem."},
        "status": {"type": "integer", "description": "The HTTP status code."},
        "detail": {"type": "string", "description": "What went wrong, in words a person can act on."},
        "errors": {
            "type": "object",
            "additionalProperties": {},
            "description": "For a request that is not valid: the messages for each field "
            "(`non_field_errors` for the request as a whole).",
        },
        "unmet_conditions": {
            "type": "array",
            "description": "For a step a gate refuses: each condition not met yet.",
            "items": {
                "type": "object",
                "properties": {"condition": {"type": "string"}, "message": {"type": "string"}},
                "required": ["condition", "message"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}

DESCRIPTIONS = {
    "400": "The request has a problem: a value is not valid or a rule refuses it (see `errors`).",
    "401": "No credentials, or credentials that are not valid: send `Authorization: Token <key>` or sign in.",
    "403": "The person may not do this (their roles, the record, or a session request without a CSRF token).",
    "404": "No such record, or not one the person may see; or a page past the last.",
    "409": "The record changed since it was read (its `version` is newer): read it again and retry.",
    "415": "The body is in a media type the API does not read.",
    "429": "Too many requests from this address: wait and try again.",
}

_HTTP_METHODS = ("get", "put", "post", "patch", "delete")


def _problem_response(status: str) -> dict:
    return {
        "description": DESCRIPTIONS[status],
        "content": {
            PROBLEM_CONTENT_TYPE: {"schema": {"$ref": f"#/components/schemas/{PROBLEM_SCHEMA_NAME}"}}
        },
    }


def _needs_authentication(operation: dict) -> bool:
    # drf-spectacular lists an empty requirement ({}) when a view lets anyone in.
    security = operation.get("security")
    return bool(security) and {} not in security


def _body_properties(operation: dict, components: dict) -> set[str]:
    properties = set()
    for media in operation.get("requestBody", {}).get("content", {}).values():
        body = media.get("schema", {})
        reference = body.get("$ref", "")
        if reference.startswith("#/components/schemas/"):
            body = components.get(reference.rsplit("/", 1)[-1], {})
        properties |= set(body.get("properties", {}))
    return properties


def error_statuses(operation: dict, components: dict) -> list[str]:
    """The error statuses an operation can answer with, from what the operation takes."""
    parameters = operation.get("parameters", [])
    in_path = any(parameter.get("in") == "path" for parameter in parameters)
    in_query = any(parameter.get("in") == "query" for parameter in parameters)
    paginated = any(
        parameter.get("in") == "query" and parameter.get("name") == "page" for parameter in parameters
    )
    has_body = "requestBody" in operation
    statuses = []
    if in_query or has_body or in_path:
        statuses.append("400")
    if _needs_authentication(operation):
        statuses += ["401", "403"]
    if in_path or paginated:
        statuses.append("404")
    if "version" in _body_properties(operation, components):
        statuses.append("409")
    if has_body:
        statuses.append("415")
    statuses.append("429")
    return statuses


def problem_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: document the problem-details answers of every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(PROBLEM_SCHEMA_NAME, PROBLEM_SCHEMA)
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in _HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status in error_statuses(operation, schemas):
                responses.setdefault(status, _problem_response(status))
    return result
