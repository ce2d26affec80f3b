"""One function per CompetitionApiService method: request body in, a dict (or a redirect) out.

Each is an adapter over the selectors and services the portal uses, so the daily limit, idempotency, validation
and private-score rules apply unchanged and a refused file gets the portal's message.
"""

from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.urls import reverse

from scoring.errors import SubmissionFormatError

from .. import selectors
from ..models import Competition, Submission, Team
from ..services.submissions import DailyLimitReached, SubmissionRefused, submission_create, team_quota
from ..services.teams import team_of
from ..services.uploads import UploadError, upload_open, upload_read
from . import shapes

DEFAULT_PAGE_SIZE = 20


class MethodError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def competition_slug(body: dict) -> str:
    name = str(body.get("competitionName", "")).strip().rstrip("/")
    return name.rsplit("/", 1)[-1]  # accept a full competition URL as well as its slug


def competition_or_404(request, slug: str) -> Competition:
    try:
        return selectors.competition_get(slug=slug, user=request.user)
    except Competition.DoesNotExist:
        raise MethodError(404, f"Competition '{slug}' not found.")


def competition_for_download(request, slug: str) -> Competition:
    competition = competition_or_404(request, slug)
    if not (selectors.rules_accepted(user=request.user, competition=competition)
            or selectors.user_is_host(user=request.user, competition=competition)):
        raise MethodError(403, f"You must accept the rules of '{competition.title}' before downloading its data "
                               f"(on the Rules tab of {request.build_absolute_uri(competition_url(competition))}).")
    return competition


def competition_url(competition: Competition) -> str:
    return reverse("competitions:rules", args=[competition.slug])


def _page(body: dict) -> tuple[int, int]:
    size = int(body.get("pageSize") or DEFAULT_PAGE_SIZE)
    token = body.get("pageToken") or body.get("page") or 1
    return max(1, int(token)), max(1, min(size, 200))


def paged(items: list, body: dict) -> tuple[list, str]:
    page, size = _page(body)
    chunk = items[(page - 1) * size: page * size]
    return chunk, str(page + 1) if len(items) > page * size else ""


def list_competitions(request, body: dict) -> dict:
    competitions = selectors.competition_list(user=request.user).prefetch_related("hosts")
    competitions = competitions.annotate(team_total=Count("teams", filter=Q(teams__merged_into__isnull=True),
                                                          distinct=True))
    if search := str(body.get("search", "")).strip():
        competitions = competitions.filter(Q(title__icontains=search) | Q(slug__icontains=search))
    entered = set(Team.objects.filter(memberships__user=request.user, memberships__left_at__isnull=True)
                  .values_list("competition_id", flat=True))
    group = body.get("group", "")
    if group.endswith("ENTERED"):
        competitions = competitions.filter(pk__in=entered)
    elif group.endswith("HOSTED"):
        competitions = competitions.filter(hosts=request.user)
    ordering = {"COMPETITION_SORT_BY_EARLIEST_DEADLINE": "end_at", "COMPETITION_SORT_BY_NUMBER_OF_TEAMS":
                "-team_total", "COMPETITION_SORT_BY_RECENTLY_CREATED": "-created_at"}
    competitions = competitions.order_by(ordering.get(body.get("sortBy", ""), "-start_at"))
    chunk, next_token = paged(list(competitions), body)
    return {"competitions": [shapes.competition(c, request=request, entered=c.pk in entered,
                                                team_count=c.team_total) for c in chunk],
            "nextPageToken": next_token}


def list_data_files(request, body: dict) -> dict:
    competition = competition_or_404(request, competition_slug(body))
    chunk, next_token = paged(list(selectors.data_file_list(competition=competition)), body)
    return {"files": [shapes.data_file(f, request=request) for f in chunk], "nextPageToken": next_token}


def download_data_file(request, body: dict):
    competition = competition_for_download(request, competition_slug(body))
    name = str(body.get("fileName", ""))
    if not competition.data_files.filter(name=name).exists():
        raise MethodError(404, f"Competition '{competition.slug}' has no data file '{name}'.")
    return HttpResponseRedirect(request.build_absolute_uri(f"/api/v1/competitions/{competition.slug}/data/{name}"))


def download_data_files(request, body: dict):
    competition = competition_for_download(request, competition_slug(body))
    path = reverse("kaggle:data-bundle", args=[competition.slug, f"{competition.slug}.zip"])
    return HttpResponseRedirect(request.build_absolute_uri(path))


def start_submission_upload(request, body: dict) -> dict:
    competition = competition_or_404(request, competition_slug(body))
    try:
        slot = upload_open(competition=competition, user=request.user, filename=str(body.get("fileName", "")),
                           content_length=int(body.get("contentLength") or 0))
    except SubmissionRefused as error:
        raise MethodError(403, str(error))
    except UploadError as error:
        raise MethodError(413, str(error))
    create_url = request.build_absolute_uri(reverse("kaggle:upload", args=[slot.token]))
    return {"token": slot.token, "createUrl": create_url}


def create_submission(request, body: dict) -> dict:
    competition = competition_or_404(request, competition_slug(body))
    token = body.get("blobFileTokens", "")
    token = token[0] if isinstance(token, list) and token else str(token)
    try:
        slot, data = upload_read(token=token, user=request.user)
        submission, _ = submission_create(competition=competition, user=request.user, data=data,
                                          filename=slot.filename, description=str(body.get("submissionDescription",
                                                                                           "")),
                                          idempotency_key=f"kaggle-{token}"[:100])
    except UploadError as error:
        raise MethodError(400, str(error))
    except SubmissionFormatError as error:
        raise MethodError(400, f"Your file was not accepted: {error}")
    except DailyLimitReached as error:
        raise MethodError(429, str(error))
    except SubmissionRefused as error:
        raise MethodError(403, str(error))
    return {"message": f"Successfully submitted to {competition.title}", "ref": submission.pk}


def get_submission_limits(request, body: dict) -> dict:
    competition = competition_or_404(request, competition_slug(body))
    team = team_of(competition=competition, user=request.user)
    if team is None:
        raise MethodError(403, "Join the competition (accept its rules) to get a submission quota.")
    quota = team_quota(team=team)
    return {"numToday": quota.used, "numTotal": team.submissions.count(), "numAllowedNow": quota.remaining,
            "limitedByTotal": False}


def _own(request, ref) -> Submission:
    submission = selectors.team_submission_get(user=request.user, pk=int(ref or 0))
    if submission is None:
        raise MethodError(404, f"Submission {ref} not found in your team.")
    return submission


def _private_visible(request, competition) -> bool:
    return selectors.board_visible(competition=competition, split="private", user=request.user)


def get_submission(request, body: dict) -> dict:
    submission = _own(request, body.get("ref"))
    return shapes.submission(submission, request=request,
                             private_visible=_private_visible(request, submission.competition))


def list_submissions(request, body: dict) -> dict:
    competition = competition_or_404(request, competition_slug(body))
    team = team_of(competition=competition, user=request.user)
    items = list(selectors.team_submissions(team=team)) if team else []
    chunk, next_token = paged(items, body)
    visible = _private_visible(request, competition)
    return {"submissions": [shapes.submission(s, request=request, private_visible=visible) for s in chunk],
            "nextPageToken": next_token}


def download_submission(request, body: dict):
    submission = _own(request, body.get("submissionId") or body.get("ref"))
    path = reverse("kaggle:submission-file", args=[submission.uuid, submission.filename])
    return HttpResponseRedirect(request.build_absolute_uri(path))


def get_leaderboard(request, body: dict) -> dict:
    competition = competition_or_404(request, competition_slug(body))
    # As on Kaggle: after the reveal the private board, unless the caller asks for the public one.
    split = "private" if competition.finalized_at and not body.get("overridePublic") else "public"
    page, size = _page(body)
    board = selectors.leaderboard_page(competition=competition, split=split, page=page, per_page=size)
    rows = [r for r in board.rows if r.rank is not None]
    return {"submissions": [shapes.leaderboard_row(r) for r in rows],
            "nextPageToken": str(board.page + 1) if board.page < board.pages else ""}


def download_leaderboard(request, body: dict):
    competition = competition_or_404(request, competition_slug(body))
    path = reverse("kaggle:leaderboard-zip", args=[competition.slug, f"{competition.slug}.zip"])
    return HttpResponseRedirect(request.build_absolute_uri(path))


def register(name: str, handler) -> None:
    """Lets an app that depends on competitions add methods (discussions adds the topics commands), so that
    competitions never imports it."""
    HANDLERS[name] = handler


HANDLERS = {
    "ListCompetitions": list_competitions,
    "ListDataFiles": list_data_files,
    "DownloadDataFile": download_data_file,
    "DownloadDataFiles": download_data_files,
    "StartSubmissionUpload": start_submission_upload,
    "CreateSubmission": create_submission,
    "GetSubmissionLimits": get_submission_limits,
    "GetSubmission": get_submission,
    "ListSubmissions": list_submissions,
    "DownloadSubmission": download_submission,
    "GetLeaderboard": get_leaderboard,
    "DownloadLeaderboard": download_leaderboard,
}

