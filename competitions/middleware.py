"""Refuses an upload that announces more bytes than Podium accepts, before a byte of its body is read.

Runs as middleware, not in the views, because the CSRF check (a view hook) parses a portal form's whole multipart
body to find its token: a 1 GB upload would be read, and spooled to disk, before any view could say no. gunicorn
then drains at most 64 KiB of the unread body and closes the connection. The refusal is counted for /metrics
(podium_submissions_refused_total), against the competition the URL names.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils.translation import gettext as _

from config.api_errors import error_response

from .metrics import count_refusal
from .models import Competition, UploadSlot
from .refusal_codes import FILE_TOO_LARGE

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
            if (match := _upload_view(request.path_info)) is not None:
                count_refusal(competition=_competition(match), reason=FILE_TOO_LARGE)
                return _refusal(request, UPLOAD_VIEWS[match.view_name], declared)
        return self.get_response(request)


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads such a body as empty


def _upload_view(path: str) -> ResolverMatch | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match if match.view_name in UPLOAD_VIEWS else None


def _competition(match: ResolverMatch) -> Competition | None:
    """The competition of the URL: its slug, or for the kaggle CLI's capability URL the upload slot's token. None
    when there is no such competition (or slot)."""
    if "token" in match.kwargs:
        slot = UploadSlot.objects.filter(token=match.kwargs["token"]).select_related("competition").first()
        return slot.competition if slot else None
    return Competition.objects.filter(slug=match.kwargs["slug"]).only("slug", "metric_key").first()


def _refusal(request, client: str, declared: int):
    message = too_large_message(declared)
    if client == "kaggle":
        return JsonResponse({"code": 413, "message": message}, status=413)
    if client == "api":
        return error_response(request, status=413, code="file_too_large", message=message)
    return render(request, "413.html", {"message": message}, status=413)
