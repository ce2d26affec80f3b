"""One function per CompetitionApiService method: request body in, a dict (or a redirect) out.

Each is an adapter over the selectors and services the portal uses, so the daily limit, idempotency, validation
and private-score rules apply unchanged and a refused file gets the portal's message.
"""

import re

from django.db.models import Count, Q
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from scoring.errors import SubmissionFormatError

from .. import refusal_codes, selectors
from ..format_messages import format_error_text
from ..metrics import count_refusal
from ..api.submissions import seconds_to_reset
from ..models import Competition, Submission, Team
from ..services.submissions import DailyLimitReached, SubmissionRefused, submission_create, team_quota
from ..services.teams import team_of
from ..services.uploads import UploadError, upload_open, upload_read
from . import shapes

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 200
MAX_NUMBER = 2**63 - 1  # the largest id or length a database column holds


class MethodError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def _shown(value) -> str:
    """A refused value as an error quotes it: short, so that a huge value cannot make a huge error."""
    text = str(value)
    return repr(text if len(text) <= 40 else text[:40] + "…")


def text_field(body: dict, field: str) -> str:
    """A string field of a request body; a number is read as its digits, anything else is refused."""
    value = body.get(field, "")
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise MethodError(400, _("%(field)s must be a string.") % {"field": field})
    if "\x00" in (text := str(value)):
        raise MethodError(400, _("%(field)s must not contain NUL characters.") % {"field": field})
    return text


def number_field(body: dict, field: str, *, default: int) -> int:
    """A whole-number field (a JSON number, or digits in a string as the CLI sends page tokens), or `default`."""
    value = body.get(field)
    if value is None or value == "":
        return default
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d{1,19}\s*", value, flags=re.ASCII):
        number = int(value)
    if number is None or abs(number) > MAX_NUMBER:
        raise MethodError(400, _("%(field)s must be a whole number up to %(max)d, not %(value)s.")
                          % {"field": field, "max": MAX_NUMBER, "value": _shown(value)})
    return number


def competition_slug(body: dict) -> str:
    name = text_field(body, "competitionName").strip().rstrip("/")
    return name.rsplit("/", 1)[-1]  # accept a full competition URL as well as its slug


def competition_or_404(request, slug: str, *, with_solution: bool = False) -> Competition:
    try:
        return selectors.competition_get(slug=slug, user=request.user, with_solution=with_solution)
    except Competition.DoesNotExist:
        raise MethodError(404, _("Competition '%(slug)s' not found.") % {"slug": slug})


def competition_for_download(request, slug: str) -> Competition:
    competition = competition_or_404(request, slug)
    if not (selectors.rules_accepted(user=request.user, competition=competition)
            or selectors.user_is_host(user=request.user, competition=competition)):
        raise MethodError(403, _("You must accept the rules of '%(title)s' before downloading its data (on the "
                                 "Rules tab of %(url)s).")
                          % {"title": competition.title,
                             "url": request.build_absolute_uri(competition_url(competition))})
    return competition


def competition_url(competition: Competition) -> str:
    return reverse("competitions:rules", args=[competition.slug])


def _page(body: dict) -> tuple[int, int]:
    """(page, size): out-of-range values are brought into range, as kaggle.com does; non-numbers are refused."""
    size = number_field(body, "pageSize", default=DEFAULT_PAGE_SIZE)
    field = "pageToken" if body.get("pageToken") not in (None, "") else "page"
    return max(1, number_field(body, field, default=1)), max(1, min(size, MAX_PAGE_SIZE))


def paged(items: list, body: dict) -> tuple[list, str]:
    page, size = _page(body)
    chunk = items[(page - 1) * size: page * size]
    return chunk, str(page + 1) if len(items) > page * size else ""


def list_competitions(request, body: dict) -> dict:
    competitions = selectors.competition_list(user=request.user).prefetch_related("hosts")
    competitions = competitions.annotate(team_total=Count("teams", filter=Q(teams__merged_into__isnull=True),
                                                          distinct=True))
    if search := text_field(body, "search").strip():
        competitions = competitions.filter(Q(title__icontains=search) | Q(slug__icontains=search))
    entered = set(Team.objects.filter(memberships__user=request.user, memberships__left_at__isnull=True)
                  .values_list("competition_id", flat=True))
    group = text_field(body, "group")
    if group.endswith("ENTERED"):
        competitions = competitions.filter(pk__in=entered)
    elif group.endswith("HOSTED"):
        competitions = competitions.filter(hosts=request.user)
    ordering = {"COMPETITION_SORT_BY_EARLIEST_DEADLINE": "end_at", "COMPETITION_SORT_BY_NUMBER_OF_TEAMS":
                "-team_total", "COMPETITION_SORT_BY_RECENTLY_CREATED": "-created_at"}
    competitions = competitions.order_by(ordering.get(text_field(body, "sortBy"), "-start_at"))
    chunk, next_token = paged(list(competitions), body)
    return {"competitions": [shapes.competition(c, request=request, entered=c.pk in entered,
                                                team_count=c.team_total, rank=_user_rank(request, c))
                             for c in chunk],
            "nextPageToken": next_token}


def _user_rank(request, competition: Competition) -> int | None:
    """The rank of the caller's team on the board the CLI shows (private once finalized), 1 for the leader."""
    team = team_of(competition=competition, user=request.user)
    if team is None:
        return None
    return selectors.team_rank(team=team, split="private" if competition.finalized_at else "public")


def list_data_files(request, body: dict) -> dict:
    competition = competition_or_404(request, competition_slug(body))
    chunk, next_token = paged(list(selectors.data_file_list(competition=competition)), body)
    return {"files": [shapes.data_file(f, request=request) for f in chunk], "nextPageToken": next_token}


def download_data_file(request, body: dict):
    competition = competition_for_download(request, competition_slug(body))
    name = text_field(body, "fileName")
    if not competition.data_files.filter(name=name).exists():
        raise MethodError(404, _("Competition '%(slug)s' has no data file '%(name)s'.")
                          % {"slug": competition.slug, "name": name})
    return HttpResponseRedirect(request.build_absolute_uri(f"/api/v1/competitions/{competition.slug}/data/{name}"))


def download_data_files(request, body: dict):
    competition = competition_for_download(request, competition_slug(body))
    path = reverse("kaggle:data-bundle", args=[competition.slug, f"{competition.slug}.zip"])
    return HttpResponseRedirect(request.build_absolute_uri(path))


def start_submission_upload(request, body: dict) -> dict | JsonResponse:
    """Opens the upload slot. Its refusals are the upload's (the CLI stops there), so /metrics counts them here."""
    competition = competition_or_404(request, competition_slug(body))
    try:
        slot = upload_open(competition=competition, user=request.user, filename=text_field(body, "fileName"),
                           content_length=_content_length(body))
    except DailyLimitReached as error:
        count_refusal(competition=competition, reason=refusal_codes.DAILY_LIMIT_REACHED)
        return _daily_limit_reached(error)
    except SubmissionRefused as error:
        count_refusal(competition=competition, reason=refusal_codes.SUBMISSION_REFUSED)
        raise MethodError(403, str(error))
    except UploadError as error:  # upload_open's only one: the announced length is over the cap
        count_refusal(competition=competition, reason=refusal_codes.FILE_TOO_LARGE)
        raise MethodError(413, str(error))
    create_url = request.build_absolute_uri(reverse("kaggle:upload", args=[slot.token]))
    return {"token": slot.token, "createUrl": create_url}


def _daily_limit_reached(error: DailyLimitReached) -> JsonResponse:
    """The CLI's 429, answered here because only here is the wait known: until the UTC day resets."""
    return JsonResponse({"code": 429, "message": str(error)}, status=429,
                        headers={"Retry-After": str(seconds_to_reset(error))})


def _content_length(body: dict) -> int:
    length = number_field(body, "contentLength", default=0)
    if length < 0:
        raise MethodError(400, _("contentLength must be 0 or more bytes, not %(value)d.") % {"value": length})
    return length


def create_submission(request, body: dict) -> dict | JsonResponse:
    competition = competition_or_404(request, competition_slug(body), with_solution=True)
    tokens = body.get("blobFileTokens", "")
    token = text_field({"blobFileTokens": tokens[0] if isinstance(tokens, list) and tokens else tokens},
                       "blobFileTokens")
    try:
        slot, data = upload_read(token=token, user=request.user)
        submission, _created = submission_create(competition=competition, user=request.user, data=data,
                                                 filename=slot.filename,
                                                 description=text_field(body, "submissionDescription"),
                                                 idempotency_key=f"kaggle-{token}"[:100])
    except UploadError as error:  # no complete file behind the token: the CLI's missing file
        count_refusal(competition=competition, reason=refusal_codes.INVALID_SUBMISSION)
        raise MethodError(400, str(error))
    except SubmissionFormatError as error:  # submission_create counted this one, and those below
        raise MethodError(400, _("Your file was not accepted: %(error)s") % {"error": format_error_text(error)})
    except DailyLimitReached as error:
        return _daily_limit_reached(error)
    except SubmissionRefused as error:
        raise MethodError(403, str(error))
    return {"message": _("Successfully submitted to %(title)s") % {"title": competition.title}, "ref": submission.pk}


def get_submission_limits(request, body: dict) -> dict:
    competition = competition_or_404(request, competition_slug(body))
    team = team_of(competition=competition, user=request.user)
    if team is None:
        raise MethodError(403, _("Join the competition (accept its rules) to get a submission quota."))
    quota = team_quota(team=team)
    return {"numToday": quota.used, "numTotal": team.submissions.count(), "numAllowedNow": quota.remaining,
            "limitedByTotal": False}


def _own(request, body: dict, field: str) -> Submission:
    ref = number_field(body, field, default=0)
    submission = selectors.team_submission_get(user=request.user, pk=ref) if ref > 0 else None
    if submission is None:
        raise MethodError(404, _("Submission %(ref)s not found in your team.") % {"ref": ref})
    return submission


def _private_visible(request, competition) -> bool:
    return selectors.board_visible(competition=competition, split="private", user=request.user)


def get_submission(request, body: dict) -> dict:
    submission = _own(request, body, "ref")
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
    submission = _own(request, body, "submissionId" if body.get("submissionId") else "ref")
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

