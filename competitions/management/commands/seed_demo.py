from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.services import api_key_get_or_create
from competitions.bundles import BundleError, bundle_load
from competitions.models import Competition
from competitions.services.submissions import submission_create
from competitions.services.baselines import baseline_team, bot_user

DEMO_BUNDLES = Path(__file__).resolve().parents[2] / "demo_bundles"
# Demo log-ins for a local instance only; `make run` prints them. Never seed these on a public server.
DEMO_USERS = (
    {"username": "admin", "password": "podium-admin", "is_staff": True, "is_superuser": True},
    {"username": "host", "password": "podium-host", "is_staff": True, "is_superuser": False},
    {"username": "alice", "password": "podium-alice", "is_staff": False, "is_superuser": False},
)
# The bootcamp's three reference competitions, generated (small, seeded) into <PODIUM_VAR_DIR>/demo_bundles/.
REFERENCE_SEED = 0
REFERENCE_SIZE = "small"
BASELINE_USER = "baseline-bot"
BASELINE_TEAMS = {"cv": "Trivial baseline: all zeros", "nlp": "Trivial baseline: first 2 turns",
                  "ir": "Trivial baseline: BM25, no rewriting"}


class Command(BaseCommand):
    help = ("Creates the demo accounts, loads every bundle under competitions/demo_bundles/ and the three reference "
            "competitions (generated into <PODIUM_VAR_DIR>/demo_bundles/ when missing), and submits their trivial "
            "baselines as marked baseline teams (idempotent).")

    def add_arguments(self, parser):
        parser.add_argument("--no-reference", action="store_true",
                            help="skip the three generated reference competitions and their baselines")

    def handle(self, *args, **options):
        for spec in DEMO_USERS:
            self._ensure_user(**spec)
        for bundle in sorted(p for p in DEMO_BUNDLES.iterdir() if (p / "competition.yaml").is_file()):
            self._load(bundle)
        if not options["no_reference"]:
            for kind, bundle in self._reference_bundles().items():
                self._load(bundle)
                self._seed_baseline(kind, bundle)
        self.stdout.write("\nDemo log-ins (local use only):")
        for spec in DEMO_USERS:
            role = "administrator" if spec["is_superuser"] else "competition host" if spec["is_staff"] else "participant"
            self.stdout.write(f"  {spec['username']:<6} / {spec['password']:<13} {role}")

    @transaction.atomic
    def _ensure_user(self, *, username, password, is_staff, is_superuser):
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@podium.local"})
        if created:
            user.set_password(password)
            user.is_staff, user.is_superuser = is_staff, is_superuser
            user.save()
            if is_staff and not is_superuser:
                self._grant_host_permissions(user)
        api_key_get_or_create(user=user)

    def _grant_host_permissions(self, user):
        from django.contrib.auth.models import Permission

        codenames = [f"{action}_{model}" for action in ("view", "change", "add", "delete")
                     for model in ("competition", "datafile", "solution")]
        user.user_permissions.add(*Permission.objects.filter(content_type__app_label="competitions",
                                                             codename__in=codenames))

    def _load(self, bundle: Path):
        import yaml

        slug = yaml.safe_load((bundle / "competition.yaml").read_text(encoding="utf-8"))["slug"]
        if Competition.objects.filter(slug=slug).exists():
            self.stdout.write(f"Competition '{slug}' already loaded.")
            return
        try:
            competition = bundle_load(bundle)
        except BundleError as error:
            raise CommandError(f"Demo bundle {bundle.name} rejected: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Loaded demo competition '{competition.title}'."))

    def _reference_bundles(self) -> dict[str, Path]:
        """The generated bundles, generated now only where the folder is missing."""
        from baselines.demo_data import SLUGS, generate

        out = Path(settings.VAR_DIR) / "demo_bundles"
        bundles = {}
        for kind, slug in SLUGS.items():
            bundles[kind] = out / slug
            if not (bundles[kind] / "competition.yaml").is_file():
                self.stdout.write(f"Generating the demo data of '{slug}' into {bundles[kind]} ...")
                generate(kind, out=out, seed=REFERENCE_SEED, size=REFERENCE_SIZE)
        return bundles

    def _seed_baseline(self, kind: str, bundle: Path):
        """A marked, unranked baseline team submits the trivial baseline once, through the normal upload path."""
        from baselines.trivial import TRIVIAL

        competition = Competition.objects.get(slug=bundle.name)
        bot = self._baseline_user()
        team = baseline_team(competition=competition, user=bot, name=BASELINE_TEAMS[kind])
        if team.submissions.exists():
            self.stdout.write(f"Baseline '{team.name}' already submitted to '{competition.slug}'.")
            return
        filename, build = TRIVIAL[kind]
        submission, _ = submission_create(competition=competition, user=bot, data=build(bundle), filename=filename,
                                          description=f"{BASELINE_TEAMS[kind]} (baselines/trivial.py)",
                                          idempotency_key=f"trivial-{kind}")
        self.stdout.write(self.style.SUCCESS(f"Submitted '{team.name}' to '{competition.slug}' "
                                             f"(submission {submission.pk}, scored by the worker)."))

    def _baseline_user(self):
        return bot_user(BASELINE_USER)

