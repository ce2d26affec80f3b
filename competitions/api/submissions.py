"""Submissions, quota, final selection, leaderboards and the team, over REST."""

import math

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from competitions import refusal_codes, selectors
from competitions.board_noise import board_mark_ties
from competitions.metrics import count_refusal
from competitions.middleware import too_large_message
from competitions.models import Submission
from competitions.services.submissions import (
    DailyLimitReached,
    SelectionError,
    SubmissionRefused,
    submission_create,
    submission_select,
    team_quota,
)
from competitions.format_messages import format_error_text
from competitions.services.teams import team_of
from scoring.errors import SubmissionFormatError

from .views import competition_for


class InvalidSubmission(exceptions.ValidationError):
    default_code = refusal_codes.INVALID_SUBMISSION


class SubmissionRefusedError(exceptions.PermissionDenied):
    default_code = refusal_codes.SUBMISSION_REFUSED


def seconds_to_reset(error: DailyLimitReached) -> int:
    """Retry-After for a full day: whole seconds until the UTC day, and the team's count, resets."""
    return max(1, math.ceil((error.quota.resets_at - timezone.now()).total_seconds()))


class DailyLimitError(exceptions.Throttled):
    default_code = refusal_codes.DAILY_LIMIT_REACHED

    def __init__(self, error: DailyLimitReached):
        super().__init__(detail=str(error), wait=seconds_to_reset(error))  # DRF sends `wait` as Retry-After


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = refusal_codes.FILE_TOO_LARGE


class QuotaSerializer(serializers.Serializer):
    used_today = serializers.IntegerField(source="used")
    allowed_today = serializers.IntegerField(source="allowed")
    remaining_today = serializers.IntegerField(source="remaining")
    resets_at = serializers.DateTimeField()


class SubmissionOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    filename = serializers.CharField()
    description = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    status = serializers.CharField()
    error_message = serializers.CharField(source="error_text")  # in the request's language
    submitted_by = serializers.CharField(source="submitted_by.username")
    created_at = serializers.DateTimeField()
    scored_at = serializers.DateTimeField()
    is_late = serializers.BooleanField()
    is_selected = serializers.BooleanField()
    public_score = serializers.SerializerMethodField()
    public_parts = serializers.SerializerMethodField()
    private_score = serializers.SerializerMethodField()

    def _score(self, submission, split):
        if submission.status != Submission.Status.SCORED:  # only a scored submission has active scores
            return None
        return next((s for s in submission.scores.all() if s.split == split and s.is_active), None)

    def get_public_score(self, submission) -> float | None:
        score = self._score(submission, "public")
        return score.value if score else None

    def get_public_parts(self, submission) -> dict:
        score = self._score(submission, "public")
        return score.parts if score else {}

    def get_private_score(self, submission) -> float | None:
        # Private scores stay hidden until the host finalizes (hosts and staff see them earlier).
        score = self._score(submission, "private")
        return score.value if score and self._private_visible() else None

    def _private_visible(self) -> bool:
        # Asked once per response, and only when there is a private score to show (never for a new upload).
        if "private_visible" not in self.context:
            self.context["private_visible"] = selectors.board_visible(
                competition=self.context["competition"], split="private", user=self.context["request"].user)
        return self.context["private_visible"]


def _context(request, competition) -> dict:
    return {"request": request, "competition": competition}


def _read_upload(request, competition) -> tuple[bytes, str]:
    """The file, or the refusal (counted for /metrics: the service that counts the others never runs)."""
    upload = request.FILES.get("file")
    if upload is None:
        raise _counted(competition, InvalidSubmission({"file": [_("Attach the submission file in the 'file' field.")]}))
    if upload.size > settings.PODIUM_SUBMISSION_MAX_BYTES:
        raise _counted(competition, TooLarge(too_large_message(upload.size)))
    return upload.read(), upload.name


def _counted(competition, error: exceptions.APIException) -> exceptions.APIException:
    count_refusal(competition=competition, reason=error.default_code)
    return error


def submit(*, request, competition, data: bytes, filename: str, description: str, idempotency_key: str):
    """Shared by every upload path (portal, REST): the service's errors as API errors."""
    try:
        return submission_create(competition=competition, user=request.user, data=data, filename=filename,
                                 description=description, idempotency_key=idempotency_key[:100])
    except SubmissionFormatError as error:
        raise InvalidSubmission({"file": [format_error_text(error)]})
    except DailyLimitReached as error:
        raise DailyLimitError(error)
    except SubmissionRefused as error:
        raise SubmissionRefusedError(str(error))


class SubmissionListCreateApi(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=SubmissionOutputSerializer(many=True))
    def get(self, request, slug: str):
        competition = competition_for(request, slug)
        team = team_of(competition=competition, user=request.user)
        submissions = selectors.team_submissions(team=team) if team else []
        return Response(SubmissionOutputSerializer(submissions, many=True,
                                                   context=_context(request, competition)).data)

    @extend_schema(
        request={"multipart/form-data": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary"}, "description": {"type": "string"}}}},
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER,
                                     description="Retrying with the same key returns the first submission.")],
        responses={201: SubmissionOutputSerializer, 200: SubmissionOutputSerializer})
    def post(self, request, slug: str):
        competition = competition_for(request, slug, with_solution=True)
        data, filename = _read_upload(request, competition)
        submission, created = submit(request=request, competition=competition, data=data, filename=filename,
                                     description=request.data.get("description", ""),
                                     idempotency_key=request.headers.get("Idempotency-Key", ""))
        if not created:  # a new submission has no scores yet; a repeated Idempotency-Key may return a scored one
            prefetch_related_objects([submission], "scores")
        body = SubmissionOutputSerializer(submission, context=_context(request, competition)).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def own_submission(request, submission_id) -> Submission:
    submission = selectors.team_submission_get(user=request.user, uuid=submission_id)
    if submission is None:
        raise Http404(_("No such submission in your team."))
    return submission


class SubmissionDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=SubmissionOutputSerializer)
    def get(self, request, submission_id):
        submission = own_submission(request, submission_id)
        return Response(SubmissionOutputSerializer(submission, context=_context(request, submission.competition)).data)


class SubmissionSelectApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        selected = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses=SubmissionOutputSerializer)
    def post(self, request, submission_id):
        submission = own_submission(request, submission_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            submission = submission_select(submission=submission, user=request.user, **serializer.validated_data)
        except SelectionError as error:
            raise exceptions.ValidationError({"selected": [str(error)]})
        return Response(SubmissionOutputSerializer(submission, context=_context(request, submission.competition)).data)


class QuotaApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=QuotaSerializer)
    def get(self, request, slug: str):
        competition = competition_for(request, slug)
        team = team_of(competition=competition, user=request.user)
        if team is None:
            raise SubmissionRefusedError(_("Join the competition (accept its rules) to get a submission quota."))
        return Response(QuotaSerializer(team_quota(team=team)).data)


class LeaderboardRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True)
    team = serializers.CharField(source="team.name")
    team_kind = serializers.CharField(source="team.kind")
    score = serializers.FloatField()
    entries = serializers.IntegerField()
    last_submission_at = serializers.DateTimeField()
    medal = serializers.CharField()
    shake_up = serializers.IntegerField(allow_null=True)
    score_low = serializers.FloatField(source="ci_low", allow_null=True,
                                       help_text="95% bootstrap interval of a public score (null on the private board).")
    score_high = serializers.FloatField(source="ci_high", allow_null=True)
    likely_rank_low = serializers.IntegerField(
        source="rank_low", allow_null=True,
        help_text="Public board, before finalization: the 90% range of the team's rank on private boards simulated "
                  "from the public rows alone.")
    likely_rank_high = serializers.IntegerField(source="rank_high", allow_null=True)
    tied_with_leader = serializers.BooleanField(
        default=False, help_text="Public board: the leader's lead over this team is within noise (paired bootstrap).")


class LeaderboardApi(APIView):
    @extend_schema(parameters=[OpenApiParameter("split", str, enum=["public", "private"]),
                               OpenApiParameter("page", int)],
                   responses=LeaderboardRowSerializer(many=True))
    def get(self, request, slug: str):
        competition = competition_for(request, slug)
        split = request.query_params.get("split", "public")
        if split not in ("public", "private"):
            raise exceptions.ValidationError({"split": [_("Use 'public' or 'private'.")]})
        if not selectors.board_visible(competition=competition, split=split, user=request.user):
            raise exceptions.PermissionDenied(_("The private leaderboard is revealed when the host finalizes."))
        try:
            page = int(request.query_params.get("page", 1))
        except ValueError:
            raise exceptions.ValidationError({"page": [_("The page must be a whole number.")]})
        board = selectors.leaderboard_page(competition=competition, split=split, page=page)
        if split == "public":
            board_mark_ties(competition=competition, rows=board.rows)
        return Response({"split": split, "page": board.page, "pages": board.pages,
                         "ranked_teams": board.ranked_count,
                         "rows": LeaderboardRowSerializer(board.rows, many=True).data})
