"""HTTP endpoints of the kaggle CLI: `POST /api/v1/competitions.CompetitionApiService/<Method>`, the token
introspection, the capability upload URL, and the file URLs the 302 answers point to."""

import io
import re
import zipfile

from django.http import Http404, HttpResponse, JsonResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.views import APIView

from accounts.language import activate_for_account
from accounts.selectors import user_by_api_key

from ..api.submissions import own_submission
from ..models import UploadSlot
from ..participation_views import leaderboard_csv_rows
from ..services.downloads import data_archive_request
from ..services.uploads import UploadError, upload_write
from ..stored_files import stored_attachment
from ..views import data_archive_response
from . import methods


ARCHIVE_RETRY_AFTER = 30  # seconds; a small competition's zip takes a few to build


class KaggleError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def kaggle_error_response(exc, context):
    """The CLI's error shape, {"code": N, "message": "..."}, for every failure of these endpoints."""
    if isinstance(exc, KaggleError):
        status, message = exc.status, exc.message
    elif isinstance(exc, Http404):
        status, message = 404, str(exc) or _("Not found.")
    elif isinstance(exc, exceptions.APIException):
        status, message = exc.status_code, _text(exc.detail)
    else:
        return None
    return JsonResponse({"code": status, "message": message}, status=status)


def _text(detail) -> str:
    if isinstance(detail, dict):
        return " ".join(_text(v) for v in detail.values())
    if isinstance(detail, list):
        return " ".join(_text(v) for v in detail)
    return str(detail)


class KaggleView(APIView):
    schema = None  # the CLI's protocol, documented in shared/kaggle-cli-protocol.md, not in the OpenAPI schema
    permission_classes = [IsAuthenticated]

    def get_exception_handler(self):
        return kaggle_error_response

    def perform_authentication(self, request):
        super().perform_authentication(request)
        activate_for_account(request.user)  # the CLI sends no Accept-Language: answer in the account's language

    def permission_denied(self, request, message=None, code=None):
        if request.authenticators and not request.successful_authenticator:
            raise KaggleError(401, _("Unauthenticated: check your username and API key (kaggle.json)."))
        super().permission_denied(request, message, code)


class CompetitionApiServiceView(KaggleView):
    def post(self, request, method: str):
        handler = methods.HANDLERS.get(method)
        if handler is None:
            raise KaggleError(404, _("Podium does not implement CompetitionApiService/%(method)s.")
                              % {"method": method})
        body = request.data if isinstance(request.data, dict) else {}
        return call_method(handler, request, body)


def call_method(handler, request, body: dict, *, unwrap: str | None = None):
    """Runs a method handler; a JSON body (``result[unwrap]`` alone when given: 1.6 reads some lists bare where
    2.x wraps them in an object), a file response as it is, or the CLI's error."""
    try:
        result = handler(request, body)
    except methods.MethodError as error:
        raise KaggleError(error.status, error.message)
    if isinstance(result, HttpResponse):
        return result
    return JsonResponse(result[unwrap] if unwrap else result, safe=unwrap is None)


class IntrospectTokenView(KaggleView):
    permission_classes = [AllowAny]
    authentication_classes = []

    def post(self, request):
        user = user_by_api_key(key=str(request.data.get("token", "")))
        return JsonResponse({"active": True, "username": user.get_username()} if user else {"active": False})


class UploadView(KaggleView):
    """The capability URL: the token in the path authorizes the PUT (the CLI sends no credentials here)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    def put(self, request, token: str):
        slot = UploadSlot.objects.filter(token=token).first()
        if slot is None:
            raise KaggleError(404, _("Unknown upload URL: start the upload again."))
        content_range = request.headers.get("Content-Range", "").strip()
        if content_range.startswith("bytes */"):  # "how much did you get?" from a resuming client
            return self._progress(slot)
        offset = _range_start(content_range)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise KaggleError(400, _("Content-Length must be a whole number of bytes."))
        try:  # streamed from the socket to storage: never request.body, which would hold the file in memory
            received = upload_write(slot=slot, offset=offset, stream=request, length=length)
        except UploadError as error:
            raise KaggleError(400, str(error))
        if received < slot.content_length:
            slot.received = received
            return self._progress(slot)
        return JsonResponse({"received": received}, status=200)

    def _progress(self, slot: UploadSlot) -> HttpResponse:
        if slot.is_complete:
            return JsonResponse({"received": slot.received}, status=200)
        response = HttpResponse(status=308)
        if slot.received:
            response["Range"] = f"bytes=0-{slot.received - 1}"
        return response


CONTENT_RANGE = re.compile(r"^bytes (\d{1,15})-(\d{1,15})/(\d{1,15}|\*)$")


def _range_start(content_range: str) -> int:
    """The first byte of `Content-Range: bytes FIRST-LAST/TOTAL`; 0 without the header (a single PUT)."""
    if not content_range:
        return 0
    if match := CONTENT_RANGE.match(content_range):
        return int(match.group(1))
    raise KaggleError(400, _("Content-Range must look like 'bytes 0-999/5000', not '%(value)s'.")
                      % {"value": content_range[:80]})


class DataBundleView(KaggleView):
    """All data files of a competition as one zip named after the competition (what `download` without -f saves):
    the zip the worker built for the current data version, streamed from storage with its size and ETag."""

    def get(self, request, slug: str, archive: str):
        try:
            competition = methods.competition_for_download(request, slug)
        except methods.MethodError as error:  # no rules accepted: the CLI's 403, not a server error
            raise KaggleError(error.status, error.message)
        data_archive = data_archive_request(competition=competition)
        if data_archive is None:
            raise KaggleError(404, _("Competition '%(slug)s' has no data files.") % {"slug": slug})
        if not data_archive.is_ready:
            message = _("The zip of all the data of '%(slug)s' is still being built; try again in a minute.")
            response = JsonResponse({"code": 503, "message": message % {"slug": slug}}, status=503)
            response["Retry-After"] = str(ARCHIVE_RETRY_AFTER)
            return response
        return data_archive_response(data_archive, filename=archive, request=request)


class LeaderboardZipView(KaggleView):
    permission_classes = [AllowAny]

    def get(self, request, slug: str, archive: str):
        competition = methods.competition_or_404(request, slug)
        csv_text = leaderboard_csv_rows(competition=competition, split="public")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
            bundle.writestr(f"{slug}-publicleaderboard.csv", csv_text)
        return _zip_response(buffer.getvalue(), archive)


class SubmissionFileView(KaggleView):
    def get(self, request, submission_id, filename: str):
        submission = own_submission(request, submission_id)
        return stored_attachment(submission.file, filename=submission.filename)


def _zip_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Content-Length"] = str(len(content))
    return response
