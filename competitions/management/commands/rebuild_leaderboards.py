from django.core.management.base import BaseCommand

from competitions.models import Competition
from competitions.services.leaderboards import leaderboard_rebuild


class Command(BaseCommand):
    help = "Recomputes every leaderboard from the score rows and reports each row that differed (and was fixed)."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="Competitions to rebuild (default: all).")

    def handle(self, *args, slugs, **options):
        competitions = Competition.objects.filter(slug__in=slugs) if slugs else Competition.objects.all()
        total = 0
        for competition in competitions:
            differences = leaderboard_rebuild(competition=competition)
            total += len(differences)
            for line in differences:
                self.stdout.write(self.style.WARNING(line))
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {competitions.count()} competition(s); "
                                             f"{total} row(s) differed."))
