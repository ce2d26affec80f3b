from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from competitions.format_messages import format_error_text
from competitions.models import Competition
from competitions.services.baselines import baseline_submit
from competitions.services.submissions import SubmissionRefused
from scoring.errors import SubmissionFormatError


class Command(BaseCommand):
    help = ("Submits a file once as a marked, unranked baseline team (a bot account without a password), through "
            "the normal upload path: validated, counted and scored like any submission. A team that has submitted "
            "before is left as it is, so seeding can run on every start.")

    def add_arguments(self, parser):
        parser.add_argument("competition", help="the competition's slug")
        parser.add_argument("file", type=Path, help="the submission file")
        parser.add_argument("--team", required=True, help="the baseline team's name, e.g. 'Trivial baseline: all zeros'")
        parser.add_argument("--user", default="baseline-bot", help="the bot account that submits (default: %(default)s)")
        parser.add_argument("--description", default="", help="the submission's description")

    def handle(self, *args, competition, file, team, user, description, **options):
        found = Competition.objects.filter(slug=competition).first()
        if found is None:
            raise CommandError(_("Competition '%(slug)s' is not loaded.") % {"slug": competition})
        if not file.is_file():
            raise CommandError(_("No submission file at %(path)s.") % {"path": file})
        try:
            baseline, submission = baseline_submit(competition=found, username=user, team_name=team,
                                                   data=file.read_bytes(), filename=file.name, description=description)
        except (SubmissionFormatError, SubmissionRefused) as error:
            raise CommandError(_("%(path)s was refused: %(reason)s")
                               % {"path": file, "reason": format_error_text(error)}) from error
        if submission is None:
            self.stdout.write(_("Baseline '%(team)s' already submitted to '%(slug)s'.")
                              % {"team": baseline.name, "slug": competition})
        else:
            self.stdout.write(self.style.SUCCESS(
                _("Submitted '%(team)s' to '%(slug)s' (submission %(id)s, scored by the worker).")
                % {"team": baseline.name, "slug": competition, "id": submission.pk}))
