"""The codes of a refused upload: the REST API answers with them (its errors' `code`) and /metrics counts refusals
by them (podium_submissions_refused_total{reason}). A module of its own because both sides import it: the API's
error classes, and competitions/metrics.py, which the services import and so cannot import the API."""

INVALID_SUBMISSION = "invalid_submission"  # the file is missing or does not parse
SUBMISSION_REFUSED = "submission_refused"  # the team may not submit now
DAILY_LIMIT_REACHED = "daily_limit_reached"
FILE_TOO_LARGE = "file_too_large"
