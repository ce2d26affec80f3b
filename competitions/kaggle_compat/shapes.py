"""Podium objects in the shapes the kaggle CLI reads (camelCase; datetimes ISO-8601 with milliseconds and Z)."""

from django.urls import reverse

from ..models import Competition, DataFile, LeaderboardEntry, Submission

STATUS = {Submission.Status.QUEUED: "PENDING", Submission.Status.SCORING: "PENDING",
          Submission.Status.SCORED: "COMPLETE", Submission.Status.FAILED: "ERROR", Submission.Status.ERROR: "ERROR"}


LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")


def when(value) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z" if value else None


def deadline(value) -> str | None:
    """A competition's dates to the second: the CLI prints a datetime's microseconds when it has any, kaggle.com's
    have none."""
    return when(value.replace(microsecond=0)) if value else None


def page_url(request, path: str) -> str:
    """A URL a person can open. The kaggle 2.x CLI always addresses http://localhost (port 80) and reaches Podium
    through HTTP_PROXY, so its Host names no port: for a loopback host, the port the request really arrived on is
    put back. Only for display: a redirect to another port would make the CLI drop its Authorization header."""
    host, port = request.get_host(), request.META.get("SERVER_PORT", "")
    default_port = "443" if request.is_secure() else "80"
    if host in LOOPBACK_HOSTS and port.isdigit() and port != default_port:
        return f"{request.scheme}://{host}:{port}{path}"
    return request.build_absolute_uri(path)


def score_text(value: float | None) -> str:
    return "" if value is None else f"{value:.5f}"


def competition(item: Competition, *, request, entered: bool, team_count: int, rank: int | None = None) -> dict:
    url = page_url(request, reverse("competitions:detail", args=[item.slug]))
    shape = {
        "id": item.pk, "ref": url, "title": item.title, "url": url, "description": item.subtitle,
        # The CLI's list prints `category`: Podium puts the phase there (Active, Ended, Completed...).
        "category": str(item.phase_label), "reward": "Knowledge", "tags": [], "deadline": deadline(item.end_at),
        "teamCount": team_count, "userHasEntered": entered,
        "mergerDeadline": deadline(item.effective_merger_deadline),
        "newEntrantDeadline": deadline(item.effective_entry_deadline), "enabledDate": deadline(item.start_at),
        "maxDailySubmissions": item.daily_submission_limit, "maxTeamSize": item.max_team_size,
        "evaluationMetric": item.metric.label, "submissionsDisabled": not item.accepts_submissions,
        "hostName": ", ".join(h.get_username() for h in item.hosts.all()) or "Podium",
    }
    if rank is not None:  # absent, not 0, for a team without a ranked row: the CLI reads a missing rank as none
        shape["userRank"] = rank
    return shape


def data_file(item: DataFile, *, request) -> dict:
    return {"ref": item.name, "name": item.name, "description": item.description, "totalBytes": item.size,
            "url": request.build_absolute_uri(f"/api/v1/competitions/{item.competition.slug}/data/{item.name}"),
            "creationDate": when(item.created_at)}


def submission(item: Submission, *, request, private_visible: bool) -> dict:
    scores = {s.split: s.value for s in item.scores.all() if s.is_active}
    return {
        "ref": item.pk, "totalBytes": item.size, "date": when(item.created_at), "description": item.description,
        "errorDescription": item.error_text, "fileName": item.filename,
        "publicScore": score_text(scores.get("public")),
        "privateScore": score_text(scores.get("private")) if private_visible else "",
        "status": STATUS[item.status], "submittedBy": item.submitted_by.get_username(), "teamName": item.team.name,
        "url": page_url(request, reverse("competitions:submissions", args=[item.competition.slug])),
    }


def leaderboard_row(entry: LeaderboardEntry) -> dict:
    return {"teamId": entry.team_id, "teamName": entry.team.name, "submissionDate": when(entry.submitted_at),
            "score": score_text(entry.score)}
