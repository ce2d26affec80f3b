"""The engine describes each metric's submission format in English (it knows no Django); the portal words it in
the reader's language, like the engine's error messages."""

import pytest
from django.utils import translation

from scoring.metrics import get_metric

METRICS = ["macro_f1", "rouge", "map_at_k"]


@pytest.mark.parametrize("key", METRICS)
def test_every_metrics_submission_format_has_korean_words(key):
    english = get_metric(key).submission_format
    with translation.override("ko"):
        korean = translation.gettext(english)
    assert korean != english and any("가" <= character <= "힣" for character in korean)


def test_the_overview_shows_the_format_in_the_readers_language(client, competition, user):
    client.force_login(user)
    korean = "헤더가 ID,target인 CSV: 테스트 id마다 한 줄, 정수 클래스 레이블"
    overview = client.get(f"/competitions/{competition.slug}/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    english = client.get(f"/competitions/{competition.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert korean in overview and "CSV with header ID,target" not in overview
    assert "CSV with header ID,target: one row per test id" in english
