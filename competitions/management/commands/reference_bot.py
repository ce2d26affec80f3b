from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.services import api_key_get_or_create
from competitions.models import Competition
from competitions.services.baselines import baseline_team, bot_user

REFERENCE_USER = "reference-bot"


def team_spec(value: str) -> tuple[str, str]:
    slug, separator, name = value.partition("=")
    if not (separator and slug.strip() and name.strip()):
        raise ValueError(value)
    return slug.strip(), name.strip()


class Command(BaseCommand):
    help = ("Prepares the account that `make baselines` submits the trained baselines with: a marked baseline team "
            "in each competition given with --team (`python -m baselines.seed_client reference-key` passes the "
            "reference ones). Prints the account's API key (and nothing else) for PODIUM_API_KEY.")

    def add_arguments(self, parser):
        parser.add_argument("--team", dest="teams", action="append", type=team_spec, required=True,
                            metavar="SLUG=NAME", help="a competition and the baseline team's name in it (repeatable)")
        parser.add_argument("--user", default=REFERENCE_USER, help="the bot account (default: %(default)s)")

    def handle(self, *args, teams, user, **options):
        bot = bot_user(user)
        for slug, name in teams:
            competition = Competition.objects.filter(slug=slug).first()
            if competition is None:
                raise CommandError(_("The competition '%(slug)s' is not loaded; run `make run` (or `make seed`) "
                                     "first.") % {"slug": slug})
            baseline_team(competition=competition, user=bot, name=name)
        self.stdout.write(api_key_get_or_create(user=bot).key)
