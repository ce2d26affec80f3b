from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.services import api_key_get_or_create
from competitions.bundles import BundleError, bundle_load
from competitions.demo_archive import archive_seed
from competitions.models import Competition
from competitions.services.shake_up import shake_up_calibration
from competitions.services.downloads import data_archive_request

DEMO_BUNDLES = Path(__file__).resolve().parents[2] / "demo_bundles"
# Demo log-ins for a local instance only; `make run` prints them. Never seed these on a public server.
DEMO_USERS = (
    {"username": "admin", "password": "podium-admin", "is_staff": True, "is_superuser": True},
    {"username": "host", "password": "podium-host", "is_staff": True, "is_superuser": False},
    {"username": "alice", "password": "podium-alice", "is_staff": False, "is_superuser": False},
)


class Command(BaseCommand):
    help = ("Creates the demo accounts and loads every bundle under competitions/demo_bundles/ and under --bundles "
            "(the reference competitions that `python -m baselines.demo_data --out DIR` generates; `make run` does) "
            "(idempotent).")

    def add_arguments(self, parser):
        parser.add_argument("--bundles", type=Path,
                            help="a folder of generated bundles, one sub-folder each (default: "
                                 "<PODIUM_VAR_DIR>/demo_bundles, when it exists)")
        parser.add_argument("--no-reference", action="store_true", help="load only competitions/demo_bundles/")

    def handle(self, *args, **options):
        for spec in DEMO_USERS:
            self._ensure_user(**spec)
        folders = [DEMO_BUNDLES]
        if not options["no_reference"] and (generated := self._reference_folder(options["bundles"])):
            folders.append(generated)
        for folder in folders:
            for bundle in sorted(p for p in folder.iterdir() if (p / "competition.yaml").is_file()):
                self._load(bundle)
        host = get_user_model().objects.get(username="host")
        if finished := archive_seed(playground=DEMO_BUNDLES / "playground", host=host):
            self.stdout.write(self.style.SUCCESS(f"Created the finished demo competition '{finished.title}'."))
            if calibration := shake_up_calibration(competition=finished):
                self.stdout.write(f"  Calibration: {calibration[0]} of {calibration[1]} teams finished inside the "
                                  "90% private-rank range predicted from the public rows alone.")
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
        if existing := Competition.objects.filter(slug=slug).first():
            self.stdout.write(f"Competition '{slug}' already loaded.")
            data_archive_request(competition=existing)  # loaded before "Download all" existed: queue its zip
            return
        try:
            competition = bundle_load(bundle)
        except BundleError as error:
            raise CommandError(f"Demo bundle {bundle.name} rejected: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Loaded demo competition '{competition.title}'."))

    def _reference_folder(self, bundles: Path | None) -> Path | None:
        if bundles is None:
            default = Path(settings.VAR_DIR) / "demo_bundles"
            return default if default.is_dir() else None  # nothing generated: the built-in bundles only
        if not bundles.is_dir():
            raise CommandError(_("No bundle folder at %(path)s: generate one with `python -m baselines.demo_data "
                                 "--out %(path)s --seed 0`.") % {"path": bundles})
        return bundles
