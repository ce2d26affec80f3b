from django.core.management.base import BaseCommand, CommandError

from competitions.bundles import BundleError, bundle_load


class Command(BaseCommand):
    help = "Creates a competition from a bundle (a folder or zip holding competition.yaml)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Bundle folder or .zip archive.")

    def handle(self, *args, path, **options):
        try:
            competition = bundle_load(path)
        except BundleError as error:
            raise CommandError(f"Bundle rejected: {error}") from error
        files = competition.data_files.count()
        self.stdout.write(self.style.SUCCESS(
            f"Loaded '{competition.title}' ({competition.slug}): {files} data file(s), "
            f"{competition.solution.rows} solution rows ({competition.solution.public_rows} public)."
        ))
