"""Errors as ``application/problem+json`` (RFC 9457), the format of the Dutch API design rules.

Every error of the API, whether raised by DRF (authentication, validation, not found) or by the store (a write
refused, a version conflict), leaves as one problem document with ``type``, ``title``, ``status``, ``detail``,
``instance`` and, for invalid input, ``invalid_params`` naming each field (``gegevens.score``).
"""

from __future__ import annotations

from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from inburgering.store.access import Geweigerd
from inburgering.store.writes import SchrijfFout, VersieConflict

PROBLEM = "application/problem+json"


class Ongeldig(exceptions.APIException):
    """Invalid input with the fields that are wrong: ``[(field, reason), ...]``."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "De invoer is ongeldig."

    def __init__(self, detail: str, velden: list[tuple[str, str]]):
        super().__init__(detail)
        self.velden = velden


def _flatten(detail, prefix: str = "") -> list[dict]:
    """DRF's nested validation errors as a flat list of {name, reason}."""
    if isinstance(detail, dict):
        return [item for key, value in detail.items() for item in _flatten(value, f"{prefix}{key}.")]
    if isinstance(detail, list):
        if all(not isinstance(v, dict | list) for v in detail):
            return [{"name": prefix.rstrip(".") or "(invoer)", "reason": str(v)} for v in detail]
        return [item for i, value in enumerate(detail) for item in _flatten(value, f"{prefix}{i}.")]
    return [{"name": prefix.rstrip(".") or "(invoer)", "reason": str(detail)}]


def problem(status_code: int, title: str, detail: str, instance: str, **extra) -> dict:
    return {
        "type": f"https://httpstatuses.io/{status_code}",
        "title": title,
        "status": status_code,
        "detail": detail,
        "instance": instance,
        **extra,
    }


def handler(exc, context):
    """DRF's exception handler, turned into problem documents; store errors get their HTTP meaning."""
    if isinstance(exc, VersieConflict):
        exc = exceptions.APIException(str(exc))
        exc.status_code = status.HTTP_412_PRECONDITION_FAILED
    elif isinstance(exc, Geweigerd):
        exc = exceptions.PermissionDenied(str(exc))
    elif isinstance(exc, SchrijfFout):
        exc = exceptions.ValidationError({"(gebeurtenissen)": [str(exc)]})
    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    instance = request.get_full_path() if request else ""
    extra = {}
    if isinstance(exc, Ongeldig):
        extra["invalid_params"] = [{"name": n, "reason": r} for n, r in exc.velden]
        detail = str(exc.detail)
    elif isinstance(exc, exceptions.ValidationError):
        extra["invalid_params"] = _flatten(exc.detail)
        detail = "De invoer is ongeldig."
    else:
        detail = str(getattr(exc, "detail", exc))
    body = problem(response.status_code, _TITLES.get(response.status_code, "Fout"), detail, instance, **extra)
    return Response(body, status=response.status_code, headers=dict(response.headers), content_type=PROBLEM)


_TITLES = {
    400: "Ongeldige invoer",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Vorm niet beschikbaar",
    412: "Gewijzigd door een ander",
    415: "Mediatype niet ondersteund",
    429: "Te veel verzoeken",
}


def not_found(request, exception=None):
    """Django's 404 for URLs under /api/ that match no view: the same problem document."""
    if not request.path.startswith("/api/"):
        from django.views.defaults import page_not_found

        return page_not_found(request, exception or Http404())
    body = problem(404, "Niet gevonden", "Deze URL bestaat niet in de API.", request.get_full_path())
    return JsonResponse(body, status=404, content_type=PROBLEM)
