import shutil
from pathlib import Path

import pytest
from django.utils import timezone, translation
from rest_framework.test import APIClient

from competitions.services import data_file_add, solution_set

from .factories import CompetitionFactory, UserFactory

REPO_ROOT = Path(__file__).resolve().parent.parent
PLAYGROUND_BUNDLE = REPO_ROOT / "competitions" / "demo_bundles" / "playground"

SOLUTION_CSV = b"ID,target,Usage\na,0,Public\nb,1,Private\nc,2,Public\nd,1,Private\n"
SAMPLE_CSV = b"ID,target\na,0\nb,0\nc,0\nd,0\n"


@pytest.fixture(autouse=True)
def _default_language_and_zone_after_each_test():
    """A request through the test client leaves its language and zone active in this thread; the next test must
    start from the defaults, whatever the last one asked for."""
    yield
    translation.deactivate()
    timezone.deactivate()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def user(db):
    return UserFactory(username="participant")


@pytest.fixture
def other_user(db):
    return UserFactory(username="stranger")


@pytest.fixture
def host(db):
    return UserFactory(username="host", is_staff=True)


@pytest.fixture
def competition(db, host):
    competition = CompetitionFactory(slug="tiny", title="Tiny")
    competition.hosts.add(host)
    data_file_add(competition=competition, name="train.csv", content=b"ID,feature,target\nx,1.0,0\n")
    data_file_add(competition=competition, name="sample_submission.csv", content=SAMPLE_CSV,
                  is_sample_submission=True)
    solution_set(competition=competition, content=SOLUTION_CSV)
    return competition


@pytest.fixture
def bundle_dir(tmp_path):
    """A writable copy of the shipped demo bundle, for tests that break it on purpose."""
    target = tmp_path / "bundle"
    shutil.copytree(PLAYGROUND_BUNDLE, target)
    return target
