from .hosting import (
    Competition,
    CompetitionEvent,
    DataFile,
    RulesAcceptance,
    Solution,
    data_file_path,
    metric_choices,
    private_storage,
    solution_path,
)
from .downloads import DataArchive
from .leaderboards import LeaderboardEntry
from .submissions import Score, Submission, submission_path
from .teams import SubmissionGrant, Team, TeamEvent, TeamMembership, TeamRequest
from .uploads import UploadSlot

__all__ = [
    "Competition", "CompetitionEvent", "DataArchive", "DataFile", "LeaderboardEntry", "RulesAcceptance", "Score", "Solution", "Submission", "SubmissionGrant", "Team",
    "TeamEvent", "TeamMembership", "TeamRequest", "UploadSlot", "data_file_path", "metric_choices", "private_storage",
    "solution_path", "submission_path",
]
