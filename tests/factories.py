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
