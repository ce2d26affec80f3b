"""Writes of the hosting side: competitions, their files and solution, rules acceptance."""

import hashlib
from pathlib import PurePosixPath

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scoring.errors import SolutionFormatError
from scoring.solution import load_solution

from ..format_messages import format_error_text
from ..models import Competition, DataFile, RulesAcceptance, Solution, Submission
from ..models.hosting import new_split_seed
from .submissions import submission_rescore
from .teams import team_create_solo


class RulesNotAccepted(PermissionError):
    def __init__(self, competition: Competition):
        super().__init__(_("Accept the rules of '%(title)s' before downloading its data.")
                         % {"title": competition.title})


def rules_accept(*, competition: Competition, user: User) -> RulesAcceptance:
    """Accepting the rules unlocks the data and, before the entry deadline, makes the user a team of one."""
    acceptance, _created = RulesAcceptance.objects.get_or_create(competition=competition, user=user)
    if timezone.now() < competition.effective_entry_deadline:
        team_create_solo(competition=competition, user=user)
    return acceptance


def data_file_name_validate(name: str) -> str:
    """A data file's name is a relative POSIX path that stays inside the competition's folder."""
    path = PurePosixPath(name)
    if not name or name.startswith("/") or "\\" in name or ".." in path.parts or name != str(path):
        raise ValidationError(_("'%(name)s' is not a valid data file name: use a relative path without '..'.")
                              % {"name": name})
    return name


def data_file_add(*, competition: Competition, name: str, content: bytes, description: str = "",
                  is_sample_submission: bool = False) -> DataFile:
    data_file_name_validate(name)
    data_file = DataFile(competition=competition, name=name, description=description,
                         is_sample_submission=is_sample_submission, size=len(content),
                         sha256=hashlib.sha256(content).hexdigest())
    data_file.file.save(name, ContentFile(content), save=False)
    data_file.save()
    return data_file


def solution_check(*, competition: Competition, content: bytes):
    """Parses the solution as the scorer will; raises ValidationError with the parser's message."""
    try:
        return load_solution(data=content, metric_key=competition.metric_key, params=competition.metric_params,
                             public_fraction=competition.public_fraction, seed=competition.split_seed)
    except SolutionFormatError as error:
        raise ValidationError(_("Solution file: %(error)s") % {"error": format_error_text(error)}) from error


def solution_set(*, competition: Competition, content: bytes, filename: str = "solution.csv") -> Solution:
    """Stores (or replaces) the hidden solution after checking that the scorer can read it."""
    parsed = solution_check(competition=competition, content=content)
    solution = Solution.objects.filter(competition=competition).first() or Solution(competition=competition)
    old_name = solution.file.name if solution.pk else None
    solution.sha256 = hashlib.sha256(content).hexdigest()
    solution.rows = len(parsed.ids)
    solution.public_rows = int(parsed.is_public.sum())
    solution.file.save(PurePosixPath(filename).name, ContentFile(content), save=False)
    solution.save()
    if old_name and old_name != solution.file.name:
        storage = solution.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return solution


def competition_redraw_split(*, competition: Competition) -> int:
    """Draws a new secret seed for the public/private split and rescores every scored submission under it.

    For competitions created before seeds were secret: their split could be recomputed by participants. Returns
    how many submissions were queued for rescoring (their old scores stay, disabled, for audit).
    """
    with transaction.atomic():
        Competition.objects.filter(pk=competition.pk).update(split_seed=new_split_seed())
        competition.refresh_from_db(fields=["split_seed"])
        scored = list(competition.submissions.filter(status=Submission.Status.SCORED))
        for submission in scored:
            submission_rescore(submission=submission)
    return len(scored)



def competition_set_paused(*, competition: Competition, paused: bool) -> Competition:
    """Pauses (or resumes) uploads; submissions already made are scored as usual. An upload reads the flag again
    inside its own transaction (services.submissions.submission_create), so the pause applies from its commit."""
    Competition.objects.filter(pk=competition.pk).update(submissions_paused=paused)
    competition.submissions_paused = paused
    return competition
