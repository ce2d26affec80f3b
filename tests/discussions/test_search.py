"""The same expectations for both backends: the database one, and Elasticsearch (in CI: noida-db)."""

import pytest

from discussions import selectors, services
from tests.factories import CompetitionFactory

from .helpers import code_cell, markdown_cell, notebook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(search_backend, arena, alice, bob):
    with search_backend.indexing():
        boosting = services.topic_create(user=alice, competition=arena, title="Gradient boosting tricks",
                                         body="We tuned LightGBM with dart boosting and early stopping.")
        korean = services.topic_create(user=bob, competition=arena, title="대화 요약 팁",
                                       body="이사를 도와주겠다고 했던 대화에서 요약문을 만드는 방법을 공유합니다.")
        reply = services.post_reply(user=bob, topic=boosting, body="Did you try CatBoost on the categorical columns?")
        notebook = services.code_create(
            user=alice, competition=arena, title="Document classifier baseline", filename="baseline.ipynb",
            content=notebook_bytes([markdown_cell("문서 분류 베이스라인: EfficientNet을 미세조정합니다."),
                                    code_cell("model = timm.create_model('efficientnet_b0')")]))
        site = services.topic_create(user=alice, title="Welcome to Podium", body="Introduce yourself, newcomers!")
    return {"boosting": boosting, "korean": korean, "reply": reply, "notebook": notebook, "site": site}


def _found(results) -> set[tuple[str, int]]:
    return {(hit.doc_type, hit.object_id) for hit in results.hits}


def test_it_finds_english_words_by_their_stem(corpus, alice, search_backend):
    results = selectors.search(user=alice, text="boosted")

    # The reply is titled "Re: Gradient boosting tricks".
    assert _found(results) == {("topic", corpus["boosting"].pk), ("post", corpus["reply"].pk)}
    assert results.backend == search_backend.name


def test_it_requires_every_word(corpus, alice):
    assert _found(selectors.search(user=alice, text="lightgbm stopping")) == {("topic", corpus["boosting"].pk)}
    assert _found(selectors.search(user=alice, text="lightgbm catboost")) == set()


def test_it_finds_replies(corpus, alice):
    results = selectors.search(user=alice, text="categorical CatBoost")

    assert _found(results) == {("post", corpus["reply"].pk)}
    assert results.hits[0].url.endswith(f"#post-{corpus['reply'].pk}")


def test_it_finds_korean_text_by_its_morphemes(corpus, alice):
    # "이사" (moving house) appears only as "이사를", with a particle attached.
    assert _found(selectors.search(user=alice, text="이사")) == {("topic", corpus["korean"].pk)}
    assert _found(selectors.search(user=alice, text="요약하는 방법")) == {("topic", corpus["korean"].pk)}


def test_it_finds_code_through_its_markdown_and_source(corpus, alice):
    notebook = ("code", corpus["notebook"].pk)

    assert _found(selectors.search(user=alice, text="문서 분류")) == {notebook}
    assert _found(selectors.search(user=alice, text="efficientnet")) == {notebook}


def test_it_scopes_a_search_to_one_competition(corpus, arena, alice):
    assert _found(selectors.search(user=alice, text="newcomers")) == {("topic", corpus["site"].pk)}
    assert _found(selectors.search(user=alice, text="newcomers", competition=arena)) == set()


def test_it_forgets_deleted_posts(corpus, alice, search_backend):
    with search_backend.indexing():
        services.post_delete(user=alice, post=corpus["boosting"].posts.get(is_opening=True))

    assert _found(selectors.search(user=alice, text="lightgbm")) == set()
    assert _found(selectors.search(user=alice, text="catboost")) == set()  # its replies went with it


def test_it_follows_edits(corpus, alice, search_backend):
    with search_backend.indexing():
        services.post_edit(user=alice, post=corpus["boosting"].posts.get(is_opening=True), body="XGBoost only now.")

    assert _found(selectors.search(user=alice, text="lightgbm")) == set()
    assert _found(selectors.search(user=alice, text="xgboost")) == {("topic", corpus["boosting"].pk)}


def test_it_hides_documents_of_competitions_the_user_cannot_see(search_backend, alice, bob):
    draft = CompetitionFactory(slug="secret", is_published=False)
    draft.hosts.add(alice)
    with search_backend.indexing():
        topic = services.topic_create(user=alice, competition=draft, title="Secret plans", body="hyperparameters")

    assert _found(selectors.search(user=bob, text="hyperparameters")) == set()
    assert _found(selectors.search(user=alice, text="hyperparameters")) == {("topic", topic.pk)}


def test_it_returns_nothing_for_a_query_without_words(corpus, alice):
    assert selectors.search(user=alice, text="?!  ...").hits == []


def test_it_pages_results(search_backend, arena, alice):
    with search_backend.indexing():
        for index in range(23):
            services.topic_create(user=alice, competition=arena, title=f"Ensemble idea {index}", body="stacking")

    first = selectors.search(user=alice, text="stacking")
    second = selectors.search(user=alice, text="stacking", page=2)

    assert first.total == 23 and len(first.hits) == 20 and len(second.hits) == 3
    assert not _found(first) & _found(second)


def test_it_says_which_server_answered(elasticsearch_server):
    # Reported in the run's output; CI's server is noida-db, which speaks the Elasticsearch 8 API.
    assert elasticsearch_server["version"].startswith("8.")


def test_the_rebuild_command_restores_a_lost_index(corpus, alice, search_backend):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    if search_backend.es is None:
        with pytest.raises(CommandError, match="ELASTICSEARCH_URL is not set"):
            call_command("rebuild_search_index")
        return
    search_backend.es.drop_index()

    call_command("rebuild_search_index")

    assert ("topic", corpus["boosting"].pk) in _found(selectors.search(user=alice, text="boosting"))
