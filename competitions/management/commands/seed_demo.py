from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.services import api_key_get_or_create
from competitions.bundles import BundleError, bundle_load
from competitions.models import Competition

DEMO_BUNDLES = Path(__file__).resolve().parents[2] / "demo_bundles"
# Demo log-ins for a local instance only; `make run` prints them. Never seed these on a public server.
DEMO_USERS = (
    {"username": "admin", "password": "podium-admin", "is_staff": True, "is_superuser": True},
    {"username": "host", "password": "podium-host", "is_staff": True, "is_superuser": False},
    {"username": "alice", "password": "podium-alice", "is_staff": False, "is_superuser": False},
)


class Command(BaseCommand):
    help = "Creates the demo accounts and loads every bundle under competitions/demo_bundles/ (idempotent)."

    def handle(self, *args, **options):
        for spec in DEMO_USERS:
            self._ensure_user(**spec)
        for bundle in sorted(p for p in DEMO_BUNDLES.iterdir() if (p / "competition.yaml").is_file()):
            self._load(bundle)
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
            self._grant_host_permissions(user) if is_staff and not is_superuser else None
        api_key_get_or_create(user=user)

    def _grant_host_permissions(self, user):
        from django.contrib.auth.models import Permission

        codenames = [f"{action}_{model}" for action in ("view", "change", "add", "delete")
                     for model in ("competition", "datafile", "solution")]
        user.user_permissions.add(*Permission.objects.filter(content_type__app_label="competitions",
                                                             codename__in=codenames))

    def _load(self, bundle: Path):
        import yaml

        slug = yaml.safe_load((bundle / "competition.yaml").read_text())["slug"]
        if Competition.objects.filter(slug=slug).exists():
            self.stdout.write(f"Competition '{slug}' already loaded.")
            return
        try:
            competition = bundle_load(bundle)
        except BundleError as error:
            raise CommandError(f"Demo bundle {bundle.name} rejected: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Loaded demo competition '{competition.title}'."))
