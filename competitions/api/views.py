from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from competitions import selectors
from competitions.models import Competition, DataFile
from competitions.services import RulesNotAccepted, rules_accept
from competitions.services.downloads import data_archive_request
from competitions.views import data_archive_response, data_file_response

from .serializers import (
    CompetitionDetailOutputSerializer,
    CompetitionOutputSerializer,
    DataFileOutputSerializer,
    RulesAcceptanceOutputSerializer,
)


class RulesNotAcceptedError(exceptions.PermissionDenied):
    default_code = "rules_not_accepted"


def competition_for(request, slug: str, *, with_solution: bool = False) -> Competition:
    try:
        return selectors.competition_get(slug=slug, user=request.user, with_solution=with_solution)
    except Competition.DoesNotExist:
        raise Http404(_("No competition '%(slug)s'.") % {"slug": slug})


class CompetitionListApi(APIView):
    @extend_schema(responses=CompetitionOutputSerializer(many=True))
    def get(self, request):
        competitions = selectors.competition_list(user=request.user)
        data = CompetitionOutputSerializer(competitions, many=True, context={"request": request}).data
        return Response(data)


class CompetitionDetailApi(APIView):
    @extend_schema(responses=CompetitionDetailOutputSerializer)
    def get(self, request, slug: str):
        competition = competition_for(request, slug)
        competition.rules_accepted = selectors.rules_accepted(user=request.user, competition=competition)
        competition.participant_count = selectors.competition_participant_count(competition=competition)
        return Response(CompetitionDetailOutputSerializer(competition, context={"request": request}).data)


class DataFileListApi(APIView):
    @extend_schema(responses=DataFileOutputSerializer(many=True))
    def get(self, request, slug: str):
        competition = competition_for(request, slug)
        files = selectors.data_file_list(competition=competition).select_related("competition")
        return Response(DataFileOutputSerializer(files, many=True, context={"request": request}).data)


class DataFileDownloadApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, slug: str, name: str):
        competition = competition_for(request, slug)
        if not (selectors.rules_accepted(user=request.user, competition=competition)
                or selectors.user_is_host(user=request.user, competition=competition)):
            raise RulesNotAcceptedError(str(RulesNotAccepted(competition)))
        try:
            data_file = selectors.data_file_get(competition=competition, name=name)
        except DataFile.DoesNotExist:
            raise Http404(_("Competition '%(slug)s' has no data file '%(name)s'.") % {"slug": slug, "name": name})
        return data_file_response(data_file, request)


ARCHIVE_RETRY_AFTER = 30  # seconds; a small competition's zip takes a few to build


class DataArchiveDownloadApi(APIView):
    """Download all: the zip of the competition's current data version (ETag = the version; If-None-Match → 304),
    or 202 with Retry-After while a worker builds it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY, 202: OpenApiTypes.OBJECT, 304: None})
    def get(self, request, slug: str):
        competition = competition_for(request, slug)
        if not (selectors.rules_accepted(user=request.user, competition=competition)
                or selectors.user_is_host(user=request.user, competition=competition)):
            raise RulesNotAcceptedError(str(RulesNotAccepted(competition)))
        archive = data_archive_request(competition=competition)
        if archive is None:
            raise Http404(_("Competition '%(slug)s' has no data files.") % {"slug": slug})
        if not archive.is_ready:  # 202: the request for the zip is taken and a worker is on it; ask again later
            message = _("The zip of all the data files is still being built; try again in a minute.")
            return Response({"status": archive.status, "message": message}, status=status.HTTP_202_ACCEPTED,
                            headers={"Retry-After": str(ARCHIVE_RETRY_AFTER)})
        return data_archive_response(archive, filename=f"{competition.slug}.zip", request=request)


class RulesAcceptApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=RulesAcceptanceOutputSerializer)
    def post(self, request, slug: str):
        competition = competition_for(request, slug)
        acceptance = rules_accept(competition=competition, user=request.user)
        return Response(RulesAcceptanceOutputSerializer(acceptance).data, status=status.HTTP_200_OK)


class MeApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response({"username": request.user.get_username(), "email": request.user.email})
