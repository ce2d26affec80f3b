"""Refuses a request that carries a NUL character where Podium reads text: the path, the query string, a header,
a cookie or a url-encoded form field.

PostgreSQL text cannot hold NUL, so such a value reaching a query is a 500 ("A string literal cannot contain NUL");
no legitimate name, search or key contains one. Request bodies are left to their parsers (a submission file may be
binary; DRF's CharField already refuses NUL in JSON), and the kaggle methods check their JSON fields themselves;
a NUL in a multipart field that still reaches PostgreSQL is answered with the same 400 (process_exception).
"""

from django.db import DataError
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from config.api_errors import error_response

NUL = "\x00"
FORM = "application/x-www-form-urlencoded"


def _has_nul(values) -> bool:
    return any(NUL in value for value in values if isinstance(value, str))


def _where(request) -> str | None:
    """The part of the request that holds a NUL, or None."""
    if NUL in request.path_info:
        return _("the URL path")
    if _has_nul(key + value for key, values in request.GET.lists() for value in values):
        return _("the query string")
    if _has_nul(request.META[name] for name in request.META if name.startswith("HTTP_")):
        return _("a header")
    if _has_nul(request.COOKIES.values()):
        return _("a cookie")
    if request.content_type == FORM and _has_nul(key + value for key, values in request.POST.lists()
                                                 for value in values):
        return _("a form field")
    return None


def nul_refused(request, where: str) -> HttpResponse:
    message = _("NUL characters are not allowed in %(where)s.") % {"where": where}
    if request.path.startswith("/api/"):
        return error_response(request, status=400, code="nul_character", message=message)
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


class NulGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # This runs before the session and the account are read (a NUL could break them), so the refusal speaks
        # the language the request itself asks for (cookie, Accept-Language), else the default.
        with translation.override(translation.get_language_from_request(request)):
            where = _where(request)
            if where is not None:
                return nul_refused(request, where)
        return self.get_response(request)

    def process_exception(self, request, exception):
        """The fields of a multipart form (a description next to an uploaded file, the file's name) are parsed only
        by the view, after this middleware looked: a NUL there reaches PostgreSQL, which refuses it before the
        statement is sent. That refusal is the client's mistake, not the server's."""
        if isinstance(exception, DataError) and "NUL (0x00)" in str(exception):
            return nul_refused(request, _("a form field or a file name"))
        return None
