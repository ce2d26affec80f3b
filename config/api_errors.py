"""One error body for every API failure: {"error": {"status", "code", "message", "fields"?}}.

`message` is a sentence for a person; `code` is stable for programs; `fields` maps input fields to their problems.
"""

import re

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


# The kaggle CLI's paths (shared/kaggle-cli-protocol.md): 2.x RPC methods, the upload and file URLs, 1.6's REST family.
KAGGLE_PATH = re.compile(r"/api/v1/(competitions\.|discussions\.|security\.|kaggle/"
                         r"|competitions/(list|data/|submissions/)"
                         r"|competitions/.*/(submissions/url/|leaderboard/(view|download)))")


def error_response(request, *, status: int, code: str, message: str) -> JsonResponse:
    """An error for a request that never reached a view (an unknown path, a refused character), in the shape its
    client reads: the kaggle CLI's {"code", "message"} on its paths, {"error": {...}} on the rest of the API."""
    if KAGGLE_PATH.match(request.path):
        return JsonResponse({"code": status, "message": message}, status=status)
    return JsonResponse({"error": {"status": status, "code": code, "message": message}}, status=status)


def _first_message(detail) -> str:
    if isinstance(detail, dict):
        field, value = next(iter(detail.items()), ("", ""))
        text = _first_message(value)
        return text if field in ("non_field_errors", "detail") else f"{field}: {text}"
    if isinstance(detail, list):
        return _first_message(detail[0]) if detail else ""
    return str(detail)


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or _("Not found."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or _("You do not have permission to do this."))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data
    body = {"status": response.status_code, "code": getattr(exc, "default_code", "error"),
            "message": _first_message(detail)}
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        body["code"] = codes if isinstance(codes, str) else body["code"]
    if isinstance(detail, dict) and isinstance(exc, exceptions.ValidationError):
        body["fields"] = detail
    response.data = {"error": body}
    return response
