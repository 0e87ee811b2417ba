"""The API's one error shape, ``{"message": ..., "extra": {...}}``, and what makes it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.urls import URLPattern, URLResolver, path
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from privdocs.access.permissions import PermissionDeniedError
from privdocs.core.errors import (
    ApplicationError,
    IdentifierError,
    NotFoundError,
    StepConflictError,
    StepInputError,
)
from privdocs.documents.services.workflow import EditConflictError

#: Methods the public API answers; everything else is refused with 405.
READ_METHODS = ("GET",)
#: Routes under these prefixes are the signed-in workspace, which takes writes.
WRITABLE_PREFIXES = ("workspace/",)

INVALID_PARAMETERS = "Invalid request parameters: {details}"
READ_ONLY = "The API is read-only: {method} is not allowed; use GET"
NO_ENDPOINT = "No API endpoint at {path}; the endpoints are listed at {docs}"
NOT_FOUND = "Not found: {path}"
SIGN_IN = (
    "Sign in first: the workspace API answers only a signed-in session "
    "(the site's sign-in page sets it)."
)
CSRF_FAILED = (
    "CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken header."
)
METHOD_NOT_ALLOWED = "{method} is not allowed on {path}; use {allowed}"

View = Callable[..., HttpResponse]
E = TypeVar("E", bound=Exception)


class ErrorOut(Schema):
    """Every error the API answers: what went wrong, and the details a client needs."""

    message: str
    extra: dict[str, Any]


class ResourceNotFoundError(NotFoundError):
    """A URL names a resource the public may not see or that does not exist.

    ``extra`` is echoed in the response, so a client sees what it asked for.
    """

    def __init__(self, message: str, *, extra: dict[str, Any]) -> None:
        super().__init__(message)
        self.extra = extra


def parameter_error(parameter: str, message: str) -> ValidationError:
    """A query parameter's value is refused: the same error pydantic's would be."""
    return ValidationError([{"loc": ("query", parameter), "msg": message}])


def error_body(message: str, **extra: Any) -> dict[str, Any]:
    """The one error shape."""
    return {"message": message, "extra": extra}


def _parameter_errors(exc: ValidationError) -> list[dict[str, str]]:
    """Ninja's errors as ``{"parameter", "in", "message"}``, naming each parameter."""
    found: list[dict[str, str]] = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        source = location[0] if location else "request"
        parameter = ".".join(location[1:]) or source
        found.append(
            {"parameter": parameter, "in": source, "message": str(error.get("msg"))}
        )
    return found


def _instance(exc: E | type[E]) -> E:
    """Ninja types a handler's exception as an instance or a class; it passes instances."""
    return exc() if isinstance(exc, type) else exc


def errors_install(api: NinjaAPI) -> None:
    """Answer every expected failure of ``api`` in the one error shape."""

    def invalid(
        request: HttpRequest, exc: ValidationError | type[ValidationError]
    ) -> HttpResponse:
        errors = _parameter_errors(_instance(exc))
        details = "; ".join(f"{e['parameter']}: {e['message']}" for e in errors)
        body = error_body(INVALID_PARAMETERS.format(details=details), errors=errors)
        return api.create_response(request, body, status=422)

    def not_found(request: HttpRequest, exc: Http404 | type[Http404]) -> HttpResponse:
        body = error_body(NOT_FOUND.format(path=request.path), path=request.path)
        return api.create_response(request, body, status=404)

    def application_error(
        request: HttpRequest, given: ApplicationError | type[ApplicationError]
    ) -> HttpResponse:
        exc = _instance(given)
        extra: dict[str, Any] = {}
        if exc.where:
            extra["where"] = exc.where
        if isinstance(exc, ResourceNotFoundError):
            extra.update(exc.extra)
        status = 404 if isinstance(exc, NotFoundError) else 400
        return api.create_response(
            request, error_body(exc.message, **extra), status=status
        )

    def refused(
        request: HttpRequest,
        given: PermissionDeniedError | type[PermissionDeniedError],
    ) -> HttpResponse:
        exc = _instance(given)
        extra = {"where": exc.where} if exc.where else {}
        return api.create_response(
            request, error_body(exc.message, **extra), status=403
        )

    def edit_conflict(
        request: HttpRequest, given: EditConflictError | type[EditConflictError]
    ) -> HttpResponse:
        exc = _instance(given)
        body = error_body(
            exc.message,
            section=exc.section_id,
            theirs=exc.theirs,
            yours=exc.yours,
            revision=exc.edit.revision,
            by=exc.edit.by,
            at=exc.edit.at,
        )
        return api.create_response(request, body, status=409)

    def step_refused(
        request: HttpRequest,
        given: ApplicationError | type[ApplicationError],
    ) -> HttpResponse:
        # The error's type says whose fault it is: the request's (422: change it,
        # ``where`` names the field) or the document's as it stands (409).
        exc = _instance(given)
        extra = {"where": exc.where} if exc.where else {}
        status = 422 if isinstance(exc, StepInputError) else 409
        return api.create_response(
            request, error_body(exc.message, **extra), status=status
        )

    def http_error(
        request: HttpRequest, given: HttpError | type[HttpError]
    ) -> HttpResponse:
        exc = _instance(given)
        message = str(exc)
        if isinstance(exc, AuthenticationError):
            message = SIGN_IN
        elif exc.status_code == 403 and message.startswith("CSRF"):
            # Ninja's cookie authentication refuses a write without the CSRF token.
            message = CSRF_FAILED
        return api.create_response(request, error_body(message), status=exc.status_code)

    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(ApplicationError, application_error)
    api.add_exception_handler(IdentifierError, application_error)
    api.add_exception_handler(NotFoundError, application_error)
    api.add_exception_handler(PermissionDeniedError, refused)
    api.add_exception_handler(EditConflictError, edit_conflict)
    api.add_exception_handler(StepConflictError, step_refused)
    api.add_exception_handler(StepInputError, step_refused)


def _read_only(view: View) -> View:
    """Refuse writes with 405 and turn a bare Http404 into the error shape."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in READ_METHODS:
            method = request.method or ""
            response = JsonResponse(
                error_body(
                    READ_ONLY.format(method=method),
                    method=method,
                    allowed=list(READ_METHODS),
                ),
                status=405,
            )
            response["Allow"] = ", ".join(READ_METHODS)
            return response
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return JsonResponse(
                error_body(NOT_FOUND.format(path=request.path), path=request.path),
                status=404,
            )

    # Nothing the API answers changes state, so there is nothing to forge.
    wrapper.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapper


def _no_endpoint(request: HttpRequest, rest: str) -> HttpResponse:
    """Any other path under the API: a 404 in the one shape, pointing to the docs."""
    docs = request.build_absolute_uri(request.path[: -len(rest)] + "docs")
    return JsonResponse(
        error_body(NO_ENDPOINT.format(path=request.path, docs=docs), path=request.path),
        status=404,
    )


def _writable(view: View) -> View:
    """A workspace endpoint as ninja serves it, its 405 in the error shape."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = sorted(
                method.strip() for method in response["Allow"].split(",") if method
            )
            method = request.method or ""
            refusal = JsonResponse(
                error_body(
                    METHOD_NOT_ALLOWED.format(
                        method=method, path=request.path, allowed=", ".join(allowed)
                    ),
                    method=method,
                    allowed=allowed,
                ),
                status=405,
            )
            refusal["Allow"] = ", ".join(allowed)
            return refusal
        return response

    # Django's middleware stands aside: ninja's session authentication checks the
    # CSRF token of every write itself, and answers its refusal in the error shape.
    wrapper.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapper


def _fallback(request: HttpRequest, rest: str) -> HttpResponse:
    """No endpoint at the path: 404 under the workspace whatever the method, else the
    read-only API's answer (405 for a write, 404 for a read)."""
    if rest.startswith(WRITABLE_PREFIXES):
        return _no_endpoint(request, rest)
    return _read_only(_no_endpoint)(request, rest=rest)


# Nothing is written here, so there is nothing to forge.
_fallback.csrf_exempt = True  # type: ignore[attr-defined]


def read_only_urls(
    api: NinjaAPI,
) -> tuple[list[URLPattern | URLResolver], str, str]:
    """``api.urls`` with writes refused in the error shape (except under the
    workspace, which takes them), and a JSON 404 for the rest."""
    patterns, app_name, namespace = api.urls
    wrapped: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            guard = (
                _writable
                if str(pattern.pattern).startswith(WRITABLE_PREFIXES)
                else _read_only
            )
            pattern = URLPattern(
                pattern.pattern,
                guard(pattern.callback),
                pattern.default_args,
                pattern.name,
            )
        wrapped.append(pattern)
    wrapped.append(path("<path:rest>", _fallback))
    return wrapped, app_name, namespace
