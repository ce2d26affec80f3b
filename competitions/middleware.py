"""Refuses an upload that announces more bytes than Podium accepts, before a byte of its body is read.

Runs as middleware, not in the views, because the CSRF check (a view hook) parses a portal form's whole multipart
body to find its token: a 1 GB upload would be read, and spooled to disk, before any view could say no. gunicorn
then drains at most 64 KiB of the unread body and closes the connection.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from config.api_errors import error_response

# Multipart framing and the form's other fields (description, CSRF token, idempotency key) around the file.
FORM_ALLOWANCE = 64 * 1024
UPLOAD_VIEWS = {"competitions:submissions": "portal", "api:submission-list": "api", "kaggle:upload": "kaggle"}


def too_large_message(size: int) -> str:
    return _("The file is %(size)s bytes; the limit is %(limit)s bytes (compress it with gzip or zip).") % {
        "size": f"{size:,}", "limit": f"{settings.PODIUM_SUBMISSION_MAX_BYTES:,}"}


class UploadSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = _declared_length(request)
        if declared > settings.PODIUM_SUBMISSION_MAX_BYTES + FORM_ALLOWANCE and request.method in ("POST", "PUT"):
            if client := _upload_client(request.path_info):
                return _refusal(request, client, declared)
        return self.get_response(request)


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads such a body as empty


def _upload_client(path: str) -> str | None:
    try:
        return UPLOAD_VIEWS.get(resolve(path).view_name)
    except Resolver404:
        return None


def _refusal(request, client: str, declared: int):
    message = too_large_message(declared)
    if client == "kaggle":
        return JsonResponse({"code": 413, "message": message}, status=413)
    if client == "api":
        return error_response(request, status=413, code="file_too_large", message=message)
    return render(request, "413.html", {"message": message}, status=413)
