from django.core.management.base import BaseCommand, CommandError

from accounts.services import api_key_get_or_create
from baselines.demo_data import SLUGS
from competitions.models import Competition
from competitions.services.baselines import baseline_team, bot_user


REFERENCE_USER = "reference-bot"
# The trained baselines' rows; the trivial ones belong to seed_demo's baseline-bot.
REFERENCE_TEAMS = {"cv": "Reference baseline: EfficientNet-Lite0, K-fold + TTA",
                   "nlp": "Reference baseline: BART from scratch",
                   "ir": "Reference baseline: hybrid BM25 + dense retrieval"}


class Command(BaseCommand):
    help = ("Prepares the account that `make baselines` submits the trained baselines with: a marked baseline team "
            "in each reference competition. Prints the account's API key (and nothing else) for PODIUM_API_KEY.")

    def handle(self, *args, **options):
        bot = bot_user(REFERENCE_USER)
        for kind, slug in SLUGS.items():
            competition = Competition.objects.filter(slug=slug).first()
            if competition is None:
                raise CommandError(f"The reference competition '{slug}' is not loaded; run `make run` (or "
                                   "`manage.py seed_demo`) first.")
            baseline_team(competition=competition, user=bot, name=REFERENCE_TEAMS[kind])
        self.stdout.write(api_key_get_or_create(user=bot).key)
