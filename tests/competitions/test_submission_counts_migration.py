"""Migration 0014 fills Submission.queued_at and the outcome counters of the rows it finds: queued since their
upload, and each finished outcome counted once, so that /metrics' counters go on from the values they had."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from competitions.models import Submission
from competitions.services import rules_accept
from competitions.services.submissions import submission_create

from .test_queue_stats import GOOD_CSV

BEFORE = ("competitions", "0013_team_event_messages")
AFTER = ("competitions", "0014_submission_queued_at_and_outcome_counts")


def _migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


@pytest.mark.django_db(transaction=True)
def test_rows_from_before_are_queued_since_their_upload_and_their_outcome_counted_once(competition, user):
    competition.daily_submission_limit = 10
    competition.save(update_fields=["daily_submission_limit"])
    rules_accept(competition=competition, user=user)
    made = {status: submission_create(competition=competition, user=user, data=GOOD_CSV, filename=f"{status}.csv")[0]
            for status in ("queued", "scored", "failed", "error")}
    for status, submission in made.items():
        Submission.objects.filter(pk=submission.pk).update(status=status,
                                                           created_at=timezone.now() - dt.timedelta(days=3))

    _migrate(BEFORE)
    _migrate(AFTER)

    rows = {row.status: row for row in Submission.objects.all()}
    assert all(row.queued_at == row.created_at for row in rows.values())
    counts = {status: (row.times_scored, row.times_failed, row.times_errored) for status, row in rows.items()}
    assert counts == {"queued": (0, 0, 0), "scored": (1, 0, 0), "failed": (0, 1, 0), "error": (0, 0, 1)}
