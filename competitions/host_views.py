"""The portal's host area, the Host tab: a competition's activity in charts (each with its numbers as a table), its
scoring queue and latest errors, every submission with both scores, its teams, and the host's actions, each
confirmed on its own page and answered with a message naming what happened (or the service's refusal).

Whoever does not host the competition gets a 404 on every page and action here, the same answer as for a
competition that does not exist; the rule is `selectors.user_is_host`. The writes are the services'.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from . import charts, host_selectors, queue_stats, selectors
from .host_forms import GrantForm, ReopenForm
from .models import Competition, Submission, Team
from .services.hosting import competition_set_paused
from .services.leaderboards import (
    CompetitionFinalized,
    FinalizeRefused,
    competition_finalize,
    competition_reopen,
    final_standings,
    finalize_check,
)
from .services.submissions import submission_rescore
from .services.teams import TeamError, team_grant_submissions, team_set_disqualified
from .stored_files import stored_attachment
from .views import _competition_or_404, tab_context

STATUS_NAMES = {"scored": gettext_lazy("Scored"), "failed": gettext_lazy("Failed"),
                "error": gettext_lazy("Platform error"), "queued": gettext_lazy("Queued or scoring")}
PER_PAGE = 50


def _hosted_or_404(request, slug: str) -> Competition:
    competition = _competition_or_404(request, slug)
    if not selectors.user_is_host(user=request.user, competition=competition):
        raise Http404(_("No such page."))
    return competition


def _render(request, competition: Competition, template: str, section: str, **context):
    return render(request, f"competitions/host/{template}",
                  {**tab_context(request, competition, "host"), "host_section": section, **context})


def _charts(competition: Competition) -> dict:
    """The three charts as SVG, and the same numbers as rows for their tables."""
    days = host_selectors.host_days(competition=competition)
    labels = [f"{day:%m-%d}" for day in days]
    growth = host_selectors.host_growth(competition=competition, days=days)
    per_day = host_selectors.host_submissions_per_day(competition=competition, days=days)
    bins = charts.histogram_bins(host_selectors.host_best_public_scores(competition=competition))
    bin_labels = [f"{b.low:.4g} – {b.high:.4g}" for b in bins]
    names = {key: str(name) for key, name in STATUS_NAMES.items()}
    return {
        "growth_svg": mark_safe(charts.line_chart(  # charts.py escapes every text it writes
            title=_("Participants and teams, by day"), labels=labels,
            series=[growth["participants"], growth["teams"]])),
        "growth_rows": list(zip(days, growth["participants"], growth["teams"])),
        "daily_svg": mark_safe(charts.bar_chart(title=_("Submissions per day, by status"), labels=labels,
                                                stacks=per_day, names=names)),
        "daily_rows": list(zip(days, *per_day.values())),
        "score_svg": mark_safe(charts.bar_chart(title=_("Best public score of each ranked team"), labels=bin_labels,
                                                stacks={"score": [b.count for b in bins]},
                                                names={"score": _("teams")})),
        "score_rows": list(zip(bin_labels, [b.count for b in bins])),
        "status_names": STATUS_NAMES,
    }


@require_GET
def host_overview(request, slug: str):
    competition = _hosted_or_404(request, slug)
    return _render(request, competition, "overview.html", "overview", **_charts(competition),
                   queue=queue_stats.competition_queue_figures(competition=competition),
                   workers=queue_stats.workers_answering(),
                   errors=host_selectors.host_latest_errors(competition=competition))


@require_GET
def host_submissions(request, slug: str):
    competition = _hosted_or_404(request, slug)
    status = request.GET.get("status", "")
    listed = host_selectors.host_submission_list(competition=competition, status=status)
    return _render(request, competition, "submissions.html", "submissions", status=status,
                   statuses=Submission.Status.choices,
                   page=Paginator(listed, PER_PAGE).get_page(request.GET.get("page")))


@require_GET
def host_teams(request, slug: str):
    competition = _hosted_or_404(request, slug)
    query = request.GET.get("q", "").strip()
    listed = host_selectors.host_team_list(competition=competition, query=query)
    return _render(request, competition, "teams.html", "teams", query=query,
                   page=Paginator(listed, PER_PAGE).get_page(request.GET.get("page")))


def _submission_or_404(competition: Competition, submission_id) -> Submission:
    return get_object_or_404(Submission.objects.select_related("team", "competition"), uuid=submission_id,
                             competition=competition)


def _team_or_404(competition: Competition, team_id: int) -> Team:
    return get_object_or_404(Team.objects.select_related("competition"), pk=team_id, competition=competition)


@require_GET
def host_submission_download(request, slug: str, submission_id):
    submission = _submission_or_404(_hosted_or_404(request, slug), submission_id)
    return stored_attachment(submission.file, filename=submission.filename)


def _confirm(request, competition: Competition, *, section: str, heading: str, text: str, button: str,
             back: str, fields: dict | None = None):
    """The page that asks before an action: what will happen, one button that posts, and a way back."""
    return _render(request, competition, "confirm.html", section, heading=heading, text=text, button=button,
                   back=back, fields=fields or {})


@require_http_methods(["GET", "POST"])
def host_submission_rescore(request, slug: str, submission_id):
    competition = _hosted_or_404(request, slug)
    submission = _submission_or_404(competition, submission_id)
    names = {"file": submission.filename, "team": submission.team.name}
    back = reverse("competitions:host_submissions", args=[slug])
    if request.method == "GET":
        return _confirm(request, competition, section="submissions", back=back, button=_("Rescore"),
                        heading=_("Rescore %(file)s of %(team)s?") % names,
                        text=_("The submission goes back to the scoring queue. Its current scores are kept, "
                               "disabled, for the record; the team's board rows follow the new scores."))
    try:
        submission_rescore(submission=submission)
    except CompetitionFinalized as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(file)s of %(team)s is queued for rescoring.") % names)
    return redirect(back)


@require_http_methods(["GET", "POST"])
def host_team_disqualify(request, slug: str, team_id: int):
    competition = _hosted_or_404(request, slug)
    team = _team_or_404(competition, team_id)
    back = reverse("competitions:host_teams", args=[slug])
    if request.method == "GET":
        return _confirm(request, competition, section="teams", back=back, **_disqualify_question(team))
    disqualify = request.POST.get("disqualified") == "1"
    try:
        team_set_disqualified(team=team, actor=request.user, disqualified=disqualify)
    except CompetitionFinalized as error:
        messages.error(request, str(error))
    else:
        done = (_("%(team)s is disqualified: it is no longer ranked and cannot submit.") if disqualify
                else _("%(team)s is reinstated: it is ranked again and may submit."))
        messages.success(request, done % {"team": team.name})
    return redirect(back)


def _disqualify_question(team: Team) -> dict:
    """The confirmation asks for the opposite of the team's state, and posts that state explicitly, so that a
    second click on a stale page does not undo the first."""
    if team.is_disqualified:
        return {"heading": _("Reinstate %(team)s?") % {"team": team.name}, "button": _("Reinstate"),
                "text": _("The team is ranked again on both boards and may submit again."),
                "fields": {"disqualified": "0"}}
    return {"heading": _("Disqualify %(team)s?") % {"team": team.name}, "button": _("Disqualify"),
            "text": _("The team is removed from the rankings of both boards (its rows stay, marked) and can no "
                      "longer submit. You can reinstate it until the competition is finalized."),
            "fields": {"disqualified": "1"}}


@require_http_methods(["GET", "POST"])
def host_team_grant(request, slug: str, team_id: int):
    competition = _hosted_or_404(request, slug)
    team = _team_or_404(competition, team_id)
    form = GrantForm(request.POST or None, initial={"day": timezone.now().date()})
    if request.method == "POST" and form.is_valid():
        try:
            grant = team_grant_submissions(team=team, actor=request.user, **form.cleaned_data)
        except TeamError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(team)s may make %(extra)d extra submission(s) on %(day)s (UTC).") % {
                "team": team.name, "extra": grant.extra, "day": grant.day})
            return redirect("competitions:host_teams", slug=slug)
    return _render(request, competition, "grant.html", "teams", team=team, form=form)


@require_http_methods(["GET", "POST"])
def host_pause(request, slug: str):
    competition = _hosted_or_404(request, slug)
    back = reverse("competitions:host", args=[slug])
    if request.method == "GET":
        return _confirm(request, competition, section="overview", back=back, **_pause_question(competition))
    paused = request.POST.get("paused") == "1"
    competition_set_paused(competition=competition, paused=paused)
    done = (_("Submissions to %(title)s are paused: uploads are refused until you resume them.") if paused
            else _("Submissions to %(title)s are open again."))
    messages.success(request, done % {"title": competition.title})
    return redirect(back)


def _pause_question(competition: Competition) -> dict:
    if competition.submissions_paused:
        return {"heading": _("Resume submissions?"), "button": _("Resume submissions"),
                "text": _("Participants may upload again, within their daily limits."), "fields": {"paused": "0"}}
    return {"heading": _("Pause submissions?"), "button": _("Pause submissions"),
            "text": _("Every upload is refused, with a message saying that the host paused submissions, until you "
                      "resume. Submissions already made are scored as usual."), "fields": {"paused": "1"}}


@require_http_methods(["GET", "POST"])
def host_finalize(request, slug: str):
    """The confirmation previews the private board, the shake-up and the medals exactly as finalizing freezes them."""
    competition = _hosted_or_404(request, slug)
    try:
        finalize_check(competition=competition)
        if request.method == "POST":
            competition_finalize(competition=competition, actor=request.user)
    except FinalizeRefused as error:  # refused, or something changed since the preview was shown
        messages.error(request, str(error))
        return redirect("competitions:host", slug=slug)
    if request.method == "POST":
        messages.success(request, _("%(title)s is finalized: the private leaderboard and the medals are public and "
                                    "final.") % {"title": competition.title})
        return redirect("competitions:host", slug=slug)
    return _render(request, competition, "finalize.html", "overview",
                   standings=final_standings(competition=competition))


@require_http_methods(["GET", "POST"])
def host_reopen(request, slug: str):
    competition = _hosted_or_404(request, slug)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            competition_reopen(competition=competition, actor=request.user, reason=form.cleaned_data["reason"])
        except FinalizeRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(title)s is reopened: rescore or disqualify, then finalize it again.")
                             % {"title": competition.title})
        return redirect("competitions:host", slug=slug)
    if not competition.finalized_at:
        messages.error(request, _("%(title)s is not finalized.") % {"title": competition.title})
        return redirect("competitions:host", slug=slug)
    return _render(request, competition, "reopen.html", "overview", form=form)
