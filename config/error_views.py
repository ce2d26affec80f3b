"""Error pages: HTML for people, the API's JSON error body for /api/ paths."""

from django.conf import settings
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from config.api_errors import error_response


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception=None):
    if _wants_json(request):
        return error_response(request, status=404, code="not_found", message=_("Not found."))
    return render(request, "404.html", status=404)


def server_error(request):
    if _wants_json(request):
        body = {"error": {"status": 500, "code": "server_error", "message": "Podium hit an internal error."}}
        return JsonResponse(body, status=500)
    # No context processors: the 500 page must render even when the database is what failed.
    return HttpResponseServerError(loader.get_template("500.html").render({"site_name": settings.PODIUM_SITE_NAME}))
