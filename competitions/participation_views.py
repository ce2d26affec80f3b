"""Portal pages of participation: Leaderboard, Submissions (upload, live status, final selection), Team."""

import csv
import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scoring.errors import SubmissionFormatError

from . import refusal_codes, selectors
from .board_chart_context import leaderboard_charts, submissions_history
from .board_noise import board_mark_ties, board_noise_note
from .format_messages import format_error_text
from .metrics import count_refusal
from .services.shake_up import shake_up_calibration
from .middleware import too_large_message
from .models import Submission, Team, TeamRequest
from .services.submissions import (
    SelectionError,
    SubmissionRefused,
    submission_create,
    submission_select,
    team_quota,
)
from .services.teams import (
    TeamError,
    team_invite,
    team_of,
    team_rename,
    team_request_decide,
    team_request_join,
    team_request_merge,
)
from .views import _competition_or_404, tab_context

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def leaderboard(request, slug: str):
    competition = _competition_or_404(request, slug)
    split = request.GET.get("split", "public")
    if split not in ("public", "private"):
        raise Http404(_("No such leaderboard."))
    private_visible = selectors.board_visible(competition=competition, split="private", user=request.user)
    if split == "private" and not private_visible:
        messages.info(request, _("The private leaderboard is revealed when the host finalizes the competition."))
        return redirect("competitions:leaderboard", slug=slug)
    page = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1
    board = selectors.leaderboard_page(competition=competition, split=split, page=page)
    noise = None
    if split == "public":
        board_mark_ties(competition=competition, rows=board.rows)
        noise = board_noise_note(competition=competition)
    my_team = team_of(competition=competition, user=request.user) if request.user.is_authenticated else None
    context = {**tab_context(request, competition, "leaderboard"), "board": board, "split": split,
               "private_visible": private_visible, "my_team_id": my_team.pk if my_team else None,
               "events": selectors.competition_history(competition=competition), "noise": noise,
               "calibration": shake_up_calibration(competition=competition),
               **leaderboard_charts(competition=competition, split=split, board=board)}
    return render(request, "competitions/tab_leaderboard.html", context)


def csv_safe(value) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; a leading quote keeps them text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def leaderboard_csv_rows(*, competition, split: str) -> str:
    """A whole board as CSV, in Kaggle's columns (the kaggle CLI's download reads the same file)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # Kaggle's columns, then the public score's 95% bootstrap interval (empty on the private board).
    writer.writerow(["Rank", "TeamId", "TeamName", "LastSubmissionDate", "Score", "SubmissionCount", "ScoreLow",
                     "ScoreHigh"])
    rows = selectors.leaderboard_page(competition=competition, split=split, page=1, per_page=10**9).rows
    for row in rows:
        last = row.last_submission_at.strftime("%Y-%m-%d %H:%M:%S") if row.last_submission_at else ""
        writer.writerow([row.rank or "", row.team_id, csv_safe(row.team.name), last, repr(row.score), row.entries,
                         _bound(row.ci_low), _bound(row.ci_high)])
    return buffer.getvalue()


def _bound(value) -> str:
    return "" if value is None else repr(value)


def leaderboard_csv(request, slug: str):
    competition = _competition_or_404(request, slug)
    split = request.GET.get("split", "public")
    if split not in ("public", "private") or not selectors.board_visible(competition=competition, split=split,
                                                                         user=request.user):
        raise Http404(_("No such leaderboard."))
    response = HttpResponse(leaderboard_csv_rows(competition=competition, split=split),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{competition.slug}-{split}leaderboard.csv")
    return response


@login_required
def submissions(request, slug: str):
    competition = _competition_or_404(request, slug)
    team = team_of(competition=competition, user=request.user)
    if request.method == "POST":
        return _upload(request, competition)
    context = {**tab_context(request, competition, "submissions"), "team": team,
               "submissions": selectors.team_submissions(team=team) if team else [],
               "quota": team_quota(team=team) if team else None,
               "private_visible": selectors.board_visible(competition=competition, split="private",
                                                          user=request.user),
               **submissions_history(competition=competition, team=team)}
    return render(request, "competitions/tab_submissions.html", context)


def _upload(request, competition):
    upload = request.FILES.get("file")
    if upload is None:
        return _refused(request, competition, refusal_codes.INVALID_SUBMISSION, _("Choose a file to submit."))
    if upload.size > settings.PODIUM_SUBMISSION_MAX_BYTES:
        return _refused(request, competition, refusal_codes.FILE_TOO_LARGE, too_large_message(upload.size))
    try:
        _submission, created = submission_create(
            competition=competition, user=request.user, data=upload.read(), filename=upload.name,
            description=request.POST.get("description", ""),
            idempotency_key=request.POST.get("idempotency_key", "")[:100])
    except (SubmissionFormatError, SubmissionRefused) as error:
        messages.error(request, _("Your file was not accepted: %(error)s") % {"error": format_error_text(error)})
    else:
        if created:
            # podium.js removes it once no row on the page is queued or scoring any more
            messages.success(request, _("Submitted. It is being scored; this page updates by itself."),
                             extra_tags="while-scoring")
    return redirect("competitions:submissions", slug=competition.slug)


def _refused(request, competition, reason: str, message: str):
    """A refusal before the service (which counts its own): counted for /metrics under the REST API's code."""
    count_refusal(competition=competition, reason=reason)
    messages.error(request, message)
    return redirect("competitions:submissions", slug=competition.slug)


@login_required
def submission_row(request, submission_id):
    """One row of My Submissions, polled by htmx while the submission is queued or scoring."""
    submission = get_object_or_404(Submission.objects.select_related("competition").prefetch_related("scores"),
                                   uuid=submission_id)
    if team_of(competition=submission.competition, user=request.user) != submission.team:
        raise Http404(_("No such submission."))
    private_visible = selectors.board_visible(competition=submission.competition, split="private",
                                              user=request.user)
    return render(request, "competitions/_submission_row.html",
                  {"submission": submission, "competition": submission.competition,
                   "private_visible": private_visible})


@login_required
@require_POST
def submission_select_view(request, submission_id):
    submission = get_object_or_404(Submission.objects.select_related("competition"), uuid=submission_id)
    try:
        submission_select(submission=submission, user=request.user, selected=request.POST.get("selected") == "1")
    except SelectionError as error:
        messages.error(request, str(error))
    return redirect("competitions:submissions", slug=submission.competition.slug)


@login_required
def team_page(request, slug: str):
    competition = _competition_or_404(request, slug)
    team = team_of(competition=competition, user=request.user)
    if request.method == "POST":
        _team_action(request, competition, team)
        return redirect("competitions:team", slug=slug)
    context = {**tab_context(request, competition, "team"), "team": team}
    if team:
        context.update(
            members=team.memberships.filter(left_at__isnull=True).select_related("user"),
            events=team.events.select_related("actor"),
            incoming=TeamRequest.objects.filter(status=TeamRequest.Status.PENDING)
            .filter(team=team).exclude(kind=TeamRequest.Kind.INVITATION).select_related("user", "other_team"),
            invitations=TeamRequest.objects.filter(status=TeamRequest.Status.PENDING, user=request.user,
                                                   kind=TeamRequest.Kind.INVITATION,
                                                   team__competition=competition).select_related("team"),
        )
    return render(request, "competitions/tab_team.html", context)


def _team_action(request, competition, team):
    action = request.POST.get("action")
    try:
        if team is None:
            raise TeamError(_("Accept the rules first: that makes you a team of one."))
        if action == "rename":
            team_rename(team=team, actor=request.user, name=request.POST.get("name", ""))
            messages.success(request, _("Team renamed."))
        elif action == "invite":
            invitee = get_user_model().objects.filter(username=request.POST.get("username", "").strip()).first()
            if invitee is None:
                raise TeamError(_("No user has that name."))
            team_invite(team=team, actor=request.user, invitee=invitee)
            messages.success(request, _("Invitation sent to %(user)s.") % {"user": invitee.username})
        elif action in ("join", "merge"):
            target = Team.objects.filter(competition=competition, merged_into__isnull=True,
                                         name=request.POST.get("team", "").strip()).first()
            if target is None:
                raise TeamError(_("No team of this competition has that name."))
            if action == "join":
                team_request_join(team=target, actor=request.user)
            else:
                team_request_merge(source=team, target=target, actor=request.user)
            messages.success(request, _("Request sent to %(team)s.") % {"team": target.name})
        elif action in ("accept", "decline"):
            team_request = get_object_or_404(TeamRequest, pk=request.POST.get("request"))
            team_request_decide(request=team_request, actor=request.user, accept=action == "accept")
            messages.success(request, _("Done."))
    except TeamError as error:
        messages.error(request, str(error))
