"""kaggle 2.2.5, unmodified: a valid 50 MB submission goes through the CLI's one-PUT upload and is scored."""

import json

import pytest

from accounts.services import api_key_get_or_create
from competitions.models import Submission, UploadSlot
from competitions.services import rules_accept, solution_set

from ..factories import CompetitionFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

QUERIES = 220


@pytest.fixture
def retrieval(transactional_db):
    competition = CompetitionFactory(slug="science-rag", metric_key="map_at_k", metric_params={})
    lines = [json.dumps({"eval_id": i, "relevant": [f"doc-{i}"], "Usage": "Public" if i % 2 else "Private"})
             for i in range(QUERIES)]
    solution_set(competition=competition, content="\n".join(lines).encode(), filename="solution.jsonl")
    return competition


def test_a_50_mb_retrieval_file_is_submitted_and_scored(kaggle, retrieval, tmp_path, settings):
    user = UserFactory(username="rag")
    rules_accept(competition=retrieval, user=user)
    # The bootcamp's file carries each answer and its references' text: about 240 KB a query here, 50 MB in all.
    answer = "광합성은 빛 에너지를 화학 에너지로 바꾸는 과정이다. " * 3200
    lines = [json.dumps({"eval_id": i, "standalone_query": f"질문 {i}", "topk": [f"doc-{i}", "x", "y"],
                         "answer": answer, "references": []}, ensure_ascii=False) for i in range(QUERIES)]
    path = tmp_path / "submission.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 50 * 1000 * 1000

    uploads = settings.PRIVATE_ROOT / "uploads"
    before = set(uploads.rglob("*/*"))  # other tests' leftovers: their rows rolled back, their files stayed

    code, out = kaggle("competitions", "submit", retrieval.slug, "-f", str(path), "-m", "fifty megabytes",
                       username="rag", key=api_key_get_or_create(user=user).key)

    assert code == 0, out[-2000:]
    submission = Submission.objects.get(competition=retrieval)
    assert submission.size == path.stat().st_size
    assert submission.status == Submission.Status.SCORED  # the server scores eagerly in this fixture
    assert not UploadSlot.objects.exists()
    assert set(uploads.rglob("*/*")) == before  # the CLI's blob went with its slot
