"""The random public/private split (a solution without Usage) must not be computable by participants."""

import re

import numpy as np
import pytest
from django.test import Client

from accounts.services import api_key_get_or_create
from competitions.bundles import BundleError, bundle_load
from competitions.models import Submission
from competitions.models.hosting import GUESSABLE_SEED_LIMIT
from competitions.services import rules_accept, solution_set
from competitions.services.hosting import competition_redraw_split
from competitions.services.submissions import submission_create
from competitions.tasks import task_score_submission
from scoring.solution import random_split

from ..conftest import PLAYGROUND_BUNDLE
from ..factories import CompetitionFactory, UserFactory

pytestmark = pytest.mark.django_db

ROWS = 200
SOLUTION_WITHOUT_USAGE = ("ID,target\n" + "".join(f"r{i},{i % 3}\n" for i in range(ROWS))).encode()
BRUTE_FORCE_SEEDS = 20_000  # every small seed, as a participant would try first


@pytest.fixture
def open_competition(db):
    competition = CompetitionFactory(slug="secret-split", metric_params={"labels": [0, 1, 2]})
    solution_set(competition=competition, content=SOLUTION_WITHOUT_USAGE)
    return competition


def _participant_view(competition, user) -> str:
    """Everything a participant can read about the competition: portal pages, REST API, kaggle CLI list."""
    browser, key = Client(), api_key_get_or_create(user=user).key
    browser.force_login(user)
    pages = [f"/competitions/{competition.slug}/{tab}" for tab in ("", "data/", "rules/", "leaderboard/",
                                                                   "submissions/", "team/")]
    pages += ["/competitions/", f"/competitions/{competition.slug}/leaderboard.csv"]
    api = [f"/api/v1/competitions/{competition.slug}/", "/api/v1/competitions/",
           f"/api/v1/competitions/{competition.slug}/leaderboard/", f"/api/v1/competitions/{competition.slug}/data/",
           f"/api/v1/competitions/{competition.slug}/submissions/", "/api/v1/competitions/list"]
    texts = []
    for url in pages:
        response = browser.get(url)
        assert response.status_code == 200, url
        texts.append(response.content.decode())
    for url in api:
        response = Client().get(url, HTTP_AUTHORIZATION=f"Token {key}")
        assert response.status_code == 200, url
        texts.append(response.content.decode())
    return "\n".join(texts)


def test_a_new_competition_draws_a_secret_seed_of_its_own():
    seeds = {CompetitionFactory().split_seed for _ in range(5)}
    assert len(seeds) == 5
    assert all(seed >= GUESSABLE_SEED_LIMIT for seed in seeds)


def test_the_split_cannot_be_reproduced_from_anything_a_participant_reads(open_competition):
    participant = UserFactory()
    rules_accept(competition=open_competition, user=participant)
    submission, _ = submission_create(competition=open_competition, user=participant, filename="s.csv",
                                      data=SOLUTION_WITHOUT_USAGE)
    task_score_submission.apply(args=[submission.pk])
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.SCORED
    actual = random_split(n_rows=ROWS, public_fraction=open_competition.public_fraction,
                          seed=open_competition.split_seed)

    seen = _participant_view(open_competition, participant)
    numbers_seen = {int(number) for number in re.findall(r"\d+", seen)}
    candidates = numbers_seen | set(range(BRUTE_FORCE_SEEDS))

    assert str(open_competition.split_seed) not in seen
    reproduced = [seed for seed in candidates
                  if np.array_equal(random_split(n_rows=ROWS, public_fraction=open_competition.public_fraction,
                                                 seed=seed), actual)]
    assert reproduced == [], f"the split is reproducible from seed(s) {reproduced}"
    assert len(numbers_seen) > 20  # the pages really were read: ids, counts, dates


def test_a_bundle_cannot_set_the_seed(tmp_path):
    import shutil

    bundle = tmp_path / "bundle"
    shutil.copytree(PLAYGROUND_BUNDLE, bundle)
    config = bundle / "competition.yaml"
    config.write_text(config.read_text() + "split_seed: 7\n")

    with pytest.raises(BundleError, match="split_seed is not accepted.*Usage column"):
        bundle_load(bundle)


def test_hosts_of_a_competition_with_a_guessable_seed_are_told(admin_client, open_competition):
    type(open_competition).objects.filter(pk=open_competition.pk).update(split_seed=0)  # the old default

    page = admin_client.get(f"/admin/competitions/competition/{open_competition.pk}/change/").content.decode()

    assert "created before Podium drew secret split seeds" in page


def test_hosts_of_a_competition_with_a_secret_seed_see_no_warning(admin_client, open_competition):
    page = admin_client.get(f"/admin/competitions/competition/{open_competition.pk}/change/").content.decode()

    assert "created before Podium drew secret split seeds" not in page
    assert str(open_competition.split_seed) not in page


def test_redrawing_the_split_makes_it_secret_and_rescores(open_competition, django_capture_on_commit_callbacks):
    type(open_competition).objects.filter(pk=open_competition.pk).update(split_seed=0)
    open_competition.refresh_from_db()
    participant = UserFactory()
    rules_accept(competition=open_competition, user=participant)
    submission, _ = submission_create(competition=open_competition, user=participant, filename="s.csv",
                                      data=SOLUTION_WITHOUT_USAGE)
    task_score_submission.apply(args=[submission.pk])

    with django_capture_on_commit_callbacks(execute=True):
        assert competition_redraw_split(competition=open_competition) == 1

    open_competition.refresh_from_db()
    assert not open_competition.split_is_guessable
    assert submission.scores.filter(is_active=False).count() == 2  # the old scores, kept for audit
    assert submission.scores.filter(is_active=True).count() == 2
