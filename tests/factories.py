import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from competitions.models import Competition

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password(PASSWORD)


class CompetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competition

    slug = factory.Sequence(lambda n: f"competition-{n}")
    title = factory.Sequence(lambda n: f"Competition {n}")
    subtitle = "Predict the class of each row."
    overview = "# Overview\nPredict **well**."
    rules = "Be nice. One account per person."
    metric_key = "macro_f1"
    metric_params = factory.LazyFunction(lambda: {"labels": [0, 1, 2]})
    start_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=7))
    end_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))


def end_competition(competition) -> None:
    """Moves the end (and the deadlines after it) into the past, as the calendar would: finalizing needs it."""
    import datetime as dt

    from django.utils import timezone

    ended = timezone.now() - dt.timedelta(seconds=1)
    started = min(competition.start_at, ended - dt.timedelta(days=30))
    type(competition).objects.filter(pk=competition.pk).update(start_at=started, end_at=ended, entry_deadline=None,
                                                               team_merger_deadline=None)
    competition.refresh_from_db()
