"""Podium objects in the shapes the kaggle CLI reads (camelCase; datetimes ISO-8601 with milliseconds and Z)."""

from django.urls import reverse

from ..models import Competition, DataFile, LeaderboardEntry, Submission

STATUS = {Submission.Status.QUEUED: "PENDING", Submission.Status.SCORING: "PENDING",
          Submission.Status.SCORED: "COMPLETE", Submission.Status.FAILED: "ERROR", Submission.Status.ERROR: "ERROR"}


def when(value) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z" if value else None


def score_text(value: float | None) -> str:
    return "" if value is None else f"{value:.5f}"


def competition(item: Competition, *, request, entered: bool, team_count: int) -> dict:
    url = request.build_absolute_uri(reverse("competitions:detail", args=[item.slug]))
    return {
        "id": item.pk, "ref": url, "title": item.title, "url": url, "description": item.subtitle,
        "category": "Community", "reward": "Knowledge", "tags": [], "deadline": when(item.end_at),
        "teamCount": team_count, "userHasEntered": entered, "mergerDeadline": when(item.effective_merger_deadline),
        "newEntrantDeadline": when(item.effective_entry_deadline), "enabledDate": when(item.start_at),
        "maxDailySubmissions": item.daily_submission_limit, "maxTeamSize": item.max_team_size,
        "evaluationMetric": item.metric.label, "submissionsDisabled": item.submissions_paused,
        "hostName": ", ".join(h.get_username() for h in item.hosts.all()) or "Podium",
    }


def data_file(item: DataFile, *, request) -> dict:
    return {"ref": item.name, "name": item.name, "description": item.description, "totalBytes": item.size,
            "url": request.build_absolute_uri(f"/api/v1/competitions/{item.competition.slug}/data/{item.name}"),
            "creationDate": when(item.created_at)}


def submission(item: Submission, *, request, private_visible: bool) -> dict:
    scores = {s.split: s.value for s in item.scores.all() if s.is_active}
    return {
        "ref": item.pk, "totalBytes": item.size, "date": when(item.created_at), "description": item.description,
        "errorDescription": item.error_message, "fileName": item.filename,
        "publicScore": score_text(scores.get("public")),
        "privateScore": score_text(scores.get("private")) if private_visible else "",
        "status": STATUS[item.status], "submittedBy": item.submitted_by.get_username(), "teamName": item.team.name,
        "url": request.build_absolute_uri(reverse("competitions:submissions", args=[item.competition.slug])),
    }


def leaderboard_row(entry: LeaderboardEntry) -> dict:
    return {"teamId": entry.team_id, "teamName": entry.team.name, "submissionDate": when(entry.submitted_at),
            "score": score_text(entry.score)}
