from django.core.management.base import BaseCommand, CommandError

from competitions.models import Competition
from competitions.services.downloads import data_archive_build, data_archive_request


class Command(BaseCommand):
    help = ("Builds the 'Download all' zip of each competition's current data version where it is missing or out "
            "of date (competitions loaded before zips existed); zips that are up to date are left alone.")

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="only these competitions (default: all)")

    def handle(self, *args, **options):
        competitions = Competition.objects.order_by("slug")
        if options["slugs"]:
            competitions = competitions.filter(slug__in=options["slugs"])
            missing = set(options["slugs"]) - set(competitions.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"No competition with the slug(s): {', '.join(sorted(missing))}.")
        for competition in competitions:
            self._build(competition)

    def _build(self, competition: Competition) -> None:
        archive = data_archive_request(competition=competition, publish=False)
        if archive is None:
            self.stdout.write(f"{competition.slug}: no data files.")
        elif archive.is_ready or data_archive_build(archive_id=archive.pk):
            archive.refresh_from_db()
            self.stdout.write(f"{competition.slug}: {archive.file_count} files, {archive.size} bytes, up to date.")
        else:
            self.stdout.write(f"{competition.slug}: a worker is building it now.")
