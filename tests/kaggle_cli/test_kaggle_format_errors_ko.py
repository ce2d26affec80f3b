"""kaggle 2.2.5, unmodified: a malformed file's message in the account's language, naming the same line and
character as the English one (the CLI sends no Accept-Language; the account's setting decides)."""

import pytest
from django.utils import translation

from accounts.services import preference_update
from competitions.format_messages import format_error_text
from competitions.models import Submission
from competitions.services import rules_accept
from scoring.errors import SubmissionFormatError
from scoring.parsers.decompress import read_text

from .test_kaggle2 import SLUG, alice, demo  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# Line 2 holds the byte 0xe9 (Latin-1 "é") as the fourth character of the line
NOT_UTF8 = "ID,target\nimgé.jpg,1\n".encode("latin-1")


def test_submit_prints_the_format_error_in_the_accounts_language(kaggle, demo, alice, tmp_path):  # noqa: F811
    with pytest.raises(SubmissionFormatError) as caught:
        read_text(data=NOT_UTF8)
    with translation.override("ko"):
        korean = format_error_text(caught.value)
    assert caught.value.message.startswith("Line 2: the file is not UTF-8 text (invalid byte 0xe9 at character 4")
    assert korean.startswith("2번째 줄: UTF-8 텍스트가 아닙니다(이 줄 4번째 글자에 잘못된 바이트 0xe9")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(NOT_UTF8)
    rules_accept(competition=demo, user=alice["user"])

    _, english_out = kaggle("competitions", "submit", SLUG, "-f", str(bad), "-m", "bad", username="alice",
                            key=alice["key"])
    preference_update(user=alice["user"], language="ko")
    _, korean_out = kaggle("competitions", "submit", SLUG, "-f", str(bad), "-m", "bad", username="alice",
                           key=alice["key"])

    assert caught.value.message in english_out
    assert korean in korean_out and caught.value.message not in korean_out
    assert Submission.objects.filter(submitted_by=alice["user"]).count() == 0
