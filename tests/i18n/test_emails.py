"""allauth's e-mails (password reset, address confirmation, unknown address) in the reader's language with the
site's name: the language of the request that sends them, or the recipient account's own choice when it made one.
Podium's copies of allauth's mail templates (platform/templates/account/email/) take their Korean from Podium's
catalogue, in the glossary's words (비밀번호, 회원가입), and keep allauth's English."""

import pytest
from django.core import mail
from django.test import Client

from accounts.services import preference_update

pytestmark = pytest.mark.django_db

HANGUL = range(0xAC00, 0xD7A4)


def _has_hangul(text: str) -> bool:
    return any(ord(ch) in HANGUL for ch in text)


def _reset(user, accept_language: str):
    Client(HTTP_ACCEPT_LANGUAGE=accept_language).post("/accounts/password/reset/", {"email": user.email})
    assert len(mail.outbox) == 1
    return mail.outbox.pop()


def test_a_password_reset_mail_speaks_the_requests_language(user, settings):
    settings.PODIUM_SITE_NAME = "Podium"
    korean = _reset(user, "ko")
    assert korean.subject == "[Podium] 비밀번호 재설정 안내"
    assert korean.body.startswith("안녕하세요, Podium입니다.") and "/accounts/password/reset/key/" in korean.body
    assert "비밀번호를 재설정하려면" in korean.body and "사용자 이름은 participant입니다." in korean.body
    assert "Podium 서비스를 이용해 주셔서 감사합니다." in korean.body
    assert "암호" not in korean.body and "패스워드" not in korean.body  # allauth's own words, not the glossary's

    english = _reset(user, "en")
    assert english.subject == "[Podium] Password Reset Email" and not _has_hangul(english.body)
    assert english.body.startswith("Hello from Podium!") and "your username is participant" in english.body


def test_a_password_reset_mail_speaks_the_accounts_language_whatever_browser_asks(user):
    preference_update(user=user, language="ko")
    message = _reset(user, "en")  # asked for from another browser, in English
    assert _has_hangul(message.subject) and _has_hangul(message.body)
    preference_update(user=user, language="en")
    message = _reset(user, "ko")
    assert not _has_hangul(message.subject) and not _has_hangul(message.body)


def test_the_sign_up_confirmation_mail_speaks_the_sign_up_pages_language():
    response = Client(HTTP_ACCEPT_LANGUAGE="ko").post("/accounts/signup/", {
        "email": "new@example.com", "username": "newbie", "password1": "correct-horse-9",
        "password2": "correct-horse-9"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "[Podium] 이메일 주소를 확인하세요" and "/accounts/confirm-email/" in message.body
    assert "newbie 님이" in message.body and "회원가입하며" in message.body


def test_a_reset_for_an_unknown_address_says_so_in_korean(db):
    Client(HTTP_ACCEPT_LANGUAGE="ko").post("/accounts/password/reset/", {"email": "nobody@example.com"})
    [message] = mail.outbox
    assert message.subject == "[Podium] 등록되지 않은 계정" and "nobody@example.com" in message.body
    assert "/accounts/signup/" in message.body and "회원가입할 수 있습니다" in message.body
